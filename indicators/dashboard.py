"""The indicators panel on the dashboard: my organisation's progress, the coordinator's queue."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.dashboard import Panel, Task
from portal.permissions import is_coordinator

from .models import Metric, Value, entry_year
from .parties import PartyYears
from .subjects import Subject


def panel(user) -> Panel | None:
    """Constant queries: the agreement's parties, the metrics, the organisation's values of
    the year, one count. A party that had left by the end of the year has nothing to enter."""
    year = entry_year()
    organisation = user.organisation
    context: dict[str, Any] = {"year": year, "progress": None, "waiting": None, "subject": None}
    tasks = []
    if organisation is not None and PartyYears.load().is_party(organisation, year):
        subject = Subject(organisation=organisation)
        metrics = subject.metrics(Metric.objects.of_year(year), year)
        values = list(
            Value.objects.filter(
                year=year, organisation=organisation, metric__in=[m.pk for m in metrics]
            )
            .filled()
            .only("status")
        )
        progress = {
            "filled": len(values),
            "total": len(metrics),
            "returned": sum(1 for v in values if v.status == Value.Status.RETURNED),
        }
        context.update(subject=subject, progress=progress if metrics else None)
        url = reverse("indicators:entry", args=[year, organisation.slug])
        if metrics and progress["filled"] < progress["total"]:
            tasks.append(
                Task(
                    _("Enter %(who)s's metric values for %(year)s (%(filled)s/%(total)s entered)")
                    % {"who": organisation.display_short_name, "year": year, **progress},
                    url,
                )
            )
        if progress["returned"]:
            tasks.append(Task(_("Correct the values returned for revision"), url, urgent=True))
    if is_coordinator(user):
        waiting = Value.objects.filter(status=Value.Status.SUBMITTED).count()
        context["waiting"] = waiting
        if waiting:
            tasks.append(
                Task(
                    _("%(count)s metric values wait for your approval") % {"count": waiting},
                    reverse("indicators:review"),
                )
            )
    if context["progress"] is None and context["waiting"] is None:
        return None
    return Panel(
        title=_("Metrics"),
        template="indicators/_dashboard_panel.html",
        context=context,
        tasks=tasks,
        order=40,
    )
