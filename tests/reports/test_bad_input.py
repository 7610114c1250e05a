"""Bad input gets a clear message in the user's language and queues nothing: a year outside
the agreement's years, a language not offered, a build of the same year and language already
running, conclusions that are too long — through the page, the service and the command."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from reports import services
from reports.models import CONCLUSIONS_MAX_LENGTH, Conclusions, ReportVersion

from .conftest import YEAR


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"year": 2019, "language": "fi"},
            "Vuodelta 2019 ei laadita seurantaraporttia: sopimuksen seurantavuodet ovat "
            "2023–2025 (vuodesta raportoidaan vasta sen päätyttyä).",
        ),
        (
            {"year": 2026, "language": "fi"},
            "Vuodelta 2026 ei laadita seurantaraporttia",
        ),
        (
            {"year": YEAR, "language": "sv"},
            "Raportti laaditaan suomeksi tai englanniksi, ei kielellä ”sv”.",
        ),
        ({"year": "kaksi", "language": "fi"}, "Valitse raportin vuosi ja kieli."),
    ],
)
def test_a_bad_request_says_why_and_queues_nothing(
    data, message, coordinator, client_for, assert_unchanged, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    with assert_unchanged(), django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("reports:build"), data, follow=True)
    assert callbacks == []
    assert any(message in m for m in _messages(response)), _messages(response)


def test_a_second_build_while_one_runs_is_refused(coordinator, client_for, assert_unchanged):
    running = ReportVersion.objects.create(year=YEAR, language="fi", status="running")
    client = client_for(coordinator)
    with assert_unchanged():
        response = client.post(
            reverse("reports:build"), {"year": YEAR, "language": "fi"}, follow=True
        )
    assert _messages(response) == [
        "Vuoden 2025 raporttia laaditaan jo tällä kielellä. Odota, että se valmistuu; sen "
        "eteneminen näkyy tällä sivulla."
    ]
    assert list(ReportVersion.objects.all()) == [running]
    # Another language is a build of its own.
    response = client.post(reverse("reports:build"), {"year": YEAR, "language": "en"})
    assert ReportVersion.objects.filter(language="en", status="queued").count() == 1


def test_the_database_refuses_two_builds_at_a_time_even_when_the_check_is_raced(agreement):
    from django.db import IntegrityError, transaction

    ReportVersion.objects.create(year=YEAR, language="fi", status="queued")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportVersion.objects.create(year=YEAR, language="fi", status="running")


def test_english_users_get_the_message_in_english(coordinator, client_for):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    client = client_for(coordinator)
    response = client.post(reverse("reports:build"), {"year": 2019, "language": "fi"}, follow=True)
    assert _messages(response) == [
        "There is no follow-up report for 2019: the agreement's years are 2023–2025 (a year is "
        "reported once it has ended)."
    ]


def test_conclusions_that_are_too_long_are_refused_and_nothing_is_saved(
    coordinator, client_for, assert_unchanged
):
    Conclusions.objects.create(year=YEAR, text_fi="Ennallaan.")
    client = client_for(coordinator)
    text = "x" * (CONCLUSIONS_MAX_LENGTH + 1)
    with assert_unchanged():
        response = client.post(
            reverse("reports:conclusions", args=[YEAR]),
            {"text_fi": text, "text_en": ""},
            follow=True,
        )
    assert _messages(response) == [
        "Johtopäätökset saavat olla enintään 6000 merkkiä pitkät; tässä tekstissä on 6001 "
        "merkkiä. Lyhennä tekstiä tai siirrä yksityiskohdat pöytäkirjan liitteeseen."
    ]


def test_conclusions_are_saved_with_an_audit_row_only_when_they_change(coordinator, client_for):
    from portal.models import AuditEvent

    client = client_for(coordinator)
    url = reverse("reports:conclusions", args=[YEAR])
    client.post(url, {"text_fi": "Kehitetään tietopohjaa.", "text_en": ""})
    client.post(url, {"text_fi": "Kehitetään tietopohjaa.", "text_en": ""})
    conclusions = Conclusions.objects.get(year=YEAR)
    assert conclusions.text_fi == "Kehitetään tietopohjaa."
    assert conclusions.updated_by == coordinator
    assert AuditEvent.objects.filter(action="report.conclusions_changed").count() == 1


def test_conclusions_for_a_year_without_a_report_are_refused(coordinator):
    with pytest.raises(ValidationError):
        services.save_conclusions(actor=coordinator, year=2010, text_fi="a", text_en="")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"year": 2030}, "Vuodelta 2030 ei laadita seurantaraporttia"),
        ({"year": YEAR, "lang": "de"}, "ei kielellä ”de”"),
    ],
)
def test_the_command_refuses_bad_input_and_writes_nothing(
    options, message, agreement, tmp_path, assert_unchanged
):
    output = tmp_path / "out.pdf"
    with assert_unchanged(), pytest.raises(CommandError, match=message):
        call_command("followup_report", output=str(output), **options)
    assert not output.exists()
