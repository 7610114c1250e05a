"""seed_demo schedules demo meetings through the convener's service; a second run adds none."""

from django.core import mail
from django.core.management import call_command

from meetings.models import Meeting, Minutes
from portal.models import OutboundEmail


def test_seed_demo_schedules_meetings_and_writes_their_invitations(
    seeded_demo, settings, django_capture_on_commit_callbacks
):
    upcoming = Meeting.objects.filter(status="scheduled")
    assert upcoming.filter(body__slug="hytefoorumi").exists()
    assert upcoming.filter(bodies__slug="turvallisuusfoorumi").exists()
    assert Minutes.objects.filter(status="approved").exists()
    assert OutboundEmail.objects.filter(kind="meeting_invitation").count() > 10
    count = Meeting.objects.count()
    settings.DEBUG = True
    mail.outbox.clear()
    call_command("seed_demo", "--password", "demo-password-123")
    assert Meeting.objects.count() == count
    assert not [m for m in mail.outbox if "Kutsu" in m.subject]
