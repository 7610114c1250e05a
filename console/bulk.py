"""Inviting many people at once from a CSV or XLSX file.

The file is read into plain records; :func:`validate` checks every row and says what is wrong
with each, in words. Nothing is saved unless every row is valid, and then all rows are invited
in one transaction (:func:`invite_rows`). The preview carries the records to the confirmation
in a signed field, and they are checked again on confirmation.

Columns (Finnish names accepted): email, first_name, last_name, organisation (slug, name,
short name or business ID), role (member, org_admin, coordinator), job_title, language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.importers import FileError, read_csv, read_xlsx
from organisations.models import Organisation, User
from organisations.services import invite_person
from portal import audit
from portal.permissions import has_perm, is_coordinator, require

COLUMNS = ["email", "first_name", "last_name", "organisation", "role", "job_title", "language"]
REQUIRED = ("email", "first_name", "last_name")
ALIASES = {
    "sähköposti": "email",
    "sähköpostiosoite": "email",
    "e-mail": "email",
    "etunimi": "first_name",
    "sukunimi": "last_name",
    "organisaatio": "organisation",
    "organization": "organisation",
    "rooli": "role",
    "nimike": "job_title",
    "tehtävänimike": "job_title",
    "title": "job_title",
    "kieli": "language",
}
ROLES = {
    "member": User.Role.MEMBER,
    "jäsen": User.Role.MEMBER,
    "org_admin": User.Role.ORG_ADMIN,
    "pääkäyttäjä": User.Role.ORG_ADMIN,
    "organisaation pääkäyttäjä": User.Role.ORG_ADMIN,
    "coordinator": User.Role.COORDINATOR,
    "koordinaattori": User.Role.COORDINATOR,
}
LANGUAGES = {"fi": "fi", "suomi": "fi", "finnish": "fi", "en": "en", "englanti": "en"}
MAX_ROWS = 500
SALT = "console.bulk_invite"


def _header(name) -> str:
    key = str(name or "").strip().lower().replace(" ", "_")
    return ALIASES.get(key, ALIASES.get(key.replace("_", " "), key))


def read_upload(upload) -> list[dict]:
    content = upload.read()
    if upload.name.lower().endswith(".xlsx"):
        header, rows = read_xlsx(content)
    else:
        header, rows = read_csv(content)
    names = [_header(h) for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise FileError(
            _("The file lacks the column(s): %(columns)s.") % {"columns": ", ".join(missing)}
        )
    records = []
    for line, row in enumerate(rows, start=2):
        if row is None or all(cell in (None, "") for cell in row):
            continue
        record: dict[str, Any] = {"_line": line}
        for name, cell in zip(names, row, strict=False):
            if name in COLUMNS:
                record[name] = "" if cell is None else str(cell).strip()
        records.append(record)
        if len(records) > MAX_ROWS:
            raise FileError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return records


@dataclass
class Row:
    line: int
    record: dict
    organisation: Organisation | None = None
    role: str = ""
    language: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def email(self) -> str:
        return self.record.get("email", "").lower()


class _Organisations:
    """Every way a row may name an organisation, read once."""

    def __init__(self):
        self.keys: dict[str, Organisation] = {}
        for org in Organisation.objects.all():
            for key in (org.slug, org.name, org.short_name, org.business_id):
                if key:
                    self.keys.setdefault(key.lower(), org)

    def find(self, key: str) -> Organisation | None:
        return self.keys.get(key.strip().lower())


def _check_row(actor, row: Row, orgs: _Organisations, taken: set[str], seen: dict) -> None:
    record = row.record
    try:
        validate_email(row.email)
    except ValidationError:
        row.errors.append(_("“%(email)s” is not an e-mail address.") % {"email": row.email})
    else:
        if row.email in taken:
            row.errors.append(_("%(email)s already has an account.") % {"email": row.email})
        if row.email in seen:
            row.errors.append(
                _("%(email)s is also on row %(line)s.")
                % {"email": row.email, "line": seen[row.email]}
            )
        seen.setdefault(row.email, row.line)
    for name, label in (("first_name", _("first name")), ("last_name", _("last name"))):
        if not record.get(name):
            row.errors.append(_("The %(field)s is missing.") % {"field": label})
    key = record.get("organisation", "")
    if not key and not is_coordinator(actor):
        row.organisation = actor.organisation
    else:
        row.organisation = orgs.find(key) if key else None
        if row.organisation is None:
            row.errors.append(_("Unknown organisation “%(key)s”.") % {"key": key})
        elif not has_perm(actor, "console.invite_to", row.organisation):
            row.errors.append(
                _("You can invite people to your own organisation only, not to %(org)s.")
                % {"org": row.organisation.display_short_name}
            )
    row.role = ROLES.get(record.get("role", "").strip().lower() or "member", "")
    if not row.role:
        row.errors.append(_("Unknown role “%(role)s”.") % {"role": record.get("role")})
    elif not has_perm(actor, "organisations.grant_role", row.role):
        row.errors.append(_("You cannot make people coordinators."))
    row.language = LANGUAGES.get(record.get("language", "").strip().lower() or "fi", "")
    if not row.language:
        row.errors.append(_("Unknown language “%(lang)s”.") % {"lang": record.get("language")})


def validate(actor, records: list[dict]) -> list[Row]:
    """Every row checked (three queries however many rows)."""
    orgs = _Organisations()
    emails = {str(r.get("email", "")).strip().lower() for r in records}
    taken = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    seen: dict[str, int] = {}
    rows = []
    for record in records:
        row = Row(line=record.get("_line", 0), record=record)
        _check_row(actor, row, orgs, taken, seen)
        rows.append(row)
    return rows


def sign(records: list[dict]) -> str:
    return signing.dumps(records, salt=SALT, compress=True)


def unsign(payload: str) -> list[dict]:
    return signing.loads(payload, salt=SALT, max_age=3600)


def invite_rows(*, actor, rows: list[Row]) -> int:
    """Invite every row in one transaction; any invalid row: ValidationError, nothing saved."""
    require(actor, "console.bulk_invite")
    if not rows or not all(row.ok for row in rows):
        raise ValidationError(_("Every row must be valid before anyone is invited."))
    with transaction.atomic():
        for row in rows:
            invite_person(
                actor=actor,
                organisation=cast(Organisation, row.organisation),
                email=row.email,
                first_name=row.record["first_name"],
                last_name=row.record["last_name"],
                role=row.role,
                language=row.language if row.language in dict(settings.LANGUAGES) else "fi",
                job_title=row.record.get("job_title", ""),
            )
        audit.record(
            actor=actor,
            action="people.bulk_invited",
            organisation=actor.organisation if not is_coordinator(actor) else None,
            changes={"rows": [None, len(rows)]},
        )
    return len(rows)
