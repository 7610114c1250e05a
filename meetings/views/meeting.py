"""Meeting pages: the lists, the month calendar, the meeting, scheduling, editing,
publishing and cancelling, and agenda attachments. Each view: one permission check, the
form, one service call."""

from __future__ import annotations

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.forms import show_service_errors
from portal.lib import files
from portal.pagecache import cached_page
from portal.params import int_param, slug_param
from portal.permissions import get_visible_or_404, has_perm, require

from .. import answers, invitations, scheduling
from ..audience import MeetingAudience
from ..dashboard import my_meetings
from ..forms import AnswerForm, CancelForm, MeetingForm, agenda_formset
from ..models import Meeting, Minutes, Participant
from ..permissions import schedulable_bodies
from .common import visible_meetings

# Members first, then the deputies standing in, the other deputies, guests.
KIND_ORDER = Case(
    When(kind=Participant.Kind.MEMBER, then=Value(0)),
    When(stands_in=True, then=Value(1)),
    When(kind=Participant.Kind.DEPUTY, then=Value(2)),
    default=Value(3),
)


@login_required
@cached_page
def meeting_list(request):
    scope = "all" if request.GET.get("scope") == "all" else "mine"
    past = request.GET.get("when") == "past"
    qs = my_meetings(request.user) if scope == "mine" else Meeting.objects.visible_to(request.user)
    now = timezone.now()
    qs = qs.filter(ends_at__lt=now) if past else qs.filter(ends_at__gte=now)
    meetings = list(
        qs.select_related("body", "host_organisation")
        .prefetch_related("bodies")
        .annotate(invited=Count("participants", distinct=True))
        .order_by("-starts_at" if past else "starts_at")[:200]
    )
    my_answers = dict(
        Participant.objects.filter(
            user=request.user, meeting__in=[m.pk for m in meetings]
        ).values_list("meeting_id", "answer")
    )
    for m in meetings:
        m.my_answer = my_answers.get(m.pk)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "meetings": meetings,
            "scope": scope,
            "past": past,
            "can_schedule": has_perm(request.user, "meetings.create_meeting"),
        },
    )


