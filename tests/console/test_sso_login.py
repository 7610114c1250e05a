"""Signing in through an organisation's own identity provider (a fake Entra ID tenant of
Hattula): the right organisation, the right person, and refusals that change nothing."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from organisations.models import Invitation, User
from organisations.services import invite_person
from portal.models import AuditEvent
from tests.conftest import make_user

HATTULA_PERSON = {
    "sub": "hattula-subject-0001",
    "email": "aino.virtanen@hattula.fi",
    "given_name": "Aino",
    "family_name": "Virtanen",
}


def _logged_in_user(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.filter(pk=user_id).first() if user_id else None


def test_a_hattula_official_allowed_in_is_created_in_hattula_and_lands_on_the_dashboard(
    hattula_sso, fake_idp, client
):
    hattula_sso.allow_new_members = True
    hattula_sso.save(update_fields=["allow_new_members"])
    fake_idp.claims = HATTULA_PERSON
    response = fake_idp.sign_in(client, hattula_sso.provider_id)
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    user = User.objects.get(email="aino.virtanen@hattula.fi")
    assert user.organisation.slug == "hattula"
    assert user.role == User.Role.MEMBER
    assert not user.has_usable_password()
    assert _logged_in_user(client) == user
    link = SocialAccount.objects.get(user=user)
    assert (link.provider, link.uid) == (hattula_sso.provider_id, "hattula-subject-0001")
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "user.sso_created",
        "auth.sso_linked",
        "auth.logged_in",
    }
    page = client.get("/dashboard/").content.decode()
    assert "Hattula" in page


def test_the_next_sign_in_is_matched_by_subject_even_when_the_address_changed(
    hattula_sso, fake_idp, client
):
    person = make_user("hattula", "member", "aino@hattula.fi")
    SocialAccount.objects.create(
        user=person, provider=hattula_sso.provider_id, uid="hattula-subject-0001"
    )
    fake_idp.claims = {**HATTULA_PERSON, "email": "aino.v@hattula.fi"}
    response = fake_idp.sign_in(client, hattula_sso.provider_id)
    assert response["Location"] == "/dashboard/"
    assert _logged_in_user(client) == person


def test_an_invited_person_links_the_sign_in_from_the_invitation_link(
    hattula_sso, hattula_admin, fake_idp, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_person(
            actor=hattula_admin,
            organisation=hattula_admin.organisation,
            email="aino.virtanen@hattula.fi",
            first_name="Aino",
            last_name="Virtanen",
            role="member",
        )
    token = mailoutbox[-1].body.split("/organisations/invitation/")[1].split("/")[0]
    page = client.get(f"/organisations/invitation/{token}/").content.decode()
    assert "Kirjaudu organisaatiosi tunnuksilla" in page
    fake_idp.claims = HATTULA_PERSON
    response = fake_idp.sign_in(
        client,
        hattula_sso.provider_id,
        start=lambda c: c.post(f"/console/sign-in/invitation/{token}/"),
    )
    assert response["Location"] == "/dashboard/"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert _logged_in_user(client) == invitation.user
    assert SocialAccount.objects.get(user=invitation.user).uid == "hattula-subject-0001"


def test_the_email_claim_alone_never_takes_over_an_invited_account(
    hattula_sso, hattula_admin, fake_idp, client
):
    """The invited person has not opened their link: a sign-in that merely claims their
    address (Entra lets users edit it: "nOAuth") is refused, and nothing is linked."""
    invite_person(
        actor=hattula_admin,
        organisation=hattula_admin.organisation,
        email="aino.virtanen@hattula.fi",
        first_name="Aino",
        last_name="Virtanen",
        role="org_admin",
    )
    hattula_sso.allow_new_members = True
    hattula_sso.save(update_fields=["allow_new_members"])
    fake_idp.claims = {**HATTULA_PERSON, "sub": "attacker-subject"}
    response = fake_idp.sign_in(client, hattula_sso.provider_id)
    assert response.status_code == 403
    assert "on jo käyttäjätili" in response.content.decode()
    assert not SocialAccount.objects.exists()
    assert "_auth_user_id" not in client.session
    assert Invitation.objects.get().accepted_at is None


def test_the_email_claim_alone_never_logs_in_as_an_existing_user(
    hattula_sso, fake_idp, client, coordinator
):
    """Even the coordinator's address, claimed from Hattula's tenant, logs in no one."""
    hattula_sso.allow_new_members = True
    hattula_sso.save(update_fields=["allow_new_members"])
    existing = make_user("hattula", "member", "aino.virtanen@hattula.fi")
    fake_idp.claims = {**HATTULA_PERSON, "sub": "someone-else"}
    response = fake_idp.sign_in(client, hattula_sso.provider_id)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.filter(user=existing).exists()


def test_an_unknown_person_is_refused_when_the_organisation_does_not_allow_new_members(
    hattula_sso, fake_idp, client
):
    fake_idp.claims = HATTULA_PERSON
    response = fake_idp.sign_in(client, hattula_sso.provider_id)
    assert response.status_code == 403
    assert "Pyydä" in response.content.decode()
    assert not User.objects.filter(email="aino.virtanen@hattula.fi").exists()
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.organisation is not None and failed.organisation.slug == "hattula"
    assert failed.changes["login"] == [None, "aino.virtanen@hattula.fi"]


def test_an_address_outside_the_organisations_domains_is_refused_with_a_message(
    hattula_sso, fake_idp, client
):
    hattula_sso.allow_new_members = True
    hattula_sso.save(update_fields=["allow_new_members"])
    fake_idp.claims = {**HATTULA_PERSON, "email": "aino@gmail.com"}
    response = fake_idp.sign_in(client, hattula_sso.provider_id)
    assert response.status_code == 403
    page = response.content.decode()
    assert "gmail.com" in page and "Hattulan kunta" in page
    assert not User.objects.filter(email="aino@gmail.com").exists()


def test_a_linked_person_of_another_organisation_is_refused(hattula_sso, fake_idp, client):
    person = make_user("forssa", "member", "moved@hattula.fi")
    SocialAccount.objects.create(
        user=person, provider=hattula_sso.provider_id, uid="hattula-subject-0001"
    )
    fake_idp.claims = {**HATTULA_PERSON, "email": "moved@hattula.fi"}
    response = fake_idp.sign_in(client, hattula_sso.provider_id)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_token_from_another_tenant_is_refused(hattula_sso, fake_idp, client):
    person = make_user("hattula", "member", "aino@hattula.fi")
    SocialAccount.objects.create(
        user=person, provider=hattula_sso.provider_id, uid="hattula-subject-0001"
    )
    fake_idp.tenant = "99999999-0000-0000-0000-000000000000"
    fake_idp.claims = HATTULA_PERSON
    response = fake_idp.sign_in(client, hattula_sso.provider_id)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_disabled_sign_in_does_not_exist(hattula_sso, fake_idp, client):
    hattula_sso.enabled = False
    hattula_sso.save(update_fields=["enabled"])
    response = client.post(f"/accounts/oidc/{hattula_sso.provider_id}/login/")
    assert response.status_code == 404
    assert "Hattulan kunta" not in client.get("/accounts/login/").content.decode()


def test_the_login_page_offers_each_configured_organisation_and_password_login_stays(
    hattula_sso, client
):
    response = client.get("/accounts/login/")
    page = response.content.decode()
    assert "Kirjaudu organisaatiosi tunnuksilla" in page
    assert f"/accounts/oidc/{hattula_sso.provider_id}/login/" in page
    assert 'name="password"' in page
    assert "https://login.microsoftonline.com" in response["Content-Security-Policy"]


def test_a_logged_in_person_links_their_own_organisation_sign_in(hattula_sso, fake_idp, client_for):
    person = make_user("hattula", "member", "aino.virtanen@hattula.fi")
    client = client_for(person)
    fake_idp.claims = HATTULA_PERSON
    response = fake_idp.sign_in(client, hattula_sso.provider_id, process="connect")
    assert response.status_code == 302
    assert SocialAccount.objects.get(user=person).uid == "hattula-subject-0001"
    assert AuditEvent.objects.filter(action="auth.sso_linked", target_id=str(person.pk)).exists()


@pytest.mark.parametrize("organisation", ["forssa"])
def test_a_person_of_another_organisation_cannot_link_hattulas_sign_in(
    organisation, hattula_sso, fake_idp, client_for
):
    person = make_user(organisation, "member", "someone@hattula.fi")
    client = client_for(person)
    fake_idp.claims = {**HATTULA_PERSON, "email": "someone@hattula.fi"}
    response = fake_idp.sign_in(client, hattula_sso.provider_id, process="connect")
    assert response.status_code == 403
    assert not SocialAccount.objects.exists()


def test_allauths_own_confirmation_page_may_post_to_the_provider(hattula_sso, client):
    response = client.get(f"/accounts/oidc/{hattula_sso.provider_id}/login/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    form_action = next(p for p in policy.split(";") if "form-action" in p)
    assert "https://login.microsoftonline.com" in form_action
