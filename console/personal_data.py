"""A person's data (GDPR art. 15 and 17): everything the portal holds about them, collected
once for both the readable page and the JSON file, and the anonymisation of a departed
person, which keeps every reference (minutes, values, decisions, the audit trail) and
replaces the person's details with a placeholder.

The export holds the person's own data only: other people are never named in it.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from organisations.models import Invitation, User
from portal import audit
from portal.models import AuditEvent, OutboundEmail
from portal.permissions import require

from . import actions
from .meetings_data import person_meeting_data, revoke_calendar_feed
from .models import Anonymisation
from .services import end_sessions, is_last_coordinator

ANONYMISED_DOMAIN = "anonymised.invalid"
# Values of these fields in the audit rows about an anonymised person are blanked out.
PERSONAL_FIELDS = {"first_name", "last_name", "email", "phone", "job_title", "login"}
REDACTED = "[poistettu]"


def _when(value) -> str:
    """ISO 8601 in Finnish time, to the second (the JSON file); the page shows it in words."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    return value.isoformat()


ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$")


def _readable(value: Any) -> str:
    """A value as the page shows it: moments and days in the reader's format."""
    if isinstance(value, str) and ISO_MOMENT.match(value):
        if "T" in value:
            moment = timezone.localtime(datetime.datetime.fromisoformat(value))
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    return actions.shown(value)


def _profile(person: User) -> dict[str, Any]:
    return {
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "title": person.job_title,
        "phone": person.phone,
        "language": person.get_language_display(),
        "organisation": person.organisation.display_name if person.organisation else "",
        "role": person.get_role_display(),
        "account_in_use": person.is_active,
        "joined": _when(person.date_joined),
        "last_login": _when(person.last_login),
    }


def _account(person: User) -> dict[str, Any]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    return {
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=person).order_by("pk")
        ],
        "two_factor_methods": [
            {"kind": a.type, "created": _when(a.created_at)}
            for a in Authenticator.objects.filter(user=person).order_by("pk")
        ],
        "organisation_sign_ins": [
            {
                "provider": a.provider,
                "subject_id": a.uid,
                "linked": _when(a.date_joined),
                "last_used": _when(a.last_login),
                "claims": a.extra_data,
            }
            for a in SocialAccount.objects.filter(user=person).order_by("pk")
        ],
        "invitations": [
            {
                "organisation": i.organisation.display_name,
                "sent": _when(i.created_at),
                "valid_until": _when(i.expires_at),
                "accepted": _when(i.accepted_at),
                "revoked": _when(i.revoked_at),
            }
            for i in Invitation.objects.filter(user=person).select_related("organisation")
        ],
    }


def _structure(person: User) -> dict[str, Any]:
    from forums.models import Body, BodyUserObjectPermission, Membership, RoleAssignment

    def seat(m, as_what):
        return {
            "body": m.body.name,
            "organisation": m.organisation.display_name,
            "as": as_what,
            "from": _when(m.valid_from),
            "to": _when(m.valid_to),
        }

    memberships = Membership.objects.filter(Q(person=person) | Q(deputy=person)).select_related(
        "body", "organisation"
    )
    prepared = BodyUserObjectPermission.objects.filter(
        user=person, permission__codename="prepare_body"
    ).values_list("content_object_id", flat=True)
    return {
        "seats": [
            seat(m, _("representative") if m.person_id == person.pk else _("personal deputy"))
            for m in memberships.order_by("valid_from", "pk")
        ],
        "roles_in_bodies": [
            {
                "body": r.body.name,
                "role": r.get_role_display(),
                "from": _when(r.valid_from),
                "to": _when(r.valid_to),
            }
            for r in RoleAssignment.objects.filter(person=person)
            .select_related("body")
            .order_by("valid_from", "pk")
        ],
        "preparer_of": [b.name for b in Body.objects.filter(pk__in=list(prepared))],
    }


def _work(person: User) -> dict[str, Any]:
    from indicators.models import Value, ValueEvent
    from workgroups.models import WorkgroupProposal

    values = (
        Value.objects.filter(Q(created_by=person) | Q(updated_by=person) | Q(approved_by=person))
        .select_related("metric", "organisation", "body")
        .order_by("year", "metric__code", "pk")
    )
    return {
        "metric_values": [
            {
                "metric": v.metric.code,
                "who": v.who,
                "year": v.year,
                "value": str(v.raw) if v.raw is not None else "",
                "status": v.get_status_display(),
                "entered_by_you": v.created_by_id == person.pk,
                "last_changed_by_you": v.updated_by_id == person.pk,
                "approved_by_you": v.approved_by_id == person.pk,
            }
            for v in values
        ],
        "metric_value_events": [
            {
                "metric": e.value.metric.code,
                "year": e.value.year,
                "action": e.get_action_display(),
                "when": _when(e.created_at),
                "changes": e.changes,
            }
            for e in ValueEvent.objects.filter(actor=person)
            .select_related("value__metric")
            .order_by("created_at", "pk")
        ],
        "workgroup_proposals": [
            {"name": p.name_fi, "sent": _when(p.created_at), "status": p.get_status_display()}
            for p in WorkgroupProposal.objects.filter(proposed_by=person).order_by("created_at")
        ],
    }


