"""Rules of the forums app, registered on portal.permissions.

Call them through ``portal.permissions`` — ``require(user, name, obj)`` in views and
services, ``has_perm(user, name, obj)`` for ready template booleans:

``forums.view_body`` (obj: Body; answers anonymous visitors too)
    Mirrors ``Body.objects.visible_to``: public bodies for everyone, "all parties" bodies for
    logged-in users, members-only bodies for coordinators, the body's current members,
    deputies, role holders and named preparers, and the admins of the organisations that
    hold a seat in it (``Body.objects.with_seats_for``) — not every organisation's admin.
``forums.view_members`` (obj: Body)
    Names of members and deputies: logged-in users who may see the body.
``forums.manage_body`` (obj: Body)
    Edit a body's description and rules: coordinators; an open network also its creator.
``forums.create_network`` (obj: None)
    Found a tier-4 open network: any logged-in user.
``forums.manage_seats`` (obj: Membership, saved or unsaved with ``body`` and
``organisation`` set)
    Name, change or end a representative of ``organisation`` in ``body``: coordinators;
    the organisation's own admin when the body is nominated, active and the organisation
    has a seat in it (a party of the body's agreement still bound, or another organisation
    where the body admits them). Never another party's seat.
``forums.join_body`` (obj: Body) / ``forums.leave_body`` (obj: Membership)
    Open networks: anyone logged in with an organisation joins one that is not for its
    members only; a members-only network is joined on invitation only:
``forums.add_network_member`` (obj: Body)
    Bring a person into an open network: its conveners (founder, chair, secretary) and
    coordinators.
``forums.join_body``/``forums.leave_body``
    Open networks: any logged-in user with an organisation joins; leaves their own seat.
``forums.convene_body`` (obj: Body)
    Schedule and invite, edit meetings and agendas (the meetings app uses this): the
    body's conveners (below) and its named preparers (valmistelijat: a per-object grant
    ``forums.prepare_body``, often people of another organisation, not necessarily members).
    Defined once as ``Body.objects.convenable_by(user)``; the real conveners as
    ``Body.objects.convened_by(user)``.
``forums.manage_roles`` (obj: Body)
    Record the election of chair, vice-chair and secretary — the body's conveners only,
    never a preparer: coordinators; the body's current chair and secretary; while the fixed
    organisation convenes (rule "organisation", or "organisation, then the chair" before a
    chair is elected) that organisation's admins and its people sitting in the body; for an
    open network its creator.
``forums.manage_preparers`` (obj: Body)
    Name and remove the body's preparers: the conveners as for ``forums.manage_roles``
    (coordinators included). A preparer does not name other preparers.
``forums.enter_self_assessment`` (obj: Body)
    A body's yearly self-assessment (indicators app): coordinators and the body's current
    chair or secretary.
``forums.view_party_seats`` (obj: Organisation)
    Where a party is represented and which seats are empty: logged-in users.
``forums.view_gaps`` (obj: None)
    The coordinators' gaps list.
``forums.manage_agreement`` (obj: AgreementPeriod or None)
    Approvals, signatures, termination notices, new agreement versions: coordinators.
"""

from __future__ import annotations

from portal.permissions import (
    has_grant,
    is_active_user,
    is_coordinator,
    is_org_admin,
    public,
    rule,
)

from .models import PREPARE_BODY, Body, Membership, RoleAssignment


def sits_in(user, body: Body) -> bool:
    """A current member or deputy of the body."""
    if not is_active_user(user):
        return False
    return Membership.objects.current().filter(body=body).for_person(user).exists()


def is_preparer(user, body: Body) -> bool:
    """A named preparer of the body (object grant only; a model-wide permission is not one)."""
    return is_active_user(user) and has_grant(user, PREPARE_BODY, body)


def holds_role(user, body: Body, roles: tuple[str, ...] | None = None) -> bool:
    if not is_active_user(user):
        return False
    qs = RoleAssignment.objects.current().filter(body=body, person=user)
    if roles is not None:
        qs = qs.filter(role__in=roles)
    return qs.exists()


@rule("forums.view_body")
@public
def view_body(user, body: Body) -> bool:
    if body.visibility == Body.Visibility.PUBLIC:
        return True
    if not is_active_user(user):
        return False
    if body.visibility == Body.Visibility.PARTIES:
        return True
    return Body.objects.visible_to(user).filter(pk=body.pk).exists()


@rule("forums.view_members")
def view_members(user, body: Body) -> bool:
    return is_active_user(user) and view_body(user, body)


@rule("forums.manage_body")
def manage_body(user, body: Body) -> bool:
    if is_coordinator(user):
        return True
    return body.kind == Body.Kind.OPEN_NETWORK and body.created_by_id == user.pk


@rule("forums.create_network")
def create_network(user, obj=None) -> bool:
    return is_active_user(user)


def has_seat_in(body: Body, organisation) -> bool:
    """Whether ``organisation`` is entitled to name representatives to ``body`` today
    (``Body.objects.with_seats_for``: the one definition)."""
    return Body.objects.with_seats_for(organisation).filter(pk=body.pk).exists()


@rule("forums.manage_seats")
def manage_seats(user, membership: Membership) -> bool:
    if is_coordinator(user):
        return True
    if not is_org_admin(user, membership.organisation_id):
        return False
    return has_seat_in(membership.body, membership.organisation)


@rule("forums.join_body")
def join_body(user, body: Body) -> bool:
    """Anyone with an organisation joins an open network themself, unless it is for its
    members only: those are joined on invitation (``forums.add_network_member``)."""
    return (
        is_active_user(user)
        and body.is_open
        and body.is_active()
        and body.visibility != Body.Visibility.MEMBERS
        and user.organisation_id is not None
    )


@rule("forums.add_network_member")
def add_network_member(user, body: Body) -> bool:
    """Bring a person into an open network: its convener (the founder, or the chair and
    secretary it has agreed on) and coordinators."""
    return body.is_open and body.is_active() and convenes(user, body)


@rule("forums.leave_body")
def leave_body(user, membership: Membership) -> bool:
    if is_coordinator(user):
        return True
    return membership.body.is_open and membership.person_id == user.pk


def convenes(user, body: Body) -> bool:
    """The body's real conveners (``Body.objects.convened_by``: the one definition)."""
    return Body.objects.convened_by(user).filter(pk=body.pk).exists()


@rule("forums.convene_body")
def convene_body(user, body: Body) -> bool:
    """Conveners and named preparers (``Body.objects.convenable_by``)."""
    return Body.objects.convenable_by(user).filter(pk=body.pk).exists()


@rule("forums.manage_roles")
def manage_roles(user, body: Body) -> bool:
    return convenes(user, body)


@rule("forums.manage_preparers")
def manage_preparers(user, body: Body) -> bool:
    return convenes(user, body)


@rule("forums.enter_self_assessment")
def enter_self_assessment(user, body: Body) -> bool:
    if is_coordinator(user):
        return True
    return holds_role(user, body, (RoleAssignment.Role.CHAIR, RoleAssignment.Role.SECRETARY))


@rule("forums.view_party_seats")
def view_party_seats(user, organisation) -> bool:
    return is_active_user(user)


@rule("forums.view_gaps")
def view_gaps(user, obj=None) -> bool:
    return is_coordinator(user)


@rule("forums.manage_agreement")
def manage_agreement(user, period=None) -> bool:
    return is_coordinator(user)
