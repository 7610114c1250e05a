"""The pure evaluation functions, one per kind of metric, on their edge cases."""

from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from indicators import evaluation as ev
from indicators.evaluation import Unit

PCT = Unit("%", "%")
NAMES = [
    "Forssa",
    "Hattula",
    "Hausjärvi",
    "Humppila",
    "Hämeenlinna",
    "Janakkala",
    "Jokioinen",
    "Loppi",
    "Riihimäki",
    "Tammela",
    "Ypäjä",
]


def answers(yes: int, no: int = 0) -> dict:
    result = {}
    for i, name in enumerate(NAMES):
        result[name] = True if i < yes else False if i < yes + no else None
    return result


def test_coverage_all_eleven_is_met():
    result = ev.evaluate_coverage(year=2024, answers=answers(11))
    assert result.outcome == ev.MET
    assert result.reason_fi.startswith("11/11 kuntaa")
    assert result.reason_en.startswith("11/11 municipalities")


def test_coverage_eight_of_eleven_is_partly_and_names_the_municipalities():
    result = ev.evaluate_coverage(year=2024, answers=answers(8, 3), target_year=2024)
    assert result.outcome == ev.PARTLY
    assert "8/11 kuntaa (Forssa, Hattula" in result.reason_fi
    assert "ei: Riihimäki, Tammela, Ypäjä" in result.reason_fi
    assert "Tavoite 11/11 vuoteen 2024 mennessä." in result.reason_fi
    assert "Target 11/11 by 2024." in result.reason_en


def test_coverage_with_every_answer_no_is_not_met():
    assert ev.evaluate_coverage(year=2024, answers=answers(0, 11)).outcome == ev.NOT_MET


def test_coverage_without_any_answer_is_no_data():
    result = ev.evaluate_coverage(year=2024, answers=answers(0))
    assert result.outcome == ev.NO_DATA


def test_coverage_with_missing_answers_is_partly_and_says_who_is_missing():
    result = ev.evaluate_coverage(year=2025, answers=answers(0, 9))
    assert result.outcome == ev.PARTLY
    assert "ei hyväksyttyä vastausta: Tammela, Ypäjä" in result.reason_fi


def test_coverage_reports_the_county_without_counting_it():
    result = ev.evaluate_coverage(year=2024, answers=answers(11), others={"Oma Häme": False})
    assert result.outcome == ev.MET
    assert "Oma Häme: ei." in result.reason_fi


def test_trend_higher_as_wanted_is_met_with_the_numbers_in_words():
    result = ev.evaluate_trend(
        year=2025,
        value=Decimal("61.2"),
        previous_value=Decimal("58.9"),
        previous_year=2024,
        unit=PCT,
    )
    assert result.outcome == ev.MET
    assert result.reason_en == "61.2 % (2024: 58.9 %): higher, as wanted."
    assert result.reason_fi == "61,2 % (2024: 58,9 %): korkeampi, kuten tavoitteena."


def test_trend_unchanged_is_not_met():
    result = ev.evaluate_trend(
        year=2025, value=Decimal("5"), previous_value=Decimal("5.00"), previous_year=2024
    )
    assert result.outcome == ev.NOT_MET
    assert "unchanged" in result.reason_en


def test_trend_lower_is_better_for_substance_harms():
    result = ev.evaluate_trend(
        year=2025,
        value=Decimal("12.7"),
        previous_value=Decimal("13.9"),
        previous_year=2023,
        direction="lower",
        unit=PCT,
    )
    assert result.outcome == ev.MET
    assert "(2023: 13.9 %): lower, as wanted" in result.reason_en


def test_trend_worse_is_not_met():
    result = ev.evaluate_trend(
        year=2024, value=Decimal("39.6"), previous_value=Decimal("41"), previous_year=2023
    )
    assert result.outcome == ev.NOT_MET


def test_trend_without_a_previous_value_is_not_yet_comparable():
    result = ev.evaluate_trend(
        year=2023, value=Decimal("61.5"), previous_value=None, previous_year=2021
    )
    assert result.outcome == ev.NOT_COMPARABLE
    assert "2021" in result.reason_en


def test_trend_in_a_year_without_a_survey_is_not_comparable():
    result = ev.evaluate_trend(
        year=2024, value=None, previous_value=None, previous_year=2022, measured_this_year=False
    )
    assert result.outcome == ev.NOT_COMPARABLE
    assert "odd years" in result.reason_en


def test_trend_without_this_years_value_is_no_data():
    result = ev.evaluate_trend(year=2025, value=None, previous_value=Decimal(1), previous_year=2024)
    assert result.outcome == ev.NO_DATA


def test_baseline_in_the_base_year_is_not_comparable():
    result = ev.evaluate_baseline(
        year=2022, value=Decimal("55"), base_value=Decimal("55"), base_year=2022
    )
    assert result.outcome == ev.NOT_COMPARABLE
    assert "2022 is the base year" in result.reason_en


