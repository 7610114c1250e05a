"""Two personas with different rights never receive each other's kept page: a matrix over the
personas and the pages people live in, a members-only body and an unapproved value included."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums.models import AgreementPeriod, Body, Membership
from organisations.models import Organisation

from .cache_pages import PAGES, built_anew, client, concrete, demo_user, difference, kept

PERSONAS = [
    None,
    "coordinator",
    "forssa_admin",
    "forssa_member",
    "riihimaki_admin",
    "riihimaki_member",
]
CLOSED = "/structure/bodies/suljettu-ryhma/"


@pytest.fixture
def closed_body(seeded_demo):
    """A members-only workgroup where only Forssa's member sits."""
    body = Body.objects.create(
        period=AgreementPeriod.objects.get(slug="puitesopimus-2023"),
        slug="suljettu-ryhma",
        tier=Body.Tier.WORKGROUPS,
        kind=Body.Kind.WORKGROUP,
        name_fi="Suljettu ryhmä",
        visibility=Body.Visibility.MEMBERS,
    )
    member = demo_user("forssa_member")
    Membership.objects.create(
        body=body,
        organisation=Organisation.objects.get(slug="forssa"),
        person=member,
        valid_from="2024-01-01",
    )
    return body


def _persona_urls(persona: str | None, page: str) -> list[str]:
    url = concrete(page, persona)
    return [url] if url else []


@pytest.mark.parametrize("page", [*PAGES, CLOSED])
def test_no_persona_is_served_a_page_kept_for_another(page, closed_body, page_cache):
    browsers = {persona: client(persona) for persona in PERSONAS}
    seen = {}
    for persona, browser in browsers.items():  # everyone fills the cache, in turn
        for url in _persona_urls(persona, page):
            seen[(persona, url)] = kept(browser, url)
    for persona, browser in reversed(list(browsers.items())):
        for url in _persona_urls(persona, page):
            with CaptureQueriesContext(connection) as served:
                page_now = kept(browser, url)
            with CaptureQueriesContext(connection) as built:
                fresh = built_anew(browser, url)
            assert page_now == fresh, (persona, url, difference(page_now[1], fresh[1]))
            if fresh[0] == 200 and len(built) > 8:
                assert len(served) < len(built), (persona, url)  # it was the kept page
    # The personas really see different pages (a feed is each person's own URL).
    assert len(set(seen.values())) > 1 or "{feed}" in page


def test_an_unapproved_value_stays_with_its_own_party_when_pages_are_kept(seeded_demo, page_cache):
    forssa, riihimaki = client("forssa_admin"), client("riihimaki_admin")
    own = kept(forssa, "/metrics/metric/valimuotoinen-asuminen/")[1]
    other = kept(riihimaki, "/metrics/metric/valimuotoinen-asuminen/")[1]
    assert own != other
    assert kept(riihimaki, "/metrics/metric/valimuotoinen-asuminen/")[1] == other


def test_a_members_only_body_is_not_served_from_a_members_kept_page(closed_body, page_cache):
    assert kept(client("forssa_member"), CLOSED)[0] == 200
    assert kept(client("riihimaki_member"), CLOSED)[0] == 404
    assert kept(client(None), CLOSED)[0] in (302, 404)
