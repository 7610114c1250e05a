"""The kept-page path itself: when the data version changes, what is never kept, and that a
kept page carries the current request's own CSRF token."""

from __future__ import annotations

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.db import transaction

from organisations.models import Organisation
from portal import audit, pagecache


def _version():
    return cache.get(pagecache.VERSION_KEY)


def test_a_committed_write_changes_the_version_once(
    agreement, page_cache, django_capture_on_commit_callbacks
):
    forssa = Organisation.objects.get(slug="forssa")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            pagecache.bump()
            before = _version()
            for _ in range(3):
                audit.record(actor=None, action="test.changed", target=forssa)
        assert _version() == before  # not before the commit
    assert len(callbacks) >= 3
    assert _version() != before


def test_a_rolled_back_write_keeps_the_version(agreement, page_cache):
    pagecache.bump()
    before = _version()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(actor=None, action="test.changed")
        raise RuntimeError
    assert _version() == before


def test_a_page_is_kept_and_served_with_a_fresh_csrf_token(client_for, forssa_admin, page_cache):
    browser = client_for(forssa_admin)
    first = browser.get("/dashboard/").content
    second = browser.get("/dashboard/").content
    assert pagecache.CSRF_MARK not in second and pagecache.NONCE_MARK not in second
    assert first != second  # the token and the nonce are each request's own
    token = second.decode().split('"X-CSRFToken": "')[1].split('"')[0]
    assert len(token) == 64


def test_htmx_requests_and_pages_with_a_message_waiting_are_built_anew(
    rf, forssa_admin, page_cache
):
    calls = []

    @pagecache.cached_page
    def view(request):
        from django.http import HttpResponse

        calls.append(1)
        return HttpResponse("page")

    def request(**headers):
        req = rf.get("/x/", headers=headers)
        req.user = forssa_admin
        req.session = {}
        req._messages = FallbackStorage(req)
        return req

    view(request())
    view(request())
    assert len(calls) == 1
    view(request(HX_Request="true"))
    assert len(calls) == 2
    waiting = request()
    waiting._messages.add(constants.SUCCESS, "Tallennettu.")
    view(waiting)
    assert len(calls) == 3


def test_nothing_is_kept_when_keeping_is_off(client_for, forssa_admin, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    cache.clear()
    client_for(forssa_admin).get("/dashboard/")
    assert cache.get(pagecache.VERSION_KEY) is None


def test_the_csrf_token_of_a_kept_page_is_accepted(forssa_admin, page_cache):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(forssa_admin, backend="django.contrib.auth.backends.ModelBackend")
    browser.get("/dashboard/")
    kept = browser.get("/dashboard/").content.decode()
    token = kept.split('"X-CSRFToken": "')[1].split('"')[0]
    response = browser.post(
        "/profile/",
        {"first_name": "Uusi", "last_name": "Nimi", "language": "fi"},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code != 403
