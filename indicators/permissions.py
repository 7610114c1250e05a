"""Rules of the indicators app, registered on portal.permissions.

``indicators.view_values`` (obj: None)
    Every logged-in user sees every party's values: the parties follow the agreement together.
``indicators.enter_values`` (obj: Subject)
    An organisation's own users (members and admins) enter its values; coordinators enter
    the region's values and may enter any organisation's; a body's self-assessment is
    entered by the body's current chair or secretary (``forums.enter_self_assessment``).
``indicators.change_value`` (obj: Value, saved or unsaved with metric, subject and year)
    ``enter_values`` for the value's subject, and the value is neither in a locked year
    (nobody, not even a coordinator, writes a locked year unless the organisation's year
    has been reopened) nor approved.
``indicators.approve_value`` / ``indicators.return_value`` (obj: Value)
    Coordinators only, never in a locked year. Only submitted values are approved;
    submitted or approved values may be returned with a comment.
``indicators.review_values`` (obj: None)
    The missing and unapproved list, bulk approval: coordinators.
``indicators.lock_year`` / ``indicators.reopen_year`` (obj: None)
    Coordinators.
``indicators.import_values`` (obj: None)
    Any logged-in user with an organisation, or a coordinator; each row is then checked
    with ``change_value`` (so Forssa's users can import only Forssa's values).
``indicators.import_sotkanet`` (obj: None)
    Coordinators.
"""

from __future__ import annotations

from portal.permissions import belongs_to, has_perm, is_active_user, is_coordinator, rule

from .locks import YearState
from .models import Value
from .subjects import Subject, subject_for_value


@rule("indicators.view_values")
def view_values(user, obj=None) -> bool:
    return is_active_user(user)


@rule("indicators.enter_values")
def enter_values(user, subject: Subject) -> bool:
    if subject.organisation is not None:
        return is_coordinator(user) or belongs_to(user, subject.organisation)
    if subject.body is not None:
        return has_perm(user, "forums.enter_self_assessment", subject.body)
    return is_coordinator(user)


def can_enter(user, subject: Subject) -> bool:
    return has_perm(user, "indicators.enter_values", subject)


@rule("indicators.change_value")
def change_value(user, value: Value, state: YearState | None = None) -> bool:
    if not enter_values(user, subject_for_value(value)):
        return False
    if value.pk and value.status == Value.Status.APPROVED:
        return False
    state = state or YearState.load(value.year)
    return not state.is_locked(value.organisation_id)


@rule("indicators.approve_value")
def approve_value(user, value: Value, state: YearState | None = None) -> bool:
    if not is_coordinator(user) or value.status != Value.Status.SUBMITTED:
        return False
    state = state or YearState.load(value.year)
    return not state.is_locked(value.organisation_id)


@rule("indicators.return_value")
def return_value(user, value: Value, state: YearState | None = None) -> bool:
    if not is_coordinator(user):
        return False
    if value.status not in (Value.Status.SUBMITTED, Value.Status.APPROVED):
        return False
    state = state or YearState.load(value.year)
    return not state.is_locked(value.organisation_id)


@rule("indicators.review_values")
def review_values(user, obj=None) -> bool:
    return is_coordinator(user)


@rule("indicators.lock_year")
def lock_year(user, obj=None) -> bool:
    return is_coordinator(user)


@rule("indicators.reopen_year")
def reopen_year(user, obj=None) -> bool:
    return is_coordinator(user)


@rule("indicators.import_values")
def import_values(user, obj=None) -> bool:
    return is_coordinator(user) or (is_active_user(user) and user.organisation_id is not None)


@rule("indicators.import_sotkanet")
def import_sotkanet(user, obj=None) -> bool:
    return is_coordinator(user)
