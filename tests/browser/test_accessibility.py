"""axe-core (bundled by axe-playwright-python, no network) over the main pages: WCAG 2.1 AA."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import make_user

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PUBLIC_PAGES = ["/", "/organisations/", "/organisations/forssa/", "/accounts/login/"]
ADMIN_PAGES = [
    "/dashboard/",
    "/profile/",
    "/organisations/forssa/edit/",
    "/organisations/forssa/members/",
    "/organisations/forssa/members/invite/",
]


def _violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_wcag_violations(page, browser_agreement, path):
    page.goto(path)
    assert _violations(page) == []


def test_organisation_admin_pages_have_no_wcag_violations(page, login, browser_agreement):
    make_user("forssa", "org_admin", "admin.forssa@demo.example")
    login(page, "admin.forssa@demo.example")
    problems = {}
    for path in ADMIN_PAGES:
        page.goto(path)
        found = _violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_form_errors_are_accessible(page, login, browser_agreement):
    make_user("forssa", "org_admin", "admin.forssa@demo.example")
    login(page, "admin.forssa@demo.example")
    page.goto("/organisations/forssa/members/invite/")
    page.get_by_role("button", name="Lähetä kutsu").click()
    assert page.locator(".error-summary").is_visible()
    assert _violations(page) == []
