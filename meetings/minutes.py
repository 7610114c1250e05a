"""Minutes and the register: minutes go draft → checked → approved (then locked, every step
versioned); approval fills the decision register and records elections; action items.
Verbs with keyword arguments and the acting user; atomic; audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import services as structure
from forums.models import Membership
from organisations.models import User
from portal import audit
from portal.permissions import require

from .models import (
    ActionItem,
    Decision,
    Meeting,
    MeetingLocked,
    Minutes,
    MinutesItem,
    MinutesVersion,
)

# --- minutes ------------------------------------------------------------------------------


def start_minutes(*, actor, meeting: Meeting) -> Minutes:
    """Draft minutes from the agenda: one item per §, the proposed decision pre-filled."""
    require(actor, "meetings.write_minutes", meeting)
    if meeting.is_cancelled or meeting.is_draft:
        raise MeetingLocked(_("Minutes are written for meetings that were held."))
    with transaction.atomic():
        minutes, created = Minutes.objects.get_or_create(meeting=meeting)
        if created:
            MinutesItem.objects.bulk_create(
                [
                    MinutesItem(
                        minutes=minutes,
                        agenda_item=item,
                        number=item.number,
                        title=item.title,
                        decision=item.proposed_decision,
                        confidential=item.confidential,
                    )
                    for item in meeting.agenda_items.order_by("number")
                ]
            )
            audit.record(actor=actor, action="minutes.started", target=meeting)
    return minutes


def _ensure_editable(minutes: Minutes) -> None:
    if minutes.is_locked:
        raise MeetingLocked(_("Approved minutes are locked and cannot be changed."))


def _election_errors(minutes: Minutes, by_pk: dict, items: list[dict[str, Any]]) -> list[str]:
    """Every election names its person, who must be a member of the body."""
    members = set(
        Membership.objects.current()
        .filter(body=minutes.meeting.body)
        .values_list("person_id", flat=True)
    )
    errors = []
    for row in items:
        person, number = row.get("elected"), by_pk[row["pk"]].number
        if not row.get("election_role"):
            continue
        if person is None:
            errors.append(_("§ %(n)s: name the person elected.") % {"n": number})
        elif person.pk not in members:
            errors.append(
                _(
                    "§ %(n)s: %(name)s is not a member of the body: roles are elected from among "
                    "the members."
                )
                % {"n": number, "name": person.display_name}
            )
    return errors


def _save_items(by_pk: dict, items: list[dict[str, Any]]) -> list[int]:
    """Save the items whose text or election really changed; return their numbers."""
    changed = []
    for row in items:
        item = by_pk.get(row["pk"])
        if item is None:
            continue
        fields = [
            k
            for k in ("discussion", "decision", "confidential", "election_role")
            if getattr(item, k) != row.get(k, getattr(item, k))
        ]
        elected = row.get("elected")
        if (elected.pk if elected else None) != item.elected_id:
            fields.append("elected")
        for k in fields:
            setattr(item, k, row.get(k))
        if fields:
            item.save(update_fields=fields)
            changed.append(item.number)
    return changed


def update_minutes(
    *, actor, minutes: Minutes, data: dict[str, Any], items: list[dict[str, Any]]
) -> Minutes:
    """Save the text of the minutes; only drafts (checked minutes go back to draft first)."""
    require(actor, "meetings.write_minutes", minutes.meeting)
    _ensure_editable(minutes)
    if minutes.status != Minutes.Status.DRAFT:
        raise MeetingLocked(_("Checked minutes are returned to draft before they are edited."))
    by_pk = {i.pk: i for i in minutes.items.all()}
    errors = _election_errors(minutes, by_pk, items)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        changes = audit.diff({name: getattr(minutes, name) for name in data}, data)
        for name in changes:
            setattr(minutes, name, data[name])
        if changes:
            minutes.save(update_fields=[*changes, "updated_at"])
        changed_items = _save_items(by_pk, items)
        if changes or changed_items:
            audit.record(
                actor=actor,
                action="minutes.updated",
                target=minutes.meeting,
                changes={**changes, "items": [None, changed_items]},
            )
    return minutes


def _snapshot(minutes: Minutes, actor) -> None:
    items = list(minutes.items.select_related("elected").order_by("number"))
    MinutesVersion.objects.create(
        minutes=minutes,
        version=minutes.version,
        status=minutes.status,
        created_by=actor,
        content={
            "attendance": minutes.attendance,
            "notes": minutes.notes,
            "items": [
                {
                    "number": i.number,
                    "title": i.title,
                    "discussion": i.discussion,
                    "decision": i.decision,
                    "confidential": i.confidential,
                    "election_role": i.election_role,
                    "elected": i.elected.display_name if i.elected else "",
                }
                for i in items
            ],
        },
    )


def mark_minutes_checked(*, actor, minutes: Minutes) -> Minutes:
    require(actor, "meetings.check_minutes", minutes.meeting)
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if locked.status != Minutes.Status.DRAFT:
            raise MeetingLocked(_("Only draft minutes can be marked checked."))
        minutes.status = Minutes.Status.CHECKED
        minutes.checked_by, minutes.checked_at = actor, timezone.now()
        minutes.save(update_fields=["status", "checked_by", "checked_at", "updated_at"])
        _snapshot(minutes, actor)
        audit.record(
            actor=actor,
            action="minutes.checked",
            target=minutes.meeting,
            changes={"status": ["draft", "checked"]},
        )
    return minutes


def return_minutes_to_draft(*, actor, minutes: Minutes) -> Minutes:
    require(actor, "meetings.write_minutes", minutes.meeting)
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if locked.status != Minutes.Status.CHECKED:
            raise MeetingLocked(_("Only checked minutes can be returned to draft."))
        minutes.status = Minutes.Status.DRAFT
        minutes.version += 1
        minutes.save(update_fields=["status", "version", "updated_at"])
        audit.record(
            actor=actor,
            action="minutes.returned",
            target=minutes.meeting,
            changes={"status": ["checked", "draft"]},
        )
    return minutes


def approve_minutes(*, actor, minutes: Minutes) -> Minutes:
    """Approve and lock; the decisions enter the register; elections set the body's roles;
    the meeting is marked held."""
    meeting = minutes.meeting
    require(actor, "meetings.approve_minutes", meeting)
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if locked.status != Minutes.Status.CHECKED:
            raise MeetingLocked(_("Minutes are checked before they are approved."))
        minutes.status = Minutes.Status.APPROVED
        minutes.approved_by, minutes.approved_at = actor, timezone.now()
        minutes.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        _snapshot(minutes, actor)
        day = timezone.localtime(meeting.starts_at).date()
        items = list(minutes.items.select_related("elected").order_by("number"))
        Decision.objects.bulk_create(
            [
                Decision(
                    body=meeting.body,
                    meeting=meeting,
                    minutes_item=i,
                    number=i.number,
                    title=i.title,
                    text=i.decision,
                    confidential=i.confidential,
                    decided_on=day,
                )
                for i in items
                if i.decision.strip()
            ]
        )
        for item in items:
            if item.election_role and item.elected is not None:
                _record_election(actor, meeting, item, item.elected, day)
        if meeting.status == Meeting.Status.SCHEDULED:
            meeting.status = Meeting.Status.HELD
            meeting.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action="minutes.approved",
            target=meeting,
            changes={"status": ["checked", "approved"]},
        )
    return minutes


def _record_election(
    actor, meeting: Meeting, item: MinutesItem, person: User, day: datetime.date
) -> None:
    """Set the body's role as the minutes record it, and remember which item elected it."""
    current = meeting.body.current_roles(day).get(item.election_role)
    if current is None or current.person_id != person.pk:
        current = structure.elect_role(
            actor=actor,
            body=meeting.body,
            role=item.election_role,
            person=person,
            elected_on=day,
            replace_current=True,
        )
    item.role_assignment = current
    item.save(update_fields=["role_assignment"])


