import pytest


def test_login_with_email_and_password_shows_who_and_which_organisation(client, forssa_admin):
    response = client.post(
        "/accounts/login/",
        {"login": "admin.forssa@test.example", "password": "correct horse battery staple"},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert "Org_Admin Forssa" in page or forssa_admin.get_full_name() in page
    assert "Forssa · organisaation pääkäyttäjä" in page


def test_a_wrong_password_is_refused_with_a_message(client, forssa_admin):
    response = client.post(
        "/accounts/login/", {"login": "admin.forssa@test.example", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert (
        "virheellinen" in response.content.decode().lower()
        or "ei ole oikein" in response.content.decode()
    )


def test_there_is_no_open_sign_up(client, db):
    response = client.post(
        "/accounts/signup/", {"email": "hacker@example.com", "password1": "x" * 20}
    )
    from organisations.models import User

    assert not User.objects.filter(email="hacker@example.com").exists()
    assert response.status_code in (200, 302, 403)


def test_django_admin_is_for_coordinators_only(client_for, coordinator, forssa_admin):
    assert client_for(coordinator).get("/admin/").status_code == 200
    response = client_for(forssa_admin).get("/admin/")
    assert response.status_code == 302


@pytest.mark.parametrize("language,text", [("fi", "Työpöytä"), ("en", "Dashboard")])
def test_the_language_switch_changes_the_ui(client_for, forssa_member, language, text):
    client = client_for(forssa_member)
    client.post("/i18n/setlang/", {"language": language, "next": "/dashboard/"})
    assert text in client.get("/dashboard/").content.decode()


def test_a_users_saved_language_is_used(client_for, forssa_member):
    forssa_member.language = "en"
    forssa_member.save(update_fields=["language"])
    assert "My tasks" in client_for(forssa_member).get("/dashboard/").content.decode()


def test_totp_setup_is_available_to_every_user_after_reauthentication(client_for, forssa_member):
    client = client_for(forssa_member)
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    client.post("/accounts/reauthenticate/", {"password": "correct horse battery staple"})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert "secret" in response.context["form"].__dict__ or response.context["form"].secret
