"""Pages usable at 200 % zoom, on a 390 px phone and at 320 px (WCAG 1.4.4 and 1.4.10): the
page itself never scrolls sideways (a wide table may scroll inside its own box) and the main
action of each page stays on the screen."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

PASSWORD = "correct horse battery staple"
# A 1280 px wide screen at 200 % zoom, a phone, and WCAG 1.4.10's own reflow width (1280 px at
# 400 %).
SIZES = {
    "zoom-200": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
    "phone-390": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1},
    "reflow-320": {"viewport": {"width": 320, "height": 256}, "device_scale_factor": 4},
}
PUBLIC_PAGES = ["/", "/accessibility/", "/organisations/", "/structure/", "/accounts/login/"]
COORDINATOR_PAGES = [
    "/dashboard/",
    "/structure/bodies/hytefoorumi/",
    "/structure/parties/forssa/",
    "/structure/gaps/",
    "/structure/agreement/",
    "/structure/meetings/",
    "/structure/meetings/new/",
    "/workgroups/",
    "/metrics/",
    "/metrics/region/",
    "/metrics/review/",
    "/metrics/entry/2025/loppi/",
    "/reports/",
    "/console/",
    "/console/people/",
    "/console/audit/",
    "/console/mail/",
    "/profile/",
]


@pytest.fixture
def demo(browser_agreement, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", PASSWORD)
    settings.DEBUG = False


@pytest.fixture(params=SIZES)
def sized_page(request, _browser, live_server, transactional_db):
    context = _browser.new_context(base_url=live_server.url, locale="fi-FI", **SIZES[request.param])
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def _scrolls_sideways(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth > window.innerWidth")


def _overflowing(page, paths) -> list[str]:
    found = []
    for path in paths:
        page.goto(path)
        if _scrolls_sideways(page):
            width = page.evaluate("document.scrollingElement.scrollWidth")
            found.append(f"{path}: {width} px")
    return found


# True when the element lies within the page's width and is not cut off by a box that scrolls
# or clips sideways (a reader scrolls down to it, never sideways).
WITHIN_WIDTH = """el => {
  const box = el.getBoundingClientRect();
  if (box.left < 0 || box.right > window.innerWidth) return false;
  for (let up = el.parentElement; up; up = up.parentElement) {
    if (getComputedStyle(up).overflowX === "visible") continue;
    const clip = up.getBoundingClientRect();
    if (box.left < clip.left || box.right > clip.right) return false;
  }
  return true;
}"""


def _on_screen(page, locator) -> bool:
    return locator.evaluate(WITHIN_WIDTH)


def test_public_pages_do_not_scroll_sideways(sized_page, demo):
    assert _overflowing(sized_page, PUBLIC_PAGES) == []


def test_coordinator_pages_do_not_scroll_sideways(sized_page, login, demo):
    login(sized_page, "coordinator@demo.example", PASSWORD)
    assert _overflowing(sized_page, COORDINATOR_PAGES) == []


def test_the_representation_page_keeps_its_main_action_on_screen(sized_page, login, demo):
    login(sized_page, "admin.forssa@demo.example", PASSWORD)
    sized_page.goto("/structure/parties/forssa/")
    action = sized_page.get_by_role("link", name="Nimeä edustaja").first
    assert _on_screen(sized_page, action)
    assert not _scrolls_sideways(sized_page)
    action.click()
    sized_page.wait_for_url("**/seats/new/forssa/")


def test_a_party_reaches_the_save_button_of_a_metric(sized_page, login, demo):
    login(sized_page, "admin.loppi@demo.example", PASSWORD)
    sized_page.goto("/metrics/entry/2025/loppi/")
    save = sized_page.locator("#m-hyte-kerroin").get_by_role("button", name=re.compile("^Tallenna"))
    assert _on_screen(sized_page, save)


def test_the_convener_reaches_the_schedule_button(sized_page, login, demo):
    login(sized_page, "member.kanta-hameen-hyvinvointialue@demo.example", PASSWORD)  # the chair
    sized_page.goto("/structure/meetings/new/")
    assert _on_screen(
        sized_page, sized_page.get_by_role("button", name="Kutsu koolle ja lähetä kutsut")
    )
