"""axe-core (bundled, no network) on every page each persona reaches by following links.

Each persona — anonymous (in Finnish and in English), a party's member, a party's
organisation admin, a coordinator, a named preparer and a non-party organisation's admin —
starts from the front page and follows same-origin links breadth-first. One page per URL
pattern is checked (another meeting or party renders the same template); downloads, calendar
files, one-use links, logout and the Django admin are not followed; and each persona stops
after MAX_PAGES pages so the crawl stays within a few minutes. Every WCAG 2.1 A/AA violation
fails the test, and so does a page that scrolls sideways at 320 px (WCAG 1.4.10, checked by
narrowing the window) or any Content Security Policy violation the browser reports on the way.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from django.urls import Resolver404, resolve

from tests.browser.watch import watch_csp
from tests.conftest import make_user

PASSWORD = "correct horse battery staple"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MAX_PAGES = 70
NARROW = 320
NOT_FOLLOWED = re.compile(
    r"^/(admin|i18n|healthz)|/logout/|\.(ics|csv|xlsx|pdf|json)$|/file/$|/attachment/$"
    r"|/answer/[^/]+/$|/invitation/[^/]+/$|/sign-in/invitation/"
)
PERSONAS = {
    "anonymous": None,
    "anonymous_in_english": None,
    "party_member": "member.forssa@demo.example",
    "party_admin": "admin.forssa@demo.example",
    "coordinator": "coordinator@demo.example",
    "preparer": "member.hameenlinna@demo.example",  # a named preparer of the wellbeing forum
    "non_party_admin": "admin.te-toimisto@demo.example",
}


@pytest.fixture
def demo(browser_agreement, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", PASSWORD)
    settings.DEBUG = False
    make_user("hameen-te-toimisto", "org_admin", PERSONAS["non_party_admin"])


def _pattern(path: str) -> str | None:
    """The URL pattern a path belongs to; None for what the portal does not serve."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        url, _fragment = urldefrag(href)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not NOT_FOLLOWED.search(parts.path):
            paths.append(path)
    return paths


def _violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


def _reflow_problems(page) -> list[str]:
    """WCAG 1.4.10: at 320 CSS px (1280 px at 400 %) the page does not scroll sideways."""
    size = page.viewport_size
    page.set_viewport_size({"width": NARROW, "height": 640})
    width = page.evaluate("document.scrollingElement.scrollWidth")
    page.set_viewport_size(size)
    return [f"reflow: {width} px wide at {NARROW} px"] if width > NARROW else []


def crawl(page, origin: str, start: str) -> tuple[dict[str, list[str]], list[str]]:
    """Breadth-first from start: axe's findings per page, and the pages checked."""
    queue = deque([start])
    seen_patterns: set[str] = set()
    problems: dict[str, list[str]] = {}
    checked: list[str] = []
    while queue and len(checked) < MAX_PAGES:
        path = queue.popleft()
        pattern = _pattern(urlsplit(path).path)
        if pattern is None or pattern in seen_patterns:
            continue
        seen_patterns.add(pattern)
        response = page.goto(path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        assert response.status < 500, f"{path} answered {response.status}"
        checked.append(path)
        found = [*_violations(page), *_reflow_problems(page)]
        if found:
            problems[path] = found
        queue.extend(_links(page, origin))
    return problems, checked


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_a_persona_reaches_has_no_wcag_violations(
    page, login, demo, live_server, persona
):
    csp = watch_csp(page)
    email = PERSONAS[persona]
    if persona.endswith("_in_english"):
        cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}
        page.context.add_cookies([cookie])
    if email:
        login(page, email, PASSWORD)
    problems, checked = crawl(page, live_server.url, "/dashboard/" if email else "/")
    print(f"{persona}: {len(checked)} pages checked")
    assert len(checked) >= 8, checked
    assert problems == {}
    assert csp == []
