"""The indicators panel on the dashboard: my organisation's progress; the coordinator's queue."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.dashboard import panel
from indicators.models import entry_year

from .conftest import put
from .test_entry import grow


def test_an_organisation_sees_its_progress_and_a_task(metrics, forssa_admin):
    put(metrics["hyte-kerroin"], entry_year(), 60, organisation="forssa", status="returned")
    result = panel(forssa_admin)
    assert result is not None
    assert result.context["progress"] == {"filled": 1, "total": 6, "returned": 1}
    texts = [t.text for t in result.tasks]
    assert any("1/6" in t for t in texts)
    assert any(t.urgent for t in result.tasks)


def test_the_coordinator_sees_how_many_values_wait(metrics, coordinator):
    put(metrics["hyte-kerroin"], entry_year(), 60, organisation="forssa", status="submitted")
    put(metrics["hyte-kerroin"], entry_year(), 61, organisation="loppi", status="submitted")
    result = panel(coordinator)
    assert result is not None
    assert result.context["waiting"] == 2
    assert any(t.url == reverse("indicators:review") for t in result.tasks)


def test_the_panel_runs_the_same_queries_at_ten_times_the_data(metrics, forssa_admin, coordinator):
    grow(1)
    with CaptureQueriesContext(connection) as small:
        panel(forssa_admin), panel(coordinator)
    grow(10)
    with CaptureQueriesContext(connection) as big:
        panel(forssa_admin), panel(coordinator)
    assert len(big.captured_queries) == len(small.captured_queries)


def test_the_dashboard_page_shows_the_panel(metrics, forssa_admin, client_for):
    html = client_for(forssa_admin).get(reverse("portal:dashboard")).content.decode()
    assert f"Forssa {entry_year()}: 0/6 syötetty" in html
