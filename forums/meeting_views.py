"""Meeting pages: lists, month calendar, the meeting, scheduling, answers, feeds, minutes and
the decision register. Each view: one permission check, the form, one service call."""

from __future__ import annotations

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Q, Value, When
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.permissions import get_visible_or_404, has_perm, require

from . import meeting_services as services
from .meeting_forms import (
    ActionItemForm,
    AnswerForm,
    CancelForm,
    MeetingForm,
    MinutesForm,
    MinutesItemForm,
    agenda_formset,
)
from .meeting_models import ActionItem, Decision, Meeting, Minutes, Participant
from .models import Body, Membership

# Members first, then the deputies standing in, the other deputies, guests.
KIND_ORDER = Case(
    When(kind=Participant.Kind.MEMBER, then=Value(0)),
    When(stands_in=True, then=Value(1)),
    When(kind=Participant.Kind.DEPUTY, then=Value(2)),
    default=Value(3),
)


def _meetings(user):
    return Meeting.objects.visible_to(user).select_related("body", "host_organisation", "convener")


def _form_error(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


# --- lists ----------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    scope = "all" if request.GET.get("scope") == "all" else "mine"
    past = request.GET.get("when") == "past"
    qs = (
        services.my_meetings(request.user)
        if scope == "mine"
        else Meeting.objects.visible_to(request.user)
    )
    now = timezone.now()
    qs = qs.filter(ends_at__lt=now) if past else qs.filter(ends_at__gte=now)
    meetings = list(
        qs.select_related("body", "host_organisation")
        .prefetch_related("bodies")
        .annotate(invited=Count("participants", distinct=True))
        .order_by("-starts_at" if past else "starts_at")[:200]
    )
    answers = dict(
        Participant.objects.filter(
            user=request.user, meeting__in=[m.pk for m in meetings]
        ).values_list("meeting_id", "answer")
    )
    for m in meetings:
        m.my_answer = answers.get(m.pk)
    return render(
        request,
        "forums/meeting_list.html",
        {
            "meetings": meetings,
            "scope": scope,
            "past": past,
            "can_schedule": bool(_schedulable(request.user)),
        },
    )


def _schedulable(user):
    from .meeting_forms import schedulable_bodies

    return schedulable_bodies(user)


@login_required
def meeting_calendar(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        first = datetime.date(year, month, 1)
    except (TypeError, ValueError):
        raise Http404 from None
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
        "forums/meeting_calendar.html",
        {
            "weeks": weeks,
            "first": first,
            "prev": prev_month,
            "next": next_month,
            "meetings": meetings,
        },
    )


# --- one meeting ----------------------------------------------------------------------------


def meeting_detail(request, pk):
    meeting = get_visible_or_404(_meetings(request.user), request.user, pk=pk)
    user = request.user
    can_change = has_perm(user, "forums.change_meeting", meeting)
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
    delivery = services.delivery_for(meeting) if can_change else {}
    for p in participants:
        p.delivery = delivery.get(p.user_id)
    counts = {a: sum(1 for p in participants if p.answer == a) for a in Participant.Answer.values}
    minutes = Minutes.objects.filter(meeting=meeting).first()
    return render(
        request,
        "forums/meeting_detail.html",
        {
            "meeting": meeting,
            "bodies": list(meeting.bodies.all()),
            "agenda": meeting.agenda_items.select_related("preparer").order_by("number"),
            "overdue": list(services.overdue_actions_for(meeting)) if user.is_authenticated else [],
            "participants": participants,
            "counts": counts,
            "mine": mine,
            "answer_form": AnswerForm(initial={"answer": mine.answer}) if mine else None,
            "can_answer": bool(mine) and meeting.is_upcoming(),
            "can_change": can_change,
            "can_edit": can_change and meeting.is_editable(),
            "show_participants": user.is_authenticated,
            "minutes": minutes,
            "can_view_minutes": minutes is not None
            and has_perm(user, "forums.view_minutes", meeting),
            "can_write_minutes": has_perm(user, "forums.write_minutes", meeting)
            and meeting.status in (Meeting.Status.SCHEDULED, Meeting.Status.HELD)
            and meeting.starts_at <= timezone.now(),
            "actions": list(meeting.action_items.select_related("owner_organisation")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    initial = {}
    if request.GET.get("body"):
        body = Body.objects.visible_to(request.user).filter(slug=request.GET["body"]).first()
        if body is not None:
            initial["body"] = body.pk
            initial["visibility"] = body.visibility
    form = MeetingForm(request.POST or None, initial=initial, user=request.user)
    if not form.fields["body"].queryset.exists():
        return render(request, "forums/meeting_create.html", {"form": None}, status=403)
    agenda = agenda_formset(
        request.POST or None,
        request.FILES or None,
        initial=None if request.method == "POST" else services_default_agenda(),
    )
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.schedule_meeting(
                actor=request.user,
                body=data["body"],
                joint_bodies=list(data["joint_bodies"]),
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                remote_url=data["remote_url"],
                host_organisation=data["host_organisation"],
                visibility=data["visibility"],
                description=data["description"],
                agenda=agenda.items(),
                guests=data["guests"],
                publish="save_draft" not in request.POST,
            )
        except ValidationError as exc:
            _form_error(form, exc)
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
    return render(request, "forums/meeting_create.html", {"form": form, "agenda": agenda})


def services_default_agenda():
    return [{"title": item["title"]} for item in services._default_agenda()]


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = get_visible_or_404(_meetings(request.user), request.user, pk=pk)
    require(request.user, "forums.change_meeting", meeting)
    if not meeting.is_editable():
        return render(request, "forums/meeting_locked.html", {"meeting": meeting}, status=409)
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    agenda = agenda_formset(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        data = {k: form.cleaned_data[k] for k in services.EDITABLE_FIELDS}
        meeting.refresh_from_db()
        try:
            services.update_meeting(
                actor=request.user,
                meeting=meeting,
                data=data,
                agenda=agenda.items(),
                joint_bodies=list(form.cleaned_data["joint_bodies"]),
                guests=form.cleaned_data["guests"],
            )
        except ValidationError as exc:
            _form_error(form, exc)
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
        request, "forums/meeting_edit.html", {"meeting": meeting, "form": form, "agenda": agenda}
    )


@login_required
@require_POST
def meeting_publish(request, pk):
    meeting = get_visible_or_404(_meetings(request.user), request.user, pk=pk)
    require(request.user, "forums.change_meeting", meeting)
    try:
        services.publish_meeting(actor=request.user, meeting=meeting)
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
    meeting = get_visible_or_404(_meetings(request.user), request.user, pk=pk)
    require(request.user, "forums.change_meeting", meeting)
    if not meeting.is_editable():
        return render(request, "forums/meeting_locked.html", {"meeting": meeting}, status=409)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The meeting was cancelled and everyone invited was told."))
            return redirect(meeting)
    return render(request, "forums/meeting_cancel.html", {"meeting": meeting, "form": form})


@login_required
@require_POST
def meeting_answer(request, pk):
    meeting = get_visible_or_404(_meetings(request.user), request.user, pk=pk)
    participant = get_object_or_404(meeting.participants.invited(), user=request.user)
    require(request.user, "forums.answer_meeting", participant)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_meeting(
                participant=participant, answer=form.cleaned_data["answer"], actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you, your answer was saved."))
    else:
        messages.error(request, _("Choose whether you are coming."))
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
def meeting_answer_link(request, pk, token):
    """The one-click link in the mail. GET shows the choice (mail scanners follow links, so a
    GET never changes anything); the button POSTs. No login needed."""
    check = services.check_answer_token(token, meeting_id=pk, user=request.user)
    if check.problem:
        status = {"tampered": 400, "foreign": 403}.get(check.problem, 410)
        return render(
            request,
            "forums/meeting_answer_invalid.html",
            {"problem": check.problem, "participant": check.participant},
            status=status,
        )
    participant = check.participant
    chosen = request.POST.get("answer") or request.GET.get("a") or ""
    form = AnswerForm(request.POST or None, initial={"answer": chosen})
    if request.method == "POST" and form.is_valid():
        nonce = services.signing.loads(token, salt=services.ANSWER_SALT)["n"]
        try:
            services.answer_meeting(
                participant=participant, answer=form.cleaned_data["answer"], link_nonce=nonce
            )
        except ValidationError:
            return render(
                request,
                "forums/meeting_answer_invalid.html",
                {"problem": "used", "participant": participant},
                status=410,
            )
        participant.refresh_from_db()
        return render(
            request,
            "forums/meeting_answer_done.html",
            {"participant": participant, "meeting": participant.meeting},
        )
    return render(
        request,
        "forums/meeting_answer_link.html",
        {
            "participant": participant,
            "meeting": participant.meeting,
            "form": form,
            "chosen": chosen,
        },
    )


@login_required
def agenda_attachment(request, pk, item):
    """Attachments are served through the meeting's visibility, never straight from media."""
    meeting = get_visible_or_404(_meetings(request.user), request.user, pk=pk)
    agenda_item = get_object_or_404(meeting.agenda_items.exclude(attachment=""), pk=item)
    name = agenda_item.attachment.name.rsplit("/", 1)[-1]
    return FileResponse(agenda_item.attachment.open("rb"), as_attachment=True, filename=name)


# --- calendar files -------------------------------------------------------------------------


def _ics_response(text: str, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def meeting_ics(request, pk):
    meeting = get_visible_or_404(_meetings(request.user), request.user, pk=pk)
    text = services.ics_for([meeting], name=meeting.title)
    return _ics_response(text, f"meeting-{meeting.pk}.ics", download=True)


def meeting_feed(request, token):
    from .meeting_models import CalendarFeedToken

    feed = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    meetings = services.feed_meetings_for_user(feed.user)
    return _ics_response(
        services.ics_for(meetings, name="Yhdyspinta"), "yhdyspinta.ics", download=False
    )


def body_feed(request, slug):
    body = get_object_or_404(Body, slug=slug, visibility=Body.Visibility.PUBLIC)
    since = timezone.now() - datetime.timedelta(days=365)
    meetings = (
        Meeting.objects.filter(
            bodies=body, visibility=Meeting.Visibility.PUBLIC, ends_at__gte=since
        )
        .exclude(status=Meeting.Status.DRAFT)
        .select_related("convener")
        .order_by("starts_at")
    )
    return _ics_response(
        services.ics_for(meetings, name=body.name), f"{body.slug}.ics", download=False
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_feed_settings(request):
    if request.method == "POST":
        services.revoke_feed_token(user=request.user)
        messages.success(
            request, _("A new calendar address was made. The old one no longer works.")
        )
        return redirect("forums:meeting_feed_settings")
    feed = services.feed_token_for(request.user)
    url = request.build_absolute_uri(reverse("forums:meeting_feed", args=[feed.token]))
    return render(request, "forums/meeting_feed_settings.html", {"feed_url": url})


# --- minutes and register ---------------------------------------------------------------------


def minutes_detail(request, pk):
    meeting = get_visible_or_404(_meetings(request.user), request.user, pk=pk)
    minutes = get_object_or_404(
        Minutes.objects.select_related("checked_by", "approved_by"), meeting=meeting
    )
    require(request.user, "forums.view_minutes", meeting)
    # The public (and the party-wide) reader sees the approved minutes without confidential
    # items; the participants and the writers see everything.
    full = has_perm(request.user, "forums.check_minutes", meeting)
    items = minutes.items.select_related("elected").order_by("number")
    if not full:
        items = items.filter(confidential=False)
    return render(
        request,
        "forums/minutes_detail.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "items": items,
            "full": full,
            "can_write": has_perm(request.user, "forums.write_minutes", meeting)
            and not minutes.is_locked,
            "can_check": has_perm(request.user, "forums.check_minutes", meeting)
            and minutes.status == Minutes.Status.DRAFT,
            "can_approve": has_perm(request.user, "forums.approve_minutes", meeting)
            and minutes.status == Minutes.Status.CHECKED,
            "versions": minutes.versions.select_related("created_by") if full else [],
            "actions": meeting.action_items.select_related("owner_organisation"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request, pk):
    meeting = get_visible_or_404(_meetings(request.user), request.user, pk=pk)
    require(request.user, "forums.write_minutes", meeting)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        try:
            minutes = services.start_minutes(actor=request.user, meeting=meeting)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(meeting)
    if minutes.status != Minutes.Status.DRAFT:
        return render(
            request,
            "forums/meeting_locked.html",
            {"meeting": meeting, "minutes": minutes},
            status=409,
        )
    members = _member_users(meeting)
    items = list(minutes.items.order_by("number"))
    form = MinutesForm(request.POST or None, instance=minutes, prefix="minutes")
    item_forms = [
        MinutesItemForm(request.POST or None, instance=i, prefix=f"item-{i.pk}", members=members)
        for i in items
    ]
    action_form = ActionItemForm(prefix="action")
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in item_forms):
        data = {k: form.cleaned_data[k] for k in ("attendance", "notes")}
        rows = [{"pk": f.instance.pk, **f.cleaned_data} for f in item_forms]
        minutes.refresh_from_db()
        for item in items:
            item.refresh_from_db()
        try:
            services.update_minutes(actor=request.user, minutes=minutes, data=data, items=rows)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect("forums:minutes_detail", pk=meeting.pk)
    return render(
        request,
        "forums/minutes_edit.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "item_forms": list(zip(items, item_forms, strict=True)),
            "action_form": action_form,
            "actions": meeting.action_items.select_related("owner_organisation"),
        },
    )


def _member_users(meeting):
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    return user_model.objects.filter(
        pk__in=Membership.objects.current().filter(body=meeting.body).values("person")
    ).order_by("last_name", "first_name")


@login_required
@require_POST
def minutes_transition(request, pk, step):
    meeting = get_visible_or_404(_meetings(request.user), request.user, pk=pk)
    minutes = get_object_or_404(Minutes, meeting=meeting)
    steps = {
        "check": (services.mark_minutes_checked, _("The minutes were marked checked.")),
        "return": (services.return_minutes_to_draft, _("The minutes were returned to draft.")),
        "approve": (
            services.approve_minutes,
            _("The minutes were approved and locked. The decisions are in the register."),
        ),
    }
    if step not in steps:
        raise Http404
    service, done = steps[step]
    try:
        service(actor=request.user, minutes=minutes)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("forums:minutes_detail", pk=meeting.pk)


@login_required
@require_POST
def action_add(request, pk):
    meeting = get_visible_or_404(_meetings(request.user), request.user, pk=pk)
    require(request.user, "forums.write_minutes", meeting)
    form = ActionItemForm(request.POST, prefix="action")
    if form.is_valid():
        try:
            services.add_action_item(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The action item was added."))
    else:
        errors = [
            f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e)
            for f, e in form.errors.items()
        ]
        messages.error(
            request, _("The action item was not added: %(errors)s") % {"errors": "; ".join(errors)}
        )
    return redirect("forums:minutes_edit", pk=meeting.pk)


def decision_register(request, slug):
    body = get_visible_or_404(Body.objects, request.user, slug=slug)
    meetings = Meeting.objects.visible_to(request.user)
    approved = Q(meeting__minutes__status=Minutes.Status.APPROVED)
    decisions = (
        Decision.objects.filter(body=body, meeting__in=meetings)
        .filter(approved)
        .select_related("meeting")
        .order_by("-decided_on", "number")
    )
    if not request.user.is_authenticated:
        decisions = decisions.filter(confidential=False)
    actions = (
        list(
            ActionItem.objects.filter(body=body, meeting__in=meetings)
            .select_related("owner_organisation", "meeting")
            .order_by("status", "due_date")
        )
        if request.user.is_authenticated
        else []
    )
    today = timezone.localdate()
    can_manage = has_perm(request.user, "forums.manage_actions", body)
    for item in actions:
        item.overdue = item.is_overdue(today)
        item.can_change = can_manage or (
            request.user.role == "org_admin"
            and request.user.organisation_id == item.owner_organisation_id
        )
    return render(
        request,
        "forums/decision_register.html",
        {
            "body": body,
            "decisions": decisions,
            "actions": actions,
            "statuses": ActionItem.Status.choices,
        },
    )


@login_required
@require_POST
def action_status(request, slug, pk):
    body = get_visible_or_404(Body.objects, request.user, slug=slug)
    item = get_object_or_404(
        ActionItem.objects.filter(meeting__in=Meeting.objects.visible_to(request.user)),
        body=body,
        pk=pk,
    )
    try:
        services.set_action_status(
            actor=request.user, item=item, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The action item was updated."))
    return redirect("forums:decision_register", slug=body.slug)
