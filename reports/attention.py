"""The next follow-up report's state, as the coordinators' console shows it among the things
that need attention: the newest report year and what its latest build is."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.permissions import is_coordinator

from .models import ReportVersion
from .services import DRAFT_MONTH, report_years


def followup_item(user) -> dict[str, Any] | None:
    """None for anyone but coordinators, or while there is no report year yet; else the
    text, the link to the report page and whether it is urgent."""
    years = report_years()
    if not is_coordinator(user) or not years:
        return None
    year = years[-1]
    latest = ReportVersion.objects.filter(year=year).order_by("-requested_at", "-pk").first()
    url = reverse("reports:index")
    if latest is None:
        due = timezone.localdate().month >= DRAFT_MONTH
        return {
            "text": _("The follow-up report for %(year)s has not been built yet.") % {"year": year},
            "url": url,
            "urgent": due,
        }
    when = date_format(
        timezone.localtime(latest.finished_at or latest.requested_at), "SHORT_DATE_FORMAT"
    )
    if latest.is_in_progress:
        text = _("The follow-up report for %(year)s is being built.")
    elif latest.status == ReportVersion.Status.FAILED:
        return {
            "text": _("The latest build of the %(year)s follow-up report failed: try again.")
            % {"year": year},
            "url": url,
            "detail": latest.error[:200],
            "urgent": True,
        }
    elif latest.is_published:
        text = _("The final follow-up report for %(year)s is published (%(date)s).")
    elif latest.is_final:
        text = _("The final follow-up report for %(year)s is ready but not published (%(date)s).")
    else:
        text = _(
            "A draft of the %(year)s follow-up report is ready (%(date)s); the final is "
            "built when the year is locked."
        )
    return {"text": text % {"year": year, "date": when}, "url": url, "urgent": False}
