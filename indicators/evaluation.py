"""Evaluation of Liite 2's metrics: one pure function per kind of metric.

Every function takes plain values (numbers, booleans, years, names) — the values that count,
i.e. the approved ones; ``None`` means there is no approved value — and returns a
:class:`Result`: an outcome and the reason in words, in Finnish and in English, e.g.
"8/11 kuntaa …; tavoite 11/11 vuoteen 2024 mennessä" or
"61.2 % (2024: 58.9 %): higher, as wanted". Nothing here touches the database; the
glue that feeds these functions from the models is :func:`indicators.results.evaluate`.

Outcomes:

``met``             the metric's rule holds for the year
``not_met``         it does not
``partly``          part of the way, e.g. 8/11 municipalities
``no_data``         the year's value (or every municipality's answer) is missing
``not_comparable``  there is a value but nothing to compare it with yet: the base year
                    itself, a missing earlier value, a year the survey is not made, or a
                    target not yet set

Rules, as read from the agreement (Liite 2):

* coverage — a yes/no fact per municipality; met at 11/11, partly in between, not met at
  0/11 with every answer in, no data when nobody has answered. A target year ("11/11 by
  2024") is stated in the reason.
* trend — higher (or lower) than in the previous period of the metric's own periodicity:
  the previous year for yearly metrics, two years back for the school health survey, which
  is made in odd years only (2021, 2023, 2025). Unchanged is not met.
* baseline — higher (or lower) than in the fixed base year (2022 for the HYTE coefficient).
* self-assessment — the body's own 1–5 rating. The appendix gives no threshold; we read
  4–5 as met, 3 (the middle of the scale) as partly, 1–2 as not met. A metric's
  ``target_value`` overrides the threshold.
* target — a baseline year, then a numeric target: met when the target is reached, partly
  when better than the baseline but short of the target, not met otherwise; not comparable
  in the baseline year or before a target is set.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language, pgettext_lazy

MET = "met"
NOT_MET = "not_met"
PARTLY = "partly"
NO_DATA = "no_data"
NOT_COMPARABLE = "not_comparable"

OUTCOME_LABELS = {
    MET: pgettext_lazy("metric result", "met"),
    NOT_MET: pgettext_lazy("metric result", "not met"),
    PARTLY: pgettext_lazy("metric result", "partly"),
    NO_DATA: pgettext_lazy("metric result", "no data"),
    NOT_COMPARABLE: pgettext_lazy("metric result", "not yet comparable"),
}
OUTCOME_CSS = {
    MET: "badge-ok",
    NOT_MET: "badge-bad",
    PARTLY: "badge-warn",
    NO_DATA: "badge-muted",
    NOT_COMPARABLE: "badge",
}


@dataclass(frozen=True)
class Result:
    outcome: str
    reason_fi: str
    reason_en: str

    @property
    def reason(self) -> str:
        return self.reason_en if (get_language() or "fi").startswith("en") else self.reason_fi

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])

    @property
    def css(self) -> str:
        return OUTCOME_CSS[self.outcome]

    def __str__(self) -> str:
        return f"{self.label}: {self.reason}"


@dataclass(frozen=True)
class Unit:
    fi: str = ""
    en: str = ""


NO_UNIT = Unit()


def fmt(
    value: Decimal | int | float | None, lang: str, unit: Unit = NO_UNIT, places: int | None = None
) -> str:
    """61.2 → "61,2" in Finnish and "61.2" in English; the unit follows after a space. With
    ``places`` the number has exactly that many decimals (41 → "41,0" beside "38,4")."""
    if value is None:
        return "–"
    number = Decimal(str(value))
    if places is not None:
        text = f"{number.quantize(Decimal(1).scaleb(-places)):f}"
    else:
        text = f"{number.normalize():f}" if number == number.to_integral() else f"{number:f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    if lang == "fi":
        text = text.replace("-", "−").replace(".", ",")
    suffix = unit.fi if lang == "fi" else unit.en
    return f"{text} {suffix}".strip() if suffix else text


def _places(*values: Decimal | int | float | None) -> int:
    """The decimals the most precise of ``values`` shows, so that compared numbers match."""
    places = 0
    for value in values:
        if value is not None:
            exponent = Decimal(str(value)).normalize().as_tuple().exponent
            places = max(places, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    return places


def compared(value, other, other_year, lang: str, unit: Unit = NO_UNIT) -> str:
    """ "41,0 % (2022: 38,4 %)": a value beside the one it is compared with, same precision."""
    places = _places(value, other)
    return f"{fmt(value, lang, unit, places)} ({other_year}: {fmt(other, lang, unit, places)})"


def _names(names: Sequence[str], lang: str, limit: int = 11) -> str:
    shown = list(names)[:limit]
    more = len(names) - len(shown)
    text = ", ".join(shown)
    if more > 0:
        text += f" (+{more})"
    return text


def _better(value: Decimal, other: Decimal, direction: str) -> int:
    """1 better, 0 unchanged, -1 worse, for the metric's direction ("higher"/"lower")."""
    if value == other:
        return 0
    higher = value > other
    return 1 if higher == (direction == "higher") else -1


