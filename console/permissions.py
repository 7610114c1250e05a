"""Rules of the coordinator console, registered on portal.permissions.

Coordinators do everything here. An organisation admin uses the console inside their own
organisation only: its people, its mails, its audit entries (what they may not see is a 404
through the ``visible_to`` QuerySets; what they see but may not do is a 403 from these rules).
Members use none of it, except the export of their own data.
"""

from portal.permissions import is_coordinator, manages, rule


def _is_any_org_admin(user) -> bool:
    return bool(user.role == "org_admin" and user.organisation_id)


@rule("console.use_console")
def use_console(user, _obj=None) -> bool:
    return is_coordinator(user) or _is_any_org_admin(user)


@rule("console.manage_person")
def manage_person(user, person) -> bool:
    """Resend, deactivate, reactivate, change the role: never oneself, never a coordinator
    unless one is a coordinator, only inside one's own organisation for an admin."""
    if person.pk == user.pk or hasattr(person, "anonymisation"):
        return False
    if person.role == "coordinator" and not is_coordinator(user):
        return False
    return manages(user, person.organisation_id)


@rule("console.invite_to")
def invite_to(user, organisation) -> bool:
    return manages(user, organisation)


@rule("console.move_person")
def move_person(user, person) -> bool:
    """Moving to another organisation crosses parties: the coordinator's."""
    return is_coordinator(user) and person.pk != user.pk and not hasattr(person, "anonymisation")


@rule("console.export_person_data")
def export_person_data(user, person) -> bool:
    """A person's own data: the coordinator's, or the person's themself (GDPR art. 15)."""
    return is_coordinator(user) or person.pk == user.pk


@rule("console.anonymise_person")
def anonymise_person(user, person) -> bool:
    return is_coordinator(user)


@rule("console.configure_sso")
def configure_sso(user, _organisation=None) -> bool:
    return is_coordinator(user)


@rule("console.change_policy")
def change_policy(user, _obj=None) -> bool:
    return is_coordinator(user)


@rule("console.view_attention")
def view_attention(user, _obj=None) -> bool:
    return use_console(user, None)


@rule("console.view_audit")
def view_audit(user, _obj=None) -> bool:
    return use_console(user, None)


@rule("console.view_mail_log")
def view_mail_log(user, _obj=None) -> bool:
    return use_console(user, None)


@rule("console.resend_mail")
def resend_mail(user, _mail=None) -> bool:
    return is_coordinator(user)


@rule("console.bulk_invite")
def bulk_invite(user, _obj=None) -> bool:
    return use_console(user, None)


@rule("console.filter_by_organisation")
def filter_by_organisation(user, _obj=None) -> bool:
    """Lists across organisations (people, audit, mail): only coordinators pick the party."""
    return is_coordinator(user)
