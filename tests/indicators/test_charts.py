from decimal import Decimal

from indicators.charts import Series, trend_svg
from indicators.evaluation import Unit


def test_the_chart_is_an_accessible_svg_that_reads_out_its_values():
    svg = trend_svg(
        [Series("Aktivointiaste", {2023: Decimal("29.3"), 2024: None, 2025: 31})],
        [2023, 2024, 2025],
        title="Aktivointiaste",
        unit=Unit("%", "%"),
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-label="Aktivointiaste. 2023: 29,3 %, 2024: –, 2025: 31 %"' in svg
    assert "<title>Aktivointiaste</title>" in svg
    assert "style=" not in svg  # the CSP forbids inline styles


def test_chart_text_is_escaped():
    svg = trend_svg([Series("<script>", {2025: 1})], [2025], title="<b>x</b>")
    assert "<script>" not in svg and "&lt;b&gt;" in svg


def test_bars_for_coverage_and_several_series_get_a_legend():
    svg = trend_svg(
        [Series("A", {2024: 3}), Series("B", {2024: 5})], [2024], title="T", kind="bar", lang="en"
    )
    assert svg.count("<rect") >= 4 and ">A</text>" in svg and ">B</text>" in svg


def test_a_half_approved_year_is_marked_incomplete_not_drawn_as_a_fall(metrics, agreement):
    """HYTE-kerroin 63,6 → 59,3 read as a decline when half of 2025 was approved: now each
    organisation is a point, the year is shaded and says how many values count."""
    from indicators.charts import metric_chart
    from indicators.parties import PartyYears
    from indicators.results import ValueIndex

    from .conftest import put

    metric = metrics["hyte-kerroin"]
    put(metric, 2024, "63.6", organisation="forssa")
    put(metric, 2024, "63.6", organisation="loppi")
    put(metric, 2025, "59.3", organisation="forssa")
    put(metric, 2025, "70.1", organisation="loppi", status="submitted")
    years = [2024, 2025]
    index = ValueIndex.load([metric], years)
    svg, caption = metric_chart(metric, years, index, PartyYears.load().across(years))
    assert "keskiarvo" not in svg.lower()
    assert "2025: kesken (1/" in svg  # read out too
    assert "kesken 1/" in svg
    assert "Forssa: 2024: 63,6" in svg
    assert "70,1" not in svg  # not approved: not drawn
    assert caption.startswith("Jokainen piste on yhden organisaation hyväksytty arvo")
