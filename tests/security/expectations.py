"""What each URL pattern answers each persona, keyed by the route as the URLconf writes it.

Every pattern needs an entry (test_every_pattern_has_an_entry), so a new view is refused
until somebody says who may reach it. Outcomes:

- REFUSED: anonymous is sent to the login page (or gets 403/404/405); every logged-in
  persona gets 400, 403, 404 or 405. For a POST the database is unchanged and no mail is sent.
- OPEN: every persona gets 200.
- LOGIN: anonymous is sent to the login page; every logged-in persona gets 200 (their own
  page, or a list filtered to what they may see).
- MOVED: a redirect that is not to the login page (e.g. on to the persona's own page).
- SAFE: third-party self-service pages (allauth) and capability links with a wrong token:
  no error, nothing changed, no marker shown.

A dict maps personas to outcomes where they differ. Every answer, whatever the outcome, is
searched for the markers the persona may not see (tests/security/world.py).

The POST outcome is the GET's unless given: a read-only view answers a POST as a GET, and the
database must stay unchanged all the same. ``writes`` names the tables a persona's request
may change in its own account (allauth records the own address, a logout and a download of
the own data are audited)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .world import World

REFUSED = "refused"
MOVED = "moved"
OPEN = "open"
LOGIN = "login"
SAFE = "safe"
Outcome = str | dict[str, str]
NO_SUCH_TOKEN = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"


@dataclass(frozen=True)
class Case:
    get: Outcome
    post: Outcome
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    query: str = ""
    writes: frozenset[str] = frozenset()  # tables a persona's own request may change


def case(
    get: Outcome,
    post: Outcome | None = None,
    query: str = "",
    writes: frozenset[str] = frozenset(),
    **kwargs: Any,
) -> Case:
    """``kwargs`` values are world object names (resolved to their pk), literal values
    wrapped in a one-element tuple, or functions of the world."""

    def value(w: World, v: Any) -> Any:
        if isinstance(v, tuple):
            return v[0]
        return v(w) if callable(v) else w.pk(v)

    def resolve(w: World) -> dict[str, Any]:
        return {k: value(w, v) for k, v in kwargs.items()}

    return Case(get, get if post is None else post, resolve, query, writes)


def only(persona_outcomes: dict[str, str], default: str) -> dict[str, str]:
    from .world import PERSONAS

    return {p: persona_outcomes.get(p, default) for p in PERSONAS}


ANON_REFUSED = only({"anonymous": REFUSED}, LOGIN)
OWN_ADDRESS = frozenset({"account.EmailAddress"})
AUDITED = frozenset({"portal.AuditEvent", "console.AuditEntry"})
OWN_FEED = frozenset({"meetings.CalendarFeedToken"})  # a new address for the own feed
ORG_ADMINS = only({"party_admin": LOGIN, "nonparty_admin": LOGIN, "anonymous": REFUSED}, REFUSED)
PARTY_ADMIN = only({"party_admin": LOGIN, "anonymous": REFUSED}, REFUSED)
# The preparer is also the wellbeing forum's vice-chair and the TE office convenes the TYP
# board (DOMAIN.md): both may open the form; the harvested body is not theirs to convene.
CONVENERS = only({"preparer": LOGIN, "nonparty_admin": LOGIN}, REFUSED)
# Party users read draft follow-up reports (they prepare them together); others do not.
PARTY_USERS = only(
    {"anonymous": REFUSED, "nonparty_member": REFUSED, "nonparty_admin": REFUSED}, LOGIN
)
MEMBERS_MEETING: dict[str, Any] = {"pk": "members_meeting"}
PUBLIC_MEETING: dict[str, Any] = {"pk": "public_meeting"}
HELD_MEETING: dict[str, Any] = {"pk": "held_meeting"}
CLOSED: dict[str, Any] = {"slug": ("eristetty-ryhma",)}
OPEN_BODY: dict[str, Any] = {"slug": ("avoin-ryhma",)}
RIIHIMAKI: dict[str, Any] = {"slug": ("riihimaki",)}
PERIOD: dict[str, Any] = {"period_slug": ("puitesopimus-2023",)}
REPORT_SECTIONS = [
    "activity", "agreement", "coverage", "quality", "results", "seats", "summary", "values"
]  # fmt: skip


def PUBLISHED_NAME(w: World) -> str:  # noqa: N802 - reads as the constant it stands for
    return w.objects["published_report"].download_name.removesuffix(".pdf")


MATRIX: dict[str, list[Case]] = {
    # portal
    "": [case(only({"anonymous": OPEN}, MOVED))],
    "dashboard/": [case(LOGIN, LOGIN)],
    "profile/": [case(LOGIN, LOGIN)],
    "healthz": [case(OPEN, SAFE)],
    "accessibility/": [case(OPEN, OPEN)],
    # allauth: each acts on the requester's own account only
    "accounts/login/": [case(SAFE, SAFE)],
    "accounts/logout/": [case(SAFE, SAFE, writes=AUDITED)],
    "accounts/inactive/": [case(SAFE, SAFE)],
    "accounts/signup/": [case(SAFE, SAFE)],
    "accounts/reauthenticate/": [case(SAFE, SAFE)],
    "accounts/reauthenticate/code/": [case(SAFE, SAFE)],
    "accounts/reauthenticate/code/confirm/": [case(SAFE, SAFE)],
    "accounts/email/": [case(SAFE, SAFE, writes=OWN_ADDRESS)],
    "accounts/confirm-email/": [case(SAFE, SAFE)],
    "accounts/password/change/": [case(SAFE, SAFE)],
    "accounts/password/set/": [case(SAFE, SAFE)],
    "accounts/password/reset/": [case(SAFE, SAFE)],
    "accounts/login/code/confirm/": [case(SAFE, SAFE)],
    r"accounts/^confirm-email/(?P<key>[-:\w]+)/$": [case(SAFE, SAFE, key=(NO_SUCH_TOKEN,))],
    "accounts/password/reset/key/done/": [case(SAFE, SAFE)],
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": [
        case(SAFE, SAFE, uidb36=("1",), key=(NO_SUCH_TOKEN,))
    ],
    "accounts/password/reset/done/": [case(SAFE, SAFE)],
    "accounts/2fa/": [case(SAFE, SAFE)],
    "accounts/2fa/authenticate/": [case(SAFE, SAFE)],
    "accounts/2fa/reauthenticate/": [case(SAFE, SAFE)],
    "accounts/2fa/totp/activate/": [case(SAFE, SAFE)],
    "accounts/2fa/totp/deactivate/": [case(SAFE, SAFE)],
    "accounts/2fa/recovery-codes/": [case(SAFE, SAFE)],
    "accounts/2fa/recovery-codes/generate/": [case(SAFE, SAFE)],
    "accounts/2fa/recovery-codes/download/": [case(SAFE, SAFE)],
    "accounts/3rdparty/login/cancelled/": [case(SAFE, SAFE)],
    "accounts/3rdparty/login/error/": [case(SAFE, SAFE)],
    "accounts/3rdparty/signup/": [case(SAFE, SAFE)],
    "accounts/3rdparty/": [case(SAFE, SAFE)],
    "accounts/social/login/cancelled/": [case(SAFE, SAFE)],
    "accounts/social/login/error/": [case(SAFE, SAFE)],
    "accounts/social/signup/": [case(SAFE, SAFE)],
    "accounts/social/connections/": [case(SAFE, SAFE)],
    "accounts/oidc/^(?P<provider_id>[^/]+)/login/": [case(SAFE, SAFE, provider_id=("riihimaki",))],
    "accounts/oidc/^(?P<provider_id>[^/]+)/login/callback/": [
        case(SAFE, SAFE, provider_id=("riihimaki",))
    ],
    "i18n/setlang/": [case(SAFE, SAFE)],
    # organisations: Riihimäki's
    "organisations/": [case(OPEN)],
    "organisations/new/": [case(REFUSED)],
    "organisations/invitation/<str:token>/": [case(SAFE, SAFE, token=(NO_SUCH_TOKEN,))],
    "organisations/<slug:slug>/": [case(OPEN, **RIIHIMAKI)],
    "organisations/<slug:slug>/edit/": [case(REFUSED, **RIIHIMAKI)],
    "organisations/<slug:slug>/members/": [case(REFUSED, **RIIHIMAKI)],
    "organisations/<slug:slug>/members/invite/": [case(REFUSED, **RIIHIMAKI)],
    "organisations/<slug:slug>/members/<int:pk>/": [
        case(REFUSED, **RIIHIMAKI, pk="riihimaki_person")
    ],
    "organisations/<slug:slug>/invitations/<int:pk>/resend/": [
        case(REFUSED, **RIIHIMAKI, pk="riihimaki_invitation")
    ],
    # metrics: Riihimäki's unapproved values
    "metrics/": [case(OPEN)],
    "metrics/region/": [case(LOGIN)],
    "metrics/metric/<slug:code>/": [case(LOGIN, code=("hyte-kerroin",))],
    "metrics/entry/": [
        case(
            only(
                {"anonymous": REFUSED, "nonparty_member": REFUSED, "nonparty_admin": REFUSED}, MOVED
            )
        )
    ],
    "metrics/entry/<int:year>/<str:subject>/": [
        # Read-only for another party: approved values only (test_value_audience.py).
        case(ANON_REFUSED, REFUSED, year=(2025,), subject=("riihimaki",))
    ],
    "metrics/entry/<int:year>/<str:subject>/submit/": [
        case(REFUSED, year=(2025,), subject=("riihimaki",))
    ],
    "metrics/entry/<int:year>/<str:subject>/<slug:code>/": [
        case(REFUSED, year=(2025,), subject=("riihimaki",), code=("hyte-kerroin",))
    ],
    "metrics/value/<int:pk>/": [
        case(REFUSED, pk="draft_value"),
        case(REFUSED, pk="submitted_value"),
        case(REFUSED, pk="returned_value"),
    ],
    "metrics/value/<int:pk>/return/": [case(REFUSED, pk="submitted_value")],
    "metrics/review/": [case(REFUSED)],
    "metrics/review/approve/": [case(REFUSED)],
    "metrics/years/": [case(REFUSED)],
    "metrics/years/<int:year>/lock/": [case(REFUSED, year=(2025,))],
    "metrics/years/exception/<int:pk>/close/": [case(REFUSED, pk=(999999,))],
    "metrics/import/": [case(ANON_REFUSED)],  # into the own organisation's values
    "metrics/import/sotkanet/": [case(REFUSED)],
    "metrics/export/": [
        case(LOGIN, query="?format=csv"),
        case(LOGIN, query="?format=xlsx"),
    ],
    # meetings: a members-only meeting, a public one and a party-wide one held
    "structure/meetings/": [case(LOGIN)],
    "structure/meetings/calendar/": [case(LOGIN)],
    "structure/meetings/new/": [case(CONVENERS)],
    "structure/meetings/feed/": [
        case(LOGIN, only({"anonymous": REFUSED}, MOVED), writes=OWN_FEED | AUDITED)
    ],
    "structure/meetings/feed/<str:token>.ics": [case(REFUSED, token=(NO_SUCH_TOKEN,))],
    "structure/meetings/bodies/<slug:slug>.ics": [
        case(REFUSED, **CLOSED),
        case(OPEN, **OPEN_BODY),
    ],
    "structure/meetings/bodies/<slug:slug>/register/": [
        case(REFUSED, **CLOSED),
        case(OPEN, **OPEN_BODY),
    ],
    "structure/meetings/bodies/<slug:slug>/actions/<int:pk>/": [
        case(REFUSED, **OPEN_BODY, pk="held_action"),
    ],
    "structure/meetings/<int:pk>/": [
        case(REFUSED, **MEMBERS_MEETING),
        case(OPEN, **PUBLIC_MEETING),
        case(ANON_REFUSED, **HELD_MEETING),
    ],
    "structure/meetings/<int:pk>/edit/": [case(REFUSED, **PUBLIC_MEETING)],
    "structure/meetings/<int:pk>/publish/": [case(REFUSED, **PUBLIC_MEETING)],
    "structure/meetings/<int:pk>/cancel/": [case(REFUSED, **PUBLIC_MEETING)],
    "structure/meetings/<int:pk>/answer/": [
        case(REFUSED, **MEMBERS_MEETING),
        case(REFUSED, **PUBLIC_MEETING),
    ],
    "structure/meetings/<int:pk>/answer/<str:token>/": [
        case(REFUSED, **PUBLIC_MEETING, token=(NO_SUCH_TOKEN,))
    ],
    "structure/meetings/<int:pk>/agenda/<int:item>/attachment/": [
        case(REFUSED, **MEMBERS_MEETING, item="members_secret_item"),
        case(REFUSED, **PUBLIC_MEETING, item="public_secret_item"),
    ],
    "structure/meetings/<int:pk>/meeting.ics": [
        case(REFUSED, **MEMBERS_MEETING),
        case(OPEN, **PUBLIC_MEETING),
        case(ANON_REFUSED, **HELD_MEETING),
    ],
    "structure/meetings/<int:pk>/minutes/": [
        case(REFUSED, **MEMBERS_MEETING),
        case(ANON_REFUSED, **HELD_MEETING),
    ],
    "structure/meetings/<int:pk>/minutes/edit/": [case(REFUSED, **HELD_MEETING)],
    "structure/meetings/<int:pk>/minutes/<slug:step>/": [
        case(REFUSED, **HELD_MEETING, step=("return",)),
        case(REFUSED, **HELD_MEETING, step=("approve",)),
    ],
    "structure/meetings/<int:pk>/actions/new/": [case(REFUSED, **HELD_MEETING)],
    # structure
    "structure/": [case(OPEN)],
    "structure/my/": [case(LOGIN)],
    "structure/gaps/": [case(REFUSED)],
    "structure/networks/new/": [case(LOGIN, LOGIN)],
    "structure/agreement/": [case(OPEN)],
    "structure/agreement/<slug:period_slug>/document/": [case(SAFE, **PERIOD)],
    "structure/agreement/<slug:period_slug>/parties/<slug:organisation_slug>/": [
        case(REFUSED, **PERIOD, organisation_slug=("riihimaki",))
    ],
    "structure/agreement/<slug:period_slug>/termination/": [case(REFUSED, **PERIOD)],
    "structure/parties/<slug:organisation_slug>/": [case(LOGIN, organisation_slug=("riihimaki",))],
    "structure/bodies/<slug:slug>/": [case(REFUSED, **CLOSED), case(OPEN, **OPEN_BODY)],
    "structure/bodies/<slug:slug>/seats/new/<slug:organisation_slug>/": [
        case(REFUSED, slug=("hytefoorumi",), organisation_slug=("riihimaki",)),
        case(REFUSED, **CLOSED, organisation_slug=("riihimaki",)),
    ],
    "structure/bodies/<slug:slug>/seats/<int:pk>/": [
        case(REFUSED, slug=("hytefoorumi",), pk="riihimaki_seat")
    ],
    "structure/bodies/<slug:slug>/seats/<int:pk>/end/": [
        case(REFUSED, slug=("hytefoorumi",), pk="riihimaki_seat")
    ],
    "structure/bodies/<slug:slug>/join/": [case(REFUSED, **CLOSED)],
    "structure/bodies/<slug:slug>/leave/": [case(REFUSED, **CLOSED)],
    "structure/bodies/<slug:slug>/preparers/": [case(REFUSED, **CLOSED)],
    "structure/bodies/<slug:slug>/members/add/": [case(REFUSED, **CLOSED)],
    "structure/bodies/<slug:slug>/preparers/<int:user_id>/remove/": [
        case(REFUSED, **CLOSED, user_id="closed_preparer")
    ],
    "structure/bodies/<slug:slug>/roles/new/": [case(REFUSED, **CLOSED)],
    "structure/bodies/<slug:slug>/roles/<int:pk>/end/": [
        case(REFUSED, **CLOSED, pk="closed_chair_role")
    ],
    # workgroups
    "workgroups/": [case(OPEN)],
    "workgroups/proposals/": [case(LOGIN)],
    "workgroups/proposals/new/": [case(LOGIN, LOGIN)],
    "workgroups/proposals/<int:pk>/": [case(REFUSED, pk="proposal")],
    "workgroups/pairs/": [case(LOGIN)],
    "workgroups/pairs/new/": [case(PARTY_ADMIN)],
    "workgroups/pairs/<int:pk>/": [case(REFUSED, pk="pair")],
    "workgroups/<slug:slug>/": [case(REFUSED, **CLOSED)],
    "workgroups/<slug:slug>/edit/": [case(REFUSED, **CLOSED)],
    "workgroups/<slug:slug>/documents/<str:kind>/new/": [case(REFUSED, **CLOSED, kind=("rules",))],
    "workgroups/<slug:slug>/documents/<int:pk>/file/": [
        case(REFUSED, **CLOSED, pk="closed_document")
    ],
    # reports: a draft version
    "reports/": [case(OPEN)],
    "reports/published/": [case(OPEN)],
    "reports/build/": [case(REFUSED)],
    "reports/conclusions/<int:year>/": [case(REFUSED, year=(2025,))],
    "reports/version/<int:pk>/": [
        case(PARTY_USERS, REFUSED, pk="draft_report"),
        case(PARTY_USERS, REFUSED, pk="published_report"),  # its page; the files are public
    ],
    "reports/version/<int:pk>/retry/": [
        case(REFUSED, pk="draft_report"),
        case(REFUSED, pk="published_report"),
    ],
    "reports/version/<int:pk>/publish/": [
        case(REFUSED, pk="draft_report"),
        case(REFUSED, pk="published_report"),
    ],
    "reports/version/<int:pk>/<str:name>.pdf": [
        case(REFUSED, pk="draft_report", name=("seurantaraportti",)),
        case(OPEN, REFUSED, pk="published_report", name=PUBLISHED_NAME),
    ],
    "reports/version/<int:pk>/tables.xlsx": [
        case(REFUSED, pk="draft_report"),
        case(OPEN, REFUSED, pk="published_report"),
    ],
    "reports/version/<int:pk>/tables/<slug:section>.csv": [
        case(REFUSED, pk="draft_report", section=("values",)),
        *[
            case(OPEN, REFUSED, pk="published_report", section=(section,))
            for section in REPORT_SECTIONS
        ],
    ],
    # console: the coordinators' only
    "console/": [case(ORG_ADMINS)],  # their own organisation's people
    "console/people/": [case(ORG_ADMINS)],
    "console/people/invite/": [case(ORG_ADMINS)],
    "console/people/import/": [case(ORG_ADMINS)],
    "console/people/<int:pk>/": [case(REFUSED, pk="riihimaki_person")],
    "console/people/<int:pk>/resend/": [case(REFUSED, pk="riihimaki_person")],
    "console/people/<int:pk>/deactivate/": [case(REFUSED, pk="riihimaki_person")],
    "console/people/<int:pk>/reactivate/": [case(REFUSED, pk="riihimaki_person")],
    "console/people/<int:pk>/role/": [case(REFUSED, pk="riihimaki_person")],
    "console/people/<int:pk>/move/": [case(REFUSED, pk="riihimaki_person")],
    "console/people/<int:pk>/data/": [case(REFUSED, pk="riihimaki_person")],
    "console/people/<int:pk>/data.json": [case(REFUSED, pk="riihimaki_person")],
    "console/people/<int:pk>/anonymise/": [case(REFUSED, pk="riihimaki_person")],
    "console/my-data/": [case(LOGIN, LOGIN)],
    "console/my-data/all/": [case(LOGIN, REFUSED, writes=AUDITED)],
    "console/my-data/all.json": [case(LOGIN, REFUSED, writes=AUDITED)],
    "console/my-data/sign-in/unlink/": [case(REFUSED, only({"anonymous": REFUSED}, MOVED))],
    "console/audit/": [case(ORG_ADMINS)],
    "console/audit/export.csv": [case(ORG_ADMINS)],
    "console/mail/": [case(ORG_ADMINS)],
    "console/mail/<int:pk>/": [case(REFUSED, pk="mail")],
    "console/mail/<int:pk>/resend/": [case(REFUSED, pk="mail")],
    "console/organisations/": [case(REFUSED)],
    "console/organisations/<slug:slug>/sign-in/": [case(REFUSED, **RIIHIMAKI)],
    "console/organisations/<slug:slug>/sign-in/remove/": [case(REFUSED, **RIIHIMAKI)],
    "console/security/": [case(REFUSED)],
    "console/sign-in/invitation/<str:token>/": [case(SAFE, SAFE, token=(NO_SUCH_TOKEN,))],
}

# The Django admin: no persona is staff, so every one of its ~300 patterns (one per model and
# action) sends every persona to the admin's login page. They are covered by this one rule
# instead of an entry each (test_the_admin_sends_every_persona_to_its_login).
ADMIN_PREFIX = "admin/"
