"""Import and export of values: CSV and XLSX files, and Sotkanet-shaped data.

An import is read into plain *records* (dicts of text), then :func:`validate` checks every
row and says what is wrong with each, in words. Nothing is saved unless every row is valid
(:func:`indicators.services.import_values` saves the lot in one transaction). The preview
page carries the records to the confirmation in a signed field, and they are validated
again on confirmation.

Sotkanet (THL's indicator bank, DOMAIN.md §7): a data row is
``{indicator, region, year, gender, value, absValue}`` where ``region`` is Sotkanet's
*internal* id, which has been renumbered over time. We never trust that id: the regions file
(Sotkanet's ``/regions``) gives each id its official ``code`` and ``category``, and the code
finds the organisation — a municipality by its 3-digit kuntanumero
(``Organisation.municipality_code``), the wellbeing county or the region by its 2-digit code
(``Organisation.region_code``). Data files are JSON or ``;``-separated CSV with a decimal
point. No network: files only.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organisations.models import Organisation

from .forms import parse_text
from .locks import YearState
from .models import Metric, Value
from .parties import PartyYears
from .permissions import change_value
from .services import check_cell
from .subjects import BODY_PREFIX, REGION_KEY, Subject

if TYPE_CHECKING:
    from forums.models import Body

COLUMNS = ["metric", "organisation", "year", "value", "note", "source_url"]
ALIASES = {
    "mittari": "metric",
    "organisaatio": "organisation",
    "organization": "organisation",
    "vuosi": "year",
    "arvo": "value",
    "huomio": "note",
    "lisätieto": "note",
    "lähde": "source_url",
    "lähdelinkki": "source_url",
    "source": "source_url",
}
REQUIRED = ("metric", "year", "value")
REGION_WORDS = {"", REGION_KEY, "alue", "kanta-häme"}
MAX_ROWS = 5000
SALT = "indicators.import"


class FileError(Exception):
    """The file as a whole cannot be read (wrong format, missing columns)."""


def _header(name) -> str:
    key = str(name or "").strip().lower().replace(" ", "_")
    return ALIASES.get(key, key)


def _records(header: list, rows) -> list[dict]:
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
                record[name] = "" if cell is None else cell
        records.append(record)
        if len(records) > MAX_ROWS:
            raise FileError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return records


def read_csv(content: bytes, delimiter: str | None = None) -> tuple[list, list[list]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(_("The CSV file is not in UTF-8 encoding.")) from None
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise FileError(_("The file is empty."))
    return rows[0], rows[1:]


def read_xlsx(content: bytes) -> tuple[list, list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise FileError(_("The file is not a readable XLSX workbook.")) from None
    sheet = workbook.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    workbook.close()
    if not rows:
        raise FileError(_("The file is empty."))
    return rows[0], rows[1:]


def read_upload(upload) -> list[dict]:
    content = upload.read()
    if upload.name.lower().endswith(".xlsx"):
        header, rows = read_xlsx(content)
    else:
        header, rows = read_csv(content)
    return _records(header, rows)


@dataclass
class Row:
    line: int
    record: dict
    metric: Metric | None = None
    subject: Subject | None = None
    year: int | None = None
    value: object = None
    note: str = ""
    source_url: str = ""
    existing: Value | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def action(self) -> str:
        return _("update") if self.existing is not None else _("new")


class Resolver:
    """Organisation keys (slug, municipality code, region code) and bodies, read once."""

    def __init__(self):
        from forums.models import Body

        self.organisations = list(Organisation.objects.all())
        self.by_slug = {o.slug: o for o in self.organisations}
        self.by_municipality = {
            o.municipality_code: o for o in self.organisations if o.municipality_code
        }
        self.by_region = {o.region_code: o for o in self.organisations if o.region_code}
        self.bodies = {b.pk: b for b in Body.objects.all()}

    def subject(self, metric: Metric, key) -> Subject:
        key = str(key if key is not None else "").strip()
        if metric.scope == Metric.Scope.BODY and metric.body_id:
            body = cast("Body", self.bodies.get(metric.body_id))  # every body was read above
            if key and key not in (body.slug, BODY_PREFIX + body.slug):
                raise ValidationError(
                    _(
                        "The metric “%(metric)s” is the self-assessment of %(body)s; leave the "
                        "organisation empty."
                    )
                    % {"metric": metric.name, "body": body.name}
                )
            return Subject(body=body)
        if metric.scope == Metric.Scope.REGION:
            if key.lower() in REGION_WORDS or key in self.by_region:
                return Subject()
            raise ValidationError(
                _(
                    "The metric “%(metric)s” has one value for the region; leave the organisation "
                    "empty."
                )
                % {"metric": metric.name}
            )
        if key.isdigit() and len(key) == 3:
            organisation = self.by_municipality.get(key)
            if organisation is None:
                raise ValidationError(
                    _("Unknown municipality code “%(code)s”.") % {"code": key}, code="unknown"
                )
        elif key.isdigit() and len(key) == 2:
            organisation = self.by_region.get(key)
            if organisation is None:
                raise ValidationError(
                    _("Unknown region code “%(code)s”.") % {"code": key}, code="unknown"
                )
        else:
            organisation = self.by_slug.get(key)
            if organisation is None:
                raise ValidationError(
                    _("Unknown organisation “%(key)s”: give its slug or municipality code.")
                    % {"key": key or "–"},
                    code="unknown",
                )
        return Subject(organisation=organisation)


def _year(text) -> int:
    try:
        number = Decimal(str(text).strip())
        if number != number.to_integral() or not 1900 <= number <= 2100:
            raise ValueError
        return int(number)
    except (ArithmeticError, ValueError):
        raise ValidationError(_("The year must be a whole number, e.g. 2025.")) from None


def validate(actor, records: list[dict]) -> list[Row]:
    """Check every record; each row gets its own errors, in words. Constant queries."""
    metrics = {m.code: m for m in Metric.objects.select_related("body")}
    resolver = Resolver()
    parties = PartyYears.load()
    rows = [Row(line=int(r.get("_line", i + 2)), record=r) for i, r in enumerate(records)]
    for row in rows:
        record = row.record
        row.errors.extend(record.get("_errors", []))
        code = str(record.get("metric") or "").strip()
        row.metric = metrics.get(code)
        if row.metric is None:
            row.errors.append(_("Unknown metric “%(code)s”.") % {"code": code or "–"})
            continue
        if not record.get("_errors"):  # a region already unknown needs no second message
            try:
                row.subject = resolver.subject(row.metric, record.get("organisation"))
            except ValidationError as exc:
                row.errors.extend(exc.messages)
        try:
            row.year = _year(record.get("year"))
        except ValidationError as exc:
            row.errors.extend(exc.messages)
        try:
            row.value = parse_text(row.metric, record.get("value"))
        except ValidationError as exc:
            row.errors.extend(exc.messages)
        row.note = str(record.get("note") or "").strip()[:2000]
        row.source_url = str(record.get("source_url") or "").strip()[:500]
        if row.source_url and not row.source_url.startswith(("http://", "https://")):
            row.errors.append(_("The source link must start with https://."))
        if row.subject is not None and row.year is not None:
            try:
                check_cell(metric=row.metric, subject=row.subject, year=row.year, parties=parties)
            except ValidationError as exc:
                row.errors.extend(exc.messages)

    cells = [r for r in rows if r.subject is not None and r.year is not None and r.metric]
    existing = {}
    if cells:
        for value in Value.objects.filter(
            metric__in={cast(Metric, r.metric).pk for r in cells}, year__in={r.year for r in cells}
        ):
            existing[(value.metric_id, value.organisation_id, value.body_id, value.year)] = value
    states: dict[int, YearState] = {}
    seen: dict[tuple, int] = {}
    for row in cells:
        # A cell has its metric, subject and year (the filter above).
        metric, subject, year = (
            cast(Metric, row.metric),
            cast(Subject, row.subject),
            cast(int, row.year),
        )
        key = (metric.pk, subject.organisation_id, subject.body_id, year)
        if key in seen:
            row.errors.append(
                _("Row %(line)s already gives a value for this metric, party and year.")
                % {"line": seen[key]}
            )
            continue
        seen[key] = row.line
        row.existing = existing.get(key)
        value = row.existing or Value(
            metric=metric,
            year=year,
            organisation=subject.organisation,
            body=subject.body,
        )
        value.metric = metric
        state = states.setdefault(year, YearState.load(year))
        if not change_value(actor, value, state):
            if state.is_locked(value.organisation_id):
                row.errors.append(state.lock_reason(value.organisation_id))
            elif row.existing is not None and row.existing.status == Value.Status.APPROVED:
                row.errors.append(_("The value is approved and cannot change."))
            else:
                row.errors.append(
                    _("You cannot enter values for %(subject)s.") % {"subject": subject.label}
                )
    return rows


def sign(records: list[dict]) -> str:
    return signing.dumps(records, salt=SALT, compress=True)


def unsign(payload: str) -> list[dict]:
    return signing.loads(payload, salt=SALT, max_age=3600)


# --- export --------------------------------------------------------------------------------

EXPORT_COLUMNS = [
    "metric",
    "organisation",
    "year",
    "value",
    "note",
    "source_url",
    "status",
    "metric_name",
    "organisation_name",
    "unit",
    "updated_at",
]


def plain(value: Value) -> str:
    raw = value.raw
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(raw, Decimal):
        text = f"{raw:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(raw)


def export_rows(values) -> list[list]:
    rows = []
    for value in values:
        if value.organisation_id:
            key, name = value.organisation.slug, value.organisation.display_name
        elif value.body_id:
            key, name = value.body.slug, value.body.name
        else:
            key, name = REGION_KEY, _("Kanta-Häme region")
        rows.append(
            [
                value.metric.code,
                key,
                value.year,
                plain(value),
                value.note,
                value.source_url,
                value.status,
                value.metric.name,
                name,
                value.metric.unit,
                value.updated_at.isoformat(timespec="seconds"),
            ]
        )
    return rows


def write_csv(rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([_safe_cell(c) for c in row])
    return out.getvalue().encode("utf-8-sig")


def write_xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("values")
    sheet.append(EXPORT_COLUMNS)
    for row in rows:
        sheet.append([_safe_cell(c) for c in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _safe_cell(cell):
    """No formula injection: a text cell starting with = + - @ gets a leading apostrophe."""
    if (
        isinstance(cell, str)
        and cell[:1] in ("=", "+", "@")
        or (isinstance(cell, str) and cell.startswith("-") and not _is_number(cell))
    ):
        return "'" + cell
    return cell


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


# --- Sotkanet ------------------------------------------------------------------------------

SOTKANET_FIELDS = ("indicator", "region", "year", "gender", "value")


def read_sotkanet_data(content: bytes, name: str) -> list[dict]:
    if name.lower().endswith(".json"):
        try:
            data = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise FileError(_("The data file is not valid JSON.")) from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise FileError(_("The data file must be a list of rows."))
        rows = data
    else:
        header, body = read_csv(content, delimiter=";")
        names = [str(h).strip() for h in header]
        rows = [dict(zip(names, r, strict=False)) for r in body if any(c.strip() for c in r)]
    lowered = [{str(k).strip().lower(): v for k, v in row.items()} for row in rows]
    missing = [f for f in SOTKANET_FIELDS if lowered and f not in lowered[0]]
    if missing:
        raise FileError(
            _("The data file lacks the field(s): %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if len(lowered) > MAX_ROWS:
        raise FileError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return lowered


def read_sotkanet_regions(content: bytes) -> dict[str, dict]:
    """{internal id (as text): {"code", "category", "title"}} from Sotkanet's /regions."""
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise FileError(_("The regions file is not valid JSON.")) from None
    if not isinstance(data, list):
        raise FileError(_("The regions file must be a list of regions."))
    regions = {}
    for region in data:
        if not isinstance(region, dict) or "id" not in region or "code" not in region:
            raise FileError(_("Each region in the regions file needs an id and a code."))
        title = region.get("title") or {}
        regions[str(region["id"])] = {
            "code": str(region["code"]).strip(),
            "category": str(region.get("category") or "").upper(),
            "title": title.get("fi") or title.get("en") or ""
            if isinstance(title, dict)
            else str(title),
        }
    return regions


