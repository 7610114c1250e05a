"""The structure's dashboard panel: "my bodies", the own party's empty seats and, for
coordinators, the number of gaps. A constant number of queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.dashboard import Panel, Task
from portal.permissions import is_coordinator


def gap_count() -> int:
    from workgroups.models import Workgroup

    from . import seats
    from .models import AgreementPeriod, Body

    period = AgreementPeriod.objects.in_force()
    if period is None:
        return 0
    empty = seats.empty_seat_count(
        list(Body.objects.in_period(period).active()), seats_not_places=True
    )
    return (
        empty
        + Body.objects.in_period(period).active().without_roles().count()
        + Workgroup.objects.without_current_plan().filter(body__period=period).count()
    )


def structure_panel(user) -> Panel | None:
    from . import seats
    from .models import AgreementPeriod, Body

    bodies = list(Body.objects.for_person(user).order_by("tier", "order"))
    context = {"bodies": bodies, "organisation": user.organisation, "gap_count": None}
    tasks = []
    period = AgreementPeriod.objects.in_force()
    if user.organisation_id and user.role == "org_admin" and period is not None:
        empty = seats.empty_seat_count(
            list(Body.objects.in_period(period).active()), organisation=user.organisation
        )
        context["empty_seats"] = empty
        if empty:
            tasks.append(
                Task(
                    _("Name your organisation's representatives: %(count)s empty seats.")
                    % {"count": empty},
                    reverse("forums:party_seats", args=[user.organisation.slug]),
                )
            )
    if is_coordinator(user):
        context["gap_count"] = gap_count()
        if context["gap_count"]:
            tasks.append(
                Task(
                    _("Gaps in the structure: %(count)s.") % {"count": context["gap_count"]},
                    reverse("forums:gaps"),
                )
            )
    return Panel(
        title=_("My bodies"),
        template="forums/_dashboard_panel.html",
        context=context,
        tasks=tasks,
        order=20,
    )