def _compare_words(cmp: int, value: Decimal, direction: str) -> tuple[str, str]:
    wanted_fi = "korkeampi" if direction == "higher" else "matalampi"
    wanted_en = "higher" if direction == "higher" else "lower"
    if cmp > 0:
        return f"{wanted_fi}, kuten tavoitteena", f"{wanted_en}, as wanted"
    if cmp == 0:
        return (
            f"ennallaan; tavoitteena on {wanted_fi} arvo",
            f"unchanged; the goal is {wanted_en}",
        )
    other_fi = "matalampi" if direction == "higher" else "korkeampi"
    other_en = "lower" if direction == "higher" else "higher"
    return f"{other_fi}; tavoitteena on {wanted_fi} arvo", f"{other_en}; the goal is {wanted_en}"


def _no_value(year: int) -> Result:
    return Result(
        NO_DATA,
        f"Vuodelta {year} ei ole hyväksyttyä arvoa.",
        f"No approved value for {year}.",
    )


# --- coverage ------------------------------------------------------------------------------


def evaluate_coverage(
    *,
    year: int,
    answers: Mapping[str, bool | None],
    target_year: int | None = None,
    others: Mapping[str, bool | None] | None = None,
    left: Mapping[str, datetime.date] | None = None,
) -> Result:
    """X/N: ``answers`` maps every municipality that is a party that year (N, 11 while all
    are) to yes (True), no (False) or not entered (None). ``others`` (e.g. the wellbeing
    county) are reported but not counted. ``left`` names the municipalities that had left
    the agreement by the end of the year, with the day they left: not counted, but named."""
    total = len(answers)
    yes = [name for name, answer in answers.items() if answer is True]
    no = [name for name, answer in answers.items() if answer is False]
    missing = [name for name, answer in answers.items() if answer is None]
    target_fi = f" Tavoite {total}/{total} vuoteen {target_year} mennessä." if target_year else ""
    target_en = f" Target {total}/{total} by {target_year}." if target_year else ""
    other_fi = other_en = ""
    for name, answer in (others or {}).items():
        word_fi = {True: "kyllä", False: "ei", None: "ei hyväksyttyä vastausta"}[answer]
        word_en = {True: "yes", False: "no", None: "no approved answer"}[answer]
        other_fi += f" {name}: {word_fi}."
        other_en += f" {name}: {word_en}."
    left_fi, left_en = _left_parts(left)
    if not yes and not no:
        return Result(
            NO_DATA,
            f"Yhdeltäkään kunnalta ei ole hyväksyttyä vastausta vuodelta {year}."
            + "".join(f" {p}." for p in left_fi)
            + other_fi,
            f"No municipality has an approved answer for {year}."
            + "".join(f" {p}." for p in left_en)
            + other_en,
        )
    parts_fi = [f"{len(yes)}/{total} kuntaa" + (f" ({_names(yes, 'fi')})" if yes else "")]
    parts_en = [f"{len(yes)}/{total} municipalities" + (f" ({_names(yes, 'en')})" if yes else "")]
    if no:
        parts_fi.append(f"ei: {_names(no, 'fi')}")
        parts_en.append(f"no: {_names(no, 'en')}")
    if missing:
        parts_fi.append(f"ei hyväksyttyä vastausta: {_names(missing, 'fi')}")
        parts_en.append(f"no approved answer: {_names(missing, 'en')}")
    parts_fi += left_fi
    parts_en += left_en
    reason_fi = "; ".join(parts_fi) + "." + target_fi + other_fi
    reason_en = "; ".join(parts_en) + "." + target_en + other_en
    if len(yes) == total:
        outcome = MET
    elif not yes and not missing:
        outcome = NOT_MET
    else:
        outcome = PARTLY
    return Result(outcome, reason_fi, reason_en)


