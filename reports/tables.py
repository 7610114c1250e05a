"""The report's tables as plain rows (values, results, coverage, activity, seats, agreement,
data quality), the checksum of the data a version was built from, and their CSV and XLSX.

The tables are made from the same :class:`reports.gather.ReportData` as the PDF and stored
with the version, so a version's CSV and XLSX always say what its PDF says.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from indicators.evaluation import OUTCOME_LABELS

from .gather import OUTCOMES, ReportData

SECTIONS = ["summary", "values", "results", "coverage", "activity", "seats", "agreement", "quality"]


def _table(title: str, columns: list[str], rows: list[list]) -> dict:
    return {"title": title, "columns": [str(c) for c in columns], "rows": rows}


def build_tables(data: ReportData) -> dict[str, dict]:
    """{section: {"title", "columns", "rows"}}, in the active language."""
    return {
        "summary": _summary(data),
        **_metric_tables(data),
        **_activity_tables(data),
        "agreement": _table(
            _("Agreement"),
            [_("Party"), _("Approved"), _("Signed"), _("Termination")],
            [
                [p.organisation, p.approved, p.signed, p.termination]
                for p in (data.agreement.parties if data.agreement else [])
            ],
        ),
        "quality": _quality(data),
    }


def _summary(data: ReportData) -> dict:
    outcome_labels = [str(OUTCOME_LABELS[o]).capitalize() for o in OUTCOMES]
    rows = [[s.name, len(s.metrics), *s.counts] for s in data.spearheads]
    rows.append([_("All spearheads"), len(data.metrics), *data.totals])
    return _table(_("Summary"), [_("Spearhead"), _("Metrics"), *outcome_labels], rows)


def _metric_tables(data: ReportData) -> dict[str, dict]:
    values, results, coverage = [], [], []
    for section in data.metrics:
        metric = section.metric
        head = [section.number, metric.code, metric.name]
        for row in section.rows:
            for year, shown in zip(section.years, row.cells, strict=True):
                values.append([*head, row.label, year, shown])
        for year, result in section.history:
            results.append([*head, year, result.label, result.reason])
        if section.coverage:
            facts = section.coverage
            for names, word in (
                (facts.yes, _("yes")),
                (facts.no, _("no")),
                (facts.missing, _("no approved answer")),
                (facts.left, _("left the agreement")),
            ):
                coverage += [[*head, name, word] for name in names]
    head = ["#", _("Code"), _("Metric")]
    return {
        "values": _table(_("Values"), [*head, _("Whose"), _("Year"), _("Value")], values),
        "results": _table(
            _("Results"),
            [*head, _("Year"), _("Result"), pgettext("an evaluation's grounds", "Reason")],
            results,
        ),
        "coverage": _table(_("Coverage"), [*head, _("Municipality"), _("Answer")], coverage),
    }


def _activity_tables(data: ReportData) -> dict[str, dict]:
    activity = data.activity
    columns = [
        _("Body"),
        _("Meetings held"),
        _("Rhythm"),
        _("Decisions"),
        _("Action items open"),
        _("Action items overdue"),
    ]
    bodies = [
        [
            b.name,
            b.meetings,
            "; ".join(f"{line.label}: {line.held}/{line.needed}" for line in b.rhythm),
            b.decisions,
            b.actions_open,
            b.actions_overdue,
        ]
        for b in activity.bodies
    ]
    seats = [
        [p.organisation, p.expected, p.filled, p.empty, ", ".join(p.empty_in)]
        for p in activity.seats
    ]
    return {
        "activity": _table(_("Activity"), columns, bodies),
        "seats": _table(
            _("Seats"),
            [_("Party"), _("Places"), _("Filled"), _("Empty"), _("Bodies with an empty seat")],
            seats,
        ),
    }


def _quality(data: ReportData) -> dict:
    columns = [
        _("Whose"),
        _("Values due"),
        _("Approved"),
        _("Submitted"),
        _("Draft"),
        _("Returned"),
        _("Missing"),
        _("Times returned"),
        _("Last entered"),
        _("Last approved"),
    ]
    rows = [
        [q.label, q.due, q.approved, q.submitted, q.draft, q.returned, q.missing, q.returns,
         q.last_entry, q.last_approval]
        for q in data.quality
    ]  # fmt: skip
    return _table(_("Data quality"), columns, rows)


def checksum(data: ReportData, tables: dict[str, dict]) -> str:
    """SHA-256 of everything the report states except when it was built: the same data gives
    the same checksum, so a rebuild on unchanged data can say so."""
    facts = {
        "year": data.year,
        "language": data.language,
        "kind": data.kind,
        "tables": tables,
        "metrics": [[m.metric.code, m.metric.text_fi, m.metric.text_en] for m in data.metrics],
        "goals": [[s.name, s.statement, s.goals] for s in data.spearheads],
        "plans": [[p.workgroup, p.title, p.version] for p in data.activity.plans],
        "elections": [[e.body, e.role, e.organisation] for e in data.activity.elections],
        "conclusions": data.conclusions,
    }
    encoded = json.dumps(facts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _safe(cell):
    """No formula injection: text starting with = + - @ gets a leading apostrophe."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return "'" + cell
    return cell


def to_csv(table: dict) -> bytes:
    """One table as CSV (semicolons, UTF-8 with BOM: opens right in a Finnish Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(table["columns"])
    for row in table["rows"]:
        writer.writerow([_safe(c) for c in row])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(tables: dict[str, dict]) -> bytes:
    """One workbook, a sheet per section, header row frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    del workbook[workbook.sheetnames[0]]  # the empty default sheet
    for key in SECTIONS:
        table = tables.get(key)
        if table is None:
            continue
        sheet = workbook.create_sheet(table["title"][:31])
        sheet.append(table["columns"])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table["rows"]:
            sheet.append([_safe(c) for c in row])
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
