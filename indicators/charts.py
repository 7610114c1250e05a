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
) -> SafeString:
    """A line chart (or bars with ``kind="bar"``) of ``series`` over ``years``.

    Missing points leave gaps. ``aria-label`` holds the title and every value, e.g.
    "Aktivointiaste: 2022: 27,9 %, 2023: 29,3 %". With ``spoken_title`` the ``<title>`` holds
    that whole text too: a tagged PDF takes the figure's alternative text from ``<title>``
    only (WeasyPrint 70; PITFALLS.md), so the PDF report asks for it.
    """
    left, right, top, bottom = 56, 16, 16, 40
    legend_h = 22 * len(series) if len(series) > 1 else 0
    plot_w = width - left - right
    plot_h = height - top - bottom
    total_h = height + legend_h
    values = [float(v) for s in series for v in s.points.values() if v is not None]
    lo = min(0.0, min(values)) if values else 0.0
    if y_max is not None and lo == 0:
        # A fixed scale (11 municipalities, a 1–5 rating): whole steps ending at the top.
        step = 1 if y_max <= 6 else math.ceil(y_max / 4)
        ticks = [float(t) for t in range(0, int(y_max), step)] + [float(y_max)]
    else:
        ticks = _ticks(lo, max([*values, 1.0]), kind == "bar")
    lo, hi = ticks[0], ticks[-1]
    span = (hi - lo) or 1.0
    n = max(len(years), 1)

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def y(v: float) -> float:
        return top + plot_h - (v - lo) / span * plot_h

    spoken = []
    for s in series:
        points = ", ".join(f"{year}: {fmt(s.points.get(year), lang, unit)}" for year in years)
        spoken.append(f"{s.label}: {points}" if len(series) > 1 else points)
    label = f"{title}. " + "; ".join(spoken)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {total_h}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f'aria-label="{escape(label)}">',
        f"<title>{escape(label if spoken_title else title)}</title>",
        f"<desc>{escape(label)}</desc>",
        f'<rect x="0" y="0" width="{width}" height="{total_h}" fill="#ffffff"/>',
    ]
    for value in ticks:
        yy = y(value)
        parts.append(
            f'<line x1="{left}" y1="{yy:.1f}" x2="{width - right}" y2="{yy:.1f}" '
            f'stroke="#c9d2db" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#4a5561">{escape(fmt(Decimal(str(round(value, 2))), lang))}</text>'
        )
    for i, year in enumerate(years):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 20}" text-anchor="middle" font-size="12" '
            f'fill="#1b1f24">{year}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="#4a5561" stroke-width="1"/>'
    )
    bar_w = plot_w / n / (len(series) + 1)
    for index, s in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        if kind == "bar":
            for i, year in enumerate(years):
                v = s.points.get(year)
                if v is None:
                    continue
                bx = x(i) - bar_w * len(series) / 2 + bar_w * index
                parts.append(
                    f'<rect x="{bx:.1f}" y="{y(float(v)):.1f}" width="{bar_w:.1f}" '
                    f'height="{max(y(lo) - y(float(v)), 0):.1f}" fill="{colour}"/>'
                )
                parts.append(
                    f'<text x="{bx + bar_w / 2:.1f}" y="{y(float(v)) - 4:.1f}" '
                    'text-anchor="middle" '
                    f'font-size="12" fill="#1b1f24">{escape(fmt(v, lang))}</text>'
                )
            continue
        segment: list[str] = []
        segments = []
        for i, year in enumerate(years):
            v = s.points.get(year)
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x(i):.1f},{y(float(v)):.1f}")
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(float(v)):.1f}" r="4" fill="{colour}"/>')
            if len(series) == 1:
                parts.append(
                    f'<text x="{x(i):.1f}" y="{y(float(v)) - 9:.1f}" text-anchor="middle" '
                    f'font-size="12" fill="#1b1f24">{escape(fmt(v, lang, unit))}</text>'
                )
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                parts.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"/>'
                )
    if legend_h:
        for index, s in enumerate(series):
            ly = height + 6 + 22 * index
            colour = PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{left}" y="{ly}" width="14" height="14" fill="{colour}"/>')
            parts.append(
                f'<text x="{left + 20}" y="{ly + 12}" font-size="12" fill="#1b1f24">'
                f"{escape(s.label)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above


def metric_series(metric, years, index, organisations, highlight=None, lang: str = "fi"):
    """What :func:`metric_chart` draws, as (series, keyword arguments of :func:`trend_svg`):
    the PDF report prints the same numbers in a table beside the chart.

    Coverage: bars of the municipalities answering yes. Per-organisation numbers: the mean,
    with ``highlight``'s own line when it has values. Regional and body values: the series.
    """
    from .models import Metric

    unit = Unit(metric.unit_fi, metric.unit_en)
    title = metric.name_en if lang == "en" and metric.name_en else metric.name_fi
    if metric.kind == Metric.Kind.COVERAGE:
        municipalities = [o for o in organisations if o.is_municipality and metric.applies_to(o)]
        counts = {
            y: sum(1 for o in municipalities if index.raw(metric, o.pk, y) is True) for y in years
        }
        label = "Kyllä vastanneet kunnat" if lang == "fi" else "Municipalities answering yes"
        return [Series(label, counts)], {
            "title": title,
            "lang": lang,
            "kind": "bar",
            "y_max": float(len(municipalities) or 1),
        }
    if metric.is_per_organisation:
        responsible = [o for o in organisations if metric.applies_to(o)]
        means = {}
        for y in years:
            got = [index.raw(metric, o.pk, y) for o in responsible]
            got = [Decimal(v) for v in got if v is not None]
            means[y] = (sum(got) / len(got)).quantize(Decimal("0.1")) if got else None
        series = [Series("Keskiarvo" if lang == "fi" else "Mean", means)]
        own = {y: index.raw(metric, highlight.pk, y) for y in years} if highlight else {}
        if highlight is not None and metric.applies_to(highlight) and any(own.values()):
            series.append(Series(highlight.short_name, own))
        return series, {"title": title, "unit": unit, "lang": lang}
    points = {y: index.raw(metric, None, y) if metric.is_measured_in(y) else None for y in years}
    y_max = 5.0 if metric.kind == Metric.Kind.SELF_ASSESSMENT else None
    return [Series(title, points)], {"title": title, "unit": unit, "lang": lang, "y_max": y_max}


def metric_chart(metric, years, index, organisations, highlight=None, lang: str = "fi"):
    """The metric's trend chart from approved values, as the metric page draws it — and the
    PDF report: ``metric_chart(metric, years, ValueIndex.load([metric], years), parties)``."""
    series, options = metric_series(metric, years, index, organisations, highlight, lang)
    return trend_svg(series, years, **options)
