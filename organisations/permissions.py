"""Rules for organisations and their people, registered on portal.permissions."""

from portal.permissions import belongs_to, is_coordinator, manages, public, rule


@rule("organisations.view_organisation")
@public
def view_organisation(user, organisation) -> bool:
    return True


@rule("organisations.change_organisation")
def change_organisation(user, organisation) -> bool:
    return manages(user, organisation)


@rule("organisations.change_organisation_identity")
def change_organisation_identity(user, organisation) -> bool:
    """Name, slug, kind, business ID and party status: the coordinator's, not the party's."""
    return is_coordinator(user)


@rule("organisations.view_members")
def view_members(user, organisation) -> bool:
    return is_coordinator(user) or belongs_to(user, organisation)


@rule("organisations.manage_members")
def manage_members(user, organisation) -> bool:
    return manages(user, organisation)


@rule("organisations.change_member")
def change_member(user, person) -> bool:
    if person.pk == user.pk:
        return False  # nobody demotes or deactivates themself by accident
    if person.role == person.Role.COORDINATOR and not is_coordinator(user):
        return False
    return manages(user, person.organisation_id)


@rule("organisations.grant_role")
def grant_role(user, role) -> bool:
    """Coordinators make coordinators; an organisation admin makes members and admins."""
    if role == "coordinator":
        return is_coordinator(user)
    return True


@rule("organisations.add_organisation")
def add_organisation(user, _obj=None) -> bool:
    """New participating organisations (NGOs, parishes, authorities): the coordinator's."""
    return is_coordinator(user)
