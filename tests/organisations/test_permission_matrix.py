"""Who may open which organisation page: (url, persona) → status, database unchanged."""

import pytest

from organisations.models import User

FORSSA_PERSON = "forssa-person"
RIIHIMAKI_PERSON = "riihimaki-person"

MATRIX = [
    # url, anonymous, coordinator, forssa_admin, forssa_member, riihimaki_admin, riihimaki_member
    ("/organisations/", 200, 200, 200, 200, 200, 200),
    ("/organisations/forssa/", 200, 200, 200, 200, 200, 200),
    ("/organisations/forssa/edit/", 302, 200, 200, 403, 403, 403),
    ("/organisations/forssa/members/", 302, 200, 200, 200, 403, 403),
    ("/organisations/forssa/members/invite/", 302, 200, 200, 403, 403, 403),
    (f"/organisations/forssa/members/{FORSSA_PERSON}/", 302, 200, 200, 403, 403, 403),
    # Riihimäki's person asked for through Forssa's page: not visible → 404.
    (f"/organisations/forssa/members/{RIIHIMAKI_PERSON}/", 302, 404, 404, 403, 403, 403),
    ("/organisations/riihimaki/edit/", 302, 200, 403, 403, 200, 403),
    (f"/organisations/riihimaki/members/{RIIHIMAKI_PERSON}/", 302, 200, 403, 403, 200, 403),
    ("/dashboard/", 302, 200, 200, 200, 200, 200),
    ("/profile/", 302, 200, 200, 200, 200, 200),
    ("/admin/", 302, 200, 302, 302, 302, 302),
]
PERSONAS = [
    "anonymous",
    "coordinator",
    "forssa_admin",
    "forssa_member",
    "riihimaki_admin",
    "riihimaki_member",
]
CASES = [
    pytest.param(url, persona, expected[i], id=f"{persona}-{url}")
    for url, *expected in MATRIX
    for i, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("url", "persona", "expected"), CASES)
def test_get_matrix(url, persona, expected, personas, client_for, assert_unchanged):
    from tests.conftest import make_user

    people = {
        FORSSA_PERSON: make_user("forssa", "member", "someone.forssa@test.example"),
        RIIHIMAKI_PERSON: make_user("riihimaki", "member", "someone.riihimaki@test.example"),
    }
    for key, person in people.items():
        url = url.replace(key, str(person.pk))
    with assert_unchanged():
        response = client_for(personas[persona]).get(url)
    assert response.status_code == expected


@pytest.mark.parametrize("persona", ["forssa_admin", "forssa_member", "riihimaki_member"])
def test_nobody_but_riihimaki_changes_riihimakis_person(
    persona, personas, client_for, assert_unchanged
):
    from tests.conftest import make_user

    person = make_user("riihimaki", "member", "target.riihimaki@test.example")
    with assert_unchanged():
        response = client_for(personas[persona]).post(
            f"/organisations/riihimaki/members/{person.pk}/",
            {"first_name": "X", "last_name": "Y", "role": "org_admin", "is_active": "on"},
        )
    assert response.status_code in (403, 404)
    person.refresh_from_db()
    assert person.role == User.Role.MEMBER
