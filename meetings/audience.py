"""What a reader may see of a meeting — the one rule behind every output of it: the meeting
page, its .ics, the private and public calendar feeds, the decision register and the action
items carried to the next agenda. (Mails go to participants only, who see everything.)

* Anyone who sees the meeting (``Meeting.objects.visible_to``) sees its title, time, place,
  description, status and the agenda's titles.
* The remote link: logged-in readers, and everyone when the meeting says its link is public.
* A person's e-mail address (the convener as the calendar's ORGANIZER): the meeting's
  members, who have it in their invitation anyway; never anonymous readers.
* A confidential agenda item's presentation, proposed decision and attachment, and the
  decisions of confidential minutes items: the meeting's members only.

The meeting's members are its invited participants, whoever may change it (conveners,
named preparers, its own convener) and coordinators (``Meeting.objects.attended_by``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from portal.permissions import is_active_user

from .models import AgendaItem, Meeting

# Narrow to wide: a meeting's audience is no wider than this order says.
VISIBILITY_ORDER: list[str] = [
    Meeting.Visibility.MEMBERS,
    Meeting.Visibility.PARTIES,
    Meeting.Visibility.PUBLIC,
]


@dataclass
class MeetingAudience:
    """One reader's view of one meeting."""

    meeting: Meeting
    reader: object

    @property
    def logged_in(self) -> bool:
        return is_active_user(self.reader)

    @cached_property
    def is_member(self) -> bool:
        return Meeting.objects.attended_by(self.reader).filter(pk=self.meeting.pk).exists()

    @property
    def sees_remote_link(self) -> bool:
        return bool(self.meeting.remote_url) and (self.logged_in or self.meeting.remote_url_public)

    @property
    def sees_organizer_email(self) -> bool:
        return self.logged_in and self.is_member

    def sees_item_in_full(self, item: AgendaItem) -> bool:
        return not item.confidential or self.is_member

    def agenda(self, items) -> list[AgendaItem]:
        """The agenda as this reader may read it: a confidential item keeps its number and
        title, and loses its presentation, proposed decision and attachment."""
        shown = []
        for item in items:
            item.withheld = not self.sees_item_in_full(item)
            shown.append(item)
        return shown


def wider_or_same(source: str, target: str) -> bool:
    """Whether material of a meeting with visibility ``source`` may be shown where
    ``target``'s audience reads it (a members-only meeting's action item is not carried to
    a party-wide agenda)."""
    return VISIBILITY_ORDER.index(source) >= VISIBILITY_ORDER.index(target)


def visibilities_at_least(target: str) -> list[str]:
    return VISIBILITY_ORDER[VISIBILITY_ORDER.index(target) :]
