"""Server-rendered SVG charts: no JavaScript, no CDN, the same markup in the page and the PDF.

:func:`trend_svg` returns a self-contained ``<svg role="img" aria-label="…">`` with a
``<title>`` and a ``<desc>`` that reads the values out, so a screen reader (and a tagged PDF,
WeasyPrint ``pdf_variant="pdf/ua-1"``) gets the same facts as the eye. Colours meet WCAG AA
contrast on white; text stays text (no paths for letters). Presentation attributes, not
``style=``, so the strict CSP allows it inline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .evaluation import NO_UNIT, Unit, fmt

PALETTE = ["#0b3d62", "#a3111f", "#146c2e", "#8a4b00", "#5a2d82", "#00606b"]
DOT = "#5b6673"  # other organisations' points: 4.5:1 on white


@dataclass
class Series:
    label: str
    points: Mapping[int, Decimal | float | int | None]


def _nice_step(raw: float) -> float:
    """1, 2, 2.5 or 5 times a power of ten, at least ``raw``."""
    if raw <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= raw:
            return float(factor * magnitude)
    return float(10 * magnitude)


def _ticks(lo: float, hi: float, whole: bool) -> list[float]:
    """Gridline values from ``lo`` to at least ``hi``: about four steps, whole numbers for
    counts and ratings."""
    step = _nice_step((hi - lo) / 4 or 1.0)
    if whole:
        step = max(1.0, math.ceil(step))
    first = math.floor(lo / step) * step
    ticks = [first]
    while ticks[-1] < hi - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


@dataclass
class _Frame:
    """The plot's geometry: where a year and a value are drawn."""

    years: Sequence[int]
    width: int
    height: int
    lo: float
    hi: float
    left: int = 56
    right: int = 16
    top: int = 16
    bottom: int = 40

    @property
    def plot_w(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> float:
        return self.height - self.top - self.bottom

    def x(self, i: int) -> float:
        return self.left + self.plot_w * (i + 0.5) / max(len(self.years), 1)

    def y(self, v: float) -> float:
        return self.top + self.plot_h - (v - self.lo) / ((self.hi - self.lo) or 1.0) * self.plot_h


def _scale(series: Sequence[Series], kind: str, y_max: float | None) -> list[float]:
    values = [float(v) for s in series for v in s.points.values() if v is not None]
    lo = min(0.0, min(values)) if values else 0.0
    if y_max is not None and lo == 0:
        # A fixed scale (11 municipalities, a 1–5 rating): whole steps ending at the top.
        step = 1 if y_max <= 6 else math.ceil(y_max / 4)
        return [float(t) for t in range(0, int(y_max), step)] + [float(y_max)]
    return _ticks(lo, max([*values, 1.0]), kind in ("bar",))


def _spoken(series, years, title, unit, lang, incomplete) -> str:
    spoken = []
    for s in series:
        points = ", ".join(f"{year}: {fmt(s.points.get(year), lang, unit)}" for year in years)
        spoken.append(f"{s.label}: {points}" if len(series) > 1 else points)
    label = f"{title}. " + "; ".join(spoken)
    if incomplete:
        word = "kesken" if lang == "fi" else "incomplete"
        label += ". " + ", ".join(
            f"{year}: {word}" + (f" ({note})" if note else "") for year, note in incomplete.items()
        )
    return label


def _axes(f: _Frame, ticks: list[float], lang: str, incomplete: Mapping[int, str]) -> list[str]:
    parts = []
    slot = f.plot_w / max(len(f.years), 1)
    for i, year in enumerate(f.years):
        if year in incomplete:
            parts.append(
                f'<rect x="{f.x(i) - slot / 2:.1f}" y="{f.top}" width="{slot:.1f}" '
                f'height="{f.plot_h:.1f}" fill="#f1f3f5"/>'
            )
    for value in ticks:
        yy = f.y(value)
        parts.append(
            f'<line x1="{f.left}" y1="{yy:.1f}" x2="{f.width - f.right}" y2="{yy:.1f}" '
            f'stroke="#c9d2db" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{f.left - 6}" y="{yy + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#4a5561">{escape(fmt(Decimal(str(round(value, 2))), lang))}</text>'
        )
    word = "kesken" if lang == "fi" else "incomplete"
    for i, year in enumerate(f.years):
        parts.append(
            f'<text x="{f.x(i):.1f}" y="{f.height - f.bottom + 20}" text-anchor="middle" '
            f'font-size="12" fill="#1b1f24">{year}</text>'
        )
        if year in incomplete:
            note = escape(f"{word} {incomplete[year]}".strip())
            parts.append(
                f'<text x="{f.x(i):.1f}" y="{f.height - f.bottom + 34}" text-anchor="middle" '
                f'font-size="10" fill="#4a5561">{note}</text>'
            )
    parts.append(
        f'<line x1="{f.left}" y1="{f.top + f.plot_h}" x2="{f.width - f.right}" '
        f'y2="{f.top + f.plot_h}" stroke="#4a5561" stroke-width="1"/>'
    )
    return parts


def _bars(f: _Frame, series: Sequence[Series], lang: str) -> list[str]:
    parts = []
    bar_w = f.plot_w / max(len(f.years), 1) / (len(series) + 1)
    for index, s in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        for i, year in enumerate(f.years):
            v = s.points.get(year)
            if v is None:
                continue
            bx = f.x(i) - bar_w * len(series) / 2 + bar_w * index
            top = f.y(float(v))
            parts.append(
                f'<rect x="{bx:.1f}" y="{top:.1f}" width="{bar_w:.1f}" '
                f'height="{max(f.y(f.lo) - top, 0):.1f}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{bx + bar_w / 2:.1f}" y="{top - 4:.1f}" text-anchor="middle" '
                f'font-size="12" fill="#1b1f24">{escape(fmt(v, lang))}</text>'
            )
    return parts


def _line(f: _Frame, s: Series, colour: str, lang: str, unit: Unit, labels: bool) -> list[str]:
    """One series as a line broken at missing years, its points, and (``labels``) values."""
    parts: list[str] = []
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, year in enumerate(f.years):
        v = s.points.get(year)
        if v is None:
            segments.append(segment)
            segment = []
            continue
        xx, yy = f.x(i), f.y(float(v))
        segment.append(f"{xx:.1f},{yy:.1f}")
        parts.append(f'<circle cx="{xx:.1f}" cy="{yy:.1f}" r="4" fill="{colour}"/>')
        if labels:
            parts.append(
                f'<text x="{xx:.1f}" y="{yy - 9:.1f}" text-anchor="middle" font-size="12" '
                f'fill="#1b1f24">{escape(fmt(v, lang, unit))}</text>'
            )
    segments.append(segment)
    lines = [
        f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
        for seg in segments
        if len(seg) > 1
    ]
    return lines + parts


def _dots(f: _Frame, s: Series) -> list[str]:
    return [
        f'<circle cx="{f.x(i):.1f}" cy="{f.y(float(v)):.1f}" r="3" fill="{DOT}" '
        f'fill-opacity="0.75"/>'
        for i, year in enumerate(f.years)
        if (v := s.points.get(year)) is not None
    ]


def _legend(f: _Frame, entries: list[tuple[str, str]]) -> list[str]:
    parts = []
    for index, (label, colour) in enumerate(entries):
        ly = f.height + 6 + 22 * index
        parts.append(f'<rect x="{f.left}" y="{ly}" width="14" height="14" fill="{colour}"/>')
        parts.append(
            f'<text x="{f.left + 20}" y="{ly + 12}" font-size="12" fill="#1b1f24">'
            f"{escape(label)}</text>"
        )
    return parts


def _marks(f, series, kind, highlight, lang, unit) -> tuple[list[str], list[tuple[str, str]]]:
    """The data marks and the legend's entries for ``kind``."""
    if kind == "bar":
        entries = [(s.label, PALETTE[i % len(PALETTE)]) for i, s in enumerate(series)]
        return _bars(f, series, lang), entries if len(series) > 1 else []
    if kind == "dots":
        marks = [mark for s in series if s.label != highlight for mark in _dots(f, s)]
        own = [s for s in series if s.label == highlight]
        for s in own:
            marks += _line(f, s, PALETTE[0], lang, unit, labels=True)
        others = "Muut organisaatiot" if lang == "fi" else "Other organisations"
        entries = [(s.label, PALETTE[0]) for s in own] + [(others if own else "", DOT)]
        return marks, [e for e in entries if e[0]]
    marks = []
    for index, s in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        marks += _line(f, s, colour, lang, unit, labels=len(series) == 1)
    entries = [(s.label, PALETTE[i % len(PALETTE)]) for i, s in enumerate(series)]
    return marks, entries if len(series) > 1 else []


def trend_svg(
    series: Sequence[Series],
    years: Sequence[int],
    *,
    title: str,
    unit: Unit = NO_UNIT,
    lang: str = "fi",
    kind: str = "line",
    y_max: float | None = None,
    width: int = 640,
    height: int = 260,
    spoken_title: bool = False,
    highlight: str = "",
    incomplete: Mapping[int, str] | None = None,
) -> SafeString:
    """A line chart (``kind="bar"``: bars; ``kind="dots"``: one grey point per series and a
    line for ``highlight`` only) of ``series`` over ``years``.

    Missing points leave gaps. ``aria-label`` holds the title and every value, e.g.
    "Aktivointiaste: 2022: 27,9 %, 2023: 29,3 %". With ``spoken_title`` the ``<title>`` holds
    that whole text too: a tagged PDF takes the figure's alternative text from ``<title>``
    only (WeasyPrint 70; PITFALLS.md), so the PDF report asks for it. ``incomplete`` marks
    the years whose values are not all approved ({year: "7/11"}): shaded, with the note under
    the year, so that a half-approved year never reads as a rise or a fall.
    """
    incomplete = incomplete or {}
    ticks = _scale(series, kind, y_max)
    f = _Frame(years, width, height, ticks[0], ticks[-1], bottom=54 if incomplete else 40)
    marks, entries = _marks(f, series, kind, highlight, lang, unit)
    total_h = f.height + 22 * len(entries)
    label = _spoken(series, years, title, unit, lang, incomplete)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {total_h}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f'aria-label="{escape(label)}">',
        f"<title>{escape(label if spoken_title else title)}</title>",
        f"<desc>{escape(label)}</desc>",
        f'<rect x="0" y="0" width="{width}" height="{total_h}" fill="#ffffff"/>',
        *_axes(f, ticks, lang, incomplete),
        *marks,
        *_legend(f, entries),
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above


def _incomplete(metric, years, index, organisations) -> dict[int, str]:
    """{year: "approved/expected"} for the years whose expected values are not all approved
    (the organisations the metric asks, or the one regional or body value)."""
    notes = {}
    for year in years:
        if not metric.is_measured_in(year):
            continue
        holders = [o.pk for o in organisations] if organisations is not None else [None]
        entered = [index.get(metric, pk, year) for pk in holders]
        approved = sum(1 for v in entered if v is not None and v.status == "approved")
        waiting = sum(1 for v in entered if v is not None and v.status != "approved")
        if waiting:
            notes[year] = f"{approved}/{len(holders)}" if len(holders) > 1 else ""
    return notes


def metric_series(metric, years, index, organisations, highlight=None, lang: str = "fi"):
    """What :func:`metric_chart` draws: (series, keyword arguments of :func:`trend_svg`, a
    caption saying what is plotted). The PDF report prints the same numbers beside it.

    As the metric's scope says: coverage — bars of the municipalities answering yes;
    per-organisation numbers — each organisation's approved value as a point, ``highlight``'s
    own as a line (never an average that reads as the region's figure); regional and body
    values — their own series. Years whose values are not all approved are marked."""
    from .models import Metric

    unit = Unit(metric.unit_fi, metric.unit_en)
    title = metric.name_en if lang == "en" and metric.name_en else metric.name_fi
    fi = lang == "fi"
    if metric.kind == Metric.Kind.COVERAGE:
        municipalities = [o for o in organisations if o.is_municipality and metric.applies_to(o)]
        counts = {
            y: sum(1 for o in municipalities if index.raw(metric, o.pk, y) is True) for y in years
        }
        label = "Kyllä vastanneet kunnat" if fi else "Municipalities answering yes"
        options = {
            "title": title,
            "lang": lang,
            "kind": "bar",
            "y_max": float(len(municipalities) or 1),
        }
        options["incomplete"] = _incomplete(metric, years, index, municipalities)
        caption = (
            "Kuntien määrä, joiden hyväksytty vastaus on kyllä."
            if fi
            else "The number of municipalities whose approved answer is yes."
        )
        return [Series(label, counts)], options, caption
    if metric.is_per_organisation:
        responsible = [o for o in organisations if metric.applies_to(o)]
        series = [
            Series(o.display_short_name, {y: index.raw(metric, o.pk, y) for y in years})
            for o in responsible
        ]
        own = (
            highlight.display_short_name
            if highlight is not None and highlight in responsible
            else ""
        )
        options = {"title": title, "unit": unit, "lang": lang, "kind": "dots", "highlight": own}
        options["incomplete"] = _incomplete(metric, years, index, responsible)
        caption = (
            "Jokainen piste on yhden organisaation hyväksytty arvo"
            + (f"; viiva on {own}." if own else ".")
            if fi
            else "Each point is one organisation's approved value"
            + (f"; the line is {own}." if own else ".")
        )
        return series, options, caption
    points = {y: index.raw(metric, None, y) if metric.is_measured_in(y) else None for y in years}
    y_max = 5.0 if metric.kind == Metric.Kind.SELF_ASSESSMENT else None
    options = {"title": title, "unit": unit, "lang": lang, "y_max": y_max}
    options["incomplete"] = _incomplete(metric, years, index, None)
    who = metric.body.name if metric.body_id else ("alueen luku" if fi else "the region's figure")
    caption = f"Hyväksytty arvo: {who}." if fi else f"The approved value: {who}."
    return [Series(title, points)], options, caption


def metric_chart(metric, years, index, organisations, highlight=None, lang: str = "fi"):
    """The metric's trend chart from approved values and its caption, as the metric page
    shows them — and the PDF report (``metric_series`` gives it the numbers too)."""
    series, options, caption = metric_series(metric, years, index, organisations, highlight, lang)
    return trend_svg(series, years, **options), caption
