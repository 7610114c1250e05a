"""Every URL pattern of the portal, collected from the URLconf, and a way to fill in its
arguments: a new view is in the list the moment it is routed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Path converters and regex groups take these values when an entry gives none (the admin's
# object ids, the allauth keys): never an existing object of the world.
_GROUP = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<regex>\w+)>[^)]*\)")


@dataclass(frozen=True)
class Pattern:
    route: str  # the full route as written in the URLconf(s), the matrix's key
    name: str | None
    defaults: tuple[tuple[str, object], ...]

    @property
    def arguments(self) -> list[str]:
        return [m["name"] or m["regex"] for m in _GROUP.finditer(self.route)]

    def url(self, kwargs: dict[str, object]) -> str:
        """The route with each argument put in (regex routes lose their anchors)."""

        def value(match: re.Match) -> str:
            return str(kwargs[match["name"] or match["regex"]])

        path = _GROUP.sub(value, self.route.replace("^", "").replace("$", ""))
        return "/" + path


def _walk(patterns, prefix: str = "") -> Iterator[Pattern]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield Pattern(prefix + str(p.pattern), p.name, tuple(sorted(p.default_args.items())))


def all_patterns() -> list[Pattern]:
    return list(_walk(get_resolver().url_patterns))
