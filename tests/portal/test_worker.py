"""End to end through a real Celery worker on Redis (CI's PostgreSQL run: `pytest -m worker`).

Elsewhere the same test runs with tasks in-process, through the very same code path.
"""

import time

import pytest

from organisations import services
from organisations.models import Organisation
from portal.models import OutboundEmail
from portal.seeding import SeedReport, run
from tests.conftest import make_user


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_invitation_is_sent_by_the_worker_after_commit():
    run("seed_agreement", SeedReport())
    admin = make_user("forssa", "org_admin", "admin.forssa@test.example")
    services.invite_person(
        actor=admin,
        organisation=Organisation.objects.get(slug="forssa"),
        email="worker.test@forssa.fi",
        first_name="Testi",
        last_name="Henkilö",
        role="member",
    )
    row = OutboundEmail.objects.get(to_email="worker.test@forssa.fi")
    deadline = time.monotonic() + 60
    while row.status != OutboundEmail.Status.SENT and time.monotonic() < deadline:
        time.sleep(0.5)
        row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENT, row.last_error
    assert row.attempts == 1
