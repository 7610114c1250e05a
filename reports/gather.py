"""Gathering a year's follow-up report: every metric's values, results, chart and coverage, the
cooperation's activity, the agreement's state and the appendices, as one :class:`ReportData`.

The metrics are evaluated by the indicators app's own evaluation (``indicators.results``:
only approved values count), and charts are the metric page's SVG (``indicators.charts``).
Tables print approved values only; an entered value that is not approved shows as awaiting
approval, never its number. A constant number of queries, however many parties, values,
bodies and meetings (asserted in tests/reports/test_queries.py). Call it inside
``translation.override(language)``: names, reasons and labels come out in that language.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from indicators import evaluation as ev
from indicators.charts import metric_series, trend_svg
from indicators.evaluation import Result
from indicators.locks import YearState
from indicators.models import Goal, Metric, Spearhead, Value
from indicators.parties import PartyYears
from indicators.results import (
    ValueIndex,
    display,
    load_targets,
    organisation_result,
    region_result,
    responsible,
    unit_of,
)

from . import appendix
from .activity import Activity, gather_activity
from .models import Conclusions, ReportVersion

YEARS_BACK = 3
OUTCOMES = [ev.MET, ev.PARTLY, ev.NOT_MET, ev.NO_DATA, ev.NOT_COMPARABLE]


@dataclass
class ValueRow:
    label: str
    cells: list[str]
    result: Result | None = None


@dataclass
class CoverageFacts:
    total: int
    yes: list[str]
    no: list[str]
    missing: list[str]
    left: list[str]


@dataclass
class MetricSection:
    metric: Metric
    number: str
    years: list[int]
    rows: list[ValueRow]
    result: Result
    history: list[tuple[int, Result]]
    chart: SafeString
    chart_caption: str
    chart_series: list[str]
    chart_rows: list[tuple[int, list[str]]]
    coverage: CoverageFacts | None = None
    assessor: str = ""
    awaiting: int = 0

    @property
    def outcome(self) -> str:
        return self.result.outcome


@dataclass
class SpearheadSection:
    number: int
    name: str
    statement: str
    goals: list[str]
    metrics: list[MetricSection]

    @property
    def counts(self) -> list[int]:
        found = Counter(m.outcome for m in self.metrics)
        return [found.get(outcome, 0) for outcome in OUTCOMES]


@dataclass
class ReportData:
    year: int
    language: str
    kind: str
    lock_date: datetime.date | None
    spearheads: list[SpearheadSection]
    activity: Activity
    agreement: appendix.AgreementState | None
    quality: list[appendix.QualityRow]
    kinds: list[tuple[str, str]]
    conclusions: str
    conclusions_language: str
    municipalities: list[str]
    departures: list[str]
    built_on: datetime.date = field(default_factory=timezone.localdate)

    @property
    def is_final(self) -> bool:
        return self.kind == ReportVersion.Kind.FINAL

    @property
    def metrics(self) -> list[MetricSection]:
        return [m for s in self.spearheads for m in s.metrics]

    @property
    def totals(self) -> list[int]:
        found = Counter(m.outcome for m in self.metrics)
        return [found.get(outcome, 0) for outcome in OUTCOMES]

    @property
    def needs_attention(self) -> list[MetricSection]:
        """Johtopäätökset: the metrics not met or without data, listed automatically."""
        return [m for m in self.metrics if m.outcome in (ev.NOT_MET, ev.NO_DATA)]


def gather(year: int, language: str) -> ReportData:
    """Everything the report of ``year`` shows, in the active language."""
    state = YearState.load(year)
    metrics = list(Metric.objects.of_year(year).select_related("spearhead", "goal", "body"))
    years = list(range(year - YEARS_BACK, year + 1))
    parties = PartyYears.load()
    values = list(
        Value.objects.filter(
            metric__in=[m.pk for m in metrics], year__gte=years[0] - 2, year__lte=year
        ).select_related("updated_by__organisation", "approved_by__organisation")
    )
    index = ValueIndex(values, metrics)
    targets = load_targets(metrics)
    goals = _goals(metrics)
    context = _Context(year, language, index, targets, parties, parties.across(years))
    spearheads = []
    # Chapter 1 is the summary: the spearheads are chapters 2, 3, … and their metrics 2.1, 2.2, …
    for number, spearhead in enumerate(_spearheads(metrics), start=2):
        own = [m for m in metrics if m.spearhead_id == spearhead.pk]
        spearheads.append(
            SpearheadSection(
                number=number,
                name=spearhead.name,
                statement=spearhead.statement,
                goals=goals.get(spearhead.pk, []),
                metrics=[
                    context.section(metric, years, f"{number}.{i}")
                    for i, metric in enumerate(own, start=1)
                ],
            )
        )
    conclusions = Conclusions.objects.filter(year=year).first()
    text, text_language = conclusions.text_for(language) if conclusions else ("", language)
    final = state.lock is not None and not state.reopened
    bound = parties.parties(year)
    return ReportData(
        year=year,
        language=language,
        kind=ReportVersion.Kind.FINAL if final else ReportVersion.Kind.DRAFT,
        lock_date=timezone.localtime(state.lock.locked_at).date() if state.lock else None,
        spearheads=spearheads,
        activity=gather_activity(year, bound),
        agreement=appendix.agreement_state(year),
        quality=appendix.quality_rows(year, metrics, index, bound),
        kinds=appendix.kind_explanations({m.kind for m in metrics}),
        conclusions=text,
        conclusions_language=text_language,
        municipalities=[o.display_short_name for o in bound if o.is_municipality],
        departures=[
            _("%(name)s left the agreement on %(date)s") % {"name": d.name, "date": d.date_shown}
            for d in parties.departures(year)
        ],
    )


def _spearheads(metrics: list[Metric]) -> list[Spearhead]:
    seen: dict[int, Spearhead] = {}
    for metric in metrics:
        seen.setdefault(metric.spearhead_id, metric.spearhead)
    return sorted(seen.values(), key=lambda s: (s.order, s.pk))


def _goals(metrics: list[Metric]) -> dict[int, list[str]]:
    ids = {m.spearhead_id for m in metrics}
    goals: dict[int, list[str]] = {}
    for goal in Goal.objects.filter(spearhead_id__in=ids).order_by("spearhead_id", "order"):
        goals.setdefault(goal.spearhead_id, []).append(goal.text)
    return goals


@dataclass
class _Context:
    year: int
    language: str
    index: ValueIndex
    targets: dict
    parties: PartyYears
    organisations: list

    def section(self, metric: Metric, years: list[int], number: str) -> MetricSection:
        shown = [y for y in years if metric.in_range(y)] or [self.year]
        history = [(y, self.result(metric, y)) for y in shown]
        series, options, caption = metric_series(
            metric, shown, self.index, self.organisations, lang=self.language
        )
        # Per-organisation points: their numbers are the table of values by organisation.
        side_table = options.get("kind") != "dots"
        unit = unit_of(metric) if metric.value_type == "number" else ev.NO_UNIT
        return MetricSection(
            metric=metric,
            number=number,
            years=years,
            rows=self.rows(metric, years),
            result=self.result(metric, self.year),
            history=history,
            chart=trend_svg(series, shown, spoken_title=True, **options),
            chart_caption=caption,
            chart_series=[_("Value") if s.label == options["title"] else s.label for s in series]
            if side_table
            else [],
            chart_rows=[
                (y, [ev.fmt(s.points.get(y), self.language, unit) for s in series]) for y in shown
            ]
            if side_table
            else [],
            coverage=self.coverage(metric),
            assessor=metric.body.name if metric.body is not None else "",
            awaiting=self.awaiting(metric),
        )

    def result(self, metric: Metric, year: int) -> Result:
        if not metric.in_range(year):
            return Result(
                ev.NOT_COMPARABLE,
                f"Mittaria ei seurata vuonna {year}.",
                f"The metric is not followed in {year}.",
            )
        return region_result(metric, year, self.index, self.parties, self.targets)

    def cell(self, metric: Metric, organisation, year: int) -> str:
        if not metric.in_range(year) or not metric.is_measured_in(year):
            return _("not measured")
        if organisation is not None:
            departure = self.parties.departure(organisation, year)
            if departure is not None:
                return _("left %(date)s") % {"date": departure.date_shown}
            if not self.parties.is_party(organisation, year):
                return "–"
        value = self.index.get(metric, organisation.pk if organisation else None, year)
        if value is None or value.raw is None:
            return "–"
        if value.status != Value.Status.APPROVED:
            return _("awaiting approval")
        return display(value)

    def rows(self, metric: Metric, years: list[int]) -> list[ValueRow]:
        if not metric.is_per_organisation:
            label = metric.body.short_name if metric.body is not None else _("Region")
            return [ValueRow(label, [self.cell(metric, None, y) for y in years])]
        rows = []
        for organisation in responsible(metric, self.organisations):
            own = None
            if self.parties.is_party(organisation, self.year) and metric.is_due(self.year):
                own = organisation_result(metric, organisation, self.year, self.index, self.targets)
            rows.append(
                ValueRow(
                    organisation.display_short_name,
                    [self.cell(metric, organisation, y) for y in years],
                    own,
                )
            )
        return rows

    def coverage(self, metric: Metric) -> CoverageFacts | None:
        """X/N named: who has (yes), who has not (no), who has no approved answer."""
        if metric.kind != Metric.Kind.COVERAGE or not metric.is_due(self.year):
            return None
        municipalities = [
            o for o in responsible(metric, self.parties.parties(self.year)) if o.is_municipality
        ]
        answers = {
            o.display_short_name: self.index.raw(metric, o.pk, self.year) for o in municipalities
        }
        return CoverageFacts(
            total=len(municipalities),
            yes=[name for name, answer in answers.items() if answer is True],
            no=[name for name, answer in answers.items() if answer is False],
            missing=[name for name, answer in answers.items() if answer is None],
            left=[
                d.name
                for d in self.parties.departures(self.year)
                if d.organisation.is_municipality and metric.applies_to(d.organisation)
            ],
        )

    def awaiting(self, metric: Metric) -> int:
        return sum(
            1
            for v in self.index.all()
            if v.metric_id == metric.pk
            and v.year == self.year
            and v.is_filled
            and v.status != Value.Status.APPROVED
        )
