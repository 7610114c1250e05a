import pytest

from organisations.models import Organisation

DATA = {
    "name": "Hämeenlinnan seudun Mielenterveysyhdistys ry",
    "short_name": "Mielenterveysyhdistys",
    "slug": "mielenterveysyhdistys",
    "kind": "ngo",
    "business_id": "",
}


def test_coordinator_adds_an_ngo_that_is_not_a_party(client_for, coordinator):
    response = client_for(coordinator).post("/organisations/new/", DATA)
    assert response.status_code == 302
    ngo = Organisation.objects.get(slug="mielenterveysyhdistys")
    assert not ngo.is_party
    assert Organisation.objects.parties().count() == 13


@pytest.mark.parametrize("persona", ["forssa_admin", "forssa_member", "riihimaki_admin"])
def test_only_coordinators_add_organisations(persona, personas, client_for, assert_unchanged):
    with assert_unchanged():
        response = client_for(personas[persona]).post("/organisations/new/", DATA)
    assert response.status_code == 403


def test_a_taken_slug_is_refused(client_for, coordinator, assert_unchanged):
    with assert_unchanged():
        response = client_for(coordinator).post("/organisations/new/", {**DATA, "slug": "forssa"})
    assert response.status_code == 200
    assert "on jo olemassa" in response.content.decode()


def test_a_party_kind_cannot_be_added(client_for, coordinator, assert_unchanged):
    with assert_unchanged():
        response = client_for(coordinator).post(
            "/organisations/new/", {**DATA, "kind": "wellbeing_county"}
        )
    assert response.status_code == 200
