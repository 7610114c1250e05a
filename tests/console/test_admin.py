"""The Django admin: coordinators only; every model of the portal registered with a Finnish
name, list columns, filters or search; the preparers visible on the body."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation

PROJECT_APPS = {
    "organisations",
    "forums",
    "meetings",
    "workgroups",
    "indicators",
    "portal",
    "console",
}


def _project_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and not model._meta.proxy
    ]


def test_every_model_is_registered_with_a_finnish_name():
    with translation.override("fi"):
        for model in _project_models():
            assert admin.site.is_registered(model), model
            name = str(model._meta.verbose_name_plural)
            assert model._meta.original_attrs.get("verbose_name_plural") or (
                model._meta.original_attrs.get("verbose_name")
            ), model
            with translation.override("en"):
                english = str(model._meta.verbose_name_plural)
            assert name != english or name.lower() in {"minutes"}, (model, name)


def test_every_admin_list_has_columns_and_a_way_to_narrow_it():
    for model in _project_models():
        model_admin = admin.site._registry[model]
        assert model_admin.list_display != ("__str__",), model
        assert model_admin.search_fields or model_admin.list_filter, model


@pytest.mark.parametrize("model", _project_models(), ids=lambda m: m._meta.label)
def test_each_admin_list_opens_for_a_coordinator(model, client_for, coordinator):
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    assert client_for(coordinator).get(url).status_code == 200


def test_the_body_page_in_the_admin_shows_its_named_preparers(
    client_for, coordinator, forssa_member
):
    from forums.models import Body
    from forums.services import name_preparer

    body = Body.objects.get(slug="hytefoorumi")
    name_preparer(actor=coordinator, body=body, person=forssa_member)
    page = client_for(coordinator).get(f"/admin/forums/body/{body.pk}/change/").content.decode()
    assert "Nimetyt valmistelijat" in page or "nimetyt valmistelijat" in page
    assert forssa_member.email in page or str(forssa_member) in page


def test_sign_in_apps_cannot_be_edited_in_the_admin(client_for, coordinator, hattula_sso):
    app = hattula_sso.app
    response = client_for(coordinator).post(
        f"/admin/socialaccount/socialapp/{app.pk}/change/", {"secret": "x"}
    )
    assert response.status_code == 403
