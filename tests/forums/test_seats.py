"""Naming, changing and ending representatives: an admin for their own party only; every bad
input gives a clear message and changes nothing; history is kept."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from forums import services
from forums.models import Membership, RoleAssignment
from organisations.models import Organisation
from portal.models import AuditEvent
from tests.conftest import make_user

from .conftest import role, seat

URL = "/structure/bodies/hytefoorumi/seats/new/forssa/"


@pytest.fixture
def forssa_admin(forssa_admin):
    """Forssa's admin reading the portal in English, so messages can be asserted."""
    forssa_admin.language = "en"
    forssa_admin.save(update_fields=["language"])
    return forssa_admin


@pytest.fixture
def forssa_people(agreement):
    return make_user("forssa", "member", first_name="Ulla"), make_user(
        "forssa", "member", first_name="Veli"
    )


def test_org_admin_names_own_representative_and_deputy(
    forssa_admin, forssa_people, wellbeing, client_for
):
    person, deputy = forssa_people
    response = client_for(forssa_admin).post(
        URL, {"person": person.pk, "deputy": deputy.pk, "valid_from": "2025-02-01"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(body=wellbeing, person=person)
    assert membership.deputy == deputy
    assert membership.organisation.slug == "forssa"
    assert membership.created_by == forssa_admin
    assert AuditEvent.objects.filter(action="body.representative_named").count() == 1


def test_the_form_offers_only_own_organisations_people(forssa_admin, wellbeing, client_for):
    other = make_user("riihimaki", "member", first_name="Outi")
    response = client_for(forssa_admin).get(URL)
    assert "Outi" not in response.content.decode()
    with pytest.raises(AssertionError):
        assert other.pk in [u.pk for u in response.context["form"].fields["person"].queryset]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("same_person_twice", "already sits in"),
        ("deputy_is_member", "someone other than the member"),
        ("dates_out_of_order", "must not be before the start date"),
        ("other_party_person", "Select a valid choice"),
        ("seat_count", "already has 1 representative"),
    ],
)
def test_bad_seat_input_gives_a_message_and_changes_nothing(
    case, message, forssa_admin, forssa_people, wellbeing, client_for, assert_unchanged
):
    person, deputy = forssa_people
    seat(wellbeing, person) if case in ("same_person_twice", "seat_count") else None
    data = {"person": person.pk, "valid_from": "2025-02-01"}
    if case == "deputy_is_member":
        data["deputy"] = person.pk
    if case == "dates_out_of_order":
        data.update(person=deputy.pk, valid_to="2025-01-01")
    if case == "other_party_person":
        data["person"] = make_user("riihimaki", "member").pk
    if case == "seat_count":
        data["person"] = deputy.pk
    with assert_unchanged():
        response = client_for(forssa_admin).post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_service_refuses_the_same_person_as_someone_elses_deputy(
    coordinator, forssa_people, wellbeing
):
    person, deputy = forssa_people
    seat(wellbeing, person, deputy)
    before = Membership.objects.count()
    with pytest.raises(ValidationError, match="already sits in"):
        services.nominate_representative(
            actor=coordinator,
            body=wellbeing,
            organisation=person.organisation,
            person=deputy,
            valid_from=datetime.date(2025, 1, 1),
        )
    assert Membership.objects.count() == before


def test_service_refuses_another_partys_seat_even_if_called_directly(
    riihimaki_admin, forssa_people, wellbeing
):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.nominate_representative(
            actor=riihimaki_admin,
            body=wellbeing,
            organisation=forssa_people[0].organisation,
            person=forssa_people[0],
            valid_from=datetime.date(2025, 1, 1),
        )
    assert not Membership.objects.exists()


def test_a_seat_can_follow_a_previous_one_without_overlap(coordinator, forssa_people, wellbeing):
    old, new = forssa_people
    seat(wellbeing, old, valid_to=datetime.date(2024, 12, 31))
    services.nominate_representative(
        actor=coordinator,
        body=wellbeing,
        organisation=new.organisation,
        person=new,
        valid_from=datetime.date(2025, 1, 1),
    )
    assert Membership.objects.filter(body=wellbeing).count() == 2
    assert list(
        Membership.objects.current(datetime.date(2025, 6, 1)).values_list("person", flat=True)
    ) == [new.pk]
    assert list(
        Membership.objects.current(datetime.date(2024, 6, 1)).values_list("person", flat=True)
    ) == [old.pk]


def test_ending_a_seat_keeps_history_and_ends_the_persons_roles(
    forssa_admin, forssa_people, wellbeing, client_for
):
    person, _ = forssa_people
    membership = seat(wellbeing, person)
    role(wellbeing, person, "secretary")
    response = client_for(forssa_admin).post(
        f"/structure/bodies/hytefoorumi/seats/{membership.pk}/end/", {"valid_to": "2025-03-31"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.valid_to == datetime.date(2025, 3, 31)
    assert membership.ended_by == forssa_admin
    assert RoleAssignment.objects.get(person=person).valid_to == datetime.date(2025, 3, 31)
    page = client_for(forssa_admin).get("/structure/bodies/hytefoorumi/").content.decode()
    assert person.display_name in page  # in the history


def test_ending_before_the_start_is_refused(
    forssa_admin, forssa_people, wellbeing, client_for, assert_unchanged
):
    membership = seat(wellbeing, forssa_people[0], valid_from=datetime.date(2025, 1, 1))
    with assert_unchanged():
        response = client_for(forssa_admin).post(
            f"/structure/bodies/hytefoorumi/seats/{membership.pk}/end/",
            {"valid_to": "2024-12-01"},
            follow=True,
        )
    assert "must not be before the start date" in response.content.decode()


def test_admin_changes_the_deputy_of_own_seat(forssa_admin, forssa_people, wellbeing, client_for):
    person, deputy = forssa_people
    membership = seat(wellbeing, person)
    response = client_for(forssa_admin).post(
        f"/structure/bodies/hytefoorumi/seats/{membership.pk}/",
        {"deputy": deputy.pk, "valid_from": "2024-01-01"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.deputy == deputy


def test_the_regional_council_has_no_seat_in_a_municipal_workgroup(agreement, client_for):
    admin = make_user("hameen-liitto", "org_admin")
    response = client_for(admin).get("/structure/bodies/perhekeskus/seats/new/hameen-liitto/")
    assert response.status_code == 403


def test_an_ngo_admin_names_to_the_wellbeing_forum_but_not_to_a_workgroup(agreement, client_for):
    ngo = Organisation.objects.create(
        name="Hämeen Setlementti ry", short_name="Setlementti", slug="setlementti", kind="ngo"
    )
    admin = make_user(ngo, "org_admin")
    assert (
        client_for(admin).get("/structure/bodies/hytefoorumi/seats/new/setlementti/").status_code
        == 200
    )
    assert (
        client_for(admin).get("/structure/bodies/perhekeskus/seats/new/setlementti/").status_code
        == 403
    )


def test_open_networks_have_no_nominated_seats(coordinator, forssa_people, network):
    with pytest.raises(ValidationError, match="Open networks"):
        services.nominate_representative(
            actor=coordinator,
            body=network,
            organisation=forssa_people[0].organisation,
            person=forssa_people[0],
            valid_from=datetime.date(2025, 1, 1),
        )
