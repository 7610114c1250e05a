"""Chair, vice-chair and secretary: from among the members, one active holder per role."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from forums import services
from forums.models import Body, RoleAssignment
from portal.permissions import has_perm
from tests.conftest import make_user

from .conftest import role, seat

URL = "/structure/bodies/hytefoorumi/roles/new/"


@pytest.fixture
def coordinator(coordinator):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    return coordinator


@pytest.fixture
def members(wellbeing):
    people = [make_user(slug, "member") for slug in ("forssa", "loppi", "hattula")]
    for person in people:
        seat(wellbeing, person)
    return people


def test_coordinator_records_an_election(coordinator, members, wellbeing, client_for):
    response = client_for(coordinator).post(
        URL, {"role": "chair", "person": members[0].pk, "elected_on": "2025-02-01"}
    )
    assert response.status_code == 302
    chair = wellbeing.current_roles()["chair"]
    assert chair.person == members[0]
    assert chair.elected_on == datetime.date(2025, 2, 1)


def test_a_role_for_a_non_member_is_refused(
    coordinator, members, wellbeing, client_for, assert_unchanged
):
    outsider = make_user("forssa", "member")
    with assert_unchanged():
        response = client_for(coordinator).post(
            URL, {"role": "chair", "person": outsider.pk, "elected_on": "2025-02-01"}
        )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(ValidationError, match="not a member"):
        services.elect_role(
            actor=coordinator,
            body=wellbeing,
            role="chair",
            person=outsider,
            elected_on=datetime.date(2025, 2, 1),
        )
    assert not RoleAssignment.objects.exists()


def test_two_active_chairs_are_refused(
    coordinator, members, wellbeing, client_for, assert_unchanged
):
    role(wellbeing, members[0], "chair")
    with assert_unchanged():
        response = client_for(coordinator).post(
            URL, {"role": "chair", "person": members[1].pk, "elected_on": "2025-02-01"}
        )
    assert response.status_code == 200
    assert "already has a chair" in response.content.decode()


def test_replacing_the_chair_ends_the_previous_term_the_day_before(
    coordinator, members, wellbeing, client_for
):
    old = role(wellbeing, members[0], "chair")
    response = client_for(coordinator).post(
        URL,
        {
            "role": "chair",
            "person": members[1].pk,
            "elected_on": "2025-02-01",
            "replace_current": "on",
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.valid_to == datetime.date(2025, 1, 31)
    assert RoleAssignment.objects.current().get(body=wellbeing, role="chair").person == members[1]
    assert RoleAssignment.objects.filter(body=wellbeing, role="chair").count() == 2


def test_the_database_refuses_two_open_chairs(members, wellbeing):
    from django.db import IntegrityError, transaction

    role(wellbeing, members[0], "chair")
    with pytest.raises(IntegrityError), transaction.atomic():
        role(wellbeing, members[1], "chair")


def test_term_starting_before_the_election_is_refused(
    coordinator, members, client_for, assert_unchanged
):
    with assert_unchanged():
        response = client_for(coordinator).post(
            URL,
            {
                "role": "secretary",
                "person": members[0].pk,
                "elected_on": "2025-02-01",
                "valid_from": "2025-01-01",
            },
        )
    assert "cannot start before the election" in response.content.decode()


def test_bodies_without_roles_are_flagged_until_all_three_are_elected(members, wellbeing):
    assert Body.objects.without_roles().filter(pk=wellbeing.pk).exists()
    role(wellbeing, members[0], "chair")
    role(wellbeing, members[1], "vice_chair")
    assert Body.objects.without_roles().filter(pk=wellbeing.pk).exists()
    role(wellbeing, members[2], "secretary")
    assert not Body.objects.without_roles().filter(pk=wellbeing.pk).exists()
    assert not Body.objects.without_roles().filter(kind="open_network").exists()


def test_the_chair_convenes_after_the_first_election(agreement, members, wellbeing):
    county_admin = make_user("kanta-hameen-hyvinvointialue", "org_admin")
    chair, member = members[0], members[1]
    assert has_perm(county_admin, "forums.convene_body", wellbeing)
    assert not has_perm(chair, "forums.convene_body", wellbeing)
    role(wellbeing, chair, "chair")
    assert has_perm(chair, "forums.convene_body", wellbeing)
    assert not has_perm(county_admin, "forums.convene_body", wellbeing)
    assert not has_perm(member, "forums.convene_body", wellbeing)


def test_self_assessment_is_entered_by_the_chair_or_secretary(coordinator, members, wellbeing):
    chair, secretary, member = members
    role(wellbeing, chair, "chair")
    role(wellbeing, secretary, "secretary")
    assert has_perm(chair, "forums.enter_self_assessment", wellbeing)
    assert has_perm(secretary, "forums.enter_self_assessment", wellbeing)
    assert has_perm(coordinator, "forums.enter_self_assessment", wellbeing)
    assert not has_perm(member, "forums.enter_self_assessment", wellbeing)
    assert not has_perm(None, "forums.enter_self_assessment", wellbeing)


def test_te_office_convenes_the_typ_board(agreement):
    board = Body.objects.get(slug="typ-johtoryhma")
    te_admin = make_user("hameen-te-toimisto", "org_admin")
    county_admin = make_user("kanta-hameen-hyvinvointialue", "org_admin")
    assert has_perm(te_admin, "forums.convene_body", board)
    assert not has_perm(county_admin, "forums.convene_body", board)
