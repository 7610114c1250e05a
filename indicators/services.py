"""Writes of the indicators app. Views, imports, admin actions and tasks call these.

Each service checks the permission itself (``require``), runs in one transaction, writes the
value's history (:class:`ValueEvent`) and an audit row for every real change, and queues
mail through ``portal.lib.mail`` (sent after the commit).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit
from portal.lib import mail
from portal.permissions import require

from . import evaluation
from .locks import YearState
from .models import VALUE_FIELDS, Metric, Value, ValueEvent, YearLock, YearReopening
from .parties import Departure, PartyYears
from .permissions import approve_value as may_approve
from .subjects import Subject

TWO_PLACES = Decimal("0.01")
MAX_NUMBER = Decimal("9999999999.99")


def departure_reason(departure: Departure, year: int) -> str:
    return _(
        "%(organisation)s left the agreement on %(date)s (its notice took effect), so it has "
        "no metric values to enter for %(year)s or later years. Its earlier values are kept "
        "and count in their own years."
    ) % {
        "organisation": departure.organisation.display_name,
        "date": departure.date_shown,
        "year": departure.effective_on.year,
    }


def check_cell(
    *, metric: Metric, subject: Subject, year: int, parties: PartyYears | None = None
) -> None:
    """Is there a cell for ``metric``, ``subject`` and ``year`` at all? ValidationError if not.
    ``parties`` (read once per page or file) tells whether the organisation was still a
    party at the end of ``year``; without it, one query."""
    if not subject.covers(metric):
        raise ValidationError(
            _("%(subject)s does not enter the metric “%(metric)s”.")
            % {"subject": subject.label, "metric": metric.name},
            code="not_subjects_metric",
        )
    if subject.organisation is not None and metric.is_per_organisation:
        parties = parties or PartyYears.load()
        departure = parties.departure(subject.organisation, year)
        if departure is not None:
            raise ValidationError(departure_reason(departure, year), code="left_agreement")
        if not parties.is_party(subject.organisation, year):
            raise ValidationError(
                _("%(organisation)s is not a party to the agreement in %(year)s.")
                % {"organisation": subject.organisation.display_name, "year": year},
                code="not_party",
            )
    if not metric.in_range(year):
        last = metric.last_year or _("until further notice")
        raise ValidationError(
            _("%(year)s is outside the metric's years (%(first)s–%(last)s).")
            % {"year": year, "first": metric.first_year, "last": last},
            code="year_out_of_range",
        )
    if not metric.is_measured_in(year):
        raise ValidationError(
            _(
                "This metric is measured every two years, in odd years (like the school health "
                "survey); %(year)s is not a measurement year."
            )
            % {"year": year},
            code="not_measurement_year",
        )


def clean_raw(metric: Metric, raw):
    """The value in the metric's own type, or ValidationError with a message for people."""
    if raw is None or raw == "":
        return None
    kind = metric.value_type
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        raise ValidationError(_("Answer yes or no."), code="invalid_bool")
    if kind == "rating":
        try:
            rating = int(raw)
            if isinstance(raw, Decimal | float) and rating != raw:
                raise ValueError
        except (TypeError, ValueError):
            raise ValidationError(
                _("A self-assessment is a whole number from 1 to 5."), code="invalid_rating"
            ) from None
        if not 1 <= rating <= 5:
            raise ValidationError(
                _("A self-assessment is a whole number from 1 to 5."), code="invalid_rating"
            )
        return rating
    try:
        number = Decimal(str(raw)).quantize(TWO_PLACES)
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter a number, e.g. 61,2."), code="invalid_number") from None
    if not number.is_finite() or abs(number) > MAX_NUMBER:
        raise ValidationError(_("Enter a number, e.g. 61,2."), code="invalid_number")
    return number


@dataclass
class SaveOutcome:
    value: Value | None
    changed: bool
    unusual: bool = False


