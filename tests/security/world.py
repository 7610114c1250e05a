"""The world the security tests attack, built once per module: the demo seed plus, for each
persona, objects they have no part in, with marker strings planted in every non-public field.

Personas: anonymous; a member and an organisation admin of one party (Janakkala, which holds
no seat in the demo); a member and an admin of a non-party organisation (the TE office); a
preparer (the demo's Hämeenlinna member, who prepares the wellbeing forum). The targets belong
to another party (Riihimäki) or to bodies none of the personas sits in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from forums.models import AgreementPeriod, Body, Membership, RoleAssignment
from organisations.models import Organisation, User
from portal.seeding import SeedReport, run
from tests.conftest import make_user

PERSONAS = [
    "anonymous",
    "party_member",
    "party_admin",
    "nonparty_member",
    "nonparty_admin",
    "preparer",
]
LOGGED_IN = PERSONAS[1:]

# Marker strings planted in non-public fields, and who among the personas may see each.
CONVENER_EMAIL = "marker.convener@salainen.example"
MARKERS_HIDDEN_FROM_ALL = {
    "confidential item presentation": "MARKER-CONFIDENTIAL-PRESENTATION",
    "confidential item proposal": "MARKER-CONFIDENTIAL-PROPOSAL",
    "confidential decision": "MARKER-CONFIDENTIAL-DECISION",
    "confidential attachment": "MARKER-CONFIDENTIAL-ATTACHMENT",
    "members-only meeting's link": "MARKER-MEMBERS-ONLY-LINK",
    "members-only meeting's title": "MARKER-MEMBERS-ONLY-TITLE",
    "members-only body's document": "MARKER-WORKGROUP-DOCUMENT",
    "convener's e-mail": CONVENER_EMAIL,
    "unapproved value's note": "MARKER-DRAFT-NOTE",
    "submitted value's note": "MARKER-SUBMITTED-NOTE",
    "returned value's comment": "MARKER-RETURN-COMMENT",
    "another party's member's e-mail": "marker.riihimaki@salainen.example",
    "another party's invitee's e-mail": "kutsuttu.riihimaki@salainen.example",
}
MARKERS_HIDDEN_FROM_ANONYMOUS = {
    "public meeting's remote link": "MARKER-PUBLIC-MEETING-LINK",
    "party-wide meeting's title": "MARKER-PARTY-WIDE-TITLE",
}


def markers_hidden_from(persona: str) -> dict[str, str]:
    if persona == "anonymous":
        return {**MARKERS_HIDDEN_FROM_ALL, **MARKERS_HIDDEN_FROM_ANONYMOUS}
    return dict(MARKERS_HIDDEN_FROM_ALL)


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def user(self, persona: str):
        return self.users.get(persona) or AnonymousUser()

    def pk(self, name: str) -> int:
        return self.objects[name].pk


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(
        day.year, day.month, day.day, hour, tzinfo=timezone.get_default_timezone()
    )


def _body(slug: str, visibility: str, **extra) -> Body:
    return Body.objects.create(
        period=AgreementPeriod.objects.get(slug="puitesopimus-2023"),
        slug=slug,
        tier=Body.Tier.WORKGROUPS,
        kind="workgroup",
        name_fi=f"Ryhmä {slug}",
        visibility=visibility,
        convener_rule="chair",
        # No fixed seats: no party's admin names its representatives, so none sees it.
        seat_scope=Body.SeatScope.NONE,
        **extra,
    )


def _seat(body: Body, person: User) -> Membership:
    assert person.organisation is not None
    return Membership.objects.create(
        body=body,
        organisation=person.organisation,
        person=person,
        valid_from=datetime.date(2023, 9, 1),
    )


def _chair(body: Body, person: User) -> None:
    _seat(body, person)
    RoleAssignment.objects.create(
        body=body,
        role="chair",
        person=person,
        valid_from=datetime.date(2023, 10, 5),
        elected_on=datetime.date(2023, 10, 5),
    )


def _personas(world: World) -> None:
    demo = world.objects["demo_users"]
    world.users.update(
        {
            "anonymous": None,
            "party_member": make_user("janakkala", "member", "p.member@persona.example"),
            "party_admin": make_user("janakkala", "org_admin", "p.admin@persona.example"),
            "nonparty_member": make_user(
                "hameen-te-toimisto", "member", "np.member@persona.example"
            ),
            "nonparty_admin": make_user(
                "hameen-te-toimisto", "org_admin", "np.admin@persona.example"
            ),
            "preparer": demo["member.hameenlinna"],
            # Not a persona: reads each page's forms, so that a refused POST carries the
            # data that would really change something.
            "coordinator": demo["coordinator"],
        }
    )


def _agenda(convener: User, confidential: bool) -> list[dict]:
    item: dict[str, Any] = {"title": "Avoin asia", "preparer": convener}
    secret = {
        "title": "Henkilöstöasia",
        "description": MARKERS_HIDDEN_FROM_ALL["confidential item presentation"],
        "proposed_decision": MARKERS_HIDDEN_FROM_ALL["confidential item proposal"],
        "confidential": True,
        "attachment": SimpleUploadedFile(
            "liite.txt", MARKERS_HIDDEN_FROM_ALL["confidential attachment"].encode()
        ),
    }
    return [item, secret] if confidential else [item]


def _meetings(world: World) -> None:
    """A members-only body with a members-only meeting, and a public body with a public
    meeting and a party-wide meeting held with approved minutes — all convened by a person
    whose address is a marker."""
    from meetings.scheduling import schedule_meeting

    riihimaki = Organisation.objects.get(slug="riihimaki")
    convener = make_user("riihimaki", "member", CONVENER_EMAIL)
    closed = _body("eristetty-ryhma", "members")
    open_body = _body("avoin-ryhma", "public")
    for body in (closed, open_body):
        _chair(body, convener)
    common: dict[str, Any] = {
        "actor": convener,
        "host_organisation": riihimaki,
        "place": "Riihimäen virasto",
    }
    world.objects["members_meeting"] = schedule_meeting(
        **common,
        body=closed,
        title=MARKERS_HIDDEN_FROM_ALL["members-only meeting's title"],
        starts_at=_at(20, 9),
        ends_at=_at(20, 10),
        remote_url="https://teams.example/MARKER-MEMBERS-ONLY-LINK",
        agenda=_agenda(convener, confidential=True),
    )
    world.objects["public_meeting"] = schedule_meeting(
        **common,
        body=open_body,
        title="Avoin kokous",
        visibility="public",
        starts_at=_at(21, 9),
        ends_at=_at(21, 10),
        remote_url="https://teams.example/MARKER-PUBLIC-MEETING-LINK",
        agenda=_agenda(convener, confidential=True),
    )
    held = schedule_meeting(
        **common,
        body=open_body,
        title=MARKERS_HIDDEN_FROM_ANONYMOUS["party-wide meeting's title"],
        visibility="parties",
        starts_at=_at(2, 9),
        ends_at=_at(2, 10),
        agenda=_agenda(convener, confidential=True),
    )
    world.objects.update(closed_body=closed, open_body=open_body, convener=convener)
    world.objects["held_meeting"], world.objects["held_action"] = _hold(held, convener)
    for name in ("members", "public"):
        meeting = world.objects[f"{name}_meeting"]
        world.objects[f"{name}_secret_item"] = meeting.agenda_items.get(confidential=True)
    world.objects["closed_chair_role"] = RoleAssignment.objects.get(body=closed, role="chair")
    world.objects["closed_preparer"] = _preparer(closed)


def _preparer(body: Body) -> User:
    from forums.services import name_preparer

    person = make_user("riihimaki", "member", "valmistelija.riihimaki@salainen.example")
    coordinator = User.objects.filter(role="coordinator").first()
    name_preparer(actor=coordinator, body=body, person=person)
    return person


def _hold(meeting, convener):
    """Move the meeting into the past and approve its minutes: the confidential item's
    decision goes to the register."""
    from meetings import minutes as minutes_service
    from meetings.models import Meeting

    Meeting.objects.filter(pk=meeting.pk).update(starts_at=_at(-5, 9), ends_at=_at(-5, 10))
    meeting.refresh_from_db()
    minutes = minutes_service.start_minutes(actor=convener, meeting=meeting)
    secret = minutes.items.get(confidential=True)
    secret.decision = MARKERS_HIDDEN_FROM_ALL["confidential decision"]
    secret.save(update_fields=["decision"])
    action = minutes_service.add_action_item(
        actor=convener,
        meeting=meeting,
        title="Avoin tehtävä",
        owner_organisation=convener.organisation,
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    minutes_service.mark_minutes_checked(actor=convener, minutes=minutes)
    minutes_service.approve_minutes(actor=convener, minutes=minutes)
    return meeting, action


def _workgroup(world: World) -> None:
    from forums.models import CouncilTerm
    from workgroups.models import Workgroup
    from workgroups.services import add_document

    body = world.objects["closed_body"]
    workgroup = Workgroup.objects.create(
        body=body, term=CouncilTerm.objects.on(kind=CouncilTerm.Kind.MUNICIPAL)
    )
    world.objects["closed_document"] = add_document(
        actor=world.objects["demo_users"]["coordinator"],
        workgroup=workgroup,
        kind="rules",
        title="Pelisäännöt",
        text=MARKERS_HIDDEN_FROM_ALL["members-only body's document"],
        file=SimpleUploadedFile("säännöt.txt", b"MARKER-WORKGROUP-DOCUMENT"),
        valid_from=datetime.date(2025, 1, 1),
    )


def _values(world: World) -> None:
    """Riihimäki's unapproved values, with notes that are markers."""
    from indicators.models import Metric, Value

    riihimaki = Organisation.objects.get(slug="riihimaki")
    metric = Metric.objects.get(code="hyte-kerroin")
    Value.objects.filter(metric=metric, organisation=riihimaki).delete()
    for year, status, note, comment in (
        (2025, "draft", "unapproved value's note", ""),
        (2024, "submitted", "submitted value's note", ""),
        (2023, "returned", "unapproved value's note", "returned value's comment"),
    ):
        world.objects[f"{status}_value"] = Value.objects.create(
            metric=metric,
            year=year,
            organisation=riihimaki,
            number=Decimal("77.7"),
            status=status,
            note=MARKERS_HIDDEN_FROM_ALL[note],
            return_comment=MARKERS_HIDDEN_FROM_ALL.get(comment, ""),
        )


