"""What needs attention, section by section, each item linking to where it is fixed.

A coordinator sees the whole region; an organisation admin the sections about their own
organisation. Every section runs a constant number of queries, whatever the amount of data,
and lists at most ``LIMIT`` items with the total beside them.

The follow-up report's state comes from the ``reports`` app, which may not be installed:
:func:`followup_report_item` is the one place that asks for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from organisations.models import Invitation, User
from reports.attention import followup_item

from .models import MailLogEntry

LIMIT = 10


@dataclass
class Item:
    text: str
    url: str
    detail: str = ""
    urgent: bool = False


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    empty: str = ""
    total: int | None = None
    more_url: str = ""

    @property
    def count(self) -> int:
        return self.total if self.total is not None else len(self.items)

    @property
    def hidden(self) -> int:
        return max(self.count - len(self.items), 0)


def _date(value) -> str:
    local = timezone.localtime(value) if hasattr(value, "tzinfo") else value
    return formats.date_format(local, "SHORT_DATE_FORMAT")


def failed_mails(user, organisation) -> Section:
    rows = MailLogEntry.objects.visible_to(user).failed_not_resent().order_by("-created_at")
    section = Section(
        "mail",
        _("Mails that failed"),
        empty=_("No failed mails."),
        total=rows.count(),
        more_url=reverse("console:mail_log") + "?status=failed",
    )
    for mail in rows[:LIMIT]:
        section.items.append(
            Item(
                _("%(address)s: %(subject)s") % {"address": mail.to_email, "subject": mail.subject},
                reverse("console:mail_detail", args=[mail.pk]),
                mail.last_error,
                urgent=True,
            )
        )
    return section


def expired_invitations(user, organisation) -> Section:
    rows = (
        Invitation.objects.visible_to(user)
        .pending()
        .filter(expires_at__lte=timezone.now(), user__is_active=True)
        .select_related("user", "organisation")
        .order_by("expires_at")
    )
    section = Section(
        "invitations",
        _("Invitations that expired unused"),
        empty=_("No expired invitations."),
        total=rows.count(),
        more_url=reverse("console:people") + "?status=expired",
    )
    for invitation in rows[:LIMIT]:
        section.items.append(
            Item(
                _("%(person)s (%(organisation)s), expired %(date)s")
                % {
                    "person": invitation.user.email,
                    "organisation": invitation.organisation.display_short_name,
                    "date": _date(invitation.expires_at),
                },
                reverse("console:person_detail", args=[invitation.user_id]),
            )
        )
    return section


def never_logged_in(user, organisation) -> Section:
    """Accounts in use that have never been used, not counting people whose invitation is
    still waiting (they appear above when it expires)."""
    rows = (
        User.objects.visible_to(user)
        .filter(is_active=True, last_login__isnull=True)
        .exclude(pk__in=Invitation.objects.pending().values("user_id"))
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "email")
    )
    section = Section(
        "never",
        _("People who have never logged in"),
        empty=_("Everyone has logged in at least once."),
        total=rows.count(),
        more_url=reverse("console:people") + "?status=never",
    )
    for person in rows[:LIMIT]:
        org = person.organisation.display_short_name if person.organisation_id else "–"
        section.items.append(
            Item(
                f"{person.display_name} ({org})",
                reverse("console:person_detail", args=[person.pk]),
            )
        )
    return section


def empty_seats(user, organisation) -> Section:
    from forums import seats
    from forums.models import AgreementPeriod, Body

    section = Section("seats", _("Empty seats"), empty=_("Every seat is filled."))
    period = AgreementPeriod.objects.in_force()
    if period is None:
        return section
    bodies = list(Body.objects.in_period(period).active().order_by("tier", "order", "name_fi"))
    found: list = []
    for body_seats in seats.seats_for(bodies, organisation=organisation).values():
        found.extend(seat for seat in body_seats if seat.empty)
    section.total = len(found)
    for seat in found[:LIMIT]:
        section.items.append(
            Item(
                _("%(body)s: %(organisation)s, %(count)s empty")
                % {
                    "body": seat.body.name,
                    "organisation": seat.organisation.display_short_name,
                    "count": seat.empty,
                },
                reverse("forums:party_seats", args=[seat.organisation.slug]),
            )
        )
    section.more_url = (
        reverse("forums:gaps")
        if organisation is None
        else reverse("forums:party_seats", args=[organisation.slug])
    )
    return section


def behind_rhythm(user, organisation) -> Section:
    from forums.models import Body

    from .meetings_data import behind_rhythm as rows_behind

    section = Section("rhythm", _("Bodies behind their rhythm"), empty=_("Every body is on time."))
    cadence = (
        Q(meetings_per_year_min__isnull=False)
        | Q(meetings_per_term_min__isnull=False)
        | Q(follow_up_month_from__isnull=False)
        | Q(joint_meetings_per_year_min__isnull=False)
    )
    bodies = list(Body.objects.active().filter(cadence).order_by("tier", "order", "name_fi"))
    for rhythm in rows_behind(bodies):
        failing = [c.label for c in rhythm.checks if c.state in ("missed", "at_risk")]
        section.items.append(
            Item(
                rhythm.body.name,
                rhythm.body.get_absolute_url(),
                "; ".join(failing),
                urgent=rhythm.state == "missed",
            )
        )
    return section


def _missing_items(year: int, organisation) -> list[Item]:
    from indicators.tasks import missing_by_organisation

    return [
        Item(
            _("%(organisation)s: %(count)s values missing for %(year)s")
            % {"organisation": org.display_short_name, "count": len(metrics), "year": year},
            reverse("indicators:entry", args=[year, org.slug]),
        )
        for org, metrics in sorted(missing_by_organisation(year).items(), key=lambda i: i[0].name)
        if organisation is None or org.pk == organisation.pk
    ]


def _returned_items(year: int, organisation) -> list[Item]:
    """Returned values per whose they are (a party, a body or the region), each linking to
    the page where they are entered again."""
    from indicators.models import Value
    from indicators.subjects import BODY_PREFIX, REGION_KEY

    returned = Value.objects.filter(year=year, status=Value.Status.RETURNED)
    if organisation is not None:
        returned = returned.filter(organisation=organisation)
    counts = Counter(
        returned.values_list(
            "organisation__slug", "organisation__short_name", "body__slug", "body__name_fi"
        )
    )
    items = []
    for (org_slug, org_name, body_slug, body_name), count in sorted(
        counts.items(), key=lambda kv: kv[0][1] or kv[0][3] or ""
    ):
        key = org_slug or (BODY_PREFIX + body_slug if body_slug else REGION_KEY)
        items.append(
            Item(
                _("%(who)s: %(count)s values returned for revision")
                % {"who": org_name or body_name or _("Region"), "count": count},
                reverse("indicators:entry", args=[year, key]),
                urgent=True,
            )
        )
    return items


def _waiting_item(year: int, organisation) -> Item | None:
    from indicators.models import Value

    waiting = Value.objects.filter(year=year, status=Value.Status.SUBMITTED)
    if organisation is not None:
        waiting = waiting.filter(organisation=organisation)
    count = waiting.count()
    if not count:
        return None
    url = (
        reverse("indicators:review")
        if organisation is None
        else reverse("indicators:entry", args=[year, organisation.slug])
    )
    return Item(
        _("%(count)s values for %(year)s wait for approval") % {"count": count, "year": year},
        url,
    )


def metric_values(user, organisation) -> Section:
    """The year being entered, unless it is locked: missing, returned and waiting values."""
    from indicators.models import YearLock, entry_year

    year = entry_year()
    section = Section(
        "values",
        _("Metric values of %(year)s") % {"year": year},
        empty=_("Nothing missing, returned or waiting for %(year)s.") % {"year": year},
    )
    if YearLock.objects.filter(year=year).exists():
        return section
    waiting = _waiting_item(year, organisation)
    section.items = [
        *_missing_items(year, organisation),
        *_returned_items(year, organisation),
        *([waiting] if waiting else []),
    ]
    return section


def waiting_proposals(user, organisation) -> Section:
    from workgroups.models import WorkgroupProposal

    rows = WorkgroupProposal.objects.pending().select_related("organisation")
    section = Section(
        "proposals",
        _("Workgroup proposals waiting for a decision"),
        empty=_("No proposals waiting."),
        total=rows.count(),
        more_url=reverse("workgroups:proposal_list"),
    )
    for proposal in rows.order_by("created_at")[:LIMIT]:
        section.items.append(
            Item(
                _("%(name)s, proposed by %(organisation)s on %(date)s")
                % {
                    "name": proposal.name_fi,
                    "organisation": proposal.organisation.display_short_name,
                    "date": _date(proposal.created_at),
                },
                reverse("workgroups:proposal_decide", args=[proposal.pk]),
            )
        )
    return section


def terminations(user, organisation) -> Section:
    from forums.models import AgreementParty

    today = timezone.localdate()
    rows = (
        AgreementParty.objects.filter(
            termination_received_on__isnull=False, termination_effective_on__gte=today
        )
        .select_related("organisation", "period")
        .order_by("termination_effective_on")
    )
    section = Section(
        "terminations",
        _("Termination notices"),
        empty=_("No party has given notice."),
    )
    for party in rows:
        section.items.append(
            Item(
                _("%(organisation)s gave notice on %(received)s; it takes effect on %(effective)s")
                % {
                    "organisation": party.organisation.display_name,
                    "received": _date(party.termination_received_on),
                    "effective": _date(party.termination_effective_on),
                },
                reverse("forums:agreement"),
            )
        )
    return section


def followup_report_item(user) -> Item | None:
    """The next follow-up report's state, as the reports app tells it."""
    state = followup_item(user)
    if not state:
        return None
    return Item(
        state["text"], state["url"], state.get("detail", ""), bool(state.get("urgent", False))
    )


def followup_report(user, organisation) -> Section | None:
    item = followup_report_item(user)
    if item is None:
        return None
    return Section("report", _("The next follow-up report"), items=[item])


Builder = Callable[[Any, Any], "Section | None"]
COORDINATOR_SECTIONS: list[Builder] = [
    failed_mails,
    expired_invitations,
    never_logged_in,
    empty_seats,
    behind_rhythm,
    metric_values,
    waiting_proposals,
    terminations,
    followup_report,
]
ORG_ADMIN_SECTIONS: list[Builder] = [
    failed_mails,
    expired_invitations,
    never_logged_in,
    empty_seats,
    metric_values,
]


def sections_for(user) -> list[Section]:
    """The sections ``user`` sees: all for coordinators, their organisation's for an admin."""
    from portal.permissions import is_coordinator

    if is_coordinator(user):
        builders, organisation = COORDINATOR_SECTIONS, None
    else:
        builders, organisation = ORG_ADMIN_SECTIONS, user.organisation
    found = (build(user, organisation) for build in builders)
    return [section for section in found if section is not None]
