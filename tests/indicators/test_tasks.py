"""The April reminder: daily, idempotent; a second run sends nothing."""

from indicators.models import ReminderLog
from indicators.tasks import missing_by_organisation, send_missing_value_reminders
from portal.models import OutboundEmail
from tests.conftest import make_user

from .conftest import put

MUNICIPALITY_METRICS = 6  # Forssa's yearly metrics (see test_entry)


def test_outside_april_nothing_is_sent(forssa_admin, mailoutbox):
    assert send_missing_value_reminders("2026-03-31") == 0
    assert send_missing_value_reminders("2026-05-01") == 0
    assert OutboundEmail.objects.count() == 0


def test_in_april_every_party_with_missing_values_is_reminded_once(
    metrics, forssa_admin, riihimaki_admin, mailoutbox, django_capture_on_commit_callbacks
):
    for code in [
        "asukas-ja-asiakaspalaute",
        "pakka-toimintamalli",
        "ikaantyneiden-asumistarpeet",
        "ikaantyneiden-osallistaminen",
    ]:
        put(metrics[code], 2025, True, organisation="riihimaki")
    put(metrics["hyte-kerroin"], 2025, 60, organisation="riihimaki")
    put(metrics["valimuotoinen-asuminen"], 2025, 70, organisation="riihimaki")
    with django_capture_on_commit_callbacks(execute=True):
        first = send_missing_value_reminders("2026-04-02")
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert "admin.forssa@test.example" in recipients
    assert "admin.riihimaki@test.example" not in recipients  # Riihimäki has entered everything
    forssa_mail = next(m for m in mailoutbox if m.to == ["admin.forssa@test.example"])
    assert "2025" in forssa_mail.subject and "/metrics/entry/2025/forssa/" in forssa_mail.body
    assert f"{MUNICIPALITY_METRICS} arvoa puuttuu" in forssa_mail.body
    assert first == ReminderLog.objects.filter(year=2025).count() > 0

    sent = len(mailoutbox)
    rows = OutboundEmail.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_missing_value_reminders("2026-04-03") == 0
    assert len(mailoutbox) == sent and OutboundEmail.objects.count() == rows


def test_a_party_without_an_admin_reminds_its_users(
    metrics, agreement, mailoutbox, django_capture_on_commit_callbacks
):
    member = make_user("ypaja", "member", "member.ypaja@test.example")
    with django_capture_on_commit_callbacks(execute=True):
        send_missing_value_reminders("2026-04-10")
    assert any(m.to == [member.email] for m in mailoutbox)


def test_missing_values_are_counted_per_party(metrics):
    put(metrics["hyte-kerroin"], 2025, 60, organisation="forssa")
    missing = {o.slug: len(ms) for o, ms in missing_by_organisation(2025).items()}
    assert missing["forssa"] == MUNICIPALITY_METRICS - 1
    assert missing["kanta-hameen-hyvinvointialue"] == 2  # feedback surveys and HYTE coefficient
    assert "hameen-liitto" not in missing
