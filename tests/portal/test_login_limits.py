"""Login rate limits (portal.login_limits): a guesser is stopped, the real person gets in.

Each test runs with the limits the production settings configure (PORTAL_LOGIN_LIMITS)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from portal import login_limits
from portal import settings as production
from tests.conftest import make_user

PASSWORD = "correct horse battery staple"
OFFICE = "192.0.2.10"  # a municipality's office: everyone behind one address
ELSEWHERE = "198.51.100.7"


@pytest.fixture(autouse=True)
def _limits_on(settings):
    settings.PORTAL_LOGIN_LIMITS = production.PORTAL_LOGIN_LIMITS
    settings.ACCOUNT_RATE_LIMITS = production.ACCOUNT_RATE_LIMITS
    cache.clear()
    yield
    cache.clear()


def attempt(client: Client, email: str, password: str, address: str) -> bool:
    """One login; True when it logged in (the client is logged out again afterwards)."""
    client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=address)
    logged_in = "_auth_user_id" in client.session
    if logged_in:
        client.post("/accounts/logout/", REMOTE_ADDR=address)
    return logged_in


def refused_message(client: Client, email: str, password: str, address: str) -> str:
    response = client.post(
        "/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=address
    )
    return response.content.decode()


def test_a_stranger_s_wrong_passwords_do_not_lock_the_official_out(forssa_admin):
    stranger = Client()
    for _ in range(8):
        assert not attempt(stranger, forssa_admin.email, "arvaus", ELSEWHERE)
    # The official, at the office, with the right password: in at once.
    assert attempt(Client(), forssa_admin.email, PASSWORD, OFFICE)


def test_a_guesser_is_stopped_after_five_failures_even_with_the_right_password(forssa_admin):
    guesser = Client()
    for _ in range(5):
        assert not attempt(guesser, forssa_admin.email, "arvaus", ELSEWHERE)
    # The sixth try is refused before the password is looked at, right or wrong.
    assert not attempt(guesser, forssa_admin.email, PASSWORD, ELSEWHERE)
    page = refused_message(guesser, forssa_admin.email, PASSWORD, ELSEWHERE)
    assert "liian monta" in page.lower() or "too many" in page.lower()


def test_guessing_from_many_addresses_is_stopped_for_unknown_browsers(forssa_admin):
    for n in range(20):
        assert not attempt(Client(), forssa_admin.email, "arvaus", f"203.0.113.{n + 1}")
    assert not attempt(Client(), forssa_admin.email, PASSWORD, "203.0.113.200")


def test_a_browser_the_official_logged_in_from_before_is_never_locked_out_by_others(
    forssa_admin,
):
    own_browser = Client()
    assert attempt(own_browser, forssa_admin.email, PASSWORD, OFFICE)
    assert login_limits.COOKIE in own_browser.cookies
    for n in range(25):  # spread over many addresses: the account is closed to strangers
        attempt(Client(), forssa_admin.email, "arvaus", f"203.0.113.{n + 1}")
    assert not attempt(Client(), forssa_admin.email, PASSWORD, OFFICE)
    assert attempt(own_browser, forssa_admin.email, PASSWORD, OFFICE)


def test_a_known_browser_is_still_limited_in_its_own_guesses(forssa_admin):
    browser = Client()
    assert attempt(browser, forssa_admin.email, PASSWORD, OFFICE)
    for _ in range(production.PORTAL_LOGIN_LIMITS["device"][0]):
        assert not attempt(browser, forssa_admin.email, "arvaus", OFFICE)
    assert not attempt(browser, forssa_admin.email, PASSWORD, OFFICE)
    # Its failures were its own: another browser at the office is not refused.
    assert attempt(Client(), forssa_admin.email, PASSWORD, OFFICE)


def test_the_device_cookie_belongs_to_one_account(forssa_admin, forssa_member):
    browser = Client()
    assert attempt(browser, forssa_admin.email, PASSWORD, OFFICE)
    request = _request(browser)
    assert login_limits.known_device(request, forssa_admin.email)
    assert not login_limits.known_device(request, forssa_member.email)


def test_a_whole_office_s_failures_do_not_refuse_the_office_s_other_accounts(agreement):
    people = [make_user("forssa", "member", f"henkilo{n}@forssa.test") for n in range(16)]
    for person in people[:15]:  # fifteen typos in a minute behind the office's one address
        assert not attempt(Client(), person.email, "kirjoitusvirhe", OFFICE)
    assert attempt(Client(), people[15].email, PASSWORD, OFFICE)
    assert attempt(Client(), people[0].email, PASSWORD, OFFICE)


def test_one_address_trying_many_accounts_is_stopped(agreement, forssa_admin):
    limit = production.PORTAL_LOGIN_LIMITS["address"][0]
    for n in range(limit):
        attempt(Client(), f"ei-ole-{n}@example.com", "arvaus", ELSEWHERE)
    assert not attempt(Client(), forssa_admin.email, PASSWORD, ELSEWHERE)
    # The same person from their own office is not affected.
    assert attempt(Client(), forssa_admin.email, PASSWORD, OFFICE)


def test_a_password_reset_clears_the_account_s_count(forssa_admin, rf):
    from allauth.account.adapter import get_adapter

    for n in range(20):
        attempt(Client(), forssa_admin.email, "arvaus", f"203.0.113.{n + 1}")
    assert not attempt(Client(), forssa_admin.email, PASSWORD, OFFICE)
    request = rf.post("/", REMOTE_ADDR=OFFICE)
    get_adapter(request)._delete_login_attempts_cached_email(request, email=forssa_admin.email)
    assert attempt(Client(), forssa_admin.email, PASSWORD, OFFICE)


def _request(client: Client):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.COOKIES = {k: v.value for k, v in client.cookies.items()}
    return request
