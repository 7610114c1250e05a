"""The region's table per spearhead and a metric's page: results with their reasons."""

from django.urls import reverse

from indicators.models import Value

from .conftest import put
from .test_entry import count_queries, grow

MUNICIPALITIES = [
    "forssa",
    "hattula",
    "hausjarvi",
    "humppila",
    "hameenlinna",
    "janakkala",
    "jokioinen",
    "loppi",
    "riihimaki",
    "tammela",
    "ypaja",
]


def test_coverage_shows_x_of_11_naming_the_municipalities(metrics, forssa_member, client_for):
    for slug in MUNICIPALITIES[:8]:
        put(metrics["pakka-toimintamalli"], 2024, True, organisation=slug)
    put(metrics["pakka-toimintamalli"], 2024, False, organisation="ypaja")
    put(metrics["pakka-toimintamalli"], 2024, True, organisation="tammela", status="submitted")
    url = reverse("indicators:region_table") + "?spearhead=kokonaisvaltainen-hyvinvointi"
    html = client_for(forssa_member).get(url).content.decode()
    assert (
        "8/11 kuntaa (Forssa, Hattula, Hausjärvi, Humppila, Hämeenlinna, Janakkala, "
        "Jokioinen, Loppi)" in html
    )
    assert "ei: Ypäjä" in html
    assert "ei hyväksyttyä vastausta: Riihimäki, Tammela" in html
    assert "Tavoite 11/11 vuoteen 2024 mennessä." in html


def test_a_trend_result_compares_with_the_previous_year_in_words(
    metrics, forssa_member, client_for
):
    put(metrics["aktivointiaste"], 2024, "58.9")
    put(metrics["aktivointiaste"], 2025, "61.2")
    html = client_for(forssa_member).get(reverse("indicators:region_table")).content.decode()
    assert "61,2 % (2024: 58,9 %): korkeampi, kuten tavoitteena." in html


def test_the_school_health_survey_compares_two_years_back(metrics, forssa_member, client_for):
    put(metrics["nuorten-paihdehaitat"], 2023, "13.9")
    put(metrics["nuorten-paihdehaitat"], 2025, "12.7")
    url = reverse("indicators:region_table") + "?spearhead=kokonaisvaltainen-hyvinvointi"
    html = client_for(forssa_member).get(url).content.decode()
    assert "12,7 % (2023: 13,9 %): matalampi, kuten tavoitteena." in html
    assert "vuonna 2024 ei mitata" in html


def test_every_value_shows_its_status_mark(metrics, forssa_member, client_for):
    put(metrics["hyte-kerroin"], 2025, 60, organisation="forssa", status="submitted")
    put(metrics["hyte-kerroin"], 2025, 61, organisation="loppi", status="returned")
    url = reverse("indicators:region_table") + "?spearhead=kokonaisvaltainen-hyvinvointi"
    html = client_for(forssa_member).get(url).content.decode()
    assert "lähetetty, odottaa hyväksyntää" in html and "palautettu korjattavaksi" in html


def test_the_region_table_runs_the_same_queries_at_ten_times_the_data(
    metrics, forssa_member, client_for
):
    client = client_for(forssa_member)
    grow(1)
    base = reverse("indicators:region_table") + "?spearhead=kokonaisvaltainen-hyvinvointi"
    small = count_queries(client, base + "&from=2022&to=2025")
    grow(10)
    assert Value.objects.count() >= 130 * 40
    assert count_queries(client, base + "&from=2022&to=2061") == small


def test_the_metric_page_has_the_definition_values_and_an_accessible_chart(
    metrics, forssa_member, client_for
):
    put(metrics["aktivointiaste"], 2023, "29.3")
    put(metrics["aktivointiaste"], 2024, "30.8")
    html = (
        client_for(forssa_member)
        .get(reverse("indicators:metric_detail", args=["aktivointiaste"]))
        .content.decode()
    )
    assert metrics["aktivointiaste"].text_fi in html
    assert (
        'role="img"' in html and 'aria-label="Työttömien aktivointiasteen vuosikeskiarvo.' in html
    )
    assert "2023: 29,3 %" in html


def test_the_metric_page_runs_the_same_queries_at_ten_times_the_data(
    metrics, forssa_member, client_for
):
    client = client_for(forssa_member)
    url = reverse("indicators:metric_detail", args=["hyte-kerroin"])
    grow(1)
    small = count_queries(client, url)
    grow(10)
    assert count_queries(client, url) == small


def test_the_review_list_runs_the_same_queries_at_ten_times_the_data(
    metrics, coordinator, client_for
):
    client = client_for(coordinator)
    url = reverse("indicators:review") + "?year=2025"
    grow(1)
    small = count_queries(client, url)
    grow(10)
    assert count_queries(client, url) == small
