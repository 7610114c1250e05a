"""Answering an invitation: on the meeting page (logged in) or from the one-use link in
the mail (no login; a GET never changes anything, the button POSTs)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.permissions import get_visible_or_404, require

from .. import answers, links
from ..forms import AnswerForm
from .common import visible_meetings


@login_required
@require_POST
def meeting_answer(request, pk):
    meeting = get_visible_or_404(visible_meetings(request.user), request.user, pk=pk)
    participant = get_object_or_404(meeting.participants.invited(), user=request.user)
    require(request.user, "meetings.answer_meeting", participant)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            answers.answer_meeting(
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
    check = links.check_answer_token(token, meeting_id=pk, user=request.user)
    if check.problem or check.participant is None:
        status = {"tampered": 400, "foreign": 403}.get(check.problem, 410)
        return render(
            request,
            "meetings/meeting_answer_invalid.html",
            {"problem": check.problem, "participant": check.participant},
            status=status,
        )
    participant = check.participant
    chosen = request.POST.get("answer") or request.GET.get("a") or ""
    form = AnswerForm(request.POST or None, initial={"answer": chosen})
    if request.method == "POST" and form.is_valid():
        nonce = links.token_nonce(token)
        try:
            answers.answer_meeting(
                participant=participant, answer=form.cleaned_data["answer"], link_nonce=nonce
            )
        except ValidationError:
            return render(
                request,
                "meetings/meeting_answer_invalid.html",
                {"problem": "used", "participant": participant},
                status=410,
            )
        participant.refresh_from_db()
        return render(
            request,
            "meetings/meeting_answer_done.html",
            {"participant": participant, "meeting": participant.meeting},
        )
    return render(
        request,
        "meetings/meeting_answer_link.html",
        {
            "participant": participant,
            "meeting": participant.meeting,
            "form": form,
            "chosen": chosen,
        },
    )
