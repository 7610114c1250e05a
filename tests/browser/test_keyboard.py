"""The main journeys with the keyboard only (WCAG 2.1.1, 2.4.3, 2.4.7): Tab, Shift+Tab, Enter,
Space, arrow keys and typing through page.keyboard, never a mouse click or a locator action.
Every element the focus lands on shows a visible focus indicator, and the browser reports no
Content Security Policy violation on the way (an in-place save included)."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from indicators.models import Value, entry_year
from meetings.models import Meeting
from reports import build, tasks
from reports.models import ReportVersion
from tests.browser.watch import watch_csp

PASSWORD = "correct horse battery staple"
MAX_PRESSES = 120
# "" when the focused element shows an outline or a focus ring, else a description of it.
FOCUS_INDICATOR = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "";
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  if (outline || style.boxShadow !== "none") return "";
  return `${el.outerHTML.slice(0, 160)} (outline: ${style.outlineStyle} ${style.outlineWidth})`;
}"""


@pytest.fixture
def demo(browser_agreement, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", PASSWORD)
    settings.DEBUG = False


def _has_focus(locator: Locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page: Page, locator: Locator, key: str = "Tab") -> None:
    """Press Tab until the locator has the focus, checking the focus is visible at each stop."""
    for _ in range(MAX_PRESSES):
        page.keyboard.press(key)
        hidden = page.evaluate(FOCUS_INDICATOR)
        assert hidden == "", f"focus not visible on {hidden}"
        if _has_focus(locator):
            return
    raise AssertionError(f"{MAX_PRESSES} presses of {key} never reached {locator}")


def activate(page: Page, locator: Locator, key: str = "Enter") -> None:
    tab_to(page, locator)
    page.keyboard.press(key)


def follow(page: Page, locator: Locator) -> None:
    """Tab to a link or a submit button and press Enter; wait for the page it leads to."""
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def nav_link(page: Page, name: str) -> Locator:
    return page.locator(".main-nav").get_by_role("link", name=name, exact=True)


def type_datetime(page: Page, day: datetime.date, time: str) -> None:
    """Into a focused datetime-local field. Debian's Chromium draws the field in its own UI
    language (en-US: month, day, year, hours, minutes, AM/PM), whatever the page's language."""
    page.keyboard.type(f"{day:%m%d%Y}")
    page.keyboard.press("ArrowRight")
    page.keyboard.type(time)
    page.keyboard.type("A")


def keyboard_login(page: Page, email: str) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Siirry sisältöön")).to_be_focused()
    follow(page, page.locator(".site-header").get_by_role("link", name="Kirjaudu sisään"))
    page.wait_for_url("**/accounts/login/**")
    tab_to(page, page.get_by_label("Sähköpostiosoite"))
    page.keyboard.type(email)
    tab_to(page, page.get_by_label("Salasana"))
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/")


def test_log_in_and_out_with_the_keyboard(page, demo):
    csp = watch_csp(page)
    keyboard_login(page, "member.forssa@demo.example")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    activate(page, page.locator(".user-menu summary"))
    follow(page, page.get_by_role("button", name="Kirjaudu ulos"))
    expect(page.locator(".site-header").get_by_role("link", name="Kirjaudu sisään")).to_be_visible()
    assert csp == []


def test_a_convener_schedules_a_meeting_with_the_keyboard(page, demo):
    csp = watch_csp(page)
    keyboard_login(page, "member.kanta-hameen-hyvinvointialue@demo.example")  # the forum's chair
    follow(page, nav_link(page, "Kokoukset"))
    follow(page, page.get_by_role("link", name="Kutsu kokous koolle"))
    tab_to(page, page.get_by_label("Toimielin"))
    page.keyboard.type("Hyvinvointifoorumi")
    tab_to(page, page.get_by_label("Kokouksen nimi"))
    page.keyboard.type("Näppäimistöllä kutsuttu kokous")
    day = timezone.localdate() + datetime.timedelta(days=21)
    for label, time in (("Alkaa", "0900"), ("Päättyy", "1100")):
        tab_to(page, page.get_by_label(label))
        type_datetime(page, day, time)
    tab_to(page, page.get_by_label("Paikka"))
    page.keyboard.type("Hämeenlinnan kaupungintalo")
    follow(page, page.get_by_role("button", name="Kutsu koolle ja lähetä kutsut"))
    expect(page.get_by_text("Kokous kutsuttiin koolle")).to_be_visible()
    meeting = Meeting.objects.get(title="Näppäimistöllä kutsuttu kokous")
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "09:00"
    assert csp == []


def test_a_party_enters_a_metric_value_with_the_keyboard(page, demo):
    csp = watch_csp(page)
    keyboard_login(page, "admin.loppi@demo.example")
    follow(page, nav_link(page, "Mittarit"))
    if entry_year() == 2025:
        follow(
            page, page.get_by_role("link", name="Syötä organisaation Loppi tiedot vuodelta 2025")
        )
    else:
        page.goto("/metrics/entry/2025/loppi/")
    row = page.locator("#m-asukas-ja-asiakaspalaute")
    tab_to(page, row.locator("input[type=radio]").first)
    yes = row.get_by_label("kyllä")
    for _ in range(3):
        if yes.is_checked():
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    activate(page, row.get_by_role("button"))
    expect(page.locator("#m-asukas-ja-asiakaspalaute .entry-feedback")).to_contain_text(
        "Tallennettu luonnokseksi"
    )
    # The row was replaced in place; the focus stays on its button, not back at the page's top.
    expect(page.locator("#m-asukas-ja-asiakaspalaute").get_by_role("button")).to_be_focused()
    value = Value.objects.get(
        organisation__slug="loppi", year=2025, metric__code="asukas-ja-asiakaspalaute"
    )
    assert value.yes_no is True
    assert csp == []


def test_the_coordinator_builds_and_downloads_the_report_and_uses_the_console_with_the_keyboard(
    page, demo, monkeypatch
):
    # The worker is this test: the request only queues the build (as with a real broker).
    monkeypatch.setattr(tasks.build_report, "delay_on_commit", lambda *args, **kwargs: None)
    csp = watch_csp(page)
    keyboard_login(page, "coordinator@demo.example")
    follow(page, nav_link(page, "Seurantaraportti"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vuosittainen seurantaraportti")
    tab_to(page, page.get_by_label("Vuosi"))
    page.keyboard.type("2025")
    follow(page, page.get_by_role("button", name="Laadi vuoden 2025 raportin luonnos"))
    assert build.build_version(ReportVersion.objects.get().pk) == "done"
    download = page.get_by_role("link", name="Lataa PDF")
    expect(download).to_be_visible()  # the page polls the build; it is not reloaded
    tab_to(page, download)
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.startswith("seurantaraportti-2025-fi")
    follow(page, nav_link(page, "Hallinta"))
    page.wait_for_url("**/console/")
    follow(page, page.locator(".console-nav").get_by_role("link", name="Käyttäjät"))
    page.wait_for_url("**/console/people/**")
    tab_to(page, page.get_by_label("Nimi tai sähköpostiosoite"))
    page.keyboard.type("loppi")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Jäsen Loppi")).to_be_visible()
    assert csp == []
