"""Who may open which structure page, and every cross-party write refused with nothing changed.

Refusals: 404 for what the user cannot see, 403 for what they see but may not change."""

from __future__ import annotations

import pytest

from forums.models import Body, Membership
from tests.conftest import make_user

from .conftest import seat

PERSONAS = [
    "anonymous",
    "coordinator",
    "forssa_admin",
    "forssa_member",
    "riihimaki_admin",
    "riihimaki_member",
]
P = "/structure/agreement/puitesopimus-2023"
MATRIX = [
    # url, anonymous, coordinator, forssa_admin, forssa_member, riihimaki_admin, riihimaki_member
    ("/structure/", 200, 200, 200, 200, 200, 200),
    ("/structure/agreement/", 200, 200, 200, 200, 200, 200),
    ("/structure/bodies/hytefoorumi/", 200, 200, 200, 200, 200, 200),
    ("/structure/bodies/sisaryhma/", 404, 200, 200, 404, 200, 200),
    ("/structure/bodies/kumppaniryhma/", 404, 200, 200, 200, 200, 200),
    ("/structure/bodies/hytefoorumi/seats/new/forssa/", 302, 200, 200, 403, 403, 403),
    ("/structure/bodies/hytefoorumi/seats/new/riihimaki/", 302, 200, 403, 403, 200, 403),
    ("/structure/bodies/hytefoorumi/seats/FORSSA_SEAT/", 302, 200, 200, 403, 403, 403),
    ("/structure/bodies/hytefoorumi/seats/RIIHIMAKI_SEAT/", 302, 200, 403, 403, 200, 403),
    ("/structure/bodies/hytefoorumi/roles/new/", 302, 200, 403, 403, 403, 403),
    ("/structure/bodies/no-such-body/", 404, 404, 404, 404, 404, 404),
    ("/structure/my/", 302, 200, 200, 200, 200, 200),
    ("/structure/parties/forssa/", 302, 200, 200, 200, 200, 200),
    ("/structure/gaps/", 302, 200, 403, 403, 403, 403),
    ("/structure/networks/new/", 302, 200, 200, 200, 200, 200),
    (f"{P}/parties/forssa/", 302, 200, 403, 403, 403, 403),
    (f"{P}/termination/", 302, 200, 403, 403, 403, 403),
]
CASES = [
    pytest.param(url, persona, expected[i], id=f"{persona}-{url}")
    for url, *expected in MATRIX
    for i, persona in enumerate(PERSONAS)
]


@pytest.fixture
def structure_data(personas, wellbeing, period):
    """A members-only body where riihimaki_member sits, a parties-only body, and a seat of
    Forssa and of Riihimäki in the wellbeing forum."""
    inner = Body.objects.create(
        period=period,
        slug="sisaryhma",
        tier=3,
        kind="workgroup",
        name_fi="Sisäryhmä",
        visibility="members",
    )
    seat(inner, personas["riihimaki_member"])
    Body.objects.create(
        period=period,
        slug="kumppaniryhma",
        tier=3,
        kind="workgroup",
        name_fi="Kumppaniryhmä",
        visibility="parties",
    )
    return {
        "FORSSA_SEAT": seat(wellbeing, make_user("forssa", "member")),
        "RIIHIMAKI_SEAT": seat(wellbeing, make_user("riihimaki", "member")),
    }


@pytest.mark.parametrize(("url", "persona", "expected"), CASES)
def test_get_matrix(url, persona, expected, personas, structure_data, client_for, assert_unchanged):
    for key, membership in structure_data.items():
        url = url.replace(key, str(membership.pk))
    with assert_unchanged():
        response = client_for(personas[persona]).get(url)
    assert response.status_code == expected


def test_anonymous_sees_no_member_names(client_for, structure_data):
    response = client_for(None).get("/structure/bodies/hytefoorumi/")
    name = structure_data["FORSSA_SEAT"].person.display_name
    assert name not in response.content.decode()


@pytest.mark.parametrize("persona", ["riihimaki_admin", "forssa_member", "riihimaki_member"])
def test_naming_forssas_representative_is_refused_to_others(
    persona, personas, structure_data, client_for, assert_unchanged
):
    person = make_user("forssa", "member")
    with assert_unchanged():
        response = client_for(personas[persona]).post(
            "/structure/bodies/hytefoorumi/seats/new/forssa/",
            {"person": person.pk, "valid_from": "2025-01-01"},
        )
    assert response.status_code == 403


@pytest.mark.parametrize("action", ["", "end/"])
def test_forssa_admin_cannot_change_or_end_riihimakis_seat(
    action, personas, structure_data, client_for, assert_unchanged
):
    membership = structure_data["RIIHIMAKI_SEAT"]
    with assert_unchanged():
        response = client_for(personas["forssa_admin"]).post(
            f"/structure/bodies/hytefoorumi/seats/{membership.pk}/{action}",
            {"valid_from": "2024-01-01", "valid_to": "2025-01-01"},
        )
    assert response.status_code == 403


def test_a_seat_asked_for_through_another_body_is_404(
    personas, structure_data, client_for, assert_unchanged
):
    membership = structure_data["FORSSA_SEAT"]
    with assert_unchanged():
        response = client_for(personas["forssa_admin"]).post(
            f"/structure/bodies/kuntakokous/seats/{membership.pk}/end/", {"valid_to": "2025-01-01"}
        )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (
            "/structure/bodies/hytefoorumi/roles/new/",
            {"role": "chair", "person": "MEMBER", "elected_on": "2025-01-01"},
        ),
        (f"{P}/parties/forssa/", {"approved_on": "2023-08-01", "signed_on": "2023-08-02"}),
        (f"{P}/termination/", {"organisation": "FORSSA", "received_on": "2025-01-01"}),
    ],
)
@pytest.mark.parametrize("persona", ["forssa_admin", "riihimaki_member"])
def test_roles_and_the_agreement_are_not_for_party_admins_or_members(
    url, data, persona, personas, structure_data, client_for, assert_unchanged
):
    data = {
        k: {
            "MEMBER": str(structure_data["FORSSA_SEAT"].person_id),
            "FORSSA": str(personas["forssa_admin"].organisation_id),
        }.get(v, v)
        for k, v in data.items()
    }
    with assert_unchanged():
        response = client_for(personas[persona]).post(url, data)
    assert response.status_code == 403


def test_members_only_body_is_hidden_from_lists_for_outsiders(personas, structure_data, client_for):
    response = client_for(personas["forssa_member"]).get("/structure/")
    assert "Sisäryhmä" not in response.content.decode()
    response = client_for(personas["riihimaki_member"]).get("/structure/")
    assert "Sisäryhmä" in response.content.decode()
    assert Membership.objects.filter(body__slug="sisaryhma").count() == 1
