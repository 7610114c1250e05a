"""Integers read straight from a request (portal/params.py): each view below once answered
500 to one of these values."""

from __future__ import annotations

import pytest

from portal.params import parse_int

HOSTILE = [str(10**30), str(-(10**30)), "²", "1\x00", "9" * 10_000, "1e3", "NaN", " "]


@pytest.mark.parametrize("raw", HOSTILE)
def test_no_hostile_text_is_an_integer(raw):
    assert parse_int(raw, low=-(2**63), high=2**63 - 1) is None


def test_an_integer_in_range_is_read():
    assert parse_int(" 12 ", low=1, high=12) == 12
    assert parse_int("13", low=1, high=12) is None


@pytest.mark.parametrize(
    "query", [{"year": str(10**30)}, {"month": "-1"}, {"year": "9999", "month": "12"}]
)
def test_the_meeting_calendar_answers_404_to_a_month_it_cannot_show(
    query, forssa_member, client_for
):
    """int() raised OverflowError for 10**30, and December 9999 has no next month."""
    assert client_for(forssa_member).get("/structure/meetings/calendar/", query).status_code == 404


@pytest.mark.parametrize("value", [str(10**30), "²", "9" * 10_000])
def test_approving_values_by_a_hostile_id_approves_nothing(value, coordinator, client_for):
    """'²'.isdigit() is true and int('²') fails; 10**30 overflowed SQLite in pk__in."""
    response = client_for(coordinator).post("/metrics/review/approve/", {"value": [value]})
    assert response.status_code == 302


@pytest.mark.parametrize("value", ["²", "9" * 10_000])
def test_unlinking_a_sign_in_by_a_hostile_id_says_there_is_none(value, forssa_member, client_for):
    response = client_for(forssa_member).post(
        "/console/my-data/sign-in/unlink/", {"account": value}, follow=True
    )
    assert response.status_code == 200
    assert "Käyttäjätililläsi ei ole tällaista kirjautumisliitosta." in response.content.decode()


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("/structure/", {"period": "puitesopimus\x00"}, 404),
        ("/structure/", {"period": "puitesopimus-2023"}, 200),
        ("/structure/meetings/new/", {"body": "hytefoorumi\x00"}, 200),
    ],
)
def test_a_slug_with_a_nul_byte_never_reaches_the_database(
    path, query, expected, coordinator, client_for
):
    """PostgreSQL refuses a NUL byte even in a lookup (DataError: a 500 there)."""
    assert client_for(coordinator).get(path, query).status_code == expected
