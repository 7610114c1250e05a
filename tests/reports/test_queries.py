"""Gathering a report runs the same number of SQL queries at 1× and at 10× data."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from reports.gather import gather
from reports.tables import build_tables

from .conftest import YEAR
from .scale import grow


def _gather():
    with translation.override("fi"), CaptureQueriesContext(connection) as queries:
        data = gather(YEAR, "fi")
        build_tables(data)
    return data, len(queries)


def test_gathering_takes_the_same_number_of_queries_at_1x_and_10x(report_year):
    once, at_1x = _gather()
    grow(10)
    tenfold, at_10x = _gather()
    assert at_10x == at_1x, (at_1x, at_10x)
    assert at_1x <= 40
    assert len(tenfold.quality) == 10 * len(once.quality) - 9  # 130 parties + region row
    assert len(tenfold.activity.bodies) == 10 * len(once.activity.bodies)
    assert tenfold.activity.meetings_held > 10 * once.activity.meetings_held