def _mails_and_audit(person: User) -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType

    user_type = ContentType.objects.get_for_model(User)
    return {
        "mails_sent_to_you": [
            {
                "created": _when(m.created_at),
                "kind": m.kind,
                "to": m.to_email,
                "subject": m.subject,
                "status": m.get_status_display(),
                "sent": _when(m.sent_at),
            }
            for m in OutboundEmail.objects.filter(to_user=person).order_by("created_at", "pk")
        ],
        "audit_entries_about_you": [
            {
                "when": _when(e.created_at),
                "what": actions.phrase(e.action),
                "by_you": e.actor_id == person.pk,
                "changes": e.changes,
            }
            for e in AuditEvent.objects.filter(
                target_type=user_type, target_id=str(person.pk)
            ).order_by("created_at", "pk")
        ],
    }


def collect(person: User) -> dict[str, Any]:
    """Everything held about ``person``, in sections (a constant number of queries)."""
    return {
        "exported_at": _when(timezone.now()),
        "person": _profile(person),
        **_account(person),
        **_structure(person),
        **person_meeting_data(person),
        **_work(person),
        **_mails_and_audit(person),
    }


def export_person(*, actor: User, person: User) -> dict[str, Any]:
    """The person's data, and an audit row saying who exported it."""
    require(actor, "console.export_person_data", person)
    data = collect(person)
    audit.record(
        actor=actor, action="user.data_exported", target=person, organisation=person.organisation
    )
    return data


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


# --- anonymisation -------------------------------------------------------------------------


def blockers(*, actor: User, person: User) -> list[str]:
    """Why ``person`` cannot be anonymised now, in words (empty: it may be done)."""
    from forums.models import Body, BodyUserObjectPermission, Membership, RoleAssignment

    today = timezone.localdate()
    reasons = []
    if person.pk == actor.pk:
        reasons.append(_("You cannot anonymise yourself."))
    if hasattr(person, "anonymisation"):
        reasons.append(_("The person has already been anonymised."))
    if is_last_coordinator(person):
        reasons.append(_("%(name)s is the portal's last coordinator.") % {"name": person})
    open_on = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    for m in (
        Membership.objects.filter(Q(person=person) | Q(deputy=person))
        .filter(open_on)
        .select_related("body", "organisation")
    ):
        as_what = _("representative") if m.person_id == person.pk else _("personal deputy")
        reasons.append(
            _("Holds a seat: %(as)s of %(organisation)s in %(body)s.")
            % {
                "as": as_what,
                "organisation": m.organisation.display_short_name,
                "body": m.body.name,
            }
        )
    for r in RoleAssignment.objects.filter(person=person).filter(open_on).select_related("body"):
        reasons.append(
            _("Holds a role: %(role)s of %(body)s.")
            % {"role": r.get_role_display(), "body": r.body.name}
        )
    prepared = BodyUserObjectPermission.objects.filter(
        user=person, permission__codename="prepare_body"
    ).values("content_object_id")
    for body in Body.objects.filter(pk__in=prepared):
        reasons.append(_("Named preparer of %(body)s.") % {"body": body.name})
    return reasons


def placeholder_for(person: User) -> str:
    with translation.override("fi"):
        return _("Deleted user %(number)s") % {"number": person.pk}


def _replace(value: Any, old: list[str], new: str) -> Any:
    if isinstance(value, str):
        for text in old:
            value = value.replace(text, new)
        return value
    if isinstance(value, list):
        return [_replace(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, old, new) for k, v in value.items()}
    return value


