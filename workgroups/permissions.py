"""Rules of the workgroups app, registered on portal.permissions.

``workgroups.view_workgroup`` (Workgroup; anonymous allowed): as ``forums.view_body``.
``workgroups.manage_workgroup`` (Workgroup): new action-plan and rules versions, who arranges
    the meetings: coordinators and whoever may convene the body (``forums.convene_body``).
``workgroups.propose`` (None): any logged-in user proposes a new workgroup.
``workgroups.decide_proposal`` (WorkgroupProposal): coordinators, while it is pending.
``workgroups.view_pairs`` (None): logged-in users.
``workgroups.create_pair`` (Organisation: the side the actor fills): coordinators; the admin
    of a municipality or of the wellbeing county for their own organisation.
``workgroups.change_municipality_half`` / ``workgroups.change_county_half`` (CounterpartPair):
    coordinators, or that side's own organisation admin — never the other side's half.
"""

from __future__ import annotations

from portal.permissions import has_perm, is_coordinator, is_org_admin, public, rule


@rule("workgroups.view_workgroup")
@public
def view_workgroup(user, workgroup) -> bool:
    return has_perm(user, "forums.view_body", workgroup.body)


@rule("workgroups.manage_workgroup")
def manage_workgroup(user, workgroup) -> bool:
    return is_coordinator(user) or has_perm(user, "forums.convene_body", workgroup.body)


@rule("workgroups.propose")
def propose(user, obj=None) -> bool:
    return user.organisation_id is not None


@rule("workgroups.decide_proposal")
def decide_proposal(user, proposal) -> bool:
    return is_coordinator(user) and proposal.status == "pending"


@rule("workgroups.view_pairs")
def view_pairs(user, obj=None) -> bool:
    return True  # has_perm already refuses anonymous visitors


@rule("workgroups.create_pair")
def create_pair(user, organisation) -> bool:
    if is_coordinator(user):
        return True
    if organisation is None or not is_org_admin(user, organisation):
        return False
    return organisation.is_party and organisation.kind in (
        "city",
        "municipality",
        "wellbeing_county",
    )


@rule("workgroups.change_municipality_half")
def change_municipality_half(user, pair) -> bool:
    return is_coordinator(user) or is_org_admin(user, pair.municipality_id)


@rule("workgroups.change_county_half")
def change_county_half(user, pair) -> bool:
    return is_coordinator(user) or is_org_admin(user, pair.county_id)
