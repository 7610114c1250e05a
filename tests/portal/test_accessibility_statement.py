"""The accessibility statement (saavutettavuusseloste, Act 306/2019): public, in Finnish and
English, with the feedback contact from settings, and linked from every page's footer."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import make_user

URL = "/accessibility/"


def _get(client: Client, language: str) -> str:
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_it_is_public_and_follows_the_finnish_model(db):
    html = _get(Client(), "fi")
    for heading in (
        "Saavutettavuusseloste",
        "Digipalvelun saavutettavuuden tila",
        "Ei-saavutettava sisältö",
        "Miten saavutettavuus on arvioitu",
        "Palaute ja yhteystiedot",
        "Valvontaviranomainen",
    ):
        assert heading in html
    assert "täyttää saavutettavuusvaatimukset osittain" in html
    assert "Lupa- ja valvontavirasto" in html
    assert "https://www.saavutettavuusvaatimukset.fi/" in html
    assert "laadittu 2.12.2026" in html


def test_it_reads_in_english(db):
    html = _get(Client(), "en")
    assert "<h1>Accessibility statement</h1>" in html
    assert "partially meets the accessibility requirements" in html
    assert "Supervisory authority" in html


def test_the_contact_comes_from_settings(db, settings):
    settings.PORTAL_ACCESSIBILITY_EMAIL = "saavutettavuus@kanta-hame.example"
    settings.PORTAL_ACCESSIBILITY_PHONE = "03 123 4567"
    settings.PORTAL_ACCESSIBILITY_CONTACT = "Yhdyspintakoordinaattori"
    html = _get(Client(), "fi")
    assert 'href="mailto:saavutettavuus@kanta-hame.example"' in html
    assert 'href="tel:031234567"' in html
    assert "Yhdyspintakoordinaattori" in html


def test_without_a_phone_or_name_only_the_address_is_shown(db, settings):
    settings.PORTAL_ACCESSIBILITY_EMAIL = "palaute@example.fi"
    settings.PORTAL_ACCESSIBILITY_PHONE = ""
    settings.PORTAL_ACCESSIBILITY_CONTACT = ""
    html = _get(Client(), "fi")
    assert "mailto:palaute@example.fi" in html
    assert "tel:" not in html
    assert "Yhteyshenkilö" not in html


@pytest.mark.parametrize("path", ["/", "/organisations/", "/accounts/login/", "/dashboard/"])
def test_every_page_links_to_it_from_the_footer(agreement, client_for, path):
    client = client_for(make_user("forssa", "member")) if path == "/dashboard/" else Client()
    html = client.get(path).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="{URL}"' in footer
    assert "Saavutettavuusseloste" in footer


def test_the_error_page_links_to_it_too(db):
    from django.template.loader import render_to_string
    from django.urls import reverse

    html = render_to_string("500.html")
    assert f'href="{reverse("portal:accessibility")}"' in html
