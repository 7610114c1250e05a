"""Values a view reads straight from ``request.GET`` or ``request.POST`` (a month, a year, a
row's id, a slug): parsed in one place, so that no hostile value reaches ``int()``, a date or
the database unchecked (PostgreSQL refuses a NUL byte even in a lookup: a 500)."""

from __future__ import annotations

import re

from django.http import QueryDict

# The widest integer key any supported database stores (SQLite and PostgreSQL bigint).
KEY_MIN, KEY_MAX = -(2**63), 2**63 - 1
# ASCII digits only, and not so many that int() refuses them: str.isdigit() accepts '²'.
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")


def parse_int(raw: str, *, low: int, high: int) -> int | None:
    """``raw`` as an integer from ``low`` to ``high``, or None."""
    text = raw.strip()
    if not _INTEGER.fullmatch(text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def int_param(
    params: QueryDict, name: str, *, low: int, high: int, default: int | None = None
) -> int | None:
    """The parameter as an integer in range; ``default`` when it is not given at all, None
    when it is given but is no such integer."""
    if name not in params:
        return default
    return parse_int(params.get(name, ""), low=low, high=high)


def id_list_param(params: QueryDict, name: str) -> list[int]:
    """The row ids given under ``name``; anything that cannot be an id is left out."""
    ids = (parse_int(raw, low=1, high=KEY_MAX) for raw in params.getlist(name))
    return [pk for pk in ids if pk is not None]


def slug_param(params: QueryDict, name: str) -> str | None:
    """The parameter when it is a slug (what a row's slug can be), else None."""
    raw = params.get(name, "")
    return raw if _SLUG.fullmatch(raw) else None
