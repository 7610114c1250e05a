import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from organisations.models import Invitation, User


def _invite(client, slug="forssa", **overrides):
    data = {
        "email": "uusi.henkilo@forssa.fi",
        "first_name": "Uusi",
        "last_name": "Henkilö",
        "job_title": "hyvinvointikoordinaattori",
        "role": "member",
        "language": "fi",
    }
    data.update(overrides)
    return client.post(f"/organisations/{slug}/members/invite/", data)


def _link_from_mail() -> str:
    body = str(mail.outbox[-1].body)
    link = re.search(r"http://testserver(/organisations/invitation/[^/\s]+/)", body)
    assert link
    return link.group(1)


def test_org_admin_invites_a_person_who_sets_a_password_and_logs_in(
    client_for, forssa_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client_for(forssa_admin))
    assert response.status_code == 302
    person = User.objects.get(email="uusi.henkilo@forssa.fi")
    assert person.organisation.slug == "forssa"
    assert not person.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["uusi.henkilo@forssa.fi"]
    assert "Kutsu" in mail.outbox[0].subject

    anonymous = client_for(None)
    link = _link_from_mail()
    assert "Aseta salasana" in anonymous.get(link).content.decode()
    response = anonymous.post(
        link,
        {
            "new_password1": "Kanta-Häme 2026 yhteistyö",
            "new_password2": "Kanta-Häme 2026 yhteistyö",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Kanta-Häme 2026 yhteistyö")
    assert anonymous.get("/dashboard/").status_code == 200


def test_a_used_link_gets_a_clear_page_and_changes_nothing(
    client_for, forssa_admin, django_capture_on_commit_callbacks, assert_unchanged
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_for(forssa_admin))
    link = _link_from_mail()
    password = "Kanta-Häme 2026 yhteistyö"
    client_for(None).post(link, {"new_password1": password, "new_password2": password})
    with assert_unchanged():
        response = client_for(None).post(
            link, {"new_password1": "toinen salasana 123", "new_password2": "toinen salasana 123"}
        )
    assert response.status_code == 410
    assert "on jo käytetty" in response.content.decode()


def test_an_expired_link_gets_a_clear_page(
    client_for, forssa_admin, django_capture_on_commit_callbacks, assert_unchanged
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_for(forssa_admin))
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    with assert_unchanged():
        response = client_for(None).get(_link_from_mail())
    assert response.status_code == 410
    assert "vanhentunut" in response.content.decode()


def test_a_made_up_link_is_not_found(client_for, agreement):
    response = client_for(None).get("/organisations/invitation/not-a-real-token/")
    assert response.status_code == 404
    assert "Linkki ei ole kelvollinen" in response.content.decode()


def test_a_weak_password_is_refused_with_a_message(
    client_for, forssa_admin, django_capture_on_commit_callbacks, assert_unchanged
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_for(forssa_admin))
    link = _link_from_mail()
    with assert_unchanged():
        response = client_for(None).post(link, {"new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    assert "liian lyhyt" in response.content.decode()


def test_resend_gives_a_new_link_and_the_old_one_stops(
    client_for, forssa_admin, django_capture_on_commit_callbacks
):
    client = client_for(forssa_admin)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client)
    old_link = _link_from_mail()
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/organisations/forssa/invitations/{invitation.pk}/resend/")
    new_link = _link_from_mail()
    assert new_link != old_link
    assert client_for(None).get(old_link).status_code == 404
    assert client_for(None).get(new_link).status_code == 200


def test_an_existing_address_is_refused(client_for, forssa_admin, forssa_member, assert_unchanged):
    with assert_unchanged():
        response = _invite(client_for(forssa_admin), email=forssa_member.email.upper())
    assert response.status_code == 200
    assert "on jo käyttäjätunnus" in response.content.decode()


def test_org_admin_cannot_invite_a_coordinator(client_for, forssa_admin, assert_unchanged):
    with assert_unchanged():
        response = _invite(client_for(forssa_admin), role="coordinator")
    assert response.status_code == 200
    assert not User.objects.filter(email="uusi.henkilo@forssa.fi").exists()


@pytest.mark.parametrize("persona", ["forssa_admin", "forssa_member", "riihimaki_member"])
def test_nobody_outside_riihimaki_invites_into_riihimaki(
    persona, personas, client_for, assert_unchanged
):
    with assert_unchanged():
        response = _invite(client_for(personas[persona]), slug="riihimaki")
    assert response.status_code == 403
    assert len(mail.outbox) == 0


def test_the_success_message_gives_the_expiry_date_not_a_rounded_number_of_days(
    client_for, forssa_admin, django_capture_on_commit_callbacks
):
    """A link valid for 7 days read "6 days" (a not-quite-whole week's .days)."""
    from django.contrib.messages import get_messages

    client = client_for(forssa_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client)
    invitation = Invitation.objects.get(user__email="uusi.henkilo@forssa.fi")
    expires = timezone.localtime(invitation.expires_at)
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    stamp = f"{expires.day}.{expires.month}.{expires.year} klo {expires.hour}.{expires.minute:02d}"
    assert f"Linkki on voimassa {stamp} asti." in message
    assert "päivää" not in message
    assert stamp in mail.outbox[-1].body