EMPTY = {"number": None, "yes_no": None, "rating": None, "note": "", "source_url": ""}


def _readable(fields: dict) -> dict:
    """Numbers without trailing zeros ("61.2", not "61.20") so the history reads well and the
    same number saved again is no change."""
    out = dict(fields)
    if isinstance(out.get("number"), Decimal):
        text = f"{out['number']:f}"
        out["number"] = text.rstrip("0").rstrip(".") if "." in text else text
    return out


def _fields_for(metric: Metric, raw) -> dict:
    kind = metric.value_type
    return {
        "number": raw if kind == "number" else None,
        "yes_no": raw if kind == "bool" else None,
        "rating": raw if kind == "rating" else None,
    }


def _previous_raw(metric: Metric, subject: Subject, year: int):
    previous = (
        Value.objects.filter(
            metric=metric, year=metric.previous_year(year), **subject.value_lookup()
        )
        .only("number", "yes_no", "rating")
        .first()
    )
    if previous is None:
        return None
    previous.metric = metric
    return previous.raw


def save_value(
    *,
    actor,
    metric: Metric,
    subject: Subject,
    year: int,
    raw,
    note: str = "",
    source_url: str = "",
    action: str = ValueEvent.Action.CHANGED,
    parties: PartyYears | None = None,
) -> SaveOutcome:
    """Enter or correct one value. A new value for a submitted one makes it a draft again (it
    must be sent anew); a returned value stays returned until it is sent again; a note or a
    source link alone does not change the status. Saving the same content changes nothing."""
    check_cell(metric=metric, subject=subject, year=year, parties=parties)
    raw = clean_raw(metric, raw)
    new = {**_fields_for(metric, raw), "note": (note or "").strip(), "source_url": source_url or ""}
    with transaction.atomic():
        value = (
            # of=self, no ordering: PostgreSQL refuses FOR UPDATE across the outer join that
            # the default ordering (by organisation) would add.
            Value.objects.select_for_update(of=("self",))
            .filter(metric=metric, year=year, **subject.value_lookup())
            .order_by("pk")
            .first()
        )
        is_new = value is None
        if value is None:  # is_new, spelled so that mypy narrows the type
            value = Value(
                metric=metric,
                year=year,
                organisation=subject.organisation,
                body=subject.body,
                created_by=actor,
            )
        value.metric = metric
        require(actor, "indicators.change_value", value)
        before = EMPTY if is_new else value.snapshot()
        changes = audit.diff(_readable(before), _readable(new))
        if not changes or (is_new and raw is None and not new["note"] and not new["source_url"]):
            return SaveOutcome(None if is_new else value, changed=False)
        for name, field_value in new.items():
            setattr(value, name, field_value)
        value.updated_by = actor
        value.updated_at = timezone.now()
        value_changed = any(name in changes for name in VALUE_FIELDS)
        if not is_new and value_changed and value.status == Value.Status.SUBMITTED:
            # A new number must be sent again; a note or a link alone is not a value change.
            changes["status"] = [value.status, Value.Status.DRAFT]
            value.status = Value.Status.DRAFT
        try:
            with transaction.atomic():
                value.save()
        except IntegrityError:
            raise ValidationError(
                _("A value for this metric, party and year exists already."), code="duplicate"
            ) from None
        ValueEvent.objects.create(
            value=value,
            actor=actor,
            action=ValueEvent.Action.CREATED if is_new and action == "changed" else action,
            changes=changes,
        )
        audit.record(
            actor=actor,
            action="indicator_value.entered" if is_new else "indicator_value.changed",
            target=value,
            organisation=subject.organisation,
            changes=changes,
        )
    if metric.value_type == "number":
        unusual = evaluation.unusual_change(raw, _previous_raw(metric, subject, year))
    elif metric.value_type == "rating":
        unusual = evaluation.unusual_rating_change(raw, _previous_raw(metric, subject, year))
    else:
        unusual = False
    return SaveOutcome(value, changed=True, unusual=unusual)


