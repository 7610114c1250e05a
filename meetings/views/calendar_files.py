"""Calendar files: one meeting's .ics, a user's private feed, a public body's feed, and
the page where a user finds (and renews) their feed's address."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from forums.models import Body
from portal.pagecache import cached_page
from portal.permissions import get_visible_or_404

from .. import feeds
from ..models import CalendarFeedToken, Meeting
from .common import visible_meetings


def _ics_response(text: str, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def meeting_ics(request, pk):
    meeting = get_visible_or_404(visible_meetings(request.user), request.user, pk=pk)
    text = feeds.ics_for([meeting], name=meeting.title, reader=request.user)
    return _ics_response(text, f"meeting-{meeting.pk}.ics", download=True)


@cached_page
def meeting_feed(request, token):
    feed = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    meetings = feeds.feed_meetings_for_user(feed.user)
    return _ics_response(
        feeds.ics_for(meetings, name="Yhdyspinta", reader=feed.user),
        "yhdyspinta.ics",
        download=False,
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
        # A public feed's address is shared freely: it shows what an anonymous reader sees.
        feeds.ics_for(meetings, name=body.name, reader=None),
        f"{body.slug}.ics",
        download=False,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_feed_settings(request):
    if request.method == "POST":
        feeds.revoke_feed_token(user=request.user)
        messages.success(
            request, _("A new calendar address was made. The old one no longer works.")
        )
        return redirect("meetings:meeting_feed_settings")
    feed = feeds.feed_token_for(request.user)
    url = request.build_absolute_uri(reverse("meetings:meeting_feed", args=[feed.token]))
    return render(request, "meetings/meeting_feed_settings.html", {"feed_url": url})
