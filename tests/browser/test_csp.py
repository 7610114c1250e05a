"""The Content Security Policy holds in the browser: no 'unsafe-inline' anywhere, and the pages
that change in place (a metric row saved with htmx, a report build polled until done) make
Chromium report no violation — neither the `securitypolicyviolation` event nor its console line.
The crawl (test_accessibility_crawl) and the keyboard journeys (test_keyboard) fail on a
violation too; this module covers the in-place paths they do not take and proves that the
watcher sees a violation when there is one."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from reports import build, tasks
from reports.models import ReportVersion
from tests.browser.watch import watch_csp

PASSWORD = "correct horse battery staple"


@pytest.fixture
def demo(browser_agreement, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", PASSWORD)
    settings.DEBUG = False


def test_the_policy_allows_no_inline_script_or_style(page, browser_agreement):
    response = page.goto("/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert re.search(r"style-src 'self'(;|$)", policy), policy


def test_the_watcher_reports_an_inline_style(page, browser_agreement):
    csp = watch_csp(page)
    page.goto("/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    expect(page.locator("body")).to_contain_text("x")
    assert any("style-src" in line for line in csp), csp


def _save(page, code: str, expected: str, where: str = ".entry-feedback") -> None:
    page.locator(f"#m-{code}").get_by_role("button", name=re.compile("^Tallenna")).click()
    expect(page.locator(f"#m-{code} {where}")).to_contain_text(expected)


def test_rows_saved_in_place_log_no_violation(page, login, demo):
    csp = watch_csp(page)
    login(page, "admin.loppi@demo.example", PASSWORD)
    page.goto("/metrics/entry/2025/loppi/")
    page.locator("#m-asukas-ja-asiakaspalaute").get_by_label("kyllä").check()
    _save(page, "asukas-ja-asiakaspalaute", "Tallennettu luonnokseksi")
    hyte = page.locator("#m-hyte-kerroin")
    hyte.get_by_label(re.compile("^Arvo")).fill("paljon")
    _save(page, "hyte-kerroin", "Anna luku", where=".error")
    page.locator("#m-hyte-kerroin").get_by_label(re.compile("^Arvo")).fill("57,5")
    _save(page, "hyte-kerroin", "Tallennettu luonnokseksi")
    # Far from the previous year's value: saved with a warning.
    page.locator("#m-hyte-kerroin").get_by_label(re.compile("^Arvo")).fill("5000")
    _save(page, "hyte-kerroin", "Tarkista arvo")
    expect(page.locator("#entry-progress")).to_contain_text("2/6 syötetty")
    assert csp == []


def test_a_report_build_polled_in_place_logs_no_violation(page, login, demo, monkeypatch):
    monkeypatch.setattr(tasks.build_report, "delay_on_commit", lambda *args, **kwargs: None)
    csp = watch_csp(page)
    login(page, "coordinator@demo.example", PASSWORD)
    page.goto("/reports/")
    page.get_by_label("Vuosi").select_option("2025")
    page.get_by_role("button", name="Laadi vuoden 2025 raportin luonnos").click()
    expect(page.locator(".report-progress")).to_be_visible()
    version = ReportVersion.objects.get()
    assert build.build_version(version.pk) == "done"
    expect(page.locator(f"#version-{version.pk}")).to_contain_text("Valmis")
    assert csp == []
