"""Every page and action of the indicators app × every persona; refusals change nothing."""

import pytest
from django.urls import reverse

from indicators.models import Value, YearLock

from .conftest import put

PERSONAS = [
    "anonymous",
    "coordinator",
    "forssa_admin",
    "forssa_member",
    "riihimaki_admin",
    "riihimaki_member",
]

# (name, expected status per persona in the order of PERSONAS)
GETS = [
    ("index", [200, 200, 200, 200, 200, 200]),
    ("region_table", [302, 200, 200, 200, 200, 200]),
    ("metric_detail", [302, 200, 200, 200, 200, 200]),
    ("entry_forssa", [302, 200, 200, 200, 200, 200]),
    ("entry_region", [302, 200, 200, 200, 200, 200]),
    # Forssa's submitted value: not another party's to see until it is approved.
    ("value_detail", [302, 200, 200, 200, 404, 404]),
    ("value_return", [302, 200, 403, 403, 404, 404]),
    ("review", [302, 200, 403, 403, 403, 403]),
    ("years", [302, 200, 403, 403, 403, 403]),
    ("values_import", [302, 200, 200, 200, 200, 200]),
    ("sotkanet_import", [302, 200, 403, 403, 403, 403]),
    ("values_export", [302, 200, 200, 200, 200, 200]),
]

# Writes: (name, statuses); 302 means done (the database changes), anything else a refusal.
POSTS = [
    ("save_forssa", [302, 302, 302, 302, 403, 403]),
    ("save_region", [302, 302, 403, 403, 403, 403]),
    ("save_locked", [302, 403, 403, 403, 403, 403]),
    ("submit_forssa", [302, 302, 302, 302, 403, 403]),
    ("approve", [302, 302, 403, 403, 403, 403]),
    ("return", [302, 302, 403, 403, 404, 404]),
    ("lock", [302, 302, 403, 403, 403, 403]),
    ("reopen", [302, 302, 403, 403, 403, 403]),
]


@pytest.fixture
def world(metrics, personas):
    submitted = put(metrics["hyte-kerroin"], 2025, 60, organisation="forssa", status="submitted")
    put(metrics["pakka-toimintamalli"], 2025, True, organisation="forssa", status="draft")
    YearLock.objects.create(year=2023)
    return {"submitted": submitted}


def url_for(name, world):
    pk = world["submitted"].pk
    return {
        "index": reverse("indicators:index"),
        "region_table": reverse("indicators:region_table"),
        "metric_detail": reverse("indicators:metric_detail", args=["hyte-kerroin"]),
        "entry_forssa": reverse("indicators:entry", args=[2025, "forssa"]),
        "entry_region": reverse("indicators:entry", args=[2025, "region"]),
        "value_detail": reverse("indicators:value_detail", args=[pk]),
        "value_return": reverse("indicators:value_return", args=[pk]),
        "review": reverse("indicators:review"),
        "years": reverse("indicators:years"),
        "values_import": reverse("indicators:values_import"),
        "sotkanet_import": reverse("indicators:sotkanet_import"),
        "values_export": reverse("indicators:values_export"),
    }[name]


def post_for(name, world):
    pk = world["submitted"].pk
    return {
        "save_forssa": (
            reverse("indicators:value_save", args=[2025, "forssa", "ikaantyneiden-osallistaminen"]),
            {"ikaantyneiden-osallistaminen-value": "yes"},
        ),
        "save_region": (
            reverse("indicators:value_save", args=[2025, "region", "aktivointiaste"]),
            {"aktivointiaste-value": "31,2"},
        ),
        "save_locked": (
            reverse("indicators:value_save", args=[2023, "forssa", "hyte-kerroin"]),
            {"hyte-kerroin-value": "50"},
        ),
        "submit_forssa": (reverse("indicators:entry_submit", args=[2025, "forssa"]), {}),
        "approve": (reverse("indicators:values_approve"), {"value": [pk], "year": "2025"}),
        "return": (reverse("indicators:value_return", args=[pk]), {"comment": "Tarkista."}),
        "lock": (reverse("indicators:year_lock", args=[2025]), {"action": "lock"}),
        "reopen": (
            reverse("indicators:years"),
            {"year": "2023", "organisation": "forssa", "reason": "Korjaus"},
        ),
    }[name]


@pytest.mark.parametrize(("name", "statuses"), GETS, ids=[g[0] for g in GETS])
def test_pages_answer_each_persona(name, statuses, world, personas, client_for):
    for persona, expected in zip(PERSONAS, statuses, strict=True):
        response = client_for(personas[persona]).get(url_for(name, world))
        assert response.status_code == expected, (name, persona, response.status_code)


@pytest.mark.parametrize(("name", "statuses"), POSTS, ids=[p[0] for p in POSTS])
def test_writes_are_refused_without_a_trace(
    name, statuses, world, personas, client_for, assert_unchanged, django_db_blocker
):
    for persona, expected in zip(PERSONAS, statuses, strict=True):
        if persona == "anonymous" or expected != 302:
            url, data = post_for(name, world)
            with assert_unchanged():
                response = client_for(personas[persona]).post(url, data)
            if persona == "anonymous":
                assert response.status_code == 302 and "/accounts/login/" in response["Location"]
            else:
                assert response.status_code == expected, (name, persona, response.status_code)


@pytest.mark.parametrize(("name", "statuses"), POSTS, ids=[p[0] for p in POSTS])
def test_writes_are_done_by_whoever_may(name, statuses, world, personas, client_for):
    from portal.models import AuditEvent

    allowed = [p for p, s in zip(PERSONAS, statuses, strict=True) if s == 302 and p != "anonymous"]
    for persona in allowed:
        url, data = post_for(name, world)
        before = AuditEvent.objects.count()
        response = client_for(personas[persona]).post(url, data)
        assert response.status_code == 302, (name, persona, response.status_code)
        assert AuditEvent.objects.count() > before or name == "submit_forssa", (name, persona)
        # Put things back so the next persona meets the same situation.
        Value.objects.filter(pk=world["submitted"].pk).update(status="submitted")
        Value.objects.exclude(pk=world["submitted"].pk).filter(
            metric__code__in=["ikaantyneiden-osallistaminen", "aktivointiaste"]
        ).delete()
        YearLock.objects.filter(year=2025).delete()
        from indicators.models import YearReopening

        YearReopening.objects.all().delete()
