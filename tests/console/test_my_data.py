"""The person's own page: their data, and their link to the organisation's sign-in; and the
console in English."""

from allauth.socialaccount.models import SocialAccount

from portal.models import AuditEvent
from tests.conftest import make_user


def test_the_profile_page_leads_to_the_persons_own_data(client_for, forssa_member):
    page = client_for(forssa_member).get("/profile/").content.decode()
    assert "/console/my-data/" in page


def test_a_person_sees_their_organisations_sign_in_and_links_it(client_for, hattula_sso, fake_idp):
    person = make_user("hattula", "member", "aino@hattula.fi")
    response = client_for(person).get("/console/my-data/")
    page = response.content.decode()
    assert "Liitä organisaatiosi tunnukset" in page
    assert "https://login.microsoftonline.com" in response["Content-Security-Policy"]


def test_a_person_removes_their_own_sign_in_link(client_for, hattula_sso):
    person = make_user("hattula", "member", "aino@hattula.fi")
    link = SocialAccount.objects.create(user=person, provider=hattula_sso.provider_id, uid="s-1")
    response = client_for(person).post("/console/my-data/sign-in/unlink/", {"account": link.pk})
    assert response.status_code == 302
    assert not SocialAccount.objects.exists()
    event = AuditEvent.objects.get(action="auth.sso_unlinked")
    assert event.changes == {"provider": ["org-hattula", None]}


def test_the_last_way_to_log_in_is_never_removed(client_for, hattula_sso, assert_unchanged):
    person = make_user("hattula", "member", "aino@hattula.fi")
    person.set_unusable_password()
    person.save(update_fields=["password"])
    link = SocialAccount.objects.create(user=person, provider=hattula_sso.provider_id, uid="s-1")
    client = client_for(person)
    with assert_unchanged():
        response = client.post(
            "/console/my-data/sign-in/unlink/", {"account": link.pk}, follow=True
        )
    assert "Aseta ensin salasana" in response.content.decode()


def test_nobody_removes_someone_elses_link(client_for, hattula_sso, assert_unchanged):
    person = make_user("hattula", "member", "aino@hattula.fi")
    other = make_user("hattula", "member", "eero@hattula.fi")
    link = SocialAccount.objects.create(user=other, provider=hattula_sso.provider_id, uid="s-2")
    with assert_unchanged():
        client_for(person).post("/console/my-data/sign-in/unlink/", {"account": link.pk})


def test_the_invitation_page_offers_the_organisations_sign_in(
    client, hattula_sso, hattula_admin, django_capture_on_commit_callbacks, mailoutbox
):
    from organisations.services import invite_person

    with django_capture_on_commit_callbacks(execute=True):
        invite_person(
            actor=hattula_admin,
            organisation=hattula_admin.organisation,
            email="aino@hattula.fi",
            first_name="Aino",
            last_name="A",
            role="member",
        )
    token = mailoutbox[-1].body.split("/organisations/invitation/")[1].split("/")[0]
    response = client.get(f"/organisations/invitation/{token}/")
    assert f"/console/sign-in/invitation/{token}/" in response.content.decode()
    assert "https://login.microsoftonline.com" in response["Content-Security-Policy"]


def test_the_console_speaks_english(client_for, coordinator):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    page = client_for(coordinator).get("/console/").content.decode()
    assert "Needs attention" in page and "Huomioitavaa" not in page
