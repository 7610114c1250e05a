"""The mail log: every mail with its state; a failed invitation shows on the attention view
and the coordinator sends it again (a new outbox row, the old one kept)."""

import re
import smtplib

import pytest
from django.core import mail

from console.models import ResentMail
from organisations.models import Invitation, Organisation
from organisations.services import invite_person
from portal.models import AuditEvent, OutboundEmail


@pytest.fixture
def failed_invitation(coordinator, monkeypatch, django_capture_on_commit_callbacks):
    """An invitation to Tammela whose mail the SMTP server refused for good (5xx)."""

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"uusi@tammela.fi": (550, b"5.1.1 User unknown")})

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_person(
            actor=coordinator,
            organisation=Organisation.objects.get(slug="tammela"),
            email="uusi@tammela.fi",
            first_name="Uusi",
            last_name="Tammelalainen",
            role="org_admin",
        )
    monkeypatch.undo()
    row = OutboundEmail.objects.get(kind="invitation")
    assert row.status == OutboundEmail.Status.FAILED
    return invitation, row


def test_the_coordinator_sees_a_failed_invitation_and_sends_it_again(
    client_for, coordinator, failed_invitation, django_capture_on_commit_callbacks
):
    invitation, failed = failed_invitation
    client = client_for(coordinator)
    page = client.get("/console/").content.decode()
    assert "uusi@tammela.fi" in page
    assert "550" in page and "User unknown" in page
    assert f"/console/mail/{failed.pk}/" in page

    detail = client.get(f"/console/mail/{failed.pk}/").content.decode()
    assert "Lähetä uudelleen" in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/console/mail/{failed.pk}/resend/")
    assert response.status_code == 302

    failed.refresh_from_db()
    assert failed.status == OutboundEmail.Status.FAILED  # the old row stays as it was
    resend = ResentMail.objects.get(original=failed)
    assert resend.replacement.status == OutboundEmail.Status.SENT
    assert mail.outbox[-1].to == ["uusi@tammela.fi"]
    found = re.search(r"(/organisations/invitation/[^/\s]+/)", str(mail.outbox[-1].body))
    assert found is not None
    link = found.group(1)
    assert client_for(None).get(link).status_code == 200  # the fresh link works
    assert AuditEvent.objects.get(action="mail.resent").changes == {
        "mail": [failed.pk, resend.replacement.pk]
    }
    assert (
        "uusi@tammela.fi"
        not in client.get("/console/")
        .content.decode()
        .split('id="mail-heading"')[1]
        .split("</section>")[0]
    )
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_another_failed_mail_is_sent_again_as_a_copy(
    client_for, coordinator, forssa_member, django_capture_on_commit_callbacks
):
    failed = OutboundEmail.objects.create(
        kind="agreement_review",
        to_email=forssa_member.email,
        to_user=forssa_member,
        subject="Muistutus",
        body_text="Kokous huomenna",
        status=OutboundEmail.Status.FAILED,
        attempts=6,
        last_error="SMTPServerDisconnected",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(coordinator).post(f"/console/mail/{failed.pk}/resend/")
    copy = ResentMail.objects.get(original=failed).replacement
    assert (copy.subject, copy.body_text, copy.to_user) == (
        "Muistutus",
        "Kokous huomenna",
        forssa_member,
    )
    assert OutboundEmail.objects.count() == 2


def test_a_mail_that_did_not_fail_is_not_resent(
    client_for, coordinator, forssa_member, assert_unchanged
):
    sent = OutboundEmail.objects.create(
        kind="x", to_email=forssa_member.email, subject="S", body_text="B", status="sent"
    )
    with assert_unchanged():
        response = client_for(coordinator).post(f"/console/mail/{sent.pk}/resend/", follow=True)
    assert "Uudelleen voi lähettää vain" in response.content.decode()


def test_a_mail_is_resent_once(client_for, coordinator, failed_invitation, assert_unchanged):
    _invitation, failed = failed_invitation
    client = client_for(coordinator)
    client.post(f"/console/mail/{failed.pk}/resend/")
    with assert_unchanged():
        response = client.post(f"/console/mail/{failed.pk}/resend/", follow=True)
    assert "on jo lähetetty uudelleen" in response.content.decode()


def test_an_organisation_admin_sees_their_own_peoples_mails_only(
    client_for, forssa_admin, forssa_member, riihimaki_member
):
    for person in (forssa_member, riihimaki_member):
        OutboundEmail.objects.create(
            kind="x", to_email=person.email, to_user=person, subject="S", body_text="B"
        )
    page = client_for(forssa_admin).get("/console/mail/").content.decode()
    assert forssa_member.email in page
    assert riihimaki_member.email not in page


def test_the_mail_log_never_shows_a_mails_content(client_for, coordinator, failed_invitation):
    _invitation, failed = failed_invitation
    page = client_for(coordinator).get(f"/console/mail/{failed.pk}/").content.decode()
    assert "/organisations/invitation/" not in page


def test_the_log_filters_by_status(client_for, coordinator, failed_invitation, forssa_member):
    OutboundEmail.objects.create(
        kind="x", to_email=forssa_member.email, subject="S", body_text="B", status="sent"
    )
    response = client_for(coordinator).get("/console/mail/", {"status": "failed"})
    assert [m.to_email for m in response.context["page"]] == ["uusi@tammela.fi"]
