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