def sotkanet_records(
    metric: Metric, data: list[dict], regions: dict[str, dict]
) -> tuple[list[dict], int]:
    """Our import records from Sotkanet rows, mapped by region code. Returns (records,
    skipped): rows for another gender than "total" are skipped; a row whose region cannot be
    mapped carries its error into :func:`validate`."""
    records = []
    skipped = 0
    indicators = {str(r.get("indicator")) for r in data}
    for line, row in enumerate(data, start=1):
        gender = str(row.get("gender") or "total").strip().lower()
        if gender != "total":
            skipped += 1
            continue
        errors = []
        indicator = str(row.get("indicator")).strip()
        if metric.sotkanet_indicator and indicator != str(metric.sotkanet_indicator):
            errors.append(
                _("Indicator %(got)s is not this metric's Sotkanet indicator %(want)s.")
                % {"got": indicator, "want": metric.sotkanet_indicator}
            )
        elif not metric.sotkanet_indicator and len(indicators) > 1:
            errors.append(_("The file has several indicators; import one indicator at a time."))
        region = regions.get(str(row.get("region")).strip())
        key = ""
        if region is None:
            errors.append(
                _("Region %(id)s is not in the regions file, so its code is unknown.")
                % {"id": row.get("region")}
            )
        elif metric.scope == Metric.Scope.REGION:
            if region["category"] == "KUNTA":
                skipped += 1
                continue
            key = region["code"] if region["category"] in ("HYVINVOINTIALUE", "MAAKUNTA") else "?"
        else:
            key = region["code"]
            if region["category"] == "KUNTA":
                key = key.zfill(3)
            elif region["category"] in ("HYVINVOINTIALUE", "MAAKUNTA"):
                key = key.zfill(2)
            if region["category"] != "KUNTA" and metric.scope == Metric.Scope.MUNICIPALITY:
                skipped += 1
                continue
        value = row.get("value")
        records.append(
            {
                "_line": line,
                "_errors": errors,
                "metric": metric.code,
                "organisation": key,
                "year": row.get("year"),
                "value": "" if value is None else str(value),
                "note": _("Sotkanet, indicator %(n)s") % {"n": indicator},
                "source_url": "https://sotkanet.fi/",
            }
        )
    return records, skipped