@login_required
def meeting_calendar(request):
    today = timezone.localdate()
    # Years the calendar can show: the month's first and last moments exist in UTC too.
    year = int_param(request.GET, "year", low=1900, high=2999, default=today.year)
    month = int_param(request.GET, "month", low=1, high=12, default=today.month)
    if year is None or month is None:
        raise Http404
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(last, datetime.time.max))
    meetings = list(
        Meeting.objects.visible_to(request.user)
        .filter(starts_at__lte=end, ends_at__gte=start)
        .select_related("body")
        .order_by("starts_at")
    )
    by_day: dict[datetime.date, list[Meeting]] = {}
    for m in meetings:
        by_day.setdefault(timezone.localtime(m.starts_at).date(), []).append(m)
    weeks = [
        [
            {
                "date": d,
                "in_month": d.month == month,
                "today": d == today,
                "meetings": by_day.get(d, []),
            }
            for d in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    prev_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = last + datetime.timedelta(days=1)
    return render(
        request,
        "meetings/meeting_calendar.html",
        {
            "weeks": weeks,
            "first": first,
            "prev": prev_month,
            "next": next_month,
            "meetings": meetings,
        },
    )


@cached_page
def meeting_detail(request, pk):
    meeting = get_visible_or_404(visible_meetings(request.user), request.user, pk=pk)
    user = request.user
    can_change = has_perm(user, "meetings.change_meeting", meeting)
    participants = (
        list(
            meeting.participants.invited()
            .select_related("user", "organisation", "deputy_for__user")
            .order_by(KIND_ORDER, "organisation__name", "user__last_name")
        )
        if user.is_authenticated
        else []
    )
    mine = next((p for p in participants if p.user_id == user.pk), None)
    delivery = invitations.delivery_for(meeting) if can_change else {}
    for p in participants:
        p.delivery = delivery.get(p.user_id)
    counts, parties = answers.attendance(participants)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    audience = MeetingAudience(meeting, user)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "bodies": list(meeting.bodies.all()),
            "audience": audience,
            "agenda": audience.agenda(
                meeting.agenda_items.select_related("preparer").order_by("number")
            ),
            "overdue": list(invitations.overdue_actions_for(meeting))
            if user.is_authenticated
            else [],
            "participants": participants,
            "counts": counts,
            "parties": parties,
            "mine": mine,
            "answer_form": AnswerForm(initial={"answer": mine.answer}) if mine else None,
            "can_answer": bool(mine) and meeting.is_upcoming(),
            "can_change": can_change,
            "can_edit": can_change and meeting.is_editable(),
            "show_participants": user.is_authenticated,
            "minutes": minutes,
            "can_view_minutes": minutes is not None
            and has_perm(user, "meetings.view_minutes", meeting),
            "can_write_minutes": has_perm(user, "meetings.write_minutes", meeting)
            and meeting.status in (Meeting.Status.SCHEDULED, Meeting.Status.HELD)
            and meeting.starts_at <= timezone.now(),
            "actions": list(meeting.action_items.select_related("owner_organisation")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    require(request.user, "meetings.create_meeting")
    initial = {}
    slug = slug_param(request.GET, "body")
    if slug:
        body = schedulable_bodies(request.user).filter(slug=slug).first()
        if body is not None:
            initial["body"] = body.pk
            initial["visibility"] = body.visibility
    form = MeetingForm(request.POST or None, initial=initial, user=request.user)
    agenda = agenda_formset(
        request.POST or None,
        request.FILES or None,
        initial=None if request.method == "POST" else _default_agenda(),
    )
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        data = form.cleaned_data
        try:
            meeting = scheduling.schedule_meeting(
                actor=request.user,
                body=data["body"],
                joint_bodies=list(data["joint_bodies"]),
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                remote_url=data["remote_url"],
                remote_url_public=data["remote_url_public"],
                host_organisation=data["host_organisation"],
                visibility=data["visibility"],
                description=data["description"],
                agenda=agenda.items(),
                guests=data["guests"],
                publish="save_draft" not in request.POST,
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            if meeting.is_draft:
                messages.success(
                    request, _("The meeting was saved as a draft. Nobody has been invited yet.")
                )
            else:
                messages.success(
                    request,
                    _("The meeting was scheduled and %(n)s invitations are on their way.")
                    % {"n": meeting.participants.count()},
                )
            return redirect(meeting)
    return render(request, "meetings/meeting_create.html", {"form": form, "agenda": agenda})


def _default_agenda():
    return [{"title": item["title"]} for item in scheduling.default_agenda()]


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = get_visible_or_404(visible_meetings(request.user), request.user, pk=pk)
    require(request.user, "meetings.change_meeting", meeting)
    if not meeting.is_editable():
        return render(request, "meetings/meeting_locked.html", {"meeting": meeting}, status=409)
    form = MeetingForm(request.POST or None, meeting=meeting, user=request.user)
    agenda = agenda_formset(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        data = {k: form.cleaned_data[k] for k in scheduling.EDITABLE_FIELDS}
        try:
            scheduling.update_meeting(
                actor=request.user,
                meeting=meeting,
                data=data,
                agenda=agenda.items(),
                joint_bodies=list(form.cleaned_data["joint_bodies"]),
                guests=form.cleaned_data["guests"],
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The meeting was saved. Everyone invited gets the updated invitation.")
                if not meeting.is_draft
                else _("The draft was saved."),
            )
            return redirect(meeting)
    if request.method == "POST":
        meeting.refresh_from_db()
    return render(
        request, "meetings/meeting_edit.html", {"meeting": meeting, "form": form, "agenda": agenda}
    )


@login_required
@require_POST
def meeting_publish(request, pk):
    meeting = get_visible_or_404(visible_meetings(request.user), request.user, pk=pk)
    require(request.user, "meetings.change_meeting", meeting)
    try:
        scheduling.publish_meeting(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The meeting was scheduled and the invitations are on their way.")
        )
    return redirect(meeting)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    meeting = get_visible_or_404(visible_meetings(request.user), request.user, pk=pk)
    require(request.user, "meetings.change_meeting", meeting)
    if not meeting.is_editable():
        return render(request, "meetings/meeting_locked.html", {"meeting": meeting}, status=409)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scheduling.cancel_meeting(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting was cancelled and everyone invited was told."))
            return redirect(meeting)
    return render(request, "meetings/meeting_cancel.html", {"meeting": meeting, "form": form})


@login_required
def agenda_attachment(request, pk, item):
    """Attachments are served through the meeting's visibility, never straight from media."""
    meeting = get_visible_or_404(visible_meetings(request.user), request.user, pk=pk)
    agenda_item = get_object_or_404(meeting.agenda_items.exclude(attachment=""), pk=item)
    if not MeetingAudience(meeting, request.user).sees_item_in_full(agenda_item):
        raise Http404  # a confidential item's attachment: the meeting's members only
    return files.serve(agenda_item.attachment, filename=agenda_item.attachment_name)
