"""Personas and the seeded agreement, shared by every test."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from organisations.models import Organisation, User
from portal.seeding import SeedReport, run


@pytest.fixture
def agreement(db):
    """The agreement as `seed_agreement` loads it."""
    return run("seed_agreement", SeedReport())


def make_user(
    organisation: Organisation | str, role: str = "member", email: str | None = None, **extra
) -> User:
    if isinstance(organisation, str):
        organisation = Organisation.objects.get(slug=organisation)
    email = email or f"{role}.{organisation.slug}.{User.objects.count()}@test.example"
    user = User.objects.create_user(
        email=email,
        password="correct horse battery staple",
        organisation=organisation,
        role=role,
        first_name=extra.pop("first_name", role.title()),
        last_name=extra.pop("last_name", organisation.short_name),
        **extra,
    )
    return user


@pytest.fixture
def coordinator(agreement) -> User:
    return make_user("kanta-hameen-hyvinvointialue", "coordinator", "coord@test.example")


@pytest.fixture
def forssa_admin(agreement) -> User:
    return make_user("forssa", "org_admin", "admin.forssa@test.example")


@pytest.fixture
def forssa_member(agreement) -> User:
    return make_user("forssa", "member", "member.forssa@test.example")


@pytest.fixture
def riihimaki_admin(agreement) -> User:
    """The outsider: another party's contact person."""
    return make_user("riihimaki", "org_admin", "admin.riihimaki@test.example")


@pytest.fixture
def riihimaki_member(agreement) -> User:
    return make_user("riihimaki", "member", "member.riihimaki@test.example")


@pytest.fixture
def personas(coordinator, forssa_admin, forssa_member, riihimaki_admin, riihimaki_member):
    return {
        "anonymous": None,
        "coordinator": coordinator,
        "forssa_admin": forssa_admin,
        "forssa_member": forssa_member,
        "riihimaki_admin": riihimaki_admin,
        "riihimaki_member": riihimaki_member,
    }


@pytest.fixture
def client_for():
    def _client(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _client


def db_snapshot() -> dict[str, str]:
    """A cheap fingerprint of every table's rows, to prove a refusal changed nothing."""
    from django.apps import apps

    snapshot: dict[str, str] = {}
    for model in apps.get_models():
        if model._meta.label in {"sessions.Session", "django_cache"}:
            continue
        # Logging in (force_login) stamps last_login; that is not a change a refusal made.
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "last_login"]
        rows = model._default_manager.order_by("pk").values_list(*fields)
        snapshot[model._meta.label] = repr(list(rows))
    return snapshot


@pytest.fixture
def assert_unchanged(db):
    """Usage: with assert_unchanged(): response = client.post(...)"""
    from contextlib import contextmanager

    @contextmanager
    def _check():
        before = db_snapshot()
        yield
        after = db_snapshot()
        changed = [label for label in before if before[label] != after.get(label)]
        assert not changed, f"tables changed: {changed}"

    return _check


@pytest.fixture
def seeded_demo(agreement, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "demo-password-123")
    settings.DEBUG = False


def pytest_collection_modifyitems(config, items):
    """Tests marked `processes` run only where .ci/run gives them PostgreSQL, Redis and the
    machine to themselves (PORTAL_TEST_PROCESSES=1); elsewhere they are deselected, and
    pytest's summary counts them."""
    import os

    if os.environ.get("PORTAL_TEST_PROCESSES") == "1":
        return
    kept = [item for item in items if item.get_closest_marker("processes") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


_SKIP_LINE = pytest.StashKey[str]()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """`make test` ends with one line when tests were skipped for a missing system package:
    how many, and the one command that installs what is missing (scripts/system-packages)."""
    import os
    from pathlib import Path

    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "chromium" in str(getattr(report, "longrepr", "")).lower()
    ]
    if not skipped:
        return
    note = Path(os.environ.get("PORTAL_VAR_DIR", "var")) / "system-packages-missing"
    command = (
        note.read_text().strip()
        if note.exists()
        else "sudo apt-get install --no-install-recommends chromium"
    )
    config.stash[_SKIP_LINE] = (
        f"{len(skipped)} tests skipped: Chromium is missing. To run them: {command}"
    )


def pytest_unconfigure(config):
    """After pytest's own last line, so that it is the last line `make test` prints."""
    line = config.stash.get(_SKIP_LINE, None)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if line and reporter is not None:
        reporter.write_line(line)
