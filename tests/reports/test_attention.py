"""The console's "the next follow-up report" item says where the newest report year stands."""

from __future__ import annotations

from reports.attention import followup_item
from reports.models import ReportVersion
from reports.services import report_years


def test_only_coordinators_get_the_item(report_year, forssa_admin):
    assert followup_item(forssa_admin) is None


def test_the_item_follows_the_newest_years_latest_build(report_year, coordinator, client_for):
    year = report_years()[-1]
    first = followup_item(coordinator)
    assert first is not None and "ei ole vielä koottu" in first["text"]
    version = ReportVersion.objects.create(
        year=year, language="fi", status=ReportVersion.Status.FAILED, error="font missing"
    )
    failed = followup_item(coordinator)
    assert failed is not None and failed["urgent"] and "epäonnistui" in failed["text"]
    version.status = ReportVersion.Status.DONE
    version.save(update_fields=["status"])
    draft = followup_item(coordinator)
    assert draft is not None and "luonnos on valmis" in draft["text"]
    page = client_for(coordinator).get("/console/").content.decode()
    assert "luonnos on valmis" in page
