"""Wiring done once at start-up (from ForumsConfig.ready): the meetings' dashboard panel,
the mail send checks, and the Celery tasks (so a worker knows them)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from portal import dashboard
from portal.lib import mail

from . import meeting_tasks  # noqa: F401  (registers the tasks in the worker)


def _check_reminder(row) -> str:
    from .meeting_services import reminder_still_wanted

    return reminder_still_wanted(row)


def _check_invitation(row) -> str:
    from .meeting_services import invitation_still_wanted

    return invitation_still_wanted(row)


mail.register_send_check("meeting_reminder", _check_reminder)
for _kind in ("meeting_invitation", "meeting_update", "meeting_deputy"):
    mail.register_send_check(_kind, _check_invitation)


@dashboard.register
def meetings_panel(user):
    """Upcoming meetings of mine and the rhythm of the bodies I sit in or convene
    (coordinators: every body). A constant number of queries."""
    from .meeting_services import dashboard_context

    context = dashboard_context(user)
    if context is None:
        return None
    tasks = [
        dashboard.Task(
            text=_("Answer the invitation: %(meeting)s") % {"meeting": p.meeting},
            url=p.meeting.get_absolute_url(),
        )
        for p in context["unanswered"]
    ]
    tasks += [
        dashboard.Task(
            text=_("Meeting rhythm at risk: %(body)s") % {"body": r.body.name},
            url=r.body.get_absolute_url(),
            urgent=True,
        )
        for r in context["rhythm"]
        if r.state in ("at_risk", "missed") and r.body.pk in context["convenes"]
    ]
    return dashboard.Panel(
        title=_("Meetings"),
        template="forums/_meeting_dashboard.html",
        context=context,
        tasks=tasks,
        order=20,
    )
