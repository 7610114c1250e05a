import pytest

from organisations.models import Organisation
from portal.models import AuditEvent


def _form_data(org, **overrides):
    data = {
        "street_address": org.street_address,
        "postal_code": org.postal_code,
        "post_office": org.post_office,
        "email": org.email,
        "phone": org.phone,
        "website": org.website,
        "signatory_name": org.signatory_name,
        "signatory_title": org.signatory_title,
    }
    data.update(overrides)
    return data


def test_org_admin_edits_own_organisations_contact_data(client_for, forssa_admin):
    forssa = Organisation.objects.get(slug="forssa")
    response = client_for(forssa_admin).post(
        "/organisations/forssa/edit/",
        _form_data(forssa, email="kirjaamo@forssa.fi", phone="03 41 411"),
    )
    assert response.status_code == 302
    forssa.refresh_from_db()
    assert forssa.email == "kirjaamo@forssa.fi"
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.actor == forssa_admin
    assert event.changes["email"] == ["", "kirjaamo@forssa.fi"]


def test_org_admin_cannot_change_the_legal_identity(client_for, forssa_admin):
    forssa = Organisation.objects.get(slug="forssa")
    client_for(forssa_admin).post(
        "/organisations/forssa/edit/",
        {**_form_data(forssa), "name": "Hijacked", "business_id": "0152563-4", "is_party": ""},
    )
    forssa.refresh_from_db()
    assert forssa.name == "Forssan kaupunki"
    assert forssa.business_id == "0145626-1"
    assert forssa.is_party


def test_org_admin_is_refused_another_partys_organisation(
    client_for, forssa_admin, assert_unchanged
):
    riihimaki = Organisation.objects.get(slug="riihimaki")
    client = client_for(forssa_admin)
    with assert_unchanged():
        assert client.get("/organisations/riihimaki/edit/").status_code == 403
        response = client.post(
            "/organisations/riihimaki/edit/", _form_data(riihimaki, email="x@y.fi")
        )
    assert response.status_code == 403


def test_member_cannot_edit_even_their_own_organisation(
    client_for, forssa_member, assert_unchanged
):
    with assert_unchanged():
        response = client_for(forssa_member).post(
            "/organisations/forssa/edit/", {"email": "a@b.fi"}
        )
    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client_for, agreement):
    response = client_for(None).get("/organisations/forssa/edit/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unknown_organisation_is_404(client_for, forssa_admin):
    assert client_for(forssa_admin).get("/organisations/no-such-place/edit/").status_code == 404


@pytest.mark.parametrize("business_id", ["3221307-7", "12345", "abc-defg"])
def test_invalid_business_id_is_explained_and_nothing_changes(
    client_for, coordinator, assert_unchanged, business_id
):
    forssa = Organisation.objects.get(slug="forssa")
    data = {
        **_form_data(forssa),
        "name": forssa.name,
        "short_name": forssa.short_name,
        "kind": forssa.kind,
        "business_id": business_id,
        "municipality_code": forssa.municipality_code,
        "region_code": "",
        "is_party": "on",
    }
    with assert_unchanged():
        response = client_for(coordinator).post("/organisations/forssa/edit/", data)
    assert response.status_code == 200
    assert "Y-tunnus" in response.content.decode()


def test_coordinator_enters_a_business_id_with_an_en_dash(client_for, coordinator):
    forssa = Organisation.objects.get(slug="forssa")
    data = {
        **_form_data(forssa),
        "name": forssa.name,
        "short_name": forssa.short_name,
        "kind": forssa.kind,
        "business_id": "0145626\u20131",
        "municipality_code": forssa.municipality_code,
        "region_code": "",
        "is_party": "on",
        "phone": "03 4141",
    }
    response = client_for(coordinator).post("/organisations/forssa/edit/", data)
    assert response.status_code == 302
    forssa.refresh_from_db()
    assert forssa.business_id == "0145626-1"
    assert forssa.phone == "03 4141"


def test_missing_required_field_is_explained_in_finnish(client_for, coordinator, assert_unchanged):
    forssa = Organisation.objects.get(slug="forssa")
    data = {
        **_form_data(forssa),
        "name": "",
        "short_name": "Forssa",
        "kind": forssa.kind,
        "business_id": forssa.business_id,
        "is_party": "on",
    }
    with assert_unchanged():
        response = client_for(coordinator).post("/organisations/forssa/edit/", data)
    assert response.status_code == 200
    assert "Tämä kenttä vaaditaan" in response.content.decode()


def test_the_service_refuses_an_invalid_business_id_and_saves_nothing(forssa_admin, coordinator):
    from django.core.exceptions import ValidationError

    from organisations.services import update_organisation

    forssa = Organisation.objects.get(slug="forssa")
    with pytest.raises(ValidationError):
        update_organisation(actor=coordinator, organisation=forssa, data={"business_id": "123"})
    assert Organisation.objects.get(slug="forssa").business_id == "0145626-1"
    assert not AuditEvent.objects.exists()
