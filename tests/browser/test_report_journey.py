"""The coordinator starts the 2025 follow-up report in the browser, watches its progress while
the worker builds it (the page polls, it is not reloaded) and downloads the PDF."""

from __future__ import annotations

from decimal import Decimal

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from indicators.models import Metric, Value
from reports import build, tasks
from reports.models import ReportVersion
from tests.conftest import make_user

PASSWORD = "correct horse battery staple"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]]


def test_the_coordinator_builds_watches_and_downloads_the_report(
    page, login, browser_agreement, monkeypatch
):
    coordinator = make_user("kanta-hameen-hyvinvointialue", "coordinator", "coord@test.example")
    metric = Metric.objects.get(code="aktivointiaste")
    for year, number in ((2024, "30.8"), (2025, "31.5")):
        Value.objects.create(metric=metric, year=year, number=Decimal(number), status="approved")
    # The worker is this test: the request only queues the build (as with a real broker).
    monkeypatch.setattr(tasks.build_report, "delay_on_commit", lambda *args, **kwargs: None)

    login(page, coordinator.email, PASSWORD)
    page.locator(".main-nav").get_by_role("link", name="Seurantaraportti").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vuosittainen seurantaraportti")
    page.get_by_label("Vuosi").select_option("2025")
    page.get_by_role("button", name="Laadi vuoden 2025 raportin luonnos").click()
    expect(page.locator(".messages")).to_contain_text("raporttia laaditaan taustalla")
    progress = page.locator(".report-progress")
    expect(progress).to_contain_text("Vaihe: odottaa taustaprosessia")
    expect(progress.get_by_role("progressbar")).to_be_visible()
    page.evaluate("window.notReloaded = true")

    version = ReportVersion.objects.get()
    assert build.build_version(version.pk) == "done"

    download_link = page.get_by_role("link", name="Lataa PDF")
    expect(download_link).to_be_visible()
    expect(page.locator(f"#version-{version.pk}")).to_contain_text("Valmis")
    assert page.evaluate("window.notReloaded") is True
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == f"seurantaraportti-2025-fi-v{version.pk}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert _violations(page) == []


def test_the_public_list_of_reports_is_accessible(page, browser_agreement):
    page.goto("/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Julkaistut seurantaraportit")
    assert _violations(page) == []
