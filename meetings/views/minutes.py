"""Minutes pages (read, write, check, approve) and the body's decision register with its
action items."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forums.models import Body, Membership
from portal.forms import show_service_errors
from portal.permissions import get_visible_or_404, has_perm, require

from .. import minutes as minutes_service
from ..forms import ActionItemForm, MinutesForm, MinutesItemForm
from ..models import ActionItem, Decision, Meeting, Minutes
from .common import visible_meetings


def minutes_detail(request, pk):
    meeting = get_visible_or_404(visible_meetings(request.user), request.user, pk=pk)
    minutes = get_object_or_404(
        Minutes.objects.select_related("checked_by", "approved_by"), meeting=meeting
    )
    require(request.user, "meetings.view_minutes", meeting)
    # The public (and the party-wide) reader sees the approved minutes without confidential
    # items; the participants and the writers see everything.
    full = has_perm(request.user, "meetings.check_minutes", meeting)
    items = minutes.items.select_related("elected").order_by("number")
    if not full:
        items = items.filter(confidential=False)
    return render(
        request,
        "meetings/minutes_detail.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "items": items,
            "full": full,
            "can_write": has_perm(request.user, "meetings.write_minutes", meeting)
            and not minutes.is_locked,
            "can_check": has_perm(request.user, "meetings.check_minutes", meeting)
            and minutes.status == Minutes.Status.DRAFT,
            "can_approve": has_perm(request.user, "meetings.approve_minutes", meeting)
            and minutes.status == Minutes.Status.CHECKED,
            "versions": minutes.versions.select_related("created_by") if full else [],
            "actions": meeting.action_items.select_related("owner_organisation"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request, pk):
    meeting = get_visible_or_404(visible_meetings(request.user), request.user, pk=pk)
    require(request.user, "meetings.write_minutes", meeting)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        try:
            minutes = minutes_service.start_minutes(actor=request.user, meeting=meeting)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(meeting)
    if minutes.status != Minutes.Status.DRAFT:
        return render(
            request,
            "meetings/meeting_locked.html",
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
            minutes_service.update_minutes(
                actor=request.user, minutes=minutes, data=data, items=rows
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect("meetings:minutes_detail", pk=meeting.pk)
    return render(
        request,
        "meetings/minutes_edit.html",
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
    user_model = get_user_model()
    return user_model.objects.filter(
        pk__in=Membership.objects.current().filter(body=meeting.body).values("person")
    ).order_by("last_name", "first_name")


@login_required
@require_POST
def minutes_transition(request, pk, step):
    meeting = get_visible_or_404(visible_meetings(request.user), request.user, pk=pk)
    minutes = get_object_or_404(Minutes, meeting=meeting)
    steps = {
        "check": (minutes_service.mark_minutes_checked, _("The minutes were marked checked.")),
        "return": (
            minutes_service.return_minutes_to_draft,
            _("The minutes were returned to draft."),
        ),
        "approve": (
            minutes_service.approve_minutes,
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
    return redirect("meetings:minutes_detail", pk=meeting.pk)


@login_required
@require_POST
def action_add(request, pk):
    meeting = get_visible_or_404(visible_meetings(request.user), request.user, pk=pk)
    require(request.user, "meetings.write_minutes", meeting)
    form = ActionItemForm(request.POST, prefix="action")
    if form.is_valid():
        try:
            minutes_service.add_action_item(
                actor=request.user, meeting=meeting, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The action item was added."))
    else:
        errors = [
            f"{form.fields[f].label}: {' '.join(map(str, e))}"
            if f in form.fields
            else " ".join(map(str, e))
            for f, e in form.errors.items()
        ]
        messages.error(
            request, _("The action item was not added: %(errors)s") % {"errors": "; ".join(errors)}
        )
    return redirect("meetings:minutes_edit", pk=meeting.pk)


def decision_register(request, slug):
    body = get_visible_or_404(Body.objects, request.user, slug=slug)
    meetings = Meeting.objects.visible_to(request.user)
    decisions = (
        Decision.objects.visible_to(request.user)
        .filter(body=body)
        .select_related("meeting")
        .order_by("-decided_on", "number")
    )
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
    can_manage = has_perm(request.user, "meetings.manage_actions", body)
    for item in actions:
        item.overdue = item.is_overdue(today)
        item.can_change = can_manage or (
            request.user.role == "org_admin"
            and request.user.organisation_id == item.owner_organisation_id
        )
    return render(
        request,
        "meetings/decision_register.html",
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
        minutes_service.set_action_status(
            actor=request.user, item=item, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The action item was updated."))
    return redirect("meetings:decision_register", slug=body.slug)
