"""Feeding the pure evaluation functions from the database, a whole page at a time.

Pages load their values once (:class:`ValueIndex`, one query) and evaluate every metric and
year from memory, so the number of queries does not grow with organisations or years.
Only approved values count in the results; the tables still show every entered value with
its status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from organisations.models import Organisation

from . import evaluation as ev
from .evaluation import Result, Unit
from .models import Metric, Target, Value
from .parties import Departure, PartyYears

if TYPE_CHECKING:
    from forums.models import Body


def display(value: Value | PendingValue | None) -> str:
    """A value as people read it, in the active language: "61,2 %", "kyllä", "4/5"."""
    if not isinstance(value, Value) or value.raw is None:
        return ""
    raw = value.raw
    kind = value.metric.value_type
    if kind == "bool":
        return _("yes") if raw else _("no")
    if kind == "rating":
        return f"{raw}/5"
    lang = "en" if (get_language() or "fi").startswith("en") else "fi"
    return ev.fmt(raw, lang, Unit(value.metric.unit_fi, value.metric.unit_en))


class ValueIndex:
    """Every value of some metrics and years, keyed by (metric, organisation or None, year)."""

    def __init__(self, values: Iterable[Value], metrics: Iterable[Metric]):
        by_id = {m.pk: m for m in metrics}
        self._values: dict[tuple[int, int | None, int], Value] = {}
        for value in values:
            value.metric = by_id.get(value.metric_id) or value.metric
            self._values[(value.metric_id, value.organisation_id, value.year)] = value

    @classmethod
    def load(
        cls, metrics: list[Metric], years: Iterable[int] | None = None, **filters
    ) -> ValueIndex:
        qs = Value.objects.filter(metric__in=[m.pk for m in metrics], **filters)
        if years is not None:
            years = list(years)
            qs = qs.filter(year__gte=min(years) - 2, year__lte=max(years))
        return cls(qs, metrics)

    def get(self, metric: Metric, organisation_id: int | None, year: int) -> Value | None:
        return self._values.get((metric.pk, organisation_id, year))

    def raw(self, metric, organisation_id, year, approved_only: bool = True):
        value = self.get(metric, organisation_id, year)
        if value is None:
            return None
        if approved_only and value.status != Value.Status.APPROVED:
            return None
        return value.raw

    def all(self) -> list[Value]:
        return list(self._values.values())


def load_targets(metrics: Iterable[Metric]) -> dict[tuple[int, int], Target]:
    ids = [m.pk for m in metrics if m.kind == Metric.Kind.TARGET]
    if not ids:
        return {}
    return {(t.metric_id, t.organisation_id): t for t in Target.objects.filter(metric__in=ids)}


def unit_of(metric: Metric) -> Unit:
    return Unit(metric.unit_fi, metric.unit_en)


def evaluate_series(
    metric: Metric, year: int, get: Callable[[int], Any], target: Target | None = None
) -> Result:
    """One subject's result for ``metric`` in ``year``; ``get(year)`` gives its value (a
    bool, a Decimal or an int rating, as the metric's kind says; None when missing)."""
    kind = metric.kind
    if kind == Metric.Kind.COVERAGE:
        answer = get(year)
        if answer is None:
            return Result(ev.NO_DATA, f"Vuoden {year} tieto puuttuu.", f"No answer for {year}.")
        if answer:
            return Result(ev.MET, "Kyllä.", "Yes.")
        return Result(ev.NOT_MET, "Ei.", "No.")
    if kind == Metric.Kind.TREND:
        previous = metric.previous_year(year)
        return ev.evaluate_trend(
            year=year,
            value=get(year),
            previous_value=get(previous),
            previous_year=previous,
            direction=metric.direction,
            unit=unit_of(metric),
            measured_this_year=metric.is_measured_in(year),
        )
    if kind == Metric.Kind.BASELINE:
        # Every baseline metric (Liite 2) has a base year; the model does not enforce it.
        base_year = cast(int, metric.base_year)
        return ev.evaluate_baseline(
            year=year,
            value=get(year),
            base_value=get(base_year),
            base_year=base_year,
            direction=metric.direction,
            unit=unit_of(metric),
        )
    if kind == Metric.Kind.SELF_ASSESSMENT:
        return ev.evaluate_self_assessment(
            year=year,
            rating=get(year),
            previous_rating=get(year - 1),
            previous_year=year - 1,
            threshold=int(metric.target_value or 4),
        )
    target_value = target.target_value if target else metric.target_value
    target_year = target.target_year if target else metric.target_year
    # Every target metric (Liite 2) has a base year; the model does not enforce it.
    base_year = cast(int, metric.base_year)
    return ev.evaluate_target(
        year=year,
        value=get(year),
        base_value=get(base_year),
        base_year=base_year,
        target_value=target_value,
        target_year=target_year,
        direction=metric.direction,
        unit=unit_of(metric),
    )


def responsible(metric: Metric, organisations: Iterable[Organisation]) -> list[Organisation]:
    return [o for o in organisations if metric.applies_to(o)]


def organisation_result(
    metric: Metric, organisation: Organisation, year: int, index: ValueIndex, targets: dict
) -> Result:
    return evaluate_series(
        metric,
        year,
        lambda y: index.raw(metric, organisation.pk, y),
        targets.get((metric.pk, organisation.pk)),
    )


