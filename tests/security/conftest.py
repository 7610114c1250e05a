"""The world of the security tests, built once per module in a transaction that is rolled
back at the end (the pattern of tests/reports/conftest.py's ``built_fi``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from .world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    from django.conf import settings

    # Report files of this module's world go to its own folder: ids are reused after the
    # rollback, and another test must not find this world's PDF under its version's id.
    reports_root = settings.PORTAL_REPORTS_ROOT
    settings.PORTAL_REPORTS_ROOT = tmp_path_factory.mktemp("reports")
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)
    finally:
        settings.PORTAL_REPORTS_ROOT = reports_root
