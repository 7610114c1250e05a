"""The pages people live in, as the cache tests read them: each page through the kept-page
path, and the same page built anew with keeping turned off, compared after masking what differs
from one request to the next by design (the CSRF token, the CSP nonce, an .ics DTSTAMP)."""

from __future__ import annotations

import re

from django.test import Client, override_settings

from meetings.models import CalendarFeedToken, Meeting
from organisations.models import User

DEMO = {
    "coordinator": "coordinator@demo.example",
    "forssa_admin": "admin.forssa@demo.example",
    "forssa_member": "member.forssa@demo.example",
    "riihimaki_admin": "admin.riihimaki@demo.example",
    "riihimaki_member": "member.riihimaki@demo.example",
}
PAGES = [
    "/dashboard/",
    "/organisations/",
    "/structure/",
    "/structure/bodies/hytefoorumi/",
    "/structure/bodies/hyte-tyoryhma/",
    "/structure/bodies/perhekeskus/",
    "/structure/gaps/",
    "/structure/meetings/?scope=all",
    "/structure/meetings/{meeting}/",
    "/structure/meetings/feed/{feed}.ics",
    "/metrics/region/",
    "/metrics/review/",
    "/metrics/entry/2025/forssa/",
    "/metrics/entry/2024/forssa/",
    "/metrics/metric/valimuotoinen-asuminen/",
    "/reports/",
]
_VARYING = [
    (re.compile(r'(csrfmiddlewaretoken" value=")[^"]+'), r"\1…"),
    (re.compile(r'("X-CSRFToken": ")[^"]+'), r"\1…"),
    (re.compile(r'(nonce=")[^"]+'), r"\1…"),
    (re.compile(r'("inlineScriptNonce": ")[^"]+'), r"\1…"),
    (re.compile(r"DTSTAMP:\S+"), "DTSTAMP:…"),
]


def demo_user(persona: str) -> User:
    return User.objects.get(email=DEMO[persona])


def client(persona: str | None) -> Client:
    browser = Client()
    if persona is not None:
        browser.force_login(demo_user(persona), backend="django.contrib.auth.backends.ModelBackend")
    return browser


def concrete(page: str, persona: str | None) -> str | None:
    """One of PAGES for a persona: the first upcoming demo meeting, the persona's own feed
    (None: an anonymous reader has no feed)."""
    if "{meeting}" in page:
        meetings = Meeting.objects.filter(body__slug="hytefoorumi", status="scheduled")
        return page.format(meeting=meetings.order_by("pk").values_list("pk", flat=True)[0])
    if "{feed}" in page:
        if persona is None:
            return None
        feed = CalendarFeedToken.objects.get_or_create(user=demo_user(persona))[0]
        return page.format(feed=feed.token)
    return page


def urls(persona: str | None) -> list[str]:
    return [url for url in (concrete(page, persona) for page in PAGES) if url]


def masked(response) -> tuple[int, str]:
    text = response.content.decode()
    for pattern, replacement in _VARYING:
        text = pattern.sub(replacement, text)
    return response.status_code, text


def kept(browser: Client, url: str) -> tuple[int, str]:
    """The page as the kept-page path serves it (the test's settings turn keeping on)."""
    return masked(browser.get(url))


def built_anew(browser: Client, url: str) -> tuple[int, str]:
    with override_settings(PORTAL_PAGE_CACHE_SECONDS=0):
        return masked(browser.get(url))


def difference(a: str, b: str) -> str:
    import difflib

    return "\n".join(list(difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm=""))[:40])