def _other_party(world: World) -> None:
    """Riihimäki's person, seat and pending invitation, for the cross-party writes."""
    from organisations.services import invite_person

    demo = world.objects["demo_users"]
    person = make_user("riihimaki", "member", "marker.riihimaki@salainen.example")
    world.objects["riihimaki_person"] = person
    world.objects["riihimaki_seat"] = Membership.objects.get(
        body__slug="hytefoorumi", person=demo["member.riihimaki"]
    )
    world.objects["riihimaki_invitation"] = invite_person(
        actor=demo["admin.riihimaki"],
        organisation=Organisation.objects.get(slug="riihimaki"),
        email="kutsuttu.riihimaki@salainen.example",
        first_name="Kutsuttu",
        last_name="Henkilö",
        role="member",
    )


def _workgroups_and_reports(world: World) -> None:
    from portal.models import OutboundEmail
    from reports.models import ReportVersion
    from workgroups.models import CounterpartPair
    from workgroups.services import propose_workgroup

    world.objects["proposal"] = propose_workgroup(
        actor=world.objects["demo_users"]["admin.riihimaki"],
        name_fi="Ehdotettu ryhmä",
        focus="Rajattu tehtävä",
        goals="Selvät tavoitteet",
        reasons="Tarve",
    )
    world.objects["pair"] = CounterpartPair.objects.first()
    world.objects["draft_report"] = ReportVersion.objects.create(year=2024, language="fi")
    world.objects["mail"] = OutboundEmail.objects.order_by("pk").first()


