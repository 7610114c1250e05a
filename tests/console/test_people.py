"""People in the console: invite, resend, deactivate, reactivate, change the role and move to
another organisation; each writes its audit row, and bad input changes nothing."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from forums.models import Body, Membership, RoleAssignment
from organisations.models import Invitation, Organisation, User
from portal.models import AuditEvent
from tests.conftest import make_user


def _invite_data(**overrides):
    data = {
        "organisation": Organisation.objects.get(slug="tammela").pk,
        "email": "uusi.yhteyshenkilo@tammela.fi",
        "first_name": "Ulla",
        "last_name": "Uusi",
        "job_title": "hallintojohtaja",
        "role": "org_admin",
        "language": "fi",
    }
    data.update(overrides)
    return data


def test_the_coordinator_invites_an_organisation_admin_for_tammela(
    client_for, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post("/console/people/invite/", _invite_data())
    person = User.objects.get(email="uusi.yhteyshenkilo@tammela.fi")
    assert response.status_code == 302
    assert response["Location"] == f"/console/people/{person.pk}/"
    assert (person.organisation.slug, person.role) == ("tammela", "org_admin")
    assert mail.outbox[-1].to == ["uusi.yhteyshenkilo@tammela.fi"]
    event = AuditEvent.objects.get(action="user.invited")
    assert event.actor == coordinator
    assert event.organisation == Organisation.objects.get(slug="tammela")


def test_an_invitation_to_an_address_that_has_an_account_is_refused(
    client_for, coordinator, forssa_member, assert_unchanged
):
    with assert_unchanged():
        response = client_for(coordinator).post(
            "/console/people/invite/", _invite_data(email=forssa_member.email.upper())
        )
    assert response.status_code == 200
    assert "on jo käyttäjätunnus portaalissa" in response.content.decode()


def test_an_organisation_admin_invites_into_their_own_organisation(client_for, forssa_admin):
    forssa = Organisation.objects.get(slug="forssa")
    response = client_for(forssa_admin).post(
        "/console/people/invite/", _invite_data(organisation=forssa.pk, role="member")
    )
    assert response.status_code == 302
    assert User.objects.get(email="uusi.yhteyshenkilo@tammela.fi").organisation == forssa


def test_resending_makes_a_new_link_and_the_old_one_stops_working(
    client_for, coordinator, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/console/people/invite/", _invite_data())
    person = User.objects.get(email="uusi.yhteyshenkilo@tammela.fi")
    old = Invitation.objects.get(user=person).token_hash
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/console/people/{person.pk}/resend/")
    assert response.status_code == 302
    assert Invitation.objects.get(user=person).token_hash != old
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(action="user.invitation_resent", target_id=str(person.pk))


def test_a_deactivated_person_cannot_log_in_and_keeps_their_history(
    client_for, coordinator, forssa_member, client
):
    body = Body.objects.get(slug="hytefoorumi")
    seat = Membership.objects.create(
        body=body,
        organisation=forssa_member.organisation,
        person=forssa_member,
        valid_from=datetime.date(2024, 1, 1),
        valid_to=datetime.date(2024, 12, 31),
    )
    own_session = client_for(forssa_member)
    assert own_session.get("/dashboard/").status_code == 200
    response = client_for(coordinator).post(f"/console/people/{forssa_member.pk}/deactivate/")
    assert response.status_code == 302
    forssa_member.refresh_from_db()
    assert not forssa_member.is_active
    assert own_session.get("/dashboard/").status_code == 302  # the open session ended
    login = client.post(
        "/accounts/login/",
        {"login": forssa_member.email, "password": "correct horse battery staple"},
    )
    assert "_auth_user_id" not in client.session
    assert login.status_code in (200, 302)
    assert Membership.objects.get(pk=seat.pk).person == forssa_member
    event = AuditEvent.objects.get(action="user.deactivated")
    assert event.changes == {"is_active": [True, False]}


def test_deactivation_revokes_an_open_invitation(client_for, coordinator):
    client = client_for(coordinator)
    client.post("/console/people/invite/", _invite_data())
    person = User.objects.get(email="uusi.yhteyshenkilo@tammela.fi")
    client.post(f"/console/people/{person.pk}/deactivate/")
    assert Invitation.objects.get(user=person).revoked_at is not None


def test_reactivation_lets_the_person_in_again(client_for, coordinator, forssa_member):
    client = client_for(coordinator)
    client.post(f"/console/people/{forssa_member.pk}/deactivate/")
    response = client.post(f"/console/people/{forssa_member.pk}/reactivate/")
    assert response.status_code == 302
    forssa_member.refresh_from_db()
    assert forssa_member.is_active
    assert AuditEvent.objects.filter(action="user.reactivated").count() == 1


def test_deactivating_twice_says_so_and_changes_nothing(
    client_for, coordinator, forssa_member, assert_unchanged
):
    client = client_for(coordinator)
    client.post(f"/console/people/{forssa_member.pk}/deactivate/")
    with assert_unchanged():
        response = client.post(f"/console/people/{forssa_member.pk}/deactivate/", follow=True)
    assert "on jo poistettu käytöstä" in response.content.decode()


def test_an_organisation_admin_changes_a_role_in_their_own_organisation(
    client_for, forssa_admin, forssa_member
):
    response = client_for(forssa_admin).post(
        f"/console/people/{forssa_member.pk}/role/", {"role": "org_admin"}
    )
    assert response.status_code == 302
    forssa_member.refresh_from_db()
    assert forssa_member.role == "org_admin"
    event = AuditEvent.objects.get(action="user.role_changed")
    assert event.changes == {"role": ["member", "org_admin"]}


def test_the_last_active_coordinator_is_known(coordinator):
    from console.services import is_last_coordinator

    assert is_last_coordinator(coordinator)
    other = make_user("kanta-hameen-hyvinvointialue", "coordinator", "other.coord@test.example")
    assert not is_last_coordinator(coordinator)
    other.is_active = False
    other.save(update_fields=["is_active"])
    assert is_last_coordinator(coordinator)


def test_a_coordinator_cannot_deactivate_or_demote_themself(
    client_for, coordinator, assert_unchanged
):
    client = client_for(coordinator)
    with assert_unchanged():
        deactivate = client.post(f"/console/people/{coordinator.pk}/deactivate/")
        demote = client.post(f"/console/people/{coordinator.pk}/role/", {"role": "member"})
    assert (deactivate.status_code, demote.status_code) == (403, 403)


@pytest.fixture
def seated(forssa_member):
    """Forssa's member sits in the wellbeing forum, is a deputy in the security forum and is
    named to the municipal meeting from next month."""
    today = timezone.localdate()
    forssa = forssa_member.organisation
    other = make_user("forssa", "member", "other.forssa@test.example")
    wellbeing = Body.objects.get(slug="hytefoorumi")
    seat = Membership.objects.create(
        body=wellbeing,
        organisation=forssa,
        person=forssa_member,
        valid_from=datetime.date(2024, 1, 1),
    )
    chair = RoleAssignment.objects.create(
        body=wellbeing,
        role="chair",
        person=forssa_member,
        valid_from=datetime.date(2024, 1, 1),
        elected_on=datetime.date(2024, 1, 1),
    )
    deputy = Membership.objects.create(
        body=Body.objects.get(slug="turvallisuusfoorumi"),
        organisation=forssa,
        person=other,
        deputy=forssa_member,
        valid_from=datetime.date(2024, 1, 1),
    )
    future = Membership.objects.create(
        body=Body.objects.get(slug="kuntakokous"),
        organisation=forssa,
        person=forssa_member,
        valid_from=today + datetime.timedelta(days=30),
    )
    return {"seat": seat, "chair": chair, "deputy": deputy, "future": future}


def test_moving_warns_first_and_changes_nothing_until_confirmed(
    client_for, coordinator, forssa_member, seated, assert_unchanged
):
    hattula = Organisation.objects.get(slug="hattula")
    with assert_unchanged():
        response = client_for(coordinator).post(
            f"/console/people/{forssa_member.pk}/move/",
            {"organisation": hattula.pk, "role": "member"},
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Lue tämä ennen vahvistamista" in page
    assert Body.objects.get(slug="hytefoorumi").name in page
    assert "paikka ei ole alkanut" in page
    assert "ei ole enää varajäsen" in page
    assert 'name="confirm"' in page


def test_a_confirmed_move_ends_the_old_organisations_seats_today(
    client_for, coordinator, forssa_member, seated
):
    hattula = Organisation.objects.get(slug="hattula")
    today = timezone.localdate()
    response = client_for(coordinator).post(
        f"/console/people/{forssa_member.pk}/move/",
        {"organisation": hattula.pk, "role": "member", "confirm": "True"},
    )
    assert response.status_code == 302
    forssa_member.refresh_from_db()
    assert forssa_member.organisation == hattula
    seated["seat"].refresh_from_db()
    seated["chair"].refresh_from_db()
    seated["deputy"].refresh_from_db()
    assert seated["seat"].valid_to == today
    assert seated["chair"].valid_to == today
    assert seated["deputy"].deputy is None
    assert not Membership.objects.filter(pk=seated["future"].pk).exists()
    moved = AuditEvent.objects.filter(action="user.moved")
    forssa = Organisation.objects.get(slug="forssa")
    assert {e.organisation_id for e in moved} == {forssa.pk, hattula.pk}
    assert moved[0].changes["organisation"] == ["Forssan kaupunki", "Hattulan kunta"]
    assert AuditEvent.objects.filter(action="body.representative_ended").count() == 1
    assert AuditEvent.objects.filter(action="body.representative_cancelled").count() == 1


def test_moving_to_an_organisation_that_does_not_exist_is_refused(
    client_for, coordinator, forssa_member, assert_unchanged
):
    with assert_unchanged():
        response = client_for(coordinator).post(
            f"/console/people/{forssa_member.pk}/move/",
            {"organisation": 999999, "role": "member", "confirm": "True"},
        )
    assert response.status_code == 200
    assert "Organisaatiota ei ole" in response.content.decode()


def test_the_invitation_link_of_a_moved_person_follows_them(client_for, coordinator):
    client = client_for(coordinator)
    client.post("/console/people/invite/", _invite_data(role="member"))
    person = User.objects.get(email="uusi.yhteyshenkilo@tammela.fi")
    hattula = Organisation.objects.get(slug="hattula")
    client.post(
        f"/console/people/{person.pk}/move/",
        {"organisation": hattula.pk, "role": "member", "confirm": "True"},
    )
    assert Invitation.objects.get(user=person).organisation == hattula


def test_the_people_list_filters_by_status_and_name(client_for, coordinator, forssa_member):
    make_user("forssa", "member", "never@forssa.fi", first_name="Ville", last_name="Vanhala")
    client = client_for(coordinator)
    client.post(f"/console/people/{forssa_member.pk}/deactivate/")
    page = client.get("/console/people/", {"status": "inactive"}).content.decode()
    assert forssa_member.email in page and "never@forssa.fi" not in page
    page = client.get("/console/people/", {"q": "vanhala"}).content.decode()
    assert "never@forssa.fi" in page and forssa_member.email not in page


def test_an_organisation_admin_lists_only_their_own_people(
    client_for, forssa_admin, riihimaki_member
):
    page = client_for(forssa_admin).get("/console/people/").content.decode()
    assert forssa_admin.email in page
    assert riihimaki_member.email not in page
    assert re.search(r'name="organisation"', page) is None
