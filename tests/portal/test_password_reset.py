import re

from django.core import mail

from portal.models import OutboundEmail


def test_password_reset_mail_goes_through_the_outbox_and_works(
    client, forssa_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": forssa_member.email})
    assert response.status_code == 302
    row = OutboundEmail.objects.get(to_email=forssa_member.email)
    assert row.status == OutboundEmail.Status.SENT
    body = str(mail.outbox[0].body)
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", body)
    assert link
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200


def test_password_reset_for_an_unknown_address_reveals_nothing(client, agreement):
    response = client.post("/accounts/password/reset/", {"email": "nobody@nowhere.example"})
    assert response.status_code == 302
