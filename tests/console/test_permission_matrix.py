"""Who may open which console page and who may do what: (url, persona) → status; every
refusal leaves the database unchanged. Another party's people and mails are 404 to an
organisation admin; members use none of the console but their own data."""

import pytest

from organisations.models import User
from portal.models import OutboundEmail
from tests.conftest import make_user

PERSONAS = [
    "anonymous",
    "coordinator",
    "forssa_admin",
    "forssa_member",
    "riihimaki_admin",
    "riihimaki_member",
]
F = "FORSSA_PERSON"
R = "RIIHIMAKI_PERSON"
FM = "FORSSA_MAIL"
RM = "RIIHIMAKI_MAIL"

MATRIX = [
    # url, anonymous, coordinator, forssa_admin, forssa_member, riihimaki_admin, riihimaki_member
    ("/console/", 302, 200, 200, 403, 200, 403),
    ("/console/people/", 302, 200, 200, 403, 200, 403),
    ("/console/people/invite/", 302, 200, 200, 403, 200, 403),
    ("/console/people/import/", 302, 200, 200, 403, 200, 403),
    (f"/console/people/{F}/", 302, 200, 200, 403, 404, 403),
    (f"/console/people/{F}/role/", 302, 200, 200, 403, 404, 403),
    (f"/console/people/{F}/deactivate/", 302, 200, 200, 403, 404, 403),
    (f"/console/people/{F}/move/", 302, 200, 403, 403, 404, 403),
    (f"/console/people/{F}/data/", 302, 200, 403, 403, 404, 403),
    (f"/console/people/{F}/data.json", 302, 200, 403, 403, 404, 403),
    (f"/console/people/{F}/anonymise/", 302, 200, 403, 403, 404, 403),
    (f"/console/people/{R}/", 302, 200, 404, 403, 200, 403),
    ("/console/audit/", 302, 200, 200, 403, 200, 403),
    ("/console/audit/export.csv", 302, 200, 200, 403, 200, 403),
    ("/console/mail/", 302, 200, 200, 403, 200, 403),
    (f"/console/mail/{FM}/", 302, 200, 200, 403, 404, 403),
    (f"/console/mail/{RM}/", 302, 200, 404, 403, 200, 403),
    ("/console/organisations/", 302, 200, 403, 403, 403, 403),
    ("/console/organisations/forssa/sign-in/", 302, 200, 403, 403, 403, 403),
    ("/console/security/", 302, 200, 403, 403, 403, 403),
    ("/console/my-data/", 302, 200, 200, 200, 200, 200),
    ("/console/my-data/all/", 302, 200, 200, 200, 200, 200),
    ("/console/my-data/all.json", 302, 200, 200, 200, 200, 200),
]
CASES = [
    pytest.param(url, persona, expected[i], id=f"{persona}-{url}")
    for url, *expected in MATRIX
    for i, persona in enumerate(PERSONAS)
]


@pytest.fixture
def world(personas):
    forssa_person = make_user("forssa", "member", "someone.forssa@test.example")
    riihimaki_person = make_user("riihimaki", "member", "someone.riihimaki@test.example")

    def mail(person):
        return OutboundEmail.objects.create(
            kind="invitation",
            to_email=person.email,
            to_user=person,
            subject="Kutsu",
            body_text="…",
            status=OutboundEmail.Status.FAILED,
            last_error="550 no such user",
        )

    return {
        F: forssa_person,
        R: riihimaki_person,
        FM: mail(forssa_person),
        RM: mail(riihimaki_person),
    }


def _fill(url: str, world) -> str:
    for key, obj in world.items():
        url = url.replace(key, str(obj.pk))
    return url


@pytest.mark.parametrize(("url", "persona", "expected"), CASES)
def test_get_matrix(url, persona, expected, world, personas, client_for, assert_unchanged):
    url = _fill(url, world)
    client = client_for(personas[persona])
    if expected == 200:
        response = client.get(url)
    else:
        with assert_unchanged():
            response = client.get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/accounts/login/")