def _published_report(world: World) -> None:
    """The follow-up report of 2025, built (PDF, tables) and published: public, and built
    from approved values only, so none of Riihimäki's unapproved notes may be in it."""
    from reports import build
    from reports.models import ReportVersion
    from reports.services import publish_version

    version = ReportVersion.objects.create(year=2025, language="fi")
    build.build_version(version.pk)
    # Only a final version is published, and a version is final once the year is locked:
    # set up here directly, as the year's locking is not what is under test.
    ReportVersion.objects.filter(pk=version.pk).update(kind=ReportVersion.Kind.FINAL)
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.DONE, version.error
    coordinator = world.objects["demo_users"]["coordinator"]
    world.objects["published_report"] = publish_version(actor=coordinator, version=version)


def build_world() -> World:
    from django.conf import settings

    world = World()
    run("seed_agreement", SeedReport())
    debug, settings.DEBUG = settings.DEBUG, True  # seed_demo is for development only
    try:
        report = run("seed_demo", SeedReport(extra={"password_explicit": True}), password="x")
    finally:
        settings.DEBUG = debug
    world.objects["demo_users"] = report.extra["demo_users"]
    _personas(world)
    _meetings(world)
    _workgroup(world)
    _values(world)
    _other_party(world)
    _workgroups_and_reports(world)
    _published_report(world)
    return world
