"""The world of the security tests, built once per module in a transaction that is rolled
back at the end (the pattern of tests/reports/conftest.py's ``built_fi``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from .world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
