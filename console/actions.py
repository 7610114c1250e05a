"""The audit trail in words: each action code the portal records, as a phrase a reader
understands ("kutsui henkilön"), the changed fields' names, and the object kinds to filter by.

Every code written by ``portal.audit.record`` anywhere in the code has a phrase here; a test
reads the sources and fails on a code without one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS: dict[str, Any] = {
    # sign-in and security (console/signals.py)
    "auth.logged_in": _("logged in"),
    "auth.login_failed": _("failed to log in"),
    "auth.logged_out": _("logged out"),
    "auth.password_changed": _("changed their password"),
    "auth.password_reset": _("reset their password"),
    "auth.mfa_added": _("turned on two-factor authentication"),
    "auth.mfa_removed": _("turned off two-factor authentication"),
    "auth.mfa_reset": _("created new recovery codes"),
    "auth.sso_linked": _("linked an organisation sign-in to the account"),
    "auth.sso_unlinked": _("removed an organisation sign-in from the account"),
    # people (organisations/services.py, console/services.py)
    "user.invited": _("invited a person"),
    "user.invitation_resent": _("sent a new invitation link"),
    "user.invitation_accepted": _("accepted the invitation"),
    "user.updated": _("changed a person's details"),
    "user.profile_updated": _("changed their own details"),
    "user.deactivated": _("deactivated a person's account"),
    "user.reactivated": _("reactivated a person's account"),
    "user.role_changed": _("changed a person's role"),
    "user.moved": _("moved a person to another organisation"),
    "user.sso_created": _("created an account at the first organisation sign-in"),
    "user.data_exported": _("exported a person's data"),
    "user.anonymised": _("anonymised a departed person"),
    "people.bulk_invited": _("invited people from a file"),
    # console settings, single sign-on, mail
    "policy.changed": _("changed the security policy"),
    "sso.configured": _("set up an organisation's sign-in"),
    "sso.changed": _("changed an organisation's sign-in"),
    "sso.removed": _("removed an organisation's sign-in"),
    "mail.resent": _("resent a failed e-mail"),
    # organisations
    "organisation.created": _("added an organisation"),
    "organisation.updated": _("changed an organisation's details"),
    # structure (forums/services.py)
    "body.representative_named": _("named a representative"),
    "body.representative_changed": _("changed a representative's seat"),
    "body.representative_ended": _("ended a representative's seat"),
    "body.representative_cancelled": _("cancelled a seat that had not begun"),
    "body.joined": _("joined an open network"),
    "body.member_added": _("added a person to an open network"),
    "body.left": _("left an open network"),
    "body.network_created": _("founded an open network"),
    "body.preparer_named": _("named a preparer"),
    "body.preparer_removed": _("removed a preparer"),
    "body.role_elected": _("recorded an election"),
    "body.role_ended": _("ended an elected role"),
    "agreement.party_approval": _("recorded a party's approval or signature"),
    "agreement.termination_received": _("recorded a termination notice"),
    # meetings
    "meeting.created": _("drafted a meeting"),
    "meeting.scheduled": _("scheduled a meeting and sent the invitations"),
    "meeting.updated": _("changed a meeting"),
    "meeting.cancelled": _("cancelled a meeting"),
    "meeting.answered": _("answered a meeting invitation"),
    # follow-up reports (reports/services.py)
    "report.requested": _("asked for a follow-up report to be built"),
    "report.retried": _("built a failed follow-up report again"),
    "report.published": _("published a follow-up report"),
    "report.unpublished": _("withdrew a follow-up report from publication"),
    "report.conclusions_changed": _("wrote the conclusions of a follow-up report"),
    "meeting_feed.revoked": _("renewed their calendar feed address"),
    "minutes.started": _("started the minutes"),
    "minutes.updated": _("edited the minutes"),
    "minutes.checked": _("checked the minutes"),
    "minutes.returned": _("returned the minutes for correction"),
    "minutes.approved": _("approved the minutes"),
    "action_item.created": _("recorded an action item"),
    "action_item.status": _("changed an action item's status"),
    # workgroups
    "workgroup.proposed": _("proposed a new workgroup"),
    "workgroup.proposal_decided": _("decided on a workgroup proposal"),
    "workgroup.pair_created": _("added a counterpart pair"),
    "workgroup.pair_changed": _("changed a counterpart pair"),
    "workgroup.document_added": _("added a workgroup document"),
    "workgroup.updated": _("changed a workgroup's details"),
    # metrics
    "indicator_value.entered": _("entered a metric value"),
    "indicator_value.changed": _("changed a metric value"),
    "indicator_value.submitted": _("submitted a metric value for approval"),
    "indicator_value.approved": _("approved a metric value"),
    "indicator_value.returned": _("returned a metric value for revision"),
    "indicator_year.locked": _("locked a year's metric values"),
    "indicator_year.unlocked": _("unlocked a year's metric values"),
    "indicator_year.reopened": _("reopened one organisation's year"),
    "indicator_year.reopening_closed": _("closed a reopened year"),
}

# Field names that appear in the changes of audit rows, as words.
FIELDS: dict[str, Any] = {
    "role": _("role"),
    "organisation": _("organisation"),
    "is_active": _("account in use"),
    "first_name": _("first name"),
    "last_name": _("last name"),
    "email": _("e-mail address"),
    "phone": _("phone"),
    "job_title": _("job title"),
    "language": _("language"),
    "person": _("representative"),
    "deputy": _("personal deputy"),
    "valid_from": _("from"),
    "valid_to": _("to"),
    "status": _("status"),
    "name": _("name"),
    "method": _("how"),
    "login": _("login"),
    "reason": _("reason"),
    "provider": _("organisation sign-in"),
    "issuer": _("identity provider address"),
    "client_id": _("client ID"),
    "secret": _("client secret"),
    "tenant_id": _("tenant ID"),
    "domains": _("e-mail domains"),
    "enabled": _("in use"),
    "allow_new_members": _("new members allowed"),
    "require_mfa_for_org_admins": _("two-factor authentication for organisation admins"),
    "mail": _("e-mail"),
    "rows": _("rows"),
    "links": _("people's sign-in links"),
    # meetings (meetings/scheduling.py, answers.py, minutes.py)
    "bodies": _("bodies"),
    "guests": _("guests"),
    "agenda": _("agenda"),
    "invited": _("invited"),
    "sequence": _("calendar version"),
    "answer": _("answer"),
    "participant": _("participant"),
    "items": _("items (§)"),
    "seats_ended": _("seats ended"),
    "termination_effective_on": _("termination effective on"),
}

# Object kinds to filter the trail by.
KINDS: dict[str, Any] = {
    "person": _("people"),
    "organisation": _("organisations"),
    "body": _("bodies"),
    "membership": pgettext_lazy("audit kind", "seats"),
    "role": _("elected roles"),
    "agreement": _("agreement"),
    "meeting": _("meetings"),
    "workgroup": _("workgroups"),
    "proposal": _("workgroup proposals"),
    "value": _("metric values"),
    "sso": _("organisation sign-ins"),
    "mail": _("e-mails"),
}


def kind_model(key: str) -> type[Model] | None:
    """The model whose audit rows a kind selects (meetings come from their own module)."""
    from django.apps import apps

    from .meetings_data import Meeting

    labels = {
        "person": "organisations.User",
        "organisation": "organisations.Organisation",
        "body": "forums.Body",
        "membership": "forums.Membership",
        "role": "forums.RoleAssignment",
        "agreement": "forums.AgreementPeriod",
        "workgroup": "workgroups.Workgroup",
        "proposal": "workgroups.WorkgroupProposal",
        "value": "indicators.Value",
        "sso": "console.IdentityProvider",
        "mail": "portal.OutboundEmail",
    }
    if key == "meeting":
        return Meeting
    return apps.get_model(labels[key]) if key in labels else None


def phrase(code: str) -> str:
    """The action in words; a code not (yet) in the list is shown as it is."""
    words = ACTIONS.get(code)
    return str(words) if words is not None else code


def field_label(name: str, model: type[Model] | None = None) -> str:
    """The field in words: our own list first, then the changed model's own field name
    (its verbose name, translated), and only then the code itself."""
    words = FIELDS.get(name)
    if words is not None:
        return str(words)
    if model is not None:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        label = getattr(field, "verbose_name", None)
        if label:
            return str(label)
    return name.replace("_", " ")


def action_choices() -> list[tuple[str, str]]:
    return sorted(((code, phrase(code)) for code in ACTIONS), key=lambda c: c[1].lower())


def kind_choices() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in KINDS.items()]


# Coded values in the changes of sign-in rows, as words.
VALUES: dict[str, dict[str, Any]] = {
    "method": {
        "password": _("password"),
        "totp": _("authenticator app"),
        "recovery_codes": _("recovery codes"),
        "sso": _("organisation credentials"),
    },
    "reason": {
        "unknown_provider": _("the sign-in is not in use"),
        "wrong_tenant": _("a token from another tenant"),
        "no_address": _("no e-mail address given"),
        "domain": _("an e-mail domain outside the organisation's"),
        "connect_other_organisation": _("a person of another organisation"),
        "other_organisation": _("a person of another organisation"),
        "unknown_person": _("no account linked"),
        "address_taken": _("the address already has an account"),
        "already_linked": _("the account is already linked"),
        "invitation_used": _("the invitation was already used"),
    },
}


def _value_in_words(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name == "method" and value.startswith("sso:"):
        return f"{VALUES['method']['sso']} ({value[4:]})"
    words = VALUES.get(name, {}).get(value)
    return words if words is not None else value


def shown(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if value is True:
        return str(_("yes"))
    if value is False:
        return str(_("no"))
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


def describe_changes(changes: dict, model: type[Model] | None = None) -> list[tuple[str, str, str]]:
    """[(field in words, before, after)] of an audit row's changes."""
    from organisations.models import User

    roles = dict(User.Role.choices)
    rows = []
    for name, pair in (changes or {}).items():
        if isinstance(pair, list) and len(pair) == 2:
            before, after = pair
        else:
            before, after = None, pair
        if name == "role":
            before, after = roles.get(before, before), roles.get(after, after)
        before, after = _value_in_words(name, before), _value_in_words(name, after)
        rows.append((field_label(name, model), shown(before), shown(after)))
    return rows
