"""The pages as a visitor, a member, an admin and the coordinator see them, and their query
counts, which must be the same at 1× and 10× bodies and members."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums.models import Body
from tests.conftest import make_user

from .conftest import grow, role, seat


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_anonymous_visitor_sees_the_four_tiers_and_every_public_body(client_for, agreement):
    page = client_for(None).get("/structure/").content.decode()
    for tier in (
        "Strategisen tason foorumit",
        "Johtamisen foorumit",
        "Yhteisten palvelujen ja ennaltaehkäisyn työryhmät",
        "Avoimet verkostot ja foorumit",
    ):
        assert tier in page, tier
    for body in Body.objects.all():
        assert body.name_fi in page
    assert "TE-toimisto" in page  # the TYP board's convener


def test_coordinator_sees_every_body_in_its_tier(coordinator, client_for):
    response = client_for(coordinator).get("/structure/")
    tiers = {t["tier"]: {b.slug for b in t["bodies"]} for t in response.context["tiers"]}
    assert tiers[1] == {"strateginen-foorumi", "kuntakokous"}
    assert tiers[2] == {"turvallisuusfoorumi", "hytefoorumi"}
    assert tiers[3] == {
        "opiskeluhuolto",
        "perhekeskus",
        "hyte-tyoryhma",
        "kotouttaminen",
        "typ-johtoryhma",
    }
    assert tiers[4] == {"tyollisyysverkosto"}


def test_body_page_groups_members_and_deputies_by_party(forssa_member, client_for, wellbeing):
    person = make_user("loppi", "member", first_name="Lotta")
    deputy = make_user("loppi", "member", first_name="Leevi")
    seat(wellbeing, person, deputy)
    page = client_for(forssa_member).get("/structure/bodies/hytefoorumi/").content.decode()
    assert "Lotta" in page and "Leevi" in page
    assert "Tyhjä paikka" in page  # every other party's seat is empty
    assert "Nimeä edustaja" not in page  # a member does not manage seats


def test_party_page_lists_its_empty_seats(forssa_admin, client_for, wellbeing):
    seat(wellbeing, make_user("forssa", "member", first_name="Fanni"))
    response = client_for(forssa_admin).get("/structure/parties/forssa/")
    rows = {r["body"].slug: r["seat"] for r in response.context["rows"]}
    assert rows["hytefoorumi"].empty == 0
    assert rows["turvallisuusfoorumi"].empty == 1
    assert "tyollisyysverkosto" not in rows
    assert response.context["empty_count"] == sum(s.empty for s in rows.values())


def test_my_bodies_lists_seats_deputyships_and_roles(
    forssa_member, client_for, wellbeing, agreement
):
    other = make_user("forssa", "member")
    seat(wellbeing, other, forssa_member)
    security = Body.objects.get(slug="turvallisuusfoorumi")
    seat(security, forssa_member)
    role(security, forssa_member, "secretary")
    response = client_for(forssa_member).get("/structure/my/")
    slugs = {row["body"].slug for row in response.context["rows"]}
    assert slugs == {"hytefoorumi", "turvallisuusfoorumi"}
    assert "Varapuheenjohtaja" not in response.content.decode()
    assert "sihteeri" in response.content.decode()


def test_gaps_list_counts_empty_seats_missing_roles_and_plans(coordinator, client_for):
    response = client_for(coordinator).get("/structure/gaps/")
    assert len(response.context["without_roles"]) == 9  # every body except the open network
    assert len(response.context["no_plan"]) == 5
    assert response.context["empty_count"] > 40


def test_dashboard_shows_my_bodies_and_the_coordinators_gap_count(
    coordinator, forssa_admin, client_for
):
    page = client_for(coordinator).get("/dashboard/").content.decode()
    assert "Aukot" in page
    page = client_for(forssa_admin).get("/dashboard/").content.decode()
    assert "tyhjää paikkaa" in page


URLS = [
    "/structure/",
    "/structure/bodies/hytefoorumi/",
    "/structure/parties/forssa/",
    "/structure/my/",
    "/structure/gaps/",
    "/dashboard/",
    "/structure/agreement/",
]


@pytest.mark.parametrize(
    ("url", "persona"),
    [
        (url, persona)
        for url in URLS
        for persona in ("coordinator", "forssa_admin", "forssa_member")
        # The gaps list is the coordinators' page only.
        if url != "/structure/gaps/" or persona == "coordinator"
    ],
)
def test_query_count_is_the_same_at_ten_times_the_bodies_and_members(
    url, persona, personas, client_for, period, wellbeing
):
    user = personas[persona]
    client = client_for(user)
    seat(wellbeing, make_user("forssa", "member"), make_user("forssa", "member"))
    seat(wellbeing, user)
    grow(period, 1)
    client.get(url)  # warm caches (content types, sessions)
    small = queries(client, url)
    grow(period, 10)
    big = queries(client, url)
    assert big == small


def test_anonymous_structure_query_count_is_constant(client_for, period):
    client = client_for(None)
    grow(period, 1)
    client.get("/structure/")
    small = queries(client, "/structure/")
    grow(period, 10)
    assert queries(client, "/structure/") == small
