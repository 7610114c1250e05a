"""Members-only bodies and networks (issue 11): seen by coordinators, their members,
deputies, role holders and preparers and the admins of organisations that hold a seat in
them — not by every organisation admin; a members-only network is joined on invitation by
its convener or a coordinator, never from the join URL."""

from __future__ import annotations

import pytest
from django.core import mail

from forums import services
from forums.models import Body, Membership
from meetings.scheduling import schedule_meeting
from organisations.models import Organisation
from tests.conftest import make_user
from tests.meetings.conftest import future


@pytest.fixture
def private_forum(agreement) -> Body:
    body = Body.objects.get(slug="hytefoorumi")
    body.visibility = Body.Visibility.MEMBERS
    body.seat_scope = Body.SeatScope.COUNTY_AND_MUNICIPALITIES
    body.admits_other_organisations = False
    body.save(update_fields=["visibility", "seat_scope", "admits_other_organisations"])
    return body


@pytest.fixture
def private_network(forssa_member) -> Body:
    return services.create_network(
        actor=forssa_member,
        name_fi="Suljettu verkosto",
        purpose_fi="Valmistelee luottamuksellisia asioita",
        slug="suljettu-verkosto",
        visibility=Body.Visibility.MEMBERS,
    )


def test_a_members_only_body_is_seen_by_the_admins_who_name_its_seats(
    private_forum, forssa_admin, client_for
):
    assert client_for(forssa_admin).get(private_forum.get_absolute_url()).status_code == 200


def test_an_admin_whose_organisation_has_no_seat_gets_404(private_forum, client_for):
    regional_council = make_user("hameen-liitto", "org_admin", "admin.liitto@test.example")
    ngo = Organisation.objects.filter(is_party=False).first()
    assert ngo is not None
    ngo_admin = make_user(ngo, "org_admin", "admin.ngo@test.example")
    for user in (regional_council, ngo_admin):
        assert client_for(user).get(private_forum.get_absolute_url()).status_code == 404
        assert private_forum not in Body.objects.visible_to(user)


def test_nobody_joins_a_members_only_network_from_the_join_url(
    private_network, riihimaki_admin, client_for, assert_unchanged
):
    with assert_unchanged():
        response = client_for(riihimaki_admin).post(
            f"/structure/bodies/{private_network.slug}/join/"
        )
    assert response.status_code == 404  # not even seen by another party's admin
    assert private_network not in Body.objects.visible_to(riihimaki_admin)


def test_the_founder_brings_a_person_in_who_then_reads_its_meetings(
    private_network, forssa_member, riihimaki_member, client_for, django_capture_on_commit_callbacks
):
    founder = client_for(forssa_member)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_meeting(
            actor=forssa_member,
            body=private_network,
            title="Suljettu kokous",
            starts_at=future(9, 9),
            ends_at=future(9, 10),
            remote_url="https://teams.example/closed",
            host_organisation=forssa_member.organisation,
        )
    outsider = client_for(riihimaki_member)
    assert outsider.get(meeting.get_absolute_url()).status_code == 404
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = founder.post(
            f"/structure/bodies/{private_network.slug}/members/add/",
            {"person": riihimaki_member.pk},
        )
    assert response.status_code == 302
    assert (
        Membership.objects.current().filter(body=private_network, person=riihimaki_member).exists()
    )
    (message,) = mail.outbox
    assert message.to == [riihimaki_member.email]
    assert "Suljettu verkosto" in message.subject
    assert outsider.get(meeting.get_absolute_url()).status_code == 200


def test_only_the_networks_conveners_bring_people_in(
    private_network, forssa_member, riihimaki_member, client_for, assert_unchanged
):
    services.add_network_member(actor=forssa_member, body=private_network, person=riihimaki_member)
    other = make_user("loppi", "member", "loppi.member@test.example")
    with assert_unchanged():
        response = client_for(riihimaki_member).post(
            f"/structure/bodies/{private_network.slug}/members/add/", {"person": other.pk}
        )
    assert response.status_code == 403
