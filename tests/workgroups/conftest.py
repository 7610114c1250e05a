"""Helpers for the structure tests: the seeded bodies and quick ways to fill seats."""

from __future__ import annotations

import datetime

import pytest

from forums.models import AgreementPeriod, Body, Membership, RoleAssignment
from organisations.models import Organisation
from tests.conftest import make_user

SINCE = datetime.date(2024, 1, 1)


@pytest.fixture
def period(agreement):
    return AgreementPeriod.objects.get(slug="puitesopimus-2023")


@pytest.fixture
def wellbeing(agreement) -> Body:
    return Body.objects.get(slug="hytefoorumi")


@pytest.fixture
def network(agreement) -> Body:
    return Body.objects.get(slug="tyollisyysverkosto")


def seat(body, person, deputy=None, valid_from=SINCE, valid_to=None) -> Membership:
    return Membership.objects.create(
        body=body,
        organisation=person.organisation,
        person=person,
        deputy=deputy,
        valid_from=valid_from,
        valid_to=valid_to,
    )


def role(body, person, kind="chair", valid_from=SINCE) -> RoleAssignment:
    return RoleAssignment.objects.create(
        body=body, role=kind, person=person, valid_from=valid_from, elected_on=valid_from
    )


def grow(period, factor: int) -> None:
    """``factor`` × (3 bodies, each with a member and a deputy from 3 parties, and roles)."""
    parties = list(Organisation.objects.parties()[:3])
    start = Body.objects.count()
    for i in range(3 * factor):
        body = Body.objects.create(
            period=period,
            slug=f"extra-{start}-{i}",
            tier=1 + i % 4,
            kind="workgroup",
            name_fi=f"Lisäryhmä {start}-{i}",
            convener_rule="chair",
            visibility=("public", "parties", "members")[i % 3],
        )
        for org in parties:
            person = make_user(org, "member")
            deputy = make_user(org, "member")
            seat(body, person, deputy)
            if org == parties[0]:
                role(body, person)


@pytest.fixture(autouse=True)
def _english_for_direct_service_calls():
    """Services raise messages in the active language; requests pick the user's own."""
    from django.utils import translation

    with translation.override("en"):
        yield
