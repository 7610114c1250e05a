"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Where /usr/bin/chromium is missing the tests skip with a reason; CI installs it.
"""

from __future__ import annotations

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The machine has 2 cores shared by the live server, Chromium and pytest's workers: give pages
# and assertions time (Playwright's own expect() default is 5 s).
TIMEOUT_MS = 30_000
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium to run browser tests"
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(_browser, live_server, transactional_db):
    """A fresh page (Finnish locale) whose relative URLs go to the live server."""
    context = _browser.new_context(base_url=live_server.url, locale="fi-FI")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(_browser, live_server, transactional_db):
    context = _browser.new_context(
        base_url=live_server.url, locale="fi-FI", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login():
    """login(page, email, password=PASSWORD): log in through the real login form."""

    def _login(page, email: str, password: str = PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Sähköpostiosoite").fill(email)
        page.get_by_label("Salasana").fill(password)
        page.get_by_role("button", name="Kirjaudu sisään").click()
        page.wait_for_url("**/dashboard/")

    return _login


@pytest.fixture
def browser_agreement(transactional_db):
    """The seeded agreement in a transactional test (the live server needs committed rows)."""
    from portal.seeding import SeedReport, run

    return run("seed_agreement", SeedReport())