def _redact_audit(person: User, old: list[str], placeholder: str) -> int:
    """Replace the person's name and address in the audit rows; rows are never deleted."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import TextField
    from django.db.models.functions import Cast

    mention_type = ContentType.objects.get_for_model(User)
    mention = Q(target_type=mention_type, target_id=str(person.pk))
    for text in old:
        escaped = json.dumps(text)[1:-1]
        mention |= Q(target_repr__icontains=text) | Q(changes_text__icontains=text)
        mention |= Q(changes_text__icontains=escaped)
    rows = AuditEvent.objects.annotate(changes_text=Cast("changes", TextField())).filter(mention)
    count = 0
    for row in rows.iterator():
        row.target_repr = _replace(row.target_repr, old, placeholder)[:300]
        changes = _replace(row.changes, old, placeholder)
        if row.target_id == str(person.pk) and row.target_type_id == mention_type.pk:
            changes = {
                key: [REDACTED if v not in (None, "") else v for v in pair]
                if key in PERSONAL_FIELDS and isinstance(pair, list)
                else pair
                for key, pair in changes.items()
            }
        row.changes = changes
        row.save(update_fields=["target_repr", "changes"])
        count += 1
    return count


def _remove_sign_in(person: User) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    EmailAddress.objects.filter(user=person).delete()
    SocialAccount.objects.filter(user=person).delete()
    Authenticator.objects.filter(user=person).delete()
    Invitation.objects.filter(user=person).pending().update(revoked_at=timezone.now())
    revoke_calendar_feed(person)
    end_sessions(person)


def anonymise_person(*, actor: User, person: User) -> User:
    """Replace a departed person's details by "Poistettu käyttäjä <n>"; login becomes
    impossible and sessions end; every reference to the person stays."""
    require(actor, "console.anonymise_person", person)
    reasons = blockers(actor=actor, person=person)
    if reasons:
        raise ValidationError(reasons)
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        old = [t for t in {person.get_full_name(), person.email} if len(t) >= 5]
        placeholder = placeholder_for(person)
        person.first_name, person.last_name = placeholder, ""
        person.email = f"poistettu-{person.pk}@{ANONYMISED_DOMAIN}"
        person.phone = person.job_title = ""
        person.is_active = False
        person.set_unusable_password()
        person.save(
            update_fields=[
                "first_name",
                "last_name",
                "email",
                "phone",
                "job_title",
                "is_active",
                "password",
            ]
        )
        _remove_sign_in(person)
        _redact_audit(person, old, placeholder)
        OutboundEmail.objects.filter(Q(to_user=person) | Q(to_email__in=old)).update(
            to_email=person.email, body_text="", body_html="", calendar_ics=""
        )
        Anonymisation.objects.create(user=person, anonymised_by=actor)
        audit.record(
            actor=actor, action="user.anonymised", target=person, organisation=person.organisation
        )
    return person


# --- the readable page -----------------------------------------------------------------------

SECTIONS = [
    ("email_addresses", _("E-mail addresses")),
    ("two_factor_methods", _("Two-factor authentication")),
    ("organisation_sign_ins", _("Organisation sign-in links")),
    ("invitations", _("Invitations")),
    ("seats", _("Seats in bodies")),
    ("roles_in_bodies", _("Roles in bodies")),
    ("preparer_of", _("Preparer of bodies")),
    ("meeting_answers", _("Meeting answers")),
    ("agenda_items_prepared", _("Agenda items you prepared")),
    ("meetings_convened", _("Meetings you convened or drafted")),
    ("minutes_written", _("Minutes you wrote or checked")),
    ("metric_values", _("Metric values")),
    ("metric_value_events", _("Changes to metric values")),
    ("workgroup_proposals", _("Workgroup proposals")),
    ("mails_sent_to_you", _("Mails sent to you")),
    ("audit_entries_about_you", _("Audit entries about you")),
]
LABELS = {
    "email": _("e-mail address"),
    "first_name": _("first name"),
    "last_name": _("last name"),
    "title": _("title"),
    "phone": _("phone"),
    "language": _("language"),
    "organisation": _("organisation"),
    "role": _("role"),
    "account_in_use": _("account in use"),
    "joined": _("account created"),
    "last_login": _("last login"),
    "verified": _("verified"),
    "primary": _("primary"),
    "kind": _("kind"),
    "created": _("created"),
    "provider": _("sign-in"),
    "subject_id": _("subject identifier"),
    "linked": _("linked"),
    "last_used": _("last used"),
    "claims": _("claims given by the sign-in"),
    "sent": _("sent"),
    "valid_until": _("valid until"),
    "accepted": _("accepted"),
    "revoked": _("revoked"),
    "body": _("body"),
    "as": _("as"),
    "from": _("from"),
    "to": _("to"),
    "meeting": _("meeting"),
    "starts_at": _("starts"),
    "answer": _("answer"),
    "answered_at": _("answered"),
    "stands_in": _("stands in for the member"),
    "item": _("agenda item"),
    "status": _("status"),
    "version": _("version"),
    "saved_at": _("saved"),
    "metric": _("metric"),
    "who": _("whose"),
    "year": _("year"),
    "value": _("value"),
    "entered_by_you": _("entered by you"),
    "last_changed_by_you": _("last changed by you"),
    "approved_by_you": _("approved by you"),
    "action": _("action"),
    "when": _("when"),
    "changes": _("changes"),
    "name": _("name"),
    "subject": _("subject"),
    "what": _("what"),
    "by_you": _("by you"),
}


def _label(key: str) -> str:
    return str(LABELS.get(key, key.replace("_", " ")))


def readable(data: dict[str, Any]) -> dict[str, Any]:
    """The collected data as the page shows it: the profile, then one table per section."""
    sections = []
    for key, title in SECTIONS:
        rows = data.get(key) or []
        if rows and not isinstance(rows[0], dict):
            rows = [{"name": row} for row in rows]
        columns = list(rows[0]) if rows else []
        sections.append(
            {
                "key": key,
                "title": title,
                "columns": [_label(c) for c in columns],
                "rows": [[_readable(row.get(c)) for c in columns] for row in rows],
            }
        )
    return {
        "person": [(_label(k), _readable(v)) for k, v in data["person"].items()],
        "sections": sections,
        "exported_at": _readable(data["exported_at"]),
    }
