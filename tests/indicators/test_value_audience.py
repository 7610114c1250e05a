"""Another party's metric values are seen once approved; drafts, submitted and returned
values only by their own organisation and the coordinators — on the entry pages, the value
pages, the region table, the metric page and the CSV/XLSX exports alike."""

from __future__ import annotations

import pytest

from indicators.models import Value

from .conftest import put

SUBMITTED = "61,7"  # Forssa's HYTE coefficient 2025, sent for approval
DRAFT = "59,3"  # Forssa's 2024 value, still a draft


@pytest.fixture
def forssa_values(metrics):
    put(metrics["hyte-kerroin"], 2025, "61.7", organisation="forssa", status="submitted")
    put(metrics["hyte-kerroin"], 2024, "59.3", organisation="forssa", status="draft")
    put(metrics["hyte-kerroin"], 2023, "58.8", organisation="forssa", status="approved")


PAGES = [
    "/metrics/region/?spearhead=kokonaisvaltainen-hyvinvointi",
    "/metrics/metric/hyte-kerroin/",
    "/metrics/entry/2025/forssa/",
    "/metrics/export/?format=csv",
]


def _texts(client, paths) -> str:
    return " ".join(client.get(p).content.decode("utf-8", "replace") for p in paths)


def test_another_party_sees_approved_values_only(
    forssa_values, riihimaki_admin, client_for, metrics
):
    pages = _texts(client_for(riihimaki_admin), PAGES)
    assert SUBMITTED not in pages and "61.7" not in pages
    assert DRAFT not in pages and "59.3" not in pages
    assert "58,8" in pages or "58.8" in pages
    pending = Value.objects.get(year=2025, organisation__slug="forssa")
    assert client_for(riihimaki_admin).get(pending.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", ["forssa_member", "coordinator"])
def test_the_own_organisation_and_coordinators_see_every_value(
    forssa_values, client_for, request, who
):
    pages = _texts(client_for(request.getfixturevalue(who)), PAGES)
    assert SUBMITTED in pages or "61.7" in pages
    assert DRAFT in pages or "59.3" in pages
