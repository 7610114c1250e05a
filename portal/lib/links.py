"""Links to one object among many: `reverse` once per view name, then the key put in place.

Long lists (the region table, the gaps list, a metric's values) link every row; `reverse`
walks the URL patterns each time. `object_url` reverses a stand-in key once per view name,
URL configuration and script prefix, and puts each real key in its place.
"""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

_INT_MARK = 987654321987654321
_SLUG_MARK = "q987654321987654321q"


@lru_cache(maxsize=64)
def _pattern(viewname: str, numeric: bool, urlconf: str | None, prefix: str) -> tuple[str, str]:
    mark = _INT_MARK if numeric else _SLUG_MARK
    url = reverse(viewname, args=[mark], urlconf=urlconf)
    head, _mark, tail = url.partition(str(mark))
    return head, tail


def object_url(viewname: str, key: int | str) -> str:
    """reverse(viewname, args=[key]) for a view taking one int or slug (URL-safe) key."""
    head, tail = _pattern(viewname, isinstance(key, int), get_urlconf(), get_script_prefix())
    return f"{head}{key}{tail}"
