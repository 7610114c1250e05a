"""Whole rendered pages kept in the shared cache, valid for one version of the data.

The data version is a random token in the shared cache (the database cache in the one-command
setup, Redis in production). Every write of domain data changes it once its transaction
commits: `portal.audit.record` (the one path every service writes through) and, as a net for
rows saved outside a service, a `post_save`/`post_delete`/`m2m_changed` of any model but
`UNWATCHED_APPS`' (`PortalConfig.ready`); the outbox and report builds, which move rows with a
conditional UPDATE (no signal), call `bump_on_commit` themselves. A new random token, never a
counter: a cache that lost the version can never bring an old page back. A page is read with
the version first and stored under it, so a write committed while it was being built leaves
it under a version that is no longer current.

A page is kept per person, per exact URL, per language and per day, with the person's role,
organisation and state in the key too: a person only ever gets a page built for themself by
the same view, so a cached page can never show more than the page itself would. A page is
kept for `PORTAL_PAGE_CACHE_SECONDS` at most (0 turns caching off), which bounds what time
alone changes (an upcoming meeting becoming past). Only plain GETs of 200 pages are kept; an
htmx request, a page with a message waiting to be shown and any other answer are built anew.
The CSRF token and the CSP nonce of the request that built the page are replaced with the
current request's own on the way out.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
import zlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

log = logging.getLogger(__name__)
VERSION_KEY = "portal:data-version"
CSRF_MARK = b"__portal_csrf_token__"
NONCE_MARK = b"__portal_csp_nonce__"
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control")
# Rows that are not what any page shows: sessions (saved on many requests), content types and
# the Django admin's own log (an admin change saves the changed row too).
UNWATCHED_APPS = {"sessions", "contenttypes", "admin"}


def bump() -> None:
    """A new data version: every kept page is built anew on its next request. A cache that
    cannot be written (no cache table yet while migrating a new database) serves no kept page
    either: the write goes on, logged."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:
        log.exception("The data version could not be changed in the cache")


def bump_on_commit() -> None:
    """Retire every kept page once the current transaction commits (at once outside one).
    However many rows a transaction writes, its commit changes the version once: every
    callback it registers shares one ticket, and only the first to run bumps."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        bump()
        return
    ticket = getattr(connection, "_portal_bump_ticket", None)
    if ticket is None or ticket["done"]:
        ticket = {"done": False}
        connection._portal_bump_ticket = ticket

    def once() -> None:
        if not ticket["done"]:
            ticket["done"] = True
            bump()

    once.retires_kept_pages = True  # type: ignore[attr-defined]  # tests tell it from tasks
    transaction.on_commit(once)


def _enabled() -> bool:
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 0) > 0


def _reader(request: HttpRequest) -> str:
    user = request.user
    if not user.is_authenticated:
        return "anonymous"
    return f"{user.pk}.{user.role}.{user.organisation_id}.{user.is_active}"


def page_key(request: HttpRequest) -> str:
    """Everything that changes what the page shows besides the data: who, which page (path and
    query), the language, the host it links to and the day."""
    parts = [
        _reader(request),
        request.get_host(),
        request.get_full_path(),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"portal:page:z1:{digest}"  # z1: the stored form (zlib bytes); a new form, new keys


def _cacheable(request: HttpRequest) -> bool:
    return (
        _enabled()
        and request.method == "GET"
        and not request.headers.get("HX-Request")
        and not len(get_messages(request))
    )


def _serve(request: HttpRequest, payload: dict[str, Any]) -> HttpResponse:
    content = zlib.decompress(payload["content"])
    if CSRF_MARK in content:
        content = content.replace(CSRF_MARK, get_token(request).encode())
    if NONCE_MARK in content:
        nonce = str(request.csp_nonce)  # type: ignore[attr-defined]
        content = content.replace(NONCE_MARK, nonce.encode())
    response = HttpResponse(content)
    for name, value in payload["headers"].items():
        response[name] = value
    return response


def _keep(request: HttpRequest, response: HttpResponse, key: str, version: str) -> None:
    """Store the page compressed (a tenth of its size in the cache's rows), with the request's
    own CSRF token and CSP nonce replaced by marks."""
    content = response.content
    token = getattr(request, "_portal_csrf_token", None)
    if token:
        content = content.replace(token.encode(), CSRF_MARK)
    nonce = getattr(request, "_csp_nonce", None)
    if nonce:
        content = content.replace(str(nonce).encode(), NONCE_MARK)
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    payload = {"version": version, "content": zlib.compress(content, 1), "headers": headers}
    cache.set(key, payload, settings.PORTAL_PAGE_CACHE_SECONDS)


def _fresh(response: Any) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
        and "no-cache" not in response.get("Cache-Control", "")
    )


def cached_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Keep the view's page for the current data version (put it below the view's access
    decorators; the view's own checks are part of what is kept, per person)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = uuid.uuid4().hex
            if not cache.add(VERSION_KEY, version, None):
                version = cache.get(VERSION_KEY) or version
        payload = found.get(key)
        if payload is not None and payload["version"] == version:
            return _serve(request, payload)
        response = view(request, *args, **kwargs)
        if _fresh(response):
            _keep(request, response, key, version)
        return response

    return wrapper


def data_changed(sender: Any, **kwargs: Any) -> None:
    """post_save / post_delete / m2m_changed of any model but the ones below."""
    if sender._meta.app_label not in UNWATCHED_APPS:
        bump_on_commit()


def csrf(request: HttpRequest) -> dict[str, Any]:
    """One CSRF token for everything a request renders, so a kept page can swap it for the
    next request's own (a context processor: it comes after Django's built-in one)."""

    def token() -> str:
        if not hasattr(request, "_portal_csrf_token"):
            request._portal_csrf_token = get_token(request)  # type: ignore[attr-defined]
        return request._portal_csrf_token  # type: ignore[attr-defined]

    return {"csrf_token": SimpleLazyObject(token)}