def submit_values(*, actor, subject: Subject, year: int) -> int:
    """Send the subject's filled drafts and corrected returns of ``year`` for approval."""
    require(actor, "indicators.enter_values", subject)
    now = timezone.now()
    state = YearState.load(year)
    if state.is_locked(subject.organisation_id):
        raise PermissionDenied("locked")
    if subject.organisation is not None and not PartyYears.load().is_party(
        subject.organisation, year
    ):
        return 0  # it had left the agreement: nothing of that year is its to send
    count = 0
    with transaction.atomic():
        values = (
            Value.objects.select_for_update(of=("self",))
            .filter(year=year, status__in=[Value.Status.DRAFT, Value.Status.RETURNED])
            .filter(**subject.value_lookup())
            .filled()
            .select_related("metric")
        )
        for value in values:
            if not subject.covers(value.metric) or not value.metric.is_due(year):
                continue
            old = value.status
            value.status = Value.Status.SUBMITTED
            value.submitted_at = now
            value.return_comment = ""
            value.save(update_fields=["status", "submitted_at", "return_comment"])
            changes = {"status": [old, Value.Status.SUBMITTED]}
            ValueEvent.objects.create(
                value=value, actor=actor, action=ValueEvent.Action.SUBMITTED, changes=changes
            )
            audit.record(
                actor=actor,
                action="indicator_value.submitted",
                target=value,
                organisation=subject.organisation,
                changes=changes,
            )
            count += 1
    return count


def approve_values(*, actor, values: Iterable[Value]) -> tuple[int, int]:
    """Approve many submitted values at once. Returns (approved, skipped): a value that is no
    longer waiting (approved meanwhile, returned, in a locked year) is skipped, not an error."""
    require(actor, "indicators.review_values")
    ids = [v.pk for v in values]
    now = timezone.now()
    approved = skipped = 0
    states: dict[int, YearState] = {}
    with transaction.atomic():
        for value in (
            Value.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("metric")
            .order_by("pk")
        ):
            state = states.setdefault(value.year, YearState.load(value.year))
            if not may_approve(actor, value, state):
                skipped += 1
                continue
            changes = {"status": [value.status, Value.Status.APPROVED]}
            value.status = Value.Status.APPROVED
            value.approved_at = now
            value.approved_by = actor
            value.save(update_fields=["status", "approved_at", "approved_by"])
            ValueEvent.objects.create(
                value=value, actor=actor, action=ValueEvent.Action.APPROVED, changes=changes
            )
            audit.record(
                actor=actor,
                action="indicator_value.approved",
                target=value,
                organisation=value.organisation,
                changes=changes,
            )
            approved += 1
    skipped += len(set(ids)) - approved - skipped
    return approved, skipped


def return_value(*, actor, value: Value, comment: str) -> Value:
    """Return a value for revision with a comment; the comment stays in the value's history."""
    require(actor, "indicators.review_values")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Write why the value is returned."), code="comment_required")
    with transaction.atomic():
        locked = (
            Value.objects.select_for_update(of=("self",)).select_related("metric").get(pk=value.pk)
        )
        require(actor, "indicators.return_value", locked)
        changes = {"status": [locked.status, Value.Status.RETURNED]}
        locked.status = Value.Status.RETURNED
        locked.return_comment = comment
        locked.approved_at = None
        locked.approved_by = None
        locked.save(update_fields=["status", "return_comment", "approved_at", "approved_by"])
        ValueEvent.objects.create(
            value=locked,
            actor=actor,
            action=ValueEvent.Action.RETURNED,
            changes=changes,
            comment=comment,
        )
        audit.record(
            actor=actor,
            action="indicator_value.returned",
            target=locked,
            organisation=locked.organisation,
            changes=changes,
        )
        recipient = locked.updated_by
        if recipient is not None and recipient.is_active and recipient.pk != actor.pk:
            mail.queue_one(
                mail.Mail(
                    template="indicator_value_returned",
                    to_email=recipient.email,
                    to_user=recipient,
                    context={
                        "value": locked,
                        "metric": locked.metric,
                        "comment": comment,
                        "returned_by": actor,
                        "path": reverse("indicators:value_detail", args=[locked.pk]),
                    },
                    reply_to=actor.email,  # a question about the comment goes to its writer
                ),
                kind="indicator_value_returned",
                related=locked,
            )
    return locked


