"""Signed one-use answer links of invitations: made for a participant, checked when used.

A link carries the meeting, the participant and a nonce that is rotated on every answer and
re-invitation, so a link works once; nothing is changed by checking one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .models import Participant

ANSWER_SALT = "meetings.answer-link"
ANSWERS = ("accepted", "tentative", "declined")


def answer_token(participant: Participant) -> str:
    return signing.dumps(
        {"m": participant.meeting_id, "p": participant.pk, "n": participant.link_nonce},
        salt=ANSWER_SALT,
        compress=False,
    )


def answer_url(participant: Participant, answer: str = "") -> str:
    path = reverse(
        "meetings:meeting_answer_link", args=[participant.meeting_id, answer_token(participant)]
    )
    return f"{settings.SITE_URL}{path}" + (f"?a={answer}" if answer else "")


def answer_links(participant: Participant) -> dict[str, str]:
    """{answer: absolute URL} for the buttons of a mail."""
    base = answer_url(participant)
    return {a: f"{base}?a={a}" for a in ANSWERS}


def token_nonce(token: str) -> str:
    """The nonce a (checked) token carries."""
    return str(signing.loads(token, salt=ANSWER_SALT)["n"])


@dataclass
class LinkCheck:
    participant: Participant | None
    problem: str = ""  # "", "tampered", "foreign", "used", "cancelled", "past"


def check_answer_token(token: str, *, meeting_id: int, user=None) -> LinkCheck:
    """Who the link is for, or why it cannot be used. Nothing is changed here."""
    try:
        data = signing.loads(token, salt=ANSWER_SALT)
        participant_id, token_meeting, nonce = int(data["p"]), int(data["m"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return LinkCheck(None, "tampered")
    if token_meeting != meeting_id:
        return LinkCheck(None, "foreign")
    participant = (
        Participant.objects.select_related("meeting__body", "user")
        .filter(pk=participant_id, meeting_id=meeting_id)
        .first()
    )
    if participant is None or participant.removed_at is not None:
        return LinkCheck(None, "foreign")
    if getattr(user, "is_authenticated", False) and user.pk != participant.user_id:
        return LinkCheck(participant, "foreign")
    if participant.meeting.is_cancelled:
        return LinkCheck(participant, "cancelled")
    if participant.meeting.ends_at < timezone.now():
        return LinkCheck(participant, "past")
    if not secrets.compare_digest(nonce, participant.link_nonce):
        return LinkCheck(participant, "used")
    return LinkCheck(participant)
