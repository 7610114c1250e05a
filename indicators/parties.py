"""Whose metrics count in a year: the parties of the metric period, from forums' agreement rows.

The agreement (clause on termination): a party's written notice takes effect 12 months after
it was received, and the party then leaves the bodies *and the metrics*, its history kept.
The bodies read ``forums.AgreementParty.objects.active(on=date)``; the metrics are yearly, so
they need one date per year. **A party counts for year Y when it is still bound on 31 December
of Y** — ``termination_effective_on`` is empty or later than that day:

* a year's values describe the whole year, and only a party bound for the whole of it (to its
  last day) owes them; a party that leaves during Y is not asked for Y or any later year, so
  no region result ever mixes a half year of a leaving party with the others' full years;
* every year before its leaving stays its own: it is still asked for them (also in the
  following spring's follow-up, although it may have left by then, since the duty arose while
  it was bound), they stay visible and count in those years' results;
* the denominators follow: "X/11" becomes "X/N", N being the municipalities bound on
  31 December of that year, and the reason names who left and when.

The period of year Y is the agreement in force on 31 December of Y (as for the metrics
themselves, ``Metric.objects.of_year``); for the baseline years before the first agreement
came into force, the first agreement that came into force after them. Without any agreement
rows (a fresh database), every organisation flagged ``is_party`` counts in every year.

:class:`PartyYears` reads every agreement row once (one query, with the organisations), so a
page asks it about any number of years and organisations without another query.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import formats

from organisations.models import Organisation


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


@dataclass(frozen=True)
class Departure:
    """A party of a year's agreement that had left by the end of that year."""

    organisation: Organisation
    effective_on: datetime.date

    @property
    def name(self) -> str:
        return self.organisation.display_short_name

    @property
    def date_fi(self) -> str:
        return f"{self.effective_on.day}.{self.effective_on.month}.{self.effective_on.year}"

    @property
    def date_en(self) -> str:
        return self.effective_on.isoformat()

    @property
    def date_shown(self) -> str:
        return formats.date_format(self.effective_on, "SHORT_DATE_FORMAT")


class PartyYears:
    """The metric period's parties, year by year (see the module docstring for the rule)."""

    def __init__(self, rows: list, fallback: list[Organisation] | None = None):
        self._rows = rows  # forums.AgreementParty with .period and .organisation
        self._fallback = fallback or []
        periods = {row.period_id: row.period for row in rows}
        self._periods = sorted(
            (p for p in periods.values() if p.in_force_from is not None),
            key=lambda p: (p.in_force_from, p.pk),
        )
        self._cache: dict[int, tuple[list[Organisation], list[Departure]]] = {}
        self._lookups: dict[int, tuple[set[int], dict[int, Departure]]] = {}

    @classmethod
    def load(cls) -> PartyYears:
        """One query (two when no agreement has party rows yet)."""
        from forums.models import AgreementParty

        rows = list(
            AgreementParty.objects.select_related("period", "organisation").order_by(
                "organisation__name", "pk"
            )
        )
        if rows:
            return cls(rows)
        return cls([], fallback=list(Organisation.objects.parties()))

    def _period_id(self, year: int) -> int | None:
        day = year_end(year)
        in_force = [
            p
            for p in self._periods
            if p.in_force_from <= day and (p.ended_on is None or day <= p.ended_on)
        ]
        if in_force:
            return in_force[-1].pk
        later = [p for p in self._periods if p.in_force_from > day]
        if later:
            return later[0].pk
        # No agreement in force yet at all (the parties are still signing): the latest made.
        pending = sorted({r.period_id for r in self._rows})
        return pending[-1] if pending else None

    def _year(self, year: int) -> tuple[list[Organisation], list[Departure]]:
        if year not in self._cache:
            if not self._rows:
                self._cache[year] = (list(self._fallback), [])
            else:
                period_id = self._period_id(year)
                day = year_end(year)
                bound, left = [], []
                for row in self._rows:
                    if row.period_id != period_id:
                        continue
                    effective = row.termination_effective_on
                    if effective is None or effective > day:
                        bound.append(row.organisation)
                    else:
                        left.append(Departure(row.organisation, effective))
                self._cache[year] = (bound, left)
        return self._cache[year]

    def parties(self, year: int) -> list[Organisation]:
        """The organisations whose party metrics count in ``year``."""
        return list(self._year(year)[0])

    def municipalities(self, year: int) -> list[Organisation]:
        """The municipalities among them: the N of "X/N"."""
        return [o for o in self._year(year)[0] if o.is_municipality]

    def departures(self, year: int) -> list[Departure]:
        """The year's agreement's parties that had left by the end of ``year``."""
        return list(self._year(year)[1])

    def _lookup(self, year: int) -> tuple[set[int], dict[int, Departure]]:
        """The year's parties by id, for tables that ask once per cell."""
        if year not in self._lookups:
            bound, left = self._year(year)
            self._lookups[year] = ({o.pk for o in bound}, {d.organisation.pk: d for d in left})
        return self._lookups[year]

    def is_party(self, organisation: Organisation | None, year: int) -> bool:
        return organisation is not None and self.counts(organisation.pk, year)

    def counts(self, organisation_id: int, year: int) -> bool:
        """Whether the organisation with this id is a party whose metrics count in ``year``."""
        return organisation_id in self._lookup(year)[0]

    def departure(self, organisation: Organisation | None, year: int) -> Departure | None:
        """Why ``organisation`` does not count in ``year``, when it has left; else None."""
        if organisation is None:
            return None
        return self.departure_of(organisation.pk, year)

    def departure_of(self, organisation_id: int, year: int) -> Departure | None:
        return self._lookup(year)[1].get(organisation_id)

    def across(self, years: Iterable[int]) -> list[Organisation]:
        """Everyone who was a party in at least one of ``years``, by name: the rows of a
        table over those years (a party that left keeps its row for its earlier years)."""
        seen: dict[int, Organisation] = {}
        for year in years:
            for organisation in self._year(year)[0]:
                seen.setdefault(organisation.pk, organisation)
        return sorted(seen.values(), key=lambda o: o.display_name)