# --- trend ---------------------------------------------------------------------------------


def evaluate_trend(
    *,
    year: int,
    value: Decimal | None,
    previous_value: Decimal | None,
    previous_year: int,
    direction: str = "higher",
    unit: Unit = NO_UNIT,
    measured_this_year: bool = True,
) -> Result:
    """Better than the previous period of the metric's own periodicity (``previous_year``)."""
    if not measured_this_year:
        return Result(
            NOT_COMPARABLE,
            f"Mittari mitataan joka toinen vuosi (parittomina vuosina); vuonna {year} ei mitata.",
            f"Measured every two years (in odd years); {year} is not a measurement year.",
        )
    if value is None:
        return _no_value(year)
    if previous_value is None:
        return Result(
            NOT_COMPARABLE,
            f"{fmt(value, 'fi', unit)}; vertailuarvo vuodelta {previous_year} puuttuu.",
            f"{fmt(value, 'en', unit)}; no {previous_year} value to compare with.",
        )
    cmp = _better(Decimal(value), Decimal(previous_value), direction)
    words_fi, words_en = _compare_words(cmp, value, direction)
    return Result(
        MET if cmp > 0 else NOT_MET,
        f"{compared(value, previous_value, previous_year, 'fi', unit)}: {words_fi}.",
        f"{compared(value, previous_value, previous_year, 'en', unit)}: {words_en}.",
    )


# --- baseline ------------------------------------------------------------------------------


def evaluate_baseline(
    *,
    year: int,
    value: Decimal | None,
    base_value: Decimal | None,
    base_year: int,
    direction: str = "higher",
    unit: Unit = NO_UNIT,
) -> Result:
    """Better than in the fixed base year (e.g. "suurempi kuin vuonna 2022")."""
    if year <= base_year:
        word_fi = "on perusvuosi" if year == base_year else f"on ennen perusvuotta {base_year}"
        word_en = (
            "is the base year" if year == base_year else f"is before the base year {base_year}"
        )
        shown_fi = f"{fmt(value, 'fi', unit)}; " if value is not None else ""
        shown_en = f"{fmt(value, 'en', unit)}; " if value is not None else ""
        return Result(
            NOT_COMPARABLE, f"{shown_fi}{year} {word_fi}.", f"{shown_en}{year} {word_en}."
        )
    if value is None:
        return _no_value(year)
    if base_value is None:
        return Result(
            NOT_COMPARABLE,
            f"{fmt(value, 'fi', unit)}; perusvuoden {base_year} arvo puuttuu.",
            f"{fmt(value, 'en', unit)}; the base year {base_year} value is missing.",
        )
    cmp = _better(Decimal(value), Decimal(base_value), direction)
    words_fi, words_en = _compare_words(cmp, value, direction)
    return Result(
        MET if cmp > 0 else NOT_MET,
        f"{compared(value, base_value, base_year, 'fi', unit)}, perusvuosi {base_year}: "
        f"{words_fi}.",
        f"{compared(value, base_value, base_year, 'en', unit)}, base year {base_year}: {words_en}.",
    )


# --- self-assessment -----------------------------------------------------------------------


