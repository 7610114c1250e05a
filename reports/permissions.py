"""Rules of the follow-up reports, registered on portal.permissions.

``reports.view_versions`` (obj: None)
    The report page with every version, drafts included: coordinators and the logged-in users
    of the parties (not other participating organisations, not anonymous visitors).
``reports.download`` (obj: ReportVersion)
    A finished version: published ones by anyone (anonymous too); unpublished ones by
    coordinators and the parties' logged-in users.
``reports.build`` / ``reports.write_conclusions`` (obj: None)
    Coordinators.
``reports.retry`` (obj: ReportVersion)
    Coordinators, for a failed version.
``reports.publish`` (obj: ReportVersion)
    Coordinators, for a finished final version that is not yet published; ``reports.unpublish``
    for a published one.
"""

from __future__ import annotations

from portal.permissions import is_coordinator, public, rule

from .models import ReportVersion, _is_party_user


@rule("reports.view_versions")
def view_versions(user, obj=None) -> bool:
    return is_coordinator(user) or _is_party_user(user)


@rule("reports.download")
@public
def download(user, version: ReportVersion) -> bool:
    if not version.is_done:
        return False
    return version.is_published or view_versions(user, None)


@rule("reports.build")
def build(user, obj=None) -> bool:
    return is_coordinator(user)


@rule("reports.write_conclusions")
def write_conclusions(user, obj=None) -> bool:
    return is_coordinator(user)


@rule("reports.retry")
def retry(user, version: ReportVersion) -> bool:
    return is_coordinator(user) and version.status == ReportVersion.Status.FAILED


@rule("reports.publish")
def publish(user, version: ReportVersion) -> bool:
    return (
        is_coordinator(user) and version.is_done and version.is_final and not version.is_published
    )


@rule("reports.unpublish")
def unpublish(user, version: ReportVersion) -> bool:
    return is_coordinator(user) and version.is_published
