"""``seed_agreement``: Liite 2's spearheads, goals and metrics (the data is in
:mod:`indicators.liite2`). ``seed_demo``: plausible values 2022–2025 for every party."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import cast

from django.utils import timezone

from portal.seeding import SeedReport, upsert

from .liite2 import METRICS, PERIOD_SLUG, SPEARHEADS
from .models import Goal, Metric, Spearhead, Target, Value, ValueEvent, YearLock, YearReopening

K = Metric.Kind


def _period():
    try:
        from forums.models import AgreementPeriod
    except ImportError:  # pragma: no cover - the structure app is always installed
        return None
    return AgreementPeriod.objects.filter(slug=PERIOD_SLUG).first()


def _body(slug: str):
    from forums.models import Body

    return Body.objects.filter(slug=slug).first()


def seed_agreement(report: SeedReport) -> None:
    period = _period()
    spearheads = {}
    goals = {}
    for order, data in enumerate(SPEARHEADS, start=1):
        spearhead = upsert(
            report,
            Spearhead,
            {"code": data["code"]},
            {
                "order": order,
                "period": period,
                "name_fi": data["name_fi"],
                "name_en": data["name_en"],
                "statement_fi": data["statement_fi"],
                "statement_en": data["statement_en"],
            },
        )
        spearheads[data["code"]] = spearhead
        for number, (text_fi, text_en) in enumerate(data["goals"], start=1):
            goals[(data["code"], number)] = upsert(
                report,
                Goal,
                {"spearhead": spearhead, "order": number},
                {"text_fi": text_fi, "text_en": text_en},
            )
    for order, (
        spearhead_code,
        goal_no,
        code,
        text_fi,
        text_en,
        name_fi,
        name_en,
        fields,
    ) in enumerate(METRICS, start=1):
        fields = dict(fields)
        body_slug = fields.pop("body_slug", "")
        values = {
            "period": period,
            "spearhead": spearheads[spearhead_code],
            "goal": goals[(spearhead_code, goal_no)],
            "order": order,
            "text_fi": text_fi,
            "text_en": text_en,
            "name_fi": name_fi,
            "name_en": name_en,
            "direction": Metric.Direction.HIGHER,
            "periodicity": Metric.Periodicity.YEARLY,
            "first_year": 2022,
            "base_year": None,
            "target_value": None,
            "target_year": None,
            "unit_fi": "",
            "unit_en": "",
            "guidance_fi": "",
            "guidance_en": "",
            **fields,
        }
        if body_slug:
            values["body"] = _body(body_slug)
        upsert(report, Metric, {"code": code}, values)


# --- demo data -----------------------------------------------------------------------------

DEMO_YEARS = [2022, 2023, 2024, 2025]
LOCKED_YEARS = [2022, 2023]
JOURNEY_ORGANISATION = "loppi"  # left for the acceptance journey: its 2025 is entered live

# Yes-answers per coverage metric and year: which municipalities (slugs) had it done.
COVERAGE = {
    "asukas-ja-asiakaspalaute": {
        2022: ["forssa", "hameenlinna", "riihimaki", "janakkala", "kanta-hameen-hyvinvointialue"],
        2023: [
            "forssa",
            "hameenlinna",
            "riihimaki",
            "janakkala",
            "hattula",
            "loppi",
            "kanta-hameen-hyvinvointialue",
        ],
        2024: [
            "forssa",
            "hameenlinna",
            "riihimaki",
            "janakkala",
            "hattula",
            "loppi",
            "tammela",
            "hausjarvi",
            "kanta-hameen-hyvinvointialue",
        ],
        2025: [
            "forssa",
            "hameenlinna",
            "riihimaki",
            "janakkala",
            "hattula",
            "tammela",
            "hausjarvi",
            "jokioinen",
            "humppila",
            "kanta-hameen-hyvinvointialue",
        ],
    },
    "ikaantyneiden-asumistarpeet": {
        2022: ["hameenlinna"],
        2023: ["hameenlinna", "riihimaki", "forssa", "janakkala", "hattula"],
        2024: [
            "hameenlinna",
            "riihimaki",
            "forssa",
            "janakkala",
            "hattula",
            "loppi",
            "tammela",
            "hausjarvi",
            "jokioinen",
        ],
        2025: [
            "hameenlinna",
            "riihimaki",
            "forssa",
            "janakkala",
            "hattula",
            "tammela",
            "hausjarvi",
            "jokioinen",
            "humppila",
        ],
    },
    "ikaantyneiden-osallistaminen": {
        2022: ["hameenlinna", "forssa", "riihimaki"],
        2023: ["hameenlinna", "forssa", "riihimaki", "janakkala", "loppi", "ypaja"],
        2024: [
            "hameenlinna",
            "forssa",
            "riihimaki",
            "janakkala",
            "loppi",
            "ypaja",
            "tammela",
            "hattula",
        ],
        2025: [
            "hameenlinna",
            "forssa",
            "riihimaki",
            "janakkala",
            "ypaja",
            "tammela",
            "hattula",
            "humppila",
        ],
    },
    "pakka-toimintamalli": {
        2022: ["hameenlinna", "hattula", "janakkala", "loppi"],
        2023: ["hameenlinna", "hattula", "janakkala", "loppi", "riihimaki", "hausjarvi", "forssa"],
        2024: [
            "hameenlinna",
            "hattula",
            "janakkala",
            "loppi",
            "riihimaki",
            "hausjarvi",
            "forssa",
            "tammela",
            "jokioinen",
            "humppila",
        ],
        2025: [
            "hameenlinna",
            "hattula",
            "janakkala",
            "riihimaki",
            "hausjarvi",
            "forssa",
            "tammela",
            "jokioinen",
            "humppila",
            "ypaja",
        ],
    },
}

REGIONAL = {
    "tyottomien-terveystarkastukset": {2022: "38.4", 2023: "41.0", 2024: "39.6", 2025: "44.1"},
    "aktivointiaste": {2022: "27.9", 2023: "29.3", 2024: "30.8", 2025: "31.2"},
    "nuorten-paihdehaitat": {2021: "14.8", 2023: "13.9", 2025: "12.7"},
    "kouluterveyskysely-opiskeluhuolto": {2023: "61.5", 2025: "63.2"},
}
SELF_ASSESSMENTS = {
    "tyollisyysverkoston-oma-arvio": {2022: 2, 2023: 3, 2024: 3, 2025: 4},
    "perhekeskustyoryhman-oma-arvio": {2022: 2, 2023: 3, 2024: 3},
}
# Housing targets agreed for some municipalities (the rest: not yet set).
HOUSING_TARGETS = {
    "hameenlinna": 160,
    "riihimaki": 90,
    "forssa": 60,
    "janakkala": 45,
    "hattula": 30,
    "loppi": 28,
    "tammela": 22,
}

# Values that stay in another state than approved, to show the workflow: (metric, org, year).
SUBMITTED_2025 = {
    ("hyte-kerroin", "riihimaki"),
    ("valimuotoinen-asuminen", "forssa"),
    ("asukas-ja-asiakaspalaute", "tammela"),
    ("pakka-toimintamalli", "ypaja"),
}
RETURNED = {
    ("hyte-kerroin", "hausjarvi", 2025): "Luku näyttää vuoden 2023 kertoimelta, "
    "tarkistatko THL:n julkaisusta?",
    ("valimuotoinen-asuminen", "jokioinen", 2024): "Lukuun on laskettu myös tavalliset "
    "vuokra-asunnot; korjaa pelkät välimuotoiset paikat.",
    # Locked year 2023, reopened for Humppila as an exception (see seed_demo below).
    ("hyte-kerroin", "humppila", 2023): "Kerroin kirjattiin väärin; korjaa THL:n julkaisun "
    "mukaiseksi.",
}
DRAFT = {("hyte-kerroin", "hattula", 2025), ("asukas-ja-asiakaspalaute", "loppi", 2025)}
GAPS = {
    ("ikaantyneiden-osallistaminen", "jokioinen", 2025),
    ("hyte-kerroin", "ypaja", 2025),
    ("valimuotoinen-asuminen", "humppila", 2025),
}


def _demo_raw(metric: Metric, organisation, year: int):
    if metric.kind == K.COVERAGE:
        return organisation.slug in COVERAGE[metric.code].get(year, [])
    rng = random.Random(f"{metric.code}:{organisation.slug}")  # noqa: S311 - demo data
    if metric.code == "hyte-kerroin":
        if organisation.kind == organisation.Kind.WELLBEING_COUNTY:
            return None  # counted for wellbeing counties first in the 2026 funding
        start = Decimal(rng.randint(420, 700)) / 10
        step = [
            Decimal(0),
            Decimal(rng.randint(-20, 45)) / 10,
            Decimal(rng.randint(-25, 40)) / 10,
            Decimal(rng.randint(-15, 50)) / 10,
        ]
        return start + sum(step[: DEMO_YEARS.index(year) + 1])
    if metric.code == "valimuotoinen-asuminen":
        if year < 2023:
            return None
        base = max(
            HOUSING_TARGETS.get(organisation.slug, rng.randint(15, 35)) - rng.randint(4, 25), 3
        )
        return Decimal(base + (year - 2023) * rng.randint(0, 12))
    return None


def _demo_value(
    report,
    *,
    metric,
    year,
    raw,
    organisation=None,
    body=None,
    status,
    actor,
    comment="",
    approver=None,
):
    if raw is None:
        return
    lookup = {"metric": metric, "year": year, "organisation": organisation, "body": body}
    if Value.objects.filter(**lookup).exists():
        report.add(Value, "unchanged")  # never overwrite what people entered since
        return
    fields = {"number": None, "yes_no": None, "rating": None}
    fields[{"bool": "yes_no", "rating": "rating", "number": "number"}[metric.value_type]] = raw
    now = timezone.now()
    sent = status != Value.Status.DRAFT
    approved = status == Value.Status.APPROVED
    value = Value.objects.create(
        **lookup,
        **fields,
        status=status,
        created_by=actor,
        updated_by=actor,
        submitted_at=now if sent else None,
        approved_at=now if approved else None,
        approved_by=approver if approved else None,
        return_comment=comment if status == Value.Status.RETURNED else "",
    )
    events = [
        ValueEvent(
            value=value,
            actor=actor,
            action=ValueEvent.Action.CREATED,
            changes={k: [None, str(v)] for k, v in fields.items() if v is not None},
        )
    ]
    if status != Value.Status.DRAFT:
        events.append(
            ValueEvent(
                value=value,
                actor=actor,
                action=ValueEvent.Action.SUBMITTED,
                changes={"status": ["draft", "submitted"]},
            )
        )
    if status == Value.Status.APPROVED:
        events.append(
            ValueEvent(
                value=value,
                actor=actor,
                action=ValueEvent.Action.APPROVED,
                changes={"status": ["submitted", "approved"]},
            )
        )
    if status == Value.Status.RETURNED:
        events.append(
            ValueEvent(
                value=value,
                actor=actor,
                action=ValueEvent.Action.RETURNED,
                changes={"status": ["submitted", "returned"]},
                comment=comment,
            )
        )
    ValueEvent.objects.bulk_create(events)
    report.add(Value, "created")


def _status(metric_code: str, slug: str, year: int) -> str | None:
    if (metric_code, slug, year) in GAPS:
        return None
    if (metric_code, slug, year) in RETURNED:
        return Value.Status.RETURNED
    if (metric_code, slug, year) in DRAFT:
        return Value.Status.DRAFT
    if year == 2025 and (metric_code, slug) in SUBMITTED_2025:
        return Value.Status.SUBMITTED
    return Value.Status.APPROVED


def seed_demo(report: SeedReport, *, password: str) -> None:
    """Values 2022–2025 for every party, with gaps and every status, so that every kind of
    result shows in the region table. Loppi's 2025 is left (nearly) empty for the journey."""
    from organisations.models import Organisation, User

    users = report.extra.get("demo_users", {})
    coordinator = users.get("coordinator") or User.objects.filter(role="coordinator").first()
    metrics = list(Metric.objects.select_related("body"))
    parties = list(Organisation.objects.parties())
    by_code = {m.code: m for m in metrics}

    for metric in metrics:
        if not metric.is_per_organisation:
            continue
        for organisation in parties:
            if not metric.applies_to(organisation):
                continue
            actor = users.get(f"admin.{organisation.slug}") or coordinator
            for year in DEMO_YEARS:
                if not metric.is_due(year):
                    continue
                status = _status(metric.code, organisation.slug, year)
                if status is None:
                    continue
                if organisation.slug == JOURNEY_ORGANISATION and year == 2025:
                    continue  # really empty: the README leaves it to the user to enter
                _demo_value(
                    report,
                    metric=metric,
                    year=year,
                    organisation=organisation,
                    raw=_demo_raw(metric, organisation, year),
                    status=status,
                    actor=actor,
                    approver=coordinator,
                    comment=RETURNED.get((metric.code, organisation.slug, year), ""),
                )

    for code, series in REGIONAL.items():
        metric = by_code.get(code)
        for year, number in series.items() if metric else ():
            status = (
                Value.Status.SUBMITTED
                if year == 2025 and code == "aktivointiaste"
                else (Value.Status.APPROVED)
            )
            _demo_value(
                report,
                metric=metric,
                year=year,
                raw=Decimal(number),
                status=status,
                actor=coordinator,
                approver=coordinator,
            )
    for code, ratings in SELF_ASSESSMENTS.items():
        metric = by_code.get(code)
        for year, rating in ratings.items() if metric else ():
            _demo_value(
                report,
                metric=metric,
                year=year,
                raw=rating,
                body=cast(Metric, metric).body,  # the loop runs only when there is a metric
                status=Value.Status.APPROVED,
                actor=coordinator,
                approver=coordinator,
            )

    housing = by_code.get("valimuotoinen-asuminen")
    for slug, target in HOUSING_TARGETS.items():
        organisation = next((o for o in parties if o.slug == slug), None)
        if housing and organisation:
            upsert(
                report,
                Target,
                {"metric": housing, "organisation": organisation},
                {"target_value": Decimal(target), "target_year": 2025},
            )

    for year in LOCKED_YEARS:
        if not YearLock.objects.filter(year=year).exists():
            YearLock.objects.create(year=year, locked_by=coordinator)
            report.add(YearLock, "created")
    humppila = next((o for o in parties if o.slug == "humppila"), None)
    if humppila and not YearReopening.objects.filter(year=2023, organisation=humppila).exists():
        YearReopening.objects.create(
            year=2023,
            organisation=humppila,
            opened_by=coordinator,
            reason="Humppilan vuoden 2023 HYTE-kerroin kirjattiin väärin; korjaus sovittu "
            "kuntakokouksessa.",
        )
        report.add(YearReopening, "created")