def evaluate_self_assessment(
    *,
    year: int,
    rating: int | None,
    previous_rating: int | None = None,
    previous_year: int | None = None,
    threshold: int = 4,
) -> Result:
    """A body's own rating on 1–5: met at ``threshold`` or above, partly one below."""
    if rating is None:
        return Result(
            NO_DATA,
            f"Vuodelta {year} ei ole hyväksyttyä oma-arviota.",
            f"No approved self-assessment for {year}.",
        )
    if not 1 <= int(rating) <= 5:
        raise ValueError("a self-assessment is 1–5")
    before_fi = before_en = ""
    if previous_rating is not None and previous_year is not None:
        before_fi = f" Vuonna {previous_year}: {previous_rating}/5."
        before_en = f" In {previous_year}: {previous_rating}/5."
    if rating >= threshold:
        outcome = MET
    elif rating == threshold - 1:
        outcome = PARTLY
    else:
        outcome = NOT_MET
    return Result(
        outcome,
        f"Oma-arvio {rating}/5 (tavoite vähintään {threshold}/5).{before_fi}",
        f"Self-assessment {rating}/5 (goal at least {threshold}/5).{before_en}",
    )


# --- target --------------------------------------------------------------------------------


def evaluate_target(
    *,
    year: int,
    value: Decimal | None,
    base_value: Decimal | None,
    base_year: int,
    target_value: Decimal | None,
    target_year: int | None,
    direction: str = "higher",
    unit: Unit = NO_UNIT,
) -> Result:
    """A numeric target set from the baseline year's situation."""
    if year <= base_year:
        shown_fi = f"{fmt(value, 'fi', unit)}; " if value is not None else ""
        shown_en = f"{fmt(value, 'en', unit)}; " if value is not None else ""
        if year == base_year:
            return Result(
                NOT_COMPARABLE,
                f"{shown_fi}{year} on lähtötilanteen vuosi, jonka perusteella tavoite asetetaan.",
                f"{shown_en}{year} is the baseline year the target is set from.",
            )
        return Result(
            NOT_COMPARABLE,
            f"{shown_fi}{year} on ennen lähtötilannetta ({base_year}).",
            f"{shown_en}{year} is before the baseline ({base_year}).",
        )
    if value is None:
        return _no_value(year)
    if base_value is None:
        return Result(
            NOT_COMPARABLE,
            f"{fmt(value, 'fi', unit)}; lähtötilanne {base_year} puuttuu.",
            f"{fmt(value, 'en', unit)}; the {base_year} baseline is missing.",
        )
    vs_base = _better(Decimal(value), Decimal(base_value), direction)
    base_fi = f"lähtötilanne {fmt(base_value, 'fi', unit)} ({base_year})"
    base_en = f"baseline {fmt(base_value, 'en', unit)} ({base_year})"
    if target_value is None:
        return Result(
            NOT_COMPARABLE,
            f"{fmt(value, 'fi', unit)}, {base_fi}; numeraalista tavoitetta ei ole vielä asetettu.",
            f"{fmt(value, 'en', unit)}, {base_en}; no numeric target has been set yet.",
        )
    when_fi = f" vuoteen {target_year} mennessä" if target_year else ""
    when_en = f" by {target_year}" if target_year else ""
    target_fi = f"tavoite {fmt(target_value, 'fi', unit)}{when_fi}"
    target_en = f"target {fmt(target_value, 'en', unit)}{when_en}"
    if _better(Decimal(value), Decimal(target_value), direction) >= 0:
        return Result(
            MET,
            f"{fmt(value, 'fi', unit)}: {target_fi} saavutettu ({base_fi}).",
            f"{fmt(value, 'en', unit)}: {target_en} reached ({base_en}).",
        )
    if vs_base > 0:
        return Result(
            PARTLY,
            f"{fmt(value, 'fi', unit)}: parempi kuin {base_fi}, mutta {target_fi} ei vielä täyty.",
            f"{fmt(value, 'en', unit)}: better than the {base_en}, short of the {target_en}.",
        )
    return Result(
        NOT_MET,
        f"{fmt(value, 'fi', unit)}: ei parempi kuin {base_fi}; {target_fi}.",
        f"{fmt(value, 'en', unit)}: not better than the {base_en}; {target_en}.",
    )


