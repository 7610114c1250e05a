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


CONSOLE_PAGES = [
    "/console/",
    "/console/people/",
    "/console/people/invite/",
    "/console/people/import/",
    "/console/audit/",
    "/console/mail/",
    "/console/organisations/",
    "/console/organisations/hattula/sign-in/",
    "/console/security/",
    "/console/my-data/",
    "/console/my-data/all/",
]


def test_console_pages_have_no_wcag_violations(page, login, browser_agreement):
    from portal.models import OutboundEmail

    coordinator = make_user(
        "kanta-hameen-hyvinvointialue", "coordinator", "coordinator@demo.example"
    )
    person = make_user("forssa", "member", "member.forssa@demo.example")
    mail = OutboundEmail.objects.create(
        kind="invitation",
        to_email=person.email,
        to_user=person,
        subject="Kutsu",
        body_text="…",
        status="failed",
        last_error="550 5.1.1 User unknown",
    )
    from console.sso import SsoSettings, configure_sso
    from organisations.models import Organisation

    configure_sso(
        actor=coordinator,
        organisation=Organisation.objects.get(slug="hattula"),
        data=SsoSettings(
            server_url="https://login.microsoftonline.com/2f5c7b0e-1d3a-4c6b-9e8f-0a1b2c3d4e5f/v2.0",
            client_id="client",
            secret="secret",
            tenant_id="",
            domains="hattula.fi",
            allow_new_members=False,
            enabled=True,
        ),
    )
    page.goto("/accounts/login/")
    assert page.get_by_role("button", name="Hattulan kunta").is_visible()
    assert _violations(page) == []
    login(page, coordinator.email)
    problems = {}
    for path in [
        *CONSOLE_PAGES,
        f"/console/people/{person.pk}/",
        f"/console/people/{person.pk}/move/",
        f"/console/people/{person.pk}/role/",
        f"/console/people/{person.pk}/data/",
        f"/console/people/{person.pk}/anonymise/",
        f"/console/mail/{mail.pk}/",
    ]:
        page.goto(path)
        found = _violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_console_form_errors_are_accessible(page, login, browser_agreement):
    make_user("kanta-hameen-hyvinvointialue", "coordinator", "coordinator@demo.example")
    login(page, "coordinator@demo.example")
    page.goto("/console/organisations/hattula/sign-in/")
    page.get_by_label("Tunnistuspalvelun osoite (issuer)").fill(
        "https://login.microsoftonline.com/common/v2.0"
    )
    page.get_by_role("button", name="Tallenna").click()
    assert page.locator(".error-summary").is_visible()
    assert _violations(page) == []
