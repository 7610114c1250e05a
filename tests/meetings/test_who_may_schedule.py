"""One answer to "for which bodies may this person schedule meetings": the QuerySet
``schedulable_bodies`` equals the rule ``meetings.schedule_meeting`` for every persona, the
form offers exactly those bodies, and the page refuses with 403 those who have none."""

from __future__ import annotations

import datetime

import pytest

from forums import services as structure
from forums.models import Body, RoleAssignment
from meetings.forms import MeetingForm
from meetings.permissions import schedulable_bodies
from portal.permissions import has_perm
from tests.conftest import make_user

from .conftest import seat


@pytest.fixture
def cast(personas, chair, wellbeing, coordinator):
    """Everyone whose answer differs: the usual personas plus a chair, a secretary, a named
    preparer, the convening organisation's admin and seated member, an open network's
    founder, a deactivated coordinator and a member of a dissolved body's convener."""
    secretary = make_user("forssa", "member", "secretary@test.example")
    security = Body.objects.get(slug="turvallisuusfoorumi")
    seat(security, secretary)
    RoleAssignment.objects.create(
        body=security,
        role="secretary",
        person=secretary,
        valid_from=datetime.date(2024, 1, 1),
        elected_on=datetime.date(2024, 1, 1),
    )
    preparer = make_user("loppi", "member", "preparer@test.example")
    structure.name_preparer(actor=chair, body=wellbeing, person=preparer)
    county_admin = make_user("kanta-hameen-hyvinvointialue", "org_admin", "ca@test.example")
    county_member = make_user("kanta-hameen-hyvinvointialue", "member", "cm@test.example")
    seat(Body.objects.get(slug="kuntakokous"), county_member)
    founder = make_user("hattula", "member", "founder@test.example")
    network = structure.create_network(
        actor=founder, name_fi="Liikuntaverkosto", purpose_fi="Liikunta", slug="liikunta"
    )
    gone = make_user("kanta-hameen-hyvinvointialue", "coordinator", "gone@test.example")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    dissolved = Body.objects.get(slug="kotouttaminen")
    dissolved.dissolved_on = datetime.date(2024, 12, 31)
    dissolved.save(update_fields=["dissolved_on"])
    return {
        **personas,
        "chair": chair,
        "secretary": secretary,
        "preparer": preparer,
        "county_admin": county_admin,
        "county_member": county_member,
        "founder": founder,
        "deactivated": gone,
        "_network": network,
    }


def _by_rule(user) -> set[str]:
    return {b.slug for b in Body.objects.all() if has_perm(user, "meetings.schedule_meeting", b)}


def test_the_queryset_equals_the_rule_for_every_persona(cast):
    for name, user in cast.items():
        if name.startswith("_"):
            continue
        from_queryset = {b.slug for b in schedulable_bodies(user)} if user else set()
        assert from_queryset == _by_rule(user), name


def test_who_schedules_what(cast):
    """The agreement's convener rules, read person by person (DOMAIN.md §3)."""
    county_bodies = {"strateginen-foorumi", "kuntakokous"}  # rule: the county convenes
    workgroups = {"opiskeluhuolto", "perhekeskus", "hyte-tyoryhma"}  # county until a chair
    every_active = {b.slug for b in Body.objects.active()}
    expected = {
        "anonymous": set(),
        "deactivated": set(),
        "coordinator": every_active,
        "forssa_admin": set(),
        "riihimaki_member": set(),
        "chair": {"hytefoorumi"},
        "secretary": {"turvallisuusfoorumi"},
        "preparer": {"hytefoorumi"},
        "county_admin": county_bodies | workgroups,  # hytefoorumi has a chair; kotouttaminen ended
        "county_member": {"kuntakokous"},  # the county's people convene where they sit
        "founder": {cast["_network"].slug},
    }
    for name, slugs in expected.items():
        user = cast[name]
        got = {b.slug for b in schedulable_bodies(user)} if user else set()
        assert got == slugs, name
    assert "kotouttaminen" not in every_active


def test_the_form_offers_exactly_the_schedulable_bodies(cast):
    for name in ("coordinator", "chair", "county_admin", "founder"):
        form = MeetingForm(user=cast[name])
        offered = set(form.fields["body"].queryset)  # type: ignore[attr-defined]  # a ModelChoiceField
        assert offered == set(schedulable_bodies(cast[name])), name


@pytest.mark.parametrize("name", ["forssa_admin", "riihimaki_member", "forssa_member"])
def test_the_schedule_page_refuses_with_403_those_who_convene_nothing(cast, client_for, name):
    response = client_for(cast[name]).get("/structure/meetings/new/")
    assert response.status_code == 403


def test_the_schedule_page_opens_for_a_preparer(cast, client_for):
    response = client_for(cast["preparer"]).get("/structure/meetings/new/?body=hytefoorumi")
    assert response.status_code == 200
    assert response.context["form"].initial["body"] == Body.objects.get(slug="hytefoorumi").pk
