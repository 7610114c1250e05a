"""A party that gave notice leaves the metrics from the effective date, its history kept.

Ypäjä's notice was received 31.5.2024 and took effect 31.5.2025: it is a party for 2024 (bound
on 31.12.2024), not for 2025 or 2026.
"""

import datetime

import pytest
from django.urls import reverse

from forums.models import AgreementParty
from indicators import dashboard
from indicators.models import ReminderLog, Value
from indicators.parties import PartyYears
from indicators.results import ValueIndex, region_result
from indicators.tasks import missing_by_organisation, send_missing_value_reminders
from tests.conftest import make_user

from .conftest import org, put
from .test_region_table import MUNICIPALITIES

LEFT_ON = datetime.date(2025, 5, 31)


@pytest.fixture
def ypaja_left(agreement):
    row = AgreementParty.objects.get(period__slug="puitesopimus-2023", organisation__slug="ypaja")
    row.termination_received_on = datetime.date(2024, 5, 31)
    row.termination_effective_on = LEFT_ON
    row.save()
    return org("ypaja")


@pytest.fixture
def ypaja_admin(ypaja_left):
    return make_user("ypaja", "org_admin", "admin.ypaja@test.example")


def test_a_party_counts_for_the_years_it_was_bound_on_31_december(ypaja_left):
    parties = PartyYears.load()
    assert parties.is_party(ypaja_left, 2024)
    assert not parties.is_party(ypaja_left, 2025)
    assert not parties.is_party(ypaja_left, 2026)
    assert len(parties.municipalities(2024)) == 11
    assert len(parties.municipalities(2026)) == 10
    assert [d.organisation.slug for d in parties.departures(2026)] == ["ypaja"]
    departure = parties.departure(ypaja_left, 2026)
    assert departure is not None and departure.effective_on == LEFT_ON
    assert parties.departure(ypaja_left, 2024) is None


def test_the_party_that_left_is_not_expected_for_2026_but_still_for_2024(metrics, ypaja_left):
    assert ypaja_left not in missing_by_organisation(2026)
    assert ypaja_left in missing_by_organisation(2024)
    assert org("forssa") in missing_by_organisation(2026)


def test_no_april_reminder_goes_to_the_party_that_left(
    metrics, ypaja_admin, forssa_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_missing_value_reminders("2027-04-02")
    recipients = {m.to[0] for m in mailoutbox}
    assert "admin.forssa@test.example" in recipients
    assert "admin.ypaja@test.example" not in recipients
    assert not ReminderLog.objects.filter(year=2026, organisation=ypaja_admin.organisation)


def test_the_missing_list_leaves_out_the_party_that_left(metrics, ypaja_left, coordinator, client):
    client.force_login(coordinator)
    for year, expected in [(2026, False), (2024, True)]:
        response = client.get(reverse("indicators:review") + f"?year={year}")
        slugs = {row["subject"].key for row in response.context["missing"]}
        assert ("ypaja" in slugs) is expected
        assert "forssa" in slugs
        organisations = {o.slug for o in response.context["organisations"]}
        assert ("ypaja" in organisations) is expected


def test_coverage_counts_x_of_the_municipalities_still_parties_and_names_who_left(
    metrics, ypaja_left
):
    metric = metrics["pakka-toimintamalli"]
    for year in (2024, 2026):
        for slug in MUNICIPALITIES[:8]:
            put(metric, year, True, organisation=slug)
    put(metric, 2024, True, organisation="ypaja")  # its history: counts in 2024
    parties = PartyYears.load()
    index = ValueIndex.load([metric], [2024, 2026])
    later = region_result(metric, 2026, index, parties, {})
    assert later.reason_fi.startswith("8/10 kuntaa (")
    assert "Ypäjä erosi sopimuksesta 31.5.2025" in later.reason_fi
    assert "Ypäjä left the agreement on 2025-05-31" in later.reason_en
    assert "Ypäjä" not in later.reason_fi.split(";")[0]
    earlier = region_result(metric, 2024, index, parties, {})
    assert earlier.reason_fi.startswith("9/11 kuntaa (")
    assert "Ypäjä" in earlier.reason_fi.split(";")[0]
    assert "erosi" not in earlier.reason_fi


def test_the_region_table_marks_later_years_left_and_keeps_earlier_values(
    metrics, ypaja_left, forssa_member, client_for
):
    value = put(metrics["pakka-toimintamalli"], 2024, True, organisation="ypaja")
    url = reverse("indicators:region_table") + (
        "?spearhead=kokonaisvaltainen-hyvinvointi&from=2024&to=2026"
    )
    html = client_for(forssa_member).get(url).content.decode()
    assert value.get_absolute_url() in html  # its 2024 answer stays visible
    assert "erosi sopimuksesta" in html
    detail = client_for(forssa_member).get(value.get_absolute_url())
    assert detail.status_code == 200


def test_the_party_that_left_cannot_enter_2026_values(
    metrics, ypaja_admin, client_for, assert_unchanged
):
    client = client_for(ypaja_admin)
    url = reverse("indicators:value_save", args=[2026, "ypaja", "pakka-toimintamalli"])
    with assert_unchanged():
        response = client.post(url, {"pakka-toimintamalli-value": "yes"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "erosi sopimuksesta" in html and "31.5.2025" in html
    assert not Value.objects.filter(organisation__slug="ypaja", year=2026).exists()
    page = client.get(reverse("indicators:entry", args=[2026, "ypaja"])).content.decode()
    assert "Eronnut sopimuksesta" in page
    assert "button button-small" not in page  # no row has a Save button


def test_the_coordinator_cannot_enter_values_for_it_either(
    metrics, ypaja_left, coordinator, client_for, assert_unchanged
):
    url = reverse("indicators:value_save", args=[2026, "ypaja", "pakka-toimintamalli"])
    with assert_unchanged():
        response = client_for(coordinator).post(url, {"pakka-toimintamalli-value": "yes"})
    assert "erosi sopimuksesta" in response.content.decode()


def test_it_still_enters_the_years_it_was_a_party(metrics, ypaja_admin, client_for):
    url = reverse("indicators:value_save", args=[2024, "ypaja", "pakka-toimintamalli"])
    client_for(ypaja_admin).post(url, {"pakka-toimintamalli-value": "yes"})
    assert Value.objects.get(organisation__slug="ypaja", year=2024).yes_no is True


def test_the_dashboard_asks_nothing_of_the_party_that_left(metrics, ypaja_admin, monkeypatch):
    monkeypatch.setattr(dashboard, "entry_year", lambda: 2026)
    assert dashboard.panel(ypaja_admin) is None
    monkeypatch.setattr(dashboard, "entry_year", lambda: 2024)
    result = dashboard.panel(ypaja_admin)
    assert result is not None and result.context["progress"]["total"] > 0
