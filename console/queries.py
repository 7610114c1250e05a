"""The console's list queries: people, the audit trail and the mail log, each filtered from
what the reader may see and built in a constant number of queries."""

from __future__ import annotations

import datetime
from typing import TypeVar

from allauth.socialaccount.models import SocialAccount
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from organisations.models import Invitation, User

from . import actions
from .models import Anonymisation, AuditEntry, MailLogEntry

_Rows = TypeVar("_Rows", bound=QuerySet)


def people(user, filters: dict) -> QuerySet:
    """The people ``user`` manages, with their invitation state, sign-in link and
    anonymisation annotated (one query for the page)."""
    now = timezone.now()
    pending = Invitation.objects.pending().filter(user=OuterRef("pk"))
    rows = (
        User.objects.visible_to(user)
        .select_related("organisation")
        .annotate(
            invited=Exists(pending.filter(expires_at__gt=now)),
            invitation_expired=Exists(pending.filter(expires_at__lte=now)),
            has_sso=Exists(SocialAccount.objects.filter(user=OuterRef("pk"))),
            anonymised=Exists(Anonymisation.objects.filter(user=OuterRef("pk"))),
        )
        .order_by("organisation__name", "last_name", "first_name", "email")
    )
    q = (filters.get("q") or "").strip()
    if q:
        rows = rows.filter(
            Q(email__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
    if filters.get("organisation"):
        rows = rows.filter(organisation=filters["organisation"])
    if filters.get("role"):
        rows = rows.filter(role=filters["role"])
    status = filters.get("status")
    if status == "active":
        rows = rows.filter(is_active=True, invited=False, invitation_expired=False)
    elif status == "invited":
        rows = rows.filter(invited=True)
    elif status == "expired":
        rows = rows.filter(invitation_expired=True, is_active=True)
    elif status == "never":
        rows = rows.filter(
            is_active=True, last_login__isnull=True, invited=False, invitation_expired=False
        )
    elif status == "inactive":
        rows = rows.filter(is_active=False, anonymised=False)
    elif status == "anonymised":
        rows = rows.filter(anonymised=True)
    return rows


def _people_matching(user, text: str) -> list[int]:
    text = text.strip()
    visible = User.objects.visible_to(user)
    if text.isdigit():
        return list(visible.filter(pk=int(text)).values_list("pk", flat=True))
    return list(
        visible.filter(
            Q(email__icontains=text) | Q(first_name__icontains=text) | Q(last_name__icontains=text)
        ).values_list("pk", flat=True)[:200]
    )


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _created_within(rows: _Rows, first: datetime.date | None, last: datetime.date | None) -> _Rows:
    """Rows created from the start of ``first`` to the end of ``last``. A day at either end
    of the calendar (0001-01-01, 9999-12-31) bounds nothing, and its neighbour day or its
    midnight in UTC would not exist."""
    margin = datetime.timedelta(days=1)
    if first and first > datetime.date.min + margin:
        rows = rows.filter(created_at__gte=_day_start(first))
    if last and last < datetime.date.max - margin:
        rows = rows.filter(created_at__lt=_day_start(last + margin))
    return rows


def audit_entries(user, filters: dict) -> QuerySet:
    """The audit rows ``user`` may read, filtered by organisation, person (as actor or as
    the person the row is about), kind of object, action and date range."""
    rows = AuditEntry.objects.visible_to(user).select_related(
        "actor", "organisation", "target_type"
    )
    if filters.get("organisation"):
        rows = rows.filter(organisation=filters["organisation"])
    if filters.get("person"):
        ids = _people_matching(user, filters["person"])
        user_type = ContentType.objects.get_for_model(User)
        rows = rows.filter(
            Q(actor_id__in=ids) | Q(target_type=user_type, target_id__in=[str(i) for i in ids])
        )
    if filters.get("kind"):
        model = actions.kind_model(filters["kind"])
        if model is None:
            return rows.none()
        rows = rows.filter(target_type=ContentType.objects.get_for_model(model))
    if filters.get("action"):
        rows = rows.filter(action=filters["action"])
    rows = _created_within(rows, filters.get("date_from"), filters.get("date_to"))
    return rows.order_by("-created_at", "-id")


def mails(user, filters: dict) -> QuerySet:
    rows = (
        MailLogEntry.objects.visible_to(user)
        .select_related("to_user__organisation", "resend")
        .defer("body_text", "body_html", "calendar_ics")
    )
    if filters.get("q"):
        rows = rows.filter(to_email__icontains=filters["q"].strip())
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("kind"):
        rows = rows.filter(kind__icontains=filters["kind"].strip())
    if filters.get("organisation"):
        rows = rows.filter(to_user__organisation=filters["organisation"])
    return rows.order_by("-created_at", "-id")