# --- action items -------------------------------------------------------------------------


def add_action_item(
    *,
    actor,
    meeting: Meeting,
    title: str,
    owner_organisation,
    due_date: datetime.date,
    minutes_item: MinutesItem | None = None,
) -> ActionItem:
    require(actor, "meetings.write_minutes", meeting)
    minutes = getattr(meeting, "minutes", None)
    if minutes is not None and minutes.is_locked:
        raise MeetingLocked(_("Approved minutes are locked and cannot be changed."))
    with transaction.atomic():
        item = ActionItem.objects.create(
            body=meeting.body,
            meeting=meeting,
            minutes_item=minutes_item,
            title=title,
            owner_organisation=owner_organisation,
            due_date=due_date,
        )
        audit.record(
            actor=actor,
            action="action_item.created",
            target=item,
            organisation=owner_organisation,
            changes={"due_date": [None, str(due_date)]},
        )
    return item


def set_action_status(*, actor, item: ActionItem, status: str) -> ActionItem:
    require(actor, "meetings.set_action_status", item)
    if status not in ActionItem.Status.values:
        raise ValidationError(_("Unknown status."))
    if status == item.status:
        return item
    with transaction.atomic():
        previous = item.status
        item.status = status
        item.done_at = timezone.now() if status == ActionItem.Status.DONE else None
        item.save(update_fields=["status", "done_at"])
        audit.record(
            actor=actor,
            action="action_item.status",
            target=item,
            organisation=item.owner_organisation,
            changes={"status": [previous, status]},
        )
    return item