def lock_year(*, actor, year: int) -> YearLock:
    require(actor, "indicators.lock_year")
    with transaction.atomic():
        lock, created = YearLock.objects.get_or_create(year=year, defaults={"locked_by": actor})
        if created:
            audit.record(
                actor=actor,
                action="indicator_year.locked",
                target=lock,
                changes={"locked": [False, True]},
            )
            # The year's values are final now: queue the final follow-up report (after commit).
            from reports.services import queue_final_after_lock

            queue_final_after_lock(actor=actor, year=year)
    return lock


def unlock_year(*, actor, year: int) -> None:
    require(actor, "indicators.lock_year")
    with transaction.atomic():
        lock = YearLock.objects.filter(year=year).first()
        if lock is None:
            return
        audit.record(
            actor=actor,
            action="indicator_year.unlocked",
            target=lock,
            changes={"locked": [True, False]},
        )
        YearReopening.objects.open().filter(year=year).update(
            closed_at=timezone.now(), closed_by=actor
        )
        lock.delete()


def reopen_year(*, actor, year: int, organisation, reason: str) -> YearReopening:
    """An exception: one organisation's locked year (None: the region's and bodies' values)
    opens again for corrections, with the reason recorded."""
    require(actor, "indicators.reopen_year")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Write the reason for the exception."), code="reason_required")
    with transaction.atomic():
        if not YearLock.objects.filter(year=year).exists():
            raise ValidationError(
                _("The year %(year)s is not locked.") % {"year": year}, code="not_locked"
            )
        if YearReopening.objects.open().filter(year=year, organisation=organisation).exists():
            raise ValidationError(
                _("This year is already reopened for %(who)s.")
                % {"who": organisation or _("the region")},
                code="already_open",
            )
        reopening = YearReopening.objects.create(
            year=year, organisation=organisation, reason=reason, opened_by=actor
        )
        audit.record(
            actor=actor,
            action="indicator_year.reopened",
            target=reopening,
            organisation=organisation,
            changes={"reopened": [False, True], "reason": [None, reason]},
        )
    return reopening


def close_reopening(*, actor, reopening: YearReopening) -> YearReopening:
    require(actor, "indicators.reopen_year")
    if reopening.closed_at is not None:
        return reopening
    with transaction.atomic():
        reopening.closed_at = timezone.now()
        reopening.closed_by = actor
        reopening.save(update_fields=["closed_at", "closed_by"])
        audit.record(
            actor=actor,
            action="indicator_year.reopening_closed",
            target=reopening,
            organisation=reopening.organisation,
            changes={"reopened": [True, False]},
        )
    return reopening


def import_values(*, actor, rows) -> int:
    """Save every validated import row, or none: one transaction for the whole file.

    ``rows`` are :class:`indicators.importers.Row` objects already checked by
    :func:`indicators.importers.validate`; any error now (a race) rolls back the lot.
    """
    require(actor, "indicators.import_values")
    saved = 0
    parties = PartyYears.load()
    with transaction.atomic():
        for row in rows:
            outcome = save_value(
                actor=actor,
                metric=row.metric,
                subject=row.subject,
                year=row.year,
                raw=row.value,
                note=row.note,
                source_url=row.source_url,
                action=ValueEvent.Action.IMPORTED,
                parties=parties,
            )
            saved += int(outcome.changed)
    return saved