# Writes: (name, url, data). Each is refused to the listed personas with the status given.
POSTS = [
    ("resend", f"/console/people/{R}/resend/", {}),
    ("deactivate", f"/console/people/{R}/deactivate/", {}),
    ("reactivate", f"/console/people/{R}/reactivate/", {}),
    ("role", f"/console/people/{R}/role/", {"role": "org_admin"}),
    (
        "move",
        f"/console/people/{R}/move/",
        {"organisation": "ORG", "role": "member", "confirm": "True"},
    ),
    ("anonymise", f"/console/people/{R}/anonymise/", {}),
    ("mail_resend", f"/console/mail/{RM}/resend/", {}),
]
REFUSED = {
    # persona: status for Riihimäki's person and mail
    "forssa_admin": 404,
    "forssa_member": 403,
    "riihimaki_member": 403,
}


@pytest.mark.parametrize(("name", "url", "data"), POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize("persona", list(REFUSED))
def test_writes_about_another_partys_person_are_refused_and_change_nothing(
    name, url, data, persona, world, personas, client_for, assert_unchanged
):
    from organisations.models import Organisation

    data = {
        k: (Organisation.objects.get(slug="forssa").pk if v == "ORG" else v)
        for k, v in data.items()
    }
    with assert_unchanged():
        response = client_for(personas[persona]).post(_fill(url, world), data)
    assert response.status_code == REFUSED[persona]


@pytest.mark.parametrize(
    ("name", "url", "data"),
    [
        (
            "move",
            f"/console/people/{R}/move/",
            {"organisation": "ORG", "role": "member", "confirm": "True"},
        ),
        ("anonymise", f"/console/people/{R}/anonymise/", {}),
        ("mail_resend", f"/console/mail/{RM}/resend/", {}),
        ("sso", "/console/organisations/riihimaki/sign-in/", {"server_url": "https://x.example"}),
        ("sso_remove", "/console/organisations/riihimaki/sign-in/remove/", {}),
        ("policy", "/console/security/", {"require_mfa_for_org_admins": "on"}),
    ],
    ids=lambda v: v if isinstance(v, str) and not v.startswith("/") else "",
)
def test_an_organisation_admin_does_not_do_the_coordinators_work_even_at_home(
    name, url, data, world, riihimaki_admin, client_for, assert_unchanged
):
    from organisations.models import Organisation

    data = {
        k: (Organisation.objects.get(slug="forssa").pk if v == "ORG" else v)
        for k, v in data.items()
    }
    with assert_unchanged():
        response = client_for(riihimaki_admin).post(_fill(url, world), data)
    assert response.status_code == 403


def test_nobody_manages_themselves_or_a_coordinator_from_below(
    forssa_admin, coordinator, client_for, assert_unchanged
):
    client = client_for(forssa_admin)
    with assert_unchanged():
        own = client.post(f"/console/people/{forssa_admin.pk}/deactivate/")
        coordinators = client.post(f"/console/people/{coordinator.pk}/role/", {"role": "member"})
    assert own.status_code == 403
    assert coordinators.status_code == 404  # another party's person: not even visible


def test_an_organisation_admin_cannot_grant_the_coordinator_role(
    forssa_admin, forssa_member, client_for, assert_unchanged
):
    with assert_unchanged():
        response = client_for(forssa_admin).post(
            f"/console/people/{forssa_member.pk}/role/", {"role": "coordinator"}
        )
    assert response.status_code == 200
    assert "coordinator" not in [c for c, _label in response.context["form"].fields["role"].choices]
    assert User.objects.get(pk=forssa_member.pk).role == "member"


def test_an_organisation_admin_cannot_invite_into_another_party(
    forssa_admin, client_for, assert_unchanged
):
    from organisations.models import Organisation

    riihimaki = Organisation.objects.get(slug="riihimaki")
    with assert_unchanged():
        response = client_for(forssa_admin).post(
            "/console/people/invite/",
            {
                "organisation": riihimaki.pk,
                "email": "new@riihimaki.fi",
                "first_name": "Uusi",
                "last_name": "Henkilö",
                "role": "member",
                "language": "fi",
            },
        )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
