"""Answers to invitations and personal deputies: a member's answer (from the page or a
one-use link), the deputy invited when a member declines, and who is coming — in numbers
and per party."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.models import Membership
from organisations.models import Organisation
from portal import audit
from portal.permissions import require

from .invitations import send_meeting_mail
from .models import Meeting, MeetingLocked, Participant


def answer_meeting(
    *, participant: Participant, answer: str, actor=None, link_nonce: str | None = None
) -> Participant:
    """Record an answer. From a link, ``link_nonce`` must still match (a link works once)."""
    if answer not in (
        Participant.Answer.ACCEPTED,
        Participant.Answer.TENTATIVE,
        Participant.Answer.DECLINED,
    ):
        raise ValidationError(_("Choose whether you are coming."))
    if actor is not None:
        require(actor, "meetings.answer_meeting", participant)
    with transaction.atomic():
        locked = (
            Participant.objects.select_for_update()
            .select_related("meeting", "user")
            .get(pk=participant.pk)
        )
        meeting = locked.meeting
        if meeting.is_cancelled or meeting.status == Meeting.Status.DRAFT:
            raise MeetingLocked(_("The meeting has been cancelled."))
        if meeting.ends_at < timezone.now():
            raise MeetingLocked(_("The meeting is over."))
        if link_nonce is not None and not secrets.compare_digest(link_nonce, locked.link_nonce):
            raise MeetingLocked(_("This link has already been used."))
        previous = locked.answer
        locked.answer = answer
        locked.answered_at = timezone.now()
        locked.link_nonce = secrets.token_urlsafe(9)
        locked.save(update_fields=["answer", "answered_at", "link_nonce"])
        audit.record(
            actor=locked.user,
            action="meeting.answered",
            target=meeting,
            changes={"answer": [previous, answer], "participant": [None, locked.user.email]},
        )
        if answer == Participant.Answer.DECLINED and locked.kind == Participant.Kind.MEMBER:
            _call_in_deputy(meeting, locked)
    return locked


def _call_in_deputy(meeting: Meeting, member: Participant) -> Participant | None:
    on = timezone.localtime(meeting.starts_at).date()
    seat = (
        Membership.objects.current(on)
        .filter(body__in=meeting.bodies.all(), person_id=member.user_id, deputy__isnull=False)
        .select_related("deputy")
        .first()
    )
    if seat is None or not seat.deputy.is_active:
        return None
    deputy, created = Participant.objects.get_or_create(
        meeting=meeting,
        user=seat.deputy,
        defaults={"kind": Participant.Kind.DEPUTY, "organisation_id": seat.organisation_id},
    )
    if deputy.stands_in and not created:
        return deputy
    deputy.kind = Participant.Kind.DEPUTY if deputy.kind != Participant.Kind.MEMBER else deputy.kind
    deputy.deputy_for = member
    deputy.stands_in = True
    deputy.removed_at = None
    deputy.save(update_fields=["kind", "deputy_for", "stands_in", "removed_at"])
    deputy.user = seat.deputy
    send_meeting_mail(meeting, [deputy], template="meeting_deputy", kind="meeting_deputy")
    return deputy


# --- who is coming ------------------------------------------------------------------------


@dataclass
class PartyAttendance:
    """Whether one organisation will be represented: "coming" (someone accepted), "maybe",
    "not_coming" (everyone asked declined) or "waiting" (answers still missing)."""

    organisation: Organisation
    people: list[Participant] = field(default_factory=list)

    @property
    def state(self) -> str:
        answers = {p.answer for p in self.people}
        if Participant.Answer.ACCEPTED in answers:
            return "coming"
        if Participant.Answer.TENTATIVE in answers:
            return "maybe"
        if answers == {Participant.Answer.DECLINED}:
            return "not_coming"
        return "waiting"


def attendance(participants: list[Participant]) -> tuple[dict[str, int], list[PartyAttendance]]:
    """Answer counts of those asked to come (personal deputies only when standing in), and
    per organisation whether it will be represented. No queries: the participants come with
    their organisation."""
    asked = [p for p in participants if p.is_asked]
    counts = {a: sum(1 for p in asked if p.answer == a) for a in Participant.Answer.values}
    parties: dict[int, PartyAttendance] = {}
    for p in asked:
        if p.organisation is None:
            continue
        parties.setdefault(p.organisation.pk, PartyAttendance(p.organisation)).people.append(p)
    ordered = sorted(parties.values(), key=lambda row: row.organisation.display_name)
    return counts, ordered
