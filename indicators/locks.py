"""Locked years and their exceptions, and the words that tell a user why a value is locked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.utils import formats
from django.utils.translation import gettext as _

from .models import Value, YearLock, YearReopening


@dataclass(frozen=True)
class YearState:
    """A year's lock and its open exceptions, read once (two queries) for a whole page."""

    year: int
    lock: YearLock | None
    reopened: dict[int | None, YearReopening]

    @classmethod
    def load(cls, year: int) -> YearState:
        lock = YearLock.objects.filter(year=year).select_related("locked_by").first()
        reopened = {}
        if lock is not None:
            reopened = {
                r.organisation_id: r
                for r in YearReopening.objects.open().filter(year=year).select_related("opened_by")
            }
        return cls(year=year, lock=lock, reopened=reopened)

    def is_locked(self, organisation_id: int | None) -> bool:
        """Locked for everyone (coordinators too) unless this organisation's year (None: the
        region's and bodies' values) has been reopened as an exception."""
        return self.lock is not None and organisation_id not in self.reopened

    def lock_reason(self, organisation_id: int | None) -> str:
        if not self.is_locked(organisation_id):
            return ""
        return _(
            "The year %(year)s was locked by the coordinator on %(date)s after the yearly "
            "follow-up. Locked values cannot change; ask the coordinator to reopen your "
            "organisation's year if a value must be corrected."
        ) % {
            "year": self.year,
            # is_locked() above: there is a lock.
            "date": formats.date_format(cast(YearLock, self.lock).locked_at, "SHORT_DATE_FORMAT"),
        }

    def reopening(self, organisation_id: int | None) -> YearReopening | None:
        if self.lock is None:
            return None
        return self.reopened.get(organisation_id)


def is_locked(year: int, organisation_id: int | None) -> bool:
    return YearState.load(year).is_locked(organisation_id)


def value_lock_reason(value: Value, state: YearState | None = None) -> str:
    """Why ``value`` cannot be edited now, in words; empty when it can."""
    state = state or YearState.load(value.year)
    if state.is_locked(value.organisation_id):
        return state.lock_reason(value.organisation_id)
    if value.pk and value.status == Value.Status.APPROVED:
        when = (
            formats.date_format(value.approved_at, "SHORT_DATE_FORMAT") if value.approved_at else ""
        )
        return _(
            "Approved by the coordinator %(date)s. An approved value changes only if the "
            "coordinator returns it for revision."
        ) % {"date": when}
    return ""