def test_baseline_above_the_base_is_met_and_below_is_not():
    up = ev.evaluate_baseline(
        year=2024, value=Decimal("60"), base_value=Decimal("55"), base_year=2022
    )
    down = ev.evaluate_baseline(
        year=2024, value=Decimal("50"), base_value=Decimal("55"), base_year=2022
    )
    assert up.outcome == ev.MET and "base year 2022" in up.reason_en
    assert down.outcome == ev.NOT_MET


def test_baseline_without_a_base_value_is_not_comparable():
    result = ev.evaluate_baseline(year=2024, value=Decimal("60"), base_value=None, base_year=2022)
    assert result.outcome == ev.NOT_COMPARABLE


@pytest.mark.parametrize(
    ("rating", "outcome"),
    [(5, ev.MET), (4, ev.MET), (3, ev.PARTLY), (2, ev.NOT_MET), (1, ev.NOT_MET)],
)
def test_self_assessment_on_the_1_to_5_scale(rating, outcome):
    assert ev.evaluate_self_assessment(year=2025, rating=rating).outcome == outcome


def test_self_assessment_mentions_the_previous_year():
    result = ev.evaluate_self_assessment(year=2025, rating=4, previous_rating=3, previous_year=2024)
    assert result.reason_fi == "Oma-arvio 4/5 (tavoite vähintään 4/5). Vuonna 2024: 3/5."


def test_self_assessment_missing_is_no_data_and_outside_the_scale_is_an_error():
    assert ev.evaluate_self_assessment(year=2025, rating=None).outcome == ev.NO_DATA
    with pytest.raises(ValueError):
        ev.evaluate_self_assessment(year=2025, rating=6)


def test_target_in_the_baseline_year_is_not_comparable():
    result = ev.evaluate_target(
        year=2023,
        value=Decimal(20),
        base_value=Decimal(20),
        base_year=2023,
        target_value=Decimal(30),
        target_year=2025,
    )
    assert result.outcome == ev.NOT_COMPARABLE


def test_target_not_yet_set_is_not_comparable():
    result = ev.evaluate_target(
        year=2024,
        value=Decimal(25),
        base_value=Decimal(20),
        base_year=2023,
        target_value=None,
        target_year=None,
    )
    assert result.outcome == ev.NOT_COMPARABLE
    assert "no numeric target" in result.reason_en


def test_target_reached_partly_and_not_met():
    common: dict[str, Any] = {
        "year": 2025,
        "base_value": Decimal(20),
        "base_year": 2023,
        "target_value": Decimal(30),
        "target_year": 2025,
    }
    assert ev.evaluate_target(value=Decimal(30), **common).outcome == ev.MET
    assert ev.evaluate_target(value=Decimal(25), **common).outcome == ev.PARTLY
    assert ev.evaluate_target(value=Decimal(20), **common).outcome == ev.NOT_MET
    assert ev.evaluate_target(value=None, **common).outcome == ev.NO_DATA


def test_combine_counts_the_organisations_that_met_it():
    met = ev.Result(ev.MET, "", "")
    miss = ev.Result(ev.NOT_MET, "", "")
    none = ev.Result(ev.NO_DATA, "", "")
    result = ev.combine({"Forssa": met, "Loppi": met, "Ypäjä": miss, "Tammela": none})
    assert result.outcome == ev.PARTLY
    assert result.reason_en.startswith("2/4 municipalities met it (Forssa, Loppi)")
    assert ev.combine({"A": met, "B": met}).outcome == ev.MET
    assert ev.combine({"A": none}).outcome == ev.NO_DATA


def test_unusual_change_warns_far_from_the_previous_value_only():
    assert ev.unusual_change(Decimal(100), Decimal(40))
    assert not ev.unusual_change(Decimal(45), Decimal(40))
    assert not ev.unusual_change(Decimal(45), None)
    assert not ev.unusual_change(True, False)
    assert ev.unusual_rating_change(5, 2) and not ev.unusual_rating_change(4, 3)


def test_the_reason_follows_the_active_language():
    result = ev.evaluate_self_assessment(year=2025, rating=4)
    with translation.override("en"):
        assert result.reason.startswith("Self-assessment 4/5")
    with translation.override("fi"):
        assert result.reason.startswith("Oma-arvio 4/5")


def test_numbers_are_written_the_finnish_way_in_finnish():
    assert ev.fmt(Decimal("61.20"), "fi", PCT) == "61,2 %"
    assert ev.fmt(Decimal("58.00"), "en") == "58"
    assert ev.fmt(Decimal("-1.5"), "fi") == "−1,5"


def test_compared_numbers_have_the_same_precision_and_no_english_word_in_finnish():
    """ "41 % vs 38,4 %" mixed precision and an English word; now "41,0 % (2022: 38,4 %)"."""
    unit = ev.Unit("%", "%")
    result = ev.evaluate_trend(
        year=2023,
        value=Decimal("41"),
        previous_value=Decimal("38.4"),
        previous_year=2022,
        unit=unit,
    )
    assert result.reason_fi.startswith("41,0 % (2022: 38,4 %): ")
    assert result.reason_en.startswith("41.0 % (2022: 38.4 %): ")
    assert " vs " not in result.reason_fi
