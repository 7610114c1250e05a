"""Demo meetings, scheduled through the same service a convener uses, so their invitations are
really written (to var/mail/ in development). ``seed_demo`` runs after the forums' demo seats
(``portal.seeding.APPS`` gives the order).

Idempotent: a demo meeting is found by its body and title and is not scheduled twice.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from forums.models import Body
from organisations.models import Organisation, User
from portal.permissions import has_perm
from portal.seeding import SeedReport

from . import minutes as minutes_service
from .models import ActionItem, Meeting, Minutes
from .scheduling import schedule_meeting

HELSINKI = timezone.get_default_timezone()


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """``days`` from today at ``hour``, moved on to Monday when it falls on a weekend:
    officials meet on working days."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    if day.weekday() >= 5:
        day += datetime.timedelta(days=7 - day.weekday())
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=HELSINKI)


def _convener(body: Body, users: dict) -> User | None:
    """The body's chair or secretary when they may convene, else the coordinator."""
    roles = body.current_roles()
    for role in ("chair", "secretary"):
        holder = roles.get(role)
        if holder and has_perm(holder.person, "meetings.schedule_meeting", body):
            return holder.person
    return users.get("coordinator")


def _agenda(preparer) -> list[dict]:
    return [
        {"title": "Kokouksen avaus"},
        {"title": "Kokouksen laillisuus ja päätösvaltaisuus"},
        {"title": "Pöytäkirjan tarkastajien valinta"},
        {"title": "Työjärjestyksen hyväksyminen"},
        {
            "title": "Alueellinen hyvinvointikertomus: ajankohtaiskatsaus",
            "preparer": preparer,
            "description": "Hyvinvointikoordinaattorit esittelevät kertomuksen tilannekuvan.",
            "proposed_decision": "Merkitään katsaus tiedoksi ja päätetään jatkotoimista.",
        },
        {
            "title": "Kouluterveyskyselyn 2025 tulokset",
            "preparer": preparer,
            "proposed_decision": "Merkitään tiedoksi.",
        },
        {"title": "Muut asiat"},
        {"title": "Kokouksen päättäminen"},
    ]


def _schedule(report: SeedReport, body: Body, title: str, actor, **kwargs) -> Meeting | None:
    existing = Meeting.objects.filter(body=body, title=title).first()
    if existing is not None:
        report.add(Meeting, "unchanged")
        return existing
    if actor is None:
        return None
    meeting = schedule_meeting(actor=actor, body=body, title=title, **kwargs)
    report.add(Meeting, "created")
    return meeting


def _seed_held_meeting(report: SeedReport, body: Body, chair, preparer) -> None:
    """A meeting held last month, with approved minutes: the register has something to show."""
    title = "Hytefoorumin kokous (demo, pidetty)"
    if chair is None or Meeting.objects.filter(body=body, title=title).exists():
        return
    hameenlinna = Organisation.objects.get(slug="hameenlinna")
    meeting = schedule_meeting(
        actor=chair,
        body=body,
        title=title,
        starts_at=_at(1, 9),
        ends_at=_at(1, 11),
        place="Hämeenlinnan kaupungintalo",
        host_organisation=hameenlinna,
        agenda=_agenda(preparer),
        publish=False,
    )
    # Let time pass without sending: the demo's history, not a new invitation.
    start = _at(-30, 9)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        status=Meeting.Status.SCHEDULED,
    )
    meeting.refresh_from_db()
    _write_minutes(meeting, chair)
    report.add(Meeting, "created")
    report.add(Minutes, "created")
    report.add(ActionItem, "created")


def _write_minutes(meeting: Meeting, chair) -> None:
    minutes = minutes_service.start_minutes(actor=chair, meeting=meeting)
    minutes.attendance = "Jäsenet Kanta-Hämeen hyvinvointialueelta, Forssasta, Hämeenlinnasta."
    minutes.save(update_fields=["attendance"])
    for title, slug, days in (
        ("Kootaan kuntien hyvinvointisuunnitelmien painopisteet yhteen", "forssa", -3),
        (
            "Valmistellaan yhteiskokous turvallisuusfoorumin kanssa",
            "kanta-hameen-hyvinvointialue",
            40,
        ),
    ):
        minutes_service.add_action_item(
            actor=chair,
            meeting=meeting,
            title=title,
            owner_organisation=Organisation.objects.get(slug=slug),
            due_date=timezone.localdate() + datetime.timedelta(days=days),
        )
    minutes_service.mark_minutes_checked(actor=chair, minutes=minutes)
    minutes_service.approve_minutes(actor=chair, minutes=minutes)


def seed_demo(report: SeedReport, *, password: str) -> None:
    users = report.extra.get("demo_users", {})
    wellbeing = Body.objects.filter(slug="hytefoorumi").first()
    if wellbeing is None:
        return
    chair = _convener(wellbeing, users)
    preparer = users.get("member.forssa") or chair
    _seed_held_meeting(report, wellbeing, chair, preparer)
    _seed_upcoming(report, wellbeing, users, chair, preparer)


def _seed_upcoming(report: SeedReport, wellbeing: Body, users: dict, chair, preparer) -> None:
    coordinator = users.get("coordinator")
    security = Body.objects.filter(slug="turvallisuusfoorumi").first()
    hameenlinna = Organisation.objects.get(slug="hameenlinna")
    county = Organisation.objects.get(slug="kanta-hameen-hyvinvointialue")
    forssa = Organisation.objects.get(slug="forssa")
    _schedule(
        report,
        wellbeing,
        "Hytefoorumin kokous",
        chair,
        starts_at=_at(10, 9),
        ends_at=_at(10, 11, 30),
        place="Hämeenlinnan kaupungintalo, Valtuustosali, Raatihuoneenkatu 9",
        remote_url="https://teams.example.invalid/l/meetup-join/hytefoorumi",
        host_organisation=hameenlinna,
        agenda=_agenda(preparer),
        description="Foorumin syyskauden kokous. Tervetuloa paikan päälle tai etänä.",
    )
    if security is not None:
        _schedule(
            report,
            wellbeing,
            "Hyte- ja turvallisuusfoorumin yhteiskokous",
            coordinator,
            joint_bodies=[security],
            starts_at=_at(45, 12),
            ends_at=_at(45, 15),
            place="Forssan kaupungintalo",
            remote_url="https://teams.example.invalid/l/joint",
            host_organisation=forssa,
            agenda=_agenda(preparer),
            description="Vuosittainen yhteiskokous (puitesopimus: vähintään kerran vuodessa).",
        )
    for slug, title, days in (
        ("perhekeskus", "Perhekeskustyöryhmän kokous", 17),
        ("kuntakokous", "Kuntakokous", 60),
    ):
        body = Body.objects.filter(slug=slug).first()
        if body is None:
            continue
        _schedule(
            report,
            body,
            title,
            _convener(body, users),
            starts_at=_at(days, 13),
            ends_at=_at(days, 15),
            remote_url=f"https://teams.example.invalid/l/{slug}",
            place="Etäkokous",
            host_organisation=county,
            agenda=_agenda(None),
        )
