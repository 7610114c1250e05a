"""My organisation's data-entry page: all its metrics for a year, saved per row."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums.models import AgreementParty, AgreementPeriod
from indicators.models import Value, YearLock
from organisations.models import Organisation

from .conftest import put

URL = "indicators:entry"


def entry_url(year=2025, subject="forssa"):
    return reverse(URL, args=[year, subject])


def save_url(code, year=2025, subject="forssa"):
    return reverse("indicators:value_save", args=[year, subject, code])


def test_the_page_lists_every_metric_of_the_organisation_with_progress(
    metrics, forssa_admin, client_for
):
    put(metrics["hyte-kerroin"], 2025, 60, organisation="forssa", status="approved")
    response = client_for(forssa_admin).get(entry_url())
    html = response.content.decode()
    assert response.status_code == 200
    # Forssa enters 6 metrics a year: feedback, housing, two older-people metrics, HYTE, Pakka.
    assert "1/6" in html
    for code in [
        "asukas-ja-asiakaspalaute",
        "valimuotoinen-asuminen",
        "hyte-kerroin",
        "pakka-toimintamalli",
        "ikaantyneiden-asumistarpeet",
        "ikaantyneiden-osallistaminen",
    ]:
        assert f'id="m-{code}"' in html
    assert 'id="m-aktivointiaste"' not in html  # the region's, not Forssa's


def test_a_row_saves_without_reloading_and_updates_the_progress(metrics, forssa_member, client_for):
    response = client_for(forssa_member).post(
        save_url("hyte-kerroin"), {"hyte-kerroin-value": "61,2"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<form id="m-hyte-kerroin"')
    assert 'hx-swap-oob="true"' in html and "1/6" in html
    value = Value.objects.get(metric__code="hyte-kerroin", organisation__slug="forssa", year=2025)
    assert value.number == Decimal("61.2") and value.status == "draft"


def test_without_javascript_the_row_saves_and_returns_to_the_page(
    metrics, forssa_member, client_for
):
    response = client_for(forssa_member).post(
        save_url("pakka-toimintamalli"), {"pakka-toimintamalli-value": "yes"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#m-pakka-toimintamalli")
    assert Value.objects.get(metric__code="pakka-toimintamalli", year=2025).yes_no is True


@pytest.mark.parametrize(
    ("code", "data", "message"),
    [
        ("hyte-kerroin", {"hyte-kerroin-value": "paljon"}, "Anna luku"),
        ("valimuotoinen-asuminen", {"valimuotoinen-asuminen-value": "12 kpl"}, "Anna luku"),
        ("pakka-toimintamalli", {"pakka-toimintamalli-value": "ehkä"}, "Vastaa kyllä tai ei"),
        (
            "hyte-kerroin",
            {"hyte-kerroin-value": "1", "hyte-kerroin-source_url": "ei linkki"},
            "koko verkko-osoite",
        ),
    ],
)
def test_bad_input_gives_a_clear_message_and_saves_nothing(
    code, data, message, metrics, forssa_admin, client_for, assert_unchanged
):
    with assert_unchanged():
        response = client_for(forssa_admin).post(save_url(code), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert message.lower() in response.content.decode().lower()


def test_a_self_assessment_outside_1_to_5_is_explained(
    metrics, coordinator, client_for, assert_unchanged
):
    url = save_url("perhekeskustyoryhman-oma-arvio", subject="body.perhekeskus")
    with assert_unchanged():
        response = client_for(coordinator).post(
            url, {"perhekeskustyoryhman-oma-arvio-value": "6"}, HTTP_HX_REQUEST="true"
        )
    assert "kokonaisluku 1–5" in response.content.decode()


def test_a_year_outside_the_metrics_period_has_no_cell(
    metrics, forssa_admin, client_for, assert_unchanged
):
    with assert_unchanged():
        response = client_for(forssa_admin).post(
            save_url("hyte-kerroin", year=2015), {"hyte-kerroin-value": "50"}
        )
    assert response.status_code == 404


def test_an_unusual_value_shows_a_warning_but_is_saved(metrics, forssa_admin, client_for):
    put(metrics["hyte-kerroin"], 2024, 40, organisation="forssa")
    response = client_for(forssa_admin).post(
        save_url("hyte-kerroin"), {"hyte-kerroin-value": "95"}, HTTP_HX_REQUEST="true"
    )
    assert "kaukana edellisen" in response.content.decode()
    assert Value.objects.filter(metric__code="hyte-kerroin", year=2025).exists()


def test_a_locked_year_says_why_and_shows_no_save_buttons(metrics, forssa_admin, client_for):
    YearLock.objects.create(year=2024)
    html = client_for(forssa_admin).get(entry_url(2024)).content.decode()
    assert "lukitsi" in html and "vuosiseurannan" in html
    assert html.count('type="submit" class="button button-small"') == 0
    assert "disabled" in html


def test_an_approved_value_says_why_it_cannot_change(metrics, forssa_admin, client_for):
    put(metrics["hyte-kerroin"], 2025, 60, organisation="forssa", status="approved")
    html = client_for(forssa_admin).get(entry_url()).content.decode()
    assert "Koordinaattori hyväksyi" in html


def test_a_returned_value_shows_the_coordinators_comment(metrics, forssa_admin, client_for):
    put(
        metrics["hyte-kerroin"],
        2025,
        60,
        organisation="forssa",
        status="returned",
        return_comment="Tarkista THL:n luku.",
    )
    html = client_for(forssa_admin).get(entry_url()).content.decode()
    assert "Tarkista THL:n luku." in html


def grow(factor: int) -> None:
    """factor × the parties (as extra municipalities) and factor × the years, all with values."""
    from indicators.models import Metric

    metric = Metric.objects.get(code="hyte-kerroin")
    start = Organisation.objects.count()
    extra = [
        Organisation(
            name=f"Lisäkunta {start + i}",
            short_name=f"Lisä {start + i}",
            slug=f"lisa-{start + i}",
            kind="municipality",
            is_party=True,
        )
        for i in range(13 * (factor - 1))
    ]
    Organisation.objects.bulk_create(extra)
    # Real parties of the agreement (its rows decide whose metrics count), every fourth of
    # them having left it in 2024, so the pages also show departures at 10×.
    period = AgreementPeriod.objects.get(slug="puitesopimus-2023")
    AgreementParty.objects.bulk_create(
        [
            AgreementParty(
                period=period,
                organisation=o,
                termination_received_on=datetime.date(2023, 6, 30) if i % 4 == 3 else None,
                termination_effective_on=datetime.date(2024, 6, 30) if i % 4 == 3 else None,
            )
            for i, o in enumerate(Organisation.objects.filter(slug__startswith="lisa-"))
            if not AgreementParty.objects.filter(period=period, organisation=o).exists()
        ]
    )
    years = range(2022, 2022 + 4 * factor)
    Value.objects.bulk_create(
        [
            Value(metric=metric, organisation=o, year=y, number=Decimal(50), status="approved")
            for o in Organisation.objects.parties()
            for y in years
            if not Value.objects.filter(metric=metric, organisation=o, year=y).exists()
        ]
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_entry_page_runs_the_same_queries_at_ten_times_the_data(
    metrics, forssa_admin, client_for
):
    client = client_for(forssa_admin)
    put(metrics["pakka-toimintamalli"], 2025, True, organisation="forssa")
    grow(1)
    small = count_queries(client, entry_url())
    grow(10)
    assert Organisation.objects.parties().count() >= 130
    assert count_queries(client, entry_url()) == small


def test_each_row_shows_the_previous_periods_value_for_context(metrics, coordinator, client_for):
    put(metrics["hyte-kerroin"], 2024, 40, organisation="forssa")
    put(metrics["nuorten-paihdehaitat"], 2023, "13.9")
    html = client_for(coordinator).get(entry_url()).content.decode()
    assert "Edellinen: 40 pistettä (2024)" in html
    region = client_for(coordinator).get(entry_url(subject="region")).content.decode()
    assert "Edellinen: 13,9 % (2023)" in region  # the survey two years back


def test_a_year_outside_any_agreement_is_not_found(forssa_admin, client_for, assert_unchanged):
    client = client_for(forssa_admin)
    assert client.get(entry_url(year=99999)).status_code == 404
    with assert_unchanged():
        response = client.post(save_url("hyte-kerroin", year=40000), {"hyte-kerroin-value": "1"})
    assert response.status_code == 404