# --- the region's result from each organisation's ------------------------------------------


def _left_parts(left: Mapping[str, datetime.date] | None) -> tuple[list[str], list[str]]:
    """ "Ypäjä erosi sopimuksesta 31.5.2026" for each party that had left, in both languages."""
    fi, en = [], []
    for name, day in sorted((left or {}).items(), key=lambda item: (item[1], item[0])):
        fi.append(f"{name} erosi sopimuksesta {day.day}.{day.month}.{day.year}")
        en.append(f"{name} left the agreement on {day.isoformat()}")
    return fi, en


def combine(
    results: Mapping[str, Result],
    *,
    municipalities_only: bool = True,
    left: Mapping[str, datetime.date] | None = None,
) -> Result:
    """The region's result of a per-organisation metric: "6/11 met (A, B, …)".

    ``results`` maps each organisation responsible that year to its own result; ``left``
    names those that had left the agreement by the end of the year (not counted, named).
    """
    total = len(results)
    if total == 0:
        return Result(NO_DATA, "Ei vastuutahoja.", "Nobody is responsible for this metric.")
    met = [name for name, r in results.items() if r.outcome == MET]
    partly = [name for name, r in results.items() if r.outcome == PARTLY]
    not_met = [name for name, r in results.items() if r.outcome == NOT_MET]
    no_data = [name for name, r in results.items() if r.outcome == NO_DATA]
    waiting = [name for name, r in results.items() if r.outcome == NOT_COMPARABLE]
    if len(no_data) == total:
        return Result(
            NO_DATA,
            "Yhdeltäkään osapuolelta ei ole hyväksyttyä tietoa.",
            "No party has approved data.",
        )
    if len(waiting) + len(no_data) == total:
        first = next(r for r in results.values() if r.outcome == NOT_COMPARABLE)
        return Result(NOT_COMPARABLE, first.reason_fi, first.reason_en)
    who_fi = "kuntaa" if municipalities_only else "osapuolta"
    who_en = "municipalities" if municipalities_only else "parties"
    parts_fi = [
        f"{len(met)}/{total} {who_fi} toteutti" + (f" ({_names(met, 'fi')})" if met else "")
    ]
    parts_en = [f"{len(met)}/{total} {who_en} met it" + (f" ({_names(met, 'en')})" if met else "")]
    for names, fi, en in (
        (partly, "osittain", "partly"),
        (not_met, "ei", "not met"),
        (waiting, "ei vielä vertailukelpoinen", "not yet comparable"),
        (no_data, "ei hyväksyttyä tietoa", "no approved data"),
    ):
        if names:
            parts_fi.append(f"{fi}: {_names(names, 'fi')}")
            parts_en.append(f"{en}: {_names(names, 'en')}")
    left_fi, left_en = _left_parts(left)
    parts_fi += left_fi
    parts_en += left_en
    if len(met) == total:
        outcome = MET
    elif met or partly:
        outcome = PARTLY
    else:
        outcome = NOT_MET
    return Result(outcome, "; ".join(parts_fi) + ".", "; ".join(parts_en) + ".")


# --- warnings ------------------------------------------------------------------------------


def unusual_change(
    value: Decimal | int | None, previous: Decimal | int | None, *, ratio: Decimal = Decimal("0.5")
) -> bool:
    """A value far from the previous one (by more than ``ratio`` of it) deserves a second
    look. A warning only: saving is never blocked by this."""
    if value is None or previous is None or isinstance(value, bool) or isinstance(previous, bool):
        return False  # a yes/no answer may well change; that is the point of it
    value, previous = Decimal(str(value)), Decimal(str(previous))
    if previous == 0:
        return value != 0 and abs(value) > 10
    return abs(value - previous) > abs(previous) * ratio


def unusual_rating_change(rating: int | None, previous: int | None) -> bool:
    """A self-assessment that moves two or more steps on the 1–5 scale in a year."""
    if rating is None or previous is None:
        return False
    return abs(int(rating) - int(previous)) >= 2
