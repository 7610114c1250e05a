"""Liite 2 loaded word for word, idempotently; the demo data shows every kind of result."""

import re
from pathlib import Path

from django.conf import settings

from indicators.models import Goal, Metric, Spearhead, Value
from portal.seeding import SeedReport, run

# The agreement's text (a public document) is kept in the repository so this check always runs.
AGREEMENT = Path(__file__).resolve().parents[2] / "docs" / "puitesopimus-kanta-hame-2023.txt"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_liite_2_has_four_spearheads_ten_goals_and_twelve_metrics(agreement):
    assert Spearhead.objects.count() == 4
    assert Goal.objects.count() == 10
    assert Metric.objects.count() == 12
    assert Metric.objects.filter(period__slug="puitesopimus-2023").count() == 12


def test_metric_and_goal_texts_are_the_agreements_words(agreement):
    source = _flat(
        AGREEMENT.read_text(encoding="utf-8").split("Liite 2. Tavoitteet ja mittarit")[1]
    )
    for text in [
        *Metric.objects.values_list("text_fi", flat=True),
        *Goal.objects.values_list("text_fi", flat=True),
        *Spearhead.objects.values_list("statement_fi", flat=True),
    ]:
        assert _flat(text) in source, text


def test_the_metrics_carry_their_rules(agreement):
    survey = Metric.objects.get(code="nuorten-paihdehaitat")
    assert (survey.kind, survey.direction, survey.periodicity) == ("trend", "lower", "biennial_odd")
    assert Metric.objects.get(code="hyte-kerroin").base_year == 2022
    pakka = Metric.objects.get(code="pakka-toimintamalli")
    assert (pakka.kind, pakka.target_year) == ("coverage", 2024)
    housing = Metric.objects.get(code="valimuotoinen-asuminen")
    assert (housing.kind, housing.base_year) == ("target", 2023)
    family_centre = Metric.objects.get(code="perhekeskustyoryhman-oma-arvio").body
    assert family_centre is not None and family_centre.slug == "perhekeskus"
    employment = Metric.objects.get(code="tyollisyysverkoston-oma-arvio").body
    assert employment is not None and employment.slug == "tyollisyysverkosto"


def test_seed_agreement_twice_changes_nothing(agreement):
    report = run("seed_agreement", SeedReport())
    assert not [
        k
        for k, n in report.counts.items()
        if k[0].startswith("indicators") and k[1] != "unchanged" and n
    ]


def test_demo_values_show_every_result_and_leave_loppi_2025_for_the_journey(seeded_demo):
    from indicators.parties import PartyYears
    from indicators.results import region_blocks

    statuses = set(Value.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "approved", "returned"}
    loppi = Value.objects.filter(organisation__slug="loppi", year=2025)
    assert not loppi.exists()  # really empty, as the README promises
    blocks = region_blocks(
        list(Metric.objects.select_related("body")),
        [2022, 2023, 2024, 2025],
        PartyYears.load(),
    )
    outcomes = {r.outcome for b in blocks for _y, r in b.results if r}
    assert outcomes == {"met", "not_met", "partly", "no_data", "not_comparable"}
    assert settings.DEBUG is False


def test_seed_demo_twice_changes_nothing(seeded_demo, settings):
    from django.core.management import call_command

    before = Value.objects.count()
    settings.DEBUG = True
    call_command("seed_demo", "--password", "demo-password-123")
    assert Value.objects.count() == before
