"""Login rate limits that stop online password guessing without letting a stranger lock an
official out (README: Permissions → Logging in).

allauth's own ``login_failed`` limit counts failures per address and per account and then refuses
even the right password: five wrong guesses by anyone lock the account for everyone, and ten
failures a minute from a municipality's shared office address lock the whole office. Instead
(OWASP's "device cookies"):

- A browser where the person has logged in before carries a signed *known device* cookie bound to
  the account. Its failures count against that cookie only (``device``); strangers' failures
  never refuse it.
- Every other attempt counts on three keys: the account from this address (``pair``, strict), the
  account from every unknown browser together (``account``, catches guessing spread over many
  addresses), and the address over every account (``address``, generous: a whole office shares
  one; catches one address trying many accounts).
- Over a limit the attempt is refused before the password is looked at, so a guesser learns
  nothing more; only failures count, and a password reset clears the account's counts.

Counts live in the shared cache (``DJANGO_CACHE_URL``, or the database cache), so all web
processes see the same numbers.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache

COOKIE = "portal_known_device"
COOKIE_AGE = 180 * 24 * 3600
_SALT = "portal.login_limits.device"


@dataclass(frozen=True)
class Limit:
    amount: int
    seconds: int


def limits() -> dict[str, Limit]:
    """``PORTAL_LOGIN_LIMITS`` as ``Limit`` rows; empty when rate limits are off."""
    return {key: Limit(*value) for key, value in (settings.PORTAL_LOGIN_LIMITS or {}).items()}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _cache_key(kind: str, value: str) -> str:
    return f"portal:login-failures:{kind}:{_digest(value)}"


def _recent(key: str, limit: Limit, now: float) -> list[float]:
    return [t for t in cache.get(key, []) if t > now - limit.seconds]


@dataclass
class Attempt:
    """One login attempt: which counters it is judged by and which its failure adds to."""

    keys: dict[str, str]  # limit name → cache key

    @classmethod
    def for_request(cls, request, email: str, address: str) -> Attempt:
        email = (email or "").strip().lower()
        device = known_device(request, email)
        if device:
            return cls({"device": _cache_key("device", device)})
        return cls(
            {
                "pair": _cache_key("pair", f"{email}|{address}"),
                "account": _cache_key("account", email),
                "address": _cache_key("address", address),
            }
        )

    def refused(self) -> bool:
        """True when any of its limits is used up: the password is then not checked."""
        now = time.time()
        active = limits()
        return any(
            len(_recent(key, active[name], now)) >= active[name].amount
            for name, key in self.keys.items()
            if name in active
        )

    def failed(self) -> None:
        now = time.time()
        active = limits()
        for name, key in self.keys.items():
            if name in active:
                limit = active[name]
                cache.set(key, [*_recent(key, limit, now), now], limit.seconds)


def clear_account(email: str) -> None:
    """After a password reset: the account's own counts start again (not the address's)."""
    cache.delete(_cache_key("account", (email or "").strip().lower()))


def clear_pair(email: str, address: str) -> None:
    cache.delete(_cache_key("pair", f"{(email or '').strip().lower()}|{address}"))


def known_device(request, email: str) -> str:
    """The device cookie's random id when it is valid and was given to this account."""
    value = request.COOKIES.get(COOKIE)
    if not value:
        return ""
    try:
        data = signing.loads(value, salt=_SALT, max_age=COOKIE_AGE)
    except signing.BadSignature:
        return ""
    if not isinstance(data, dict) or data.get("a") != _digest(email.strip().lower()):
        return ""
    return str(data.get("d") or "")


def remember_device(response, email: str) -> None:
    """Give the browser a known-device cookie for this account (HttpOnly, not readable by
    scripts; the address itself is not in it, only a digest)."""
    value = signing.dumps(
        {"a": _digest(email.strip().lower()), "d": secrets.token_urlsafe(16)}, salt=_SALT
    )
    response.set_cookie(
        COOKIE,
        value,
        max_age=COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
