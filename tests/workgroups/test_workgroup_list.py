"""/workgroups/, which README names: the workgroups with their documents in force, reached
from the top menu; a constant number of queries at 10× data."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums.models import Body
from workgroups.models import Workgroup, WorkgroupDocument


def _plan(workgroup: Workgroup, version: int) -> None:
    WorkgroupDocument.objects.create(
        workgroup=workgroup,
        kind="action_plan",
        version=version,
        title=f"Toimintasuunnitelma {version}",
        text="…",
        valid_from=datetime.date(2025, 1, version),
    )


def test_anyone_reads_the_workgroups_from_the_top_menu(agreement, client):
    front = client.get("/").content.decode()
    assert 'href="/workgroups/">Työryhmät</a>' in front
    page = client.get("/workgroups/").content.decode()
    for name in ("Perhekeskustoiminnan työryhmä", "Alueellinen opiskeluhuollon ohjausryhmä"):
        assert Body.objects.filter(name_fi=name).exists()
        assert name in page
    assert "ei voimassa olevaa" in page


def test_the_action_plan_in_force_is_shown(agreement, client):
    workgroup = Workgroup.objects.get(body__slug="perhekeskus")
    _plan(workgroup, 1)
    _plan(workgroup, 2)
    page = client.get("/workgroups/").content.decode()
    row = page.split("Perhekeskustoiminnan työryhmä", 1)[1].split("</tr>", 1)[0]
    assert "versio 2" in row


def test_the_list_runs_the_same_queries_at_ten_times_the_workgroups(
    agreement, coordinator, client_for
):
    client = client_for(coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get("/workgroups/")
    period = Body.objects.all()[0].period
    for i in range(40):
        body = Body.objects.create(
            period=period, slug=f"tr-{i}", tier=3, kind="workgroup", name_fi=f"Työryhmä {i}"
        )
        _plan(Workgroup.objects.create(body=body), 1)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/workgroups/")
    assert "Työryhmä 39" in response.content.decode()
    assert len(many) == len(few)
