"""Small helpers shared by the console's views."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

PAGE_SIZE = 50


def page_of(request, rows, size: int = PAGE_SIZE):
    """One page of ``rows`` and the query string without the page number, for the links."""
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)
