"""Helpers for the indicators tests: the seeded metrics and quick ways to put values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from indicators.models import Metric, Value
from organisations.models import Organisation


@pytest.fixture
def metrics(agreement) -> dict[str, Metric]:
    return {m.code: m for m in Metric.objects.select_related("body")}


def org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def put(
    metric: Metric, year: int, raw, *, organisation=None, body=None, status="approved", **extra
) -> Value:
    """A value written straight to the database (test set-up, not the workflow under test)."""
    if isinstance(organisation, str):
        organisation = org(organisation)
    if metric.scope == Metric.Scope.BODY and body is None and organisation is None:
        body = metric.body
    fields: dict[str, Any] = {"number": None, "yes_no": None, "rating": None}
    kind = metric.value_type
    if kind == "bool":
        fields["yes_no"] = raw
    elif kind == "rating":
        fields["rating"] = raw
    else:
        fields["number"] = None if raw is None else Decimal(str(raw))
    return Value.objects.create(
        metric=metric,
        year=year,
        organisation=organisation,
        body=body,
        status=status,
        **fields,
        **extra,
    )
