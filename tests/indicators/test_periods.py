"""Metrics belong to an agreement period: a new agreement brings its own metrics."""

import datetime

from django.urls import reverse

from forums.models import AgreementPeriod
from indicators.models import Metric, Spearhead


def new_agreement():
    period = AgreementPeriod.objects.create(
        slug="puitesopimus-2025",
        name_fi="Puitesopimus 2025–2029",
        dated_on=datetime.date(2025, 5, 1),
        in_force_from=datetime.date(2025, 6, 1),
    )
    spearhead = Spearhead.objects.create(
        period=period, code="uusi", order=1, name_fi="Uusi keihäänkärki", statement_fi="Uusi."
    )
    Metric.objects.create(
        period=period,
        spearhead=spearhead,
        code="uusi-mittari",
        text_fi="Uusi mittari.",
        name_fi="Uusi mittari",
        kind="coverage",
        scope="municipality",
        source="own",
        first_year=2025,
    )
    return period


def test_the_2023_metrics_belong_to_the_2023_agreement(metrics):
    assert {m.period.slug for m in metrics.values()} == {"puitesopimus-2023"}


def test_a_new_agreement_shows_its_own_metrics_and_old_years_keep_theirs(
    metrics, forssa_admin, client_for
):
    new_agreement()
    assert list(Metric.objects.of_year(2025).values_list("code", flat=True)) == ["uusi-mittari"]
    assert Metric.objects.of_year(2024).filter(code="hyte-kerroin").exists()
    client = client_for(forssa_admin)
    html = client.get(reverse("indicators:index")).content.decode()
    assert "Uusi keihäänkärki" in html and "Työllisyys ja elinvoima" not in html
    entry_2024 = client.get(reverse("indicators:entry", args=[2024, "forssa"])).content.decode()
    assert 'id="m-hyte-kerroin"' in entry_2024 and 'id="m-uusi-mittari"' not in entry_2024
    entry_2025 = client.get(reverse("indicators:entry", args=[2025, "forssa"])).content.decode()
    assert 'id="m-uusi-mittari"' in entry_2025 and 'id="m-hyte-kerroin"' not in entry_2025