def region_result(
    metric: Metric,
    year: int,
    index: ValueIndex,
    parties: PartyYears,
    targets: dict,
) -> Result:
    """The metric's result for the whole region in ``year`` (the region table's bottom row):
    only the parties of ``year`` count; those that had left are named, not counted."""
    if not metric.is_per_organisation:
        return evaluate_series(metric, year, lambda y: index.raw(metric, None, y))
    orgs = responsible(metric, parties.parties(year))
    left = {
        d.name: d.effective_on
        for d in parties.departures(year)
        if metric.applies_to(d.organisation)
    }
    before_base = metric.base_year is not None and year <= metric.base_year
    if not metric.is_measured_in(year) or (metric.kind != Metric.Kind.COVERAGE and before_base):
        # The same reason holds for everyone: say it once, without anyone's number.
        return evaluate_series(metric, year, lambda y: None)
    if metric.kind == Metric.Kind.COVERAGE:
        municipalities = [o for o in orgs if o.is_municipality]
        others = [o for o in orgs if not o.is_municipality]
        return ev.evaluate_coverage(
            year=year,
            answers={o.display_short_name: index.raw(metric, o.pk, year) for o in municipalities},
            target_year=metric.target_year,
            others={o.display_short_name: index.raw(metric, o.pk, year) for o in others},
            left={
                d.name: d.effective_on
                for d in parties.departures(year)
                if d.name in left and d.organisation.is_municipality
            },
        )
    return ev.combine(
        {o.display_short_name: organisation_result(metric, o, year, index, targets) for o in orgs},
        municipalities_only=metric.scope == Metric.Scope.MUNICIPALITY,
        left=left,
    )


@dataclass
class TableRow:
    label: str
    organisation_id: int | None
    cells: list[Value | PendingValue | None] = field(default_factory=list)
    due: list[bool] = field(default_factory=list)  # False: not measured that year
    left: list[Departure | None] = field(default_factory=list)  # had left the agreement


@dataclass(frozen=True)
class PendingValue:
    """A cell whose value the reader may not see yet (another party's value that is not
    approved): the table says a value waits for approval, without the number."""

    status: str = "pending"
    is_filled: bool = False


PENDING = PendingValue()


@dataclass
class MetricBlock:
    metric: Metric
    rows: list[TableRow]
    results: list[tuple[int, Result | None]]


def region_blocks(
    metrics: list[Metric], years: list[int], parties: PartyYears, index: ValueIndex | None = None
) -> list[MetricBlock]:
    """The region table: for each metric, organisations × years and the region's result.
    A party that left keeps its row (its earlier values); its later years say it left.
    ``index``: the values already loaded as ``ValueIndex.load(metrics, years)`` loads them."""
    index = index or ValueIndex.load(metrics, years)
    targets = load_targets(metrics)
    organisations = parties.across(years)
    blocks = []
    for metric in metrics:
        if metric.is_per_organisation:
            rows = [
                TableRow(o.display_short_name, o.pk) for o in responsible(metric, organisations)
            ]
        elif metric.scope == Metric.Scope.BODY and metric.body_id:
            rows = [TableRow(cast("Body", metric.body).short_name, None)]
        else:
            rows = [TableRow(_("Region"), None)]
        for row in rows:
            row.cells = [
                index.get(metric, row.organisation_id, y) if metric.is_due(y) else None
                for y in years
            ]
            row.left = [_departure(parties, organisations, row.organisation_id, y) for y in years]
            row.due = [
                metric.is_due(y) and _bound(parties, organisations, row.organisation_id, y)
                for y in years
            ]
        results = [
            (
                y,
                region_result(metric, y, index, parties, targets) if metric.in_range(y) else None,
            )
            for y in years
        ]
        blocks.append(MetricBlock(metric, rows, results))
    return blocks


def hide_unseen(blocks: list[MetricBlock], reader) -> None:
    """Replace the cells the reader may not see (``Value.objects.visible_to``) by PENDING;
    drafts of other parties show as not entered. One query, only for unapproved cells."""
    unapproved = [
        cell
        for block in blocks
        for row in block.rows
        for cell in row.cells
        if isinstance(cell, Value) and cell.status != Value.Status.APPROVED
    ]
    if not unapproved:
        return
    seen = set(
        Value.objects.visible_to(reader)
        .filter(pk__in=[v.pk for v in unapproved])
        .values_list("pk", flat=True)
    )
    for block in blocks:
        for row in block.rows:
            row.cells = [_as_seen(cell, seen) for cell in row.cells]


def _as_seen(cell, seen: set[int]):
    if not isinstance(cell, Value) or cell.status == Value.Status.APPROVED or cell.pk in seen:
        return cell
    return None if cell.status == Value.Status.DRAFT else PENDING


def _bound(
    parties: PartyYears, organisations: list[Organisation], organisation_id: int | None, year: int
) -> bool:
    return organisation_id is None or parties.counts(organisation_id, year)


def _departure(
    parties: PartyYears, organisations: list[Organisation], organisation_id: int | None, year: int
) -> Departure | None:
    if organisation_id is None:
        return None
    return parties.departure_of(organisation_id, year)
