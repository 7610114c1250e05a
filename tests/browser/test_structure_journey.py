"""The structure as the issue's "done when" describes it: an anonymous visitor reads the four
tiers, the coordinator sees every body in its tier, Hattula's admin names Hattula's
representative and deputy to the wellbeing forum and cannot change Loppi's seat."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from forums.models import Body, Membership

from .conftest import PASSWORD

TIERS = {
    "Strategisen tason foorumit": ["Valtuustokauden strategisen tason foorumi", "Kuntakokous"],
    "Johtamisen foorumit": ["Kanta-Hämeen turvallisuusfoorumi", "Hyvinvointifoorumi (hytefoorumi)"],
    "Yhteisten palvelujen ja ennaltaehkäisyn työryhmät": [
        "Alueellinen opiskeluhuollon ohjausryhmä",
        "Perhekeskustoiminnan työryhmä",
        "Hyvinvoinnin ja terveyden edistämisen työryhmä",
        "Kotouttamisen työryhmä",
        "Työllisyyttä edistävän monialaisen yhteispalvelun (TYP) johtoryhmä",
    ],
    "Avoimet verkostot ja foorumit": ["Työllisyyden hoidon verkosto"],
}


@pytest.fixture
def demo(browser_agreement, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", PASSWORD)
    settings.DEBUG = False


def tier(page, name):
    return page.locator("li.tier").filter(has=page.get_by_role("heading", name=name))


def test_anonymous_visitor_reads_the_public_structure(page, demo):
    page.goto("/structure/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Yhteistyön rakenne")
    for heading, bodies in TIERS.items():
        for body in bodies:
            expect(tier(page, heading).get_by_role("link", name=body, exact=True)).to_be_visible()
    expect(page.get_by_text("Koollekutsuja: TE-toimisto")).to_be_visible()
    page.get_by_role("link", name="Hyvinvointifoorumi (hytefoorumi)").click()
    expect(page.get_by_text("Kirjaudu sisään nähdäksesi jäsenet")).to_be_visible()
    expect(page.get_by_text("Jäsen Loppi")).to_have_count(0)


def test_coordinator_sees_every_body_in_its_tier(page, login, demo):
    login(page, "coordinator@demo.example")
    page.get_by_role("link", name="Rakenne").first.click()
    for heading, bodies in TIERS.items():
        cards = tier(page, heading).locator(".body-card")
        expect(cards).to_have_count(len(bodies))
    assert Body.objects.count() == 10
    expect(page.get_by_role("link", name="Aukot")).to_be_visible()


def test_hattula_admin_names_representative_and_deputy_but_not_loppis(page, login, demo):
    wellbeing = Body.objects.get(slug="hytefoorumi")
    assert not wellbeing.memberships.filter(organisation__slug="hattula").exists()
    loppi_seat = wellbeing.memberships.get(organisation__slug="loppi")

    login(page, "admin.hattula@demo.example")
    page.goto("/structure/bodies/hytefoorumi/")
    expect(page.get_by_role("link", name="Muuta Jäsen Loppi")).to_have_count(0)
    page.get_by_role("link", name="Nimeä edustaja Hattula").click()
    page.get_by_label(re.compile(r"^Edustaja")).select_option(label="Jäsen Hattula, asiantuntija")
    page.get_by_label("Henkilökohtainen varajäsen").select_option(
        label="Yhteyshenkilö Hattula, yhdyspintayhteyshenkilö"
    )
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Edustaja on nimetty.")).to_be_visible()
    row = page.locator("tr", has_text="Jäsen Hattula")
    expect(row).to_contain_text("Yhteyshenkilö Hattula")

    seat = Membership.objects.get(body=wellbeing, organisation__slug="hattula")
    assert seat.person.email == "member.hattula@demo.example"
    assert seat.deputy is not None and seat.deputy.email == "admin.hattula@demo.example"

    response = page.goto(f"/structure/bodies/hytefoorumi/seats/{loppi_seat.pk}/")
    assert response.status == 403
    response = page.goto("/structure/bodies/hytefoorumi/seats/new/loppi/")
    assert response.status == 403
    loppi_seat.refresh_from_db()
    assert loppi_seat.valid_to is None
    assert loppi_seat.person.email == "member.loppi@demo.example"


def test_the_same_person_twice_is_explained_in_the_browser(page, login, demo):
    login(page, "admin.loppi@demo.example")
    page.goto("/structure/bodies/turvallisuusfoorumi/seats/new/loppi/")
    page.get_by_label(re.compile(r"^Edustaja")).select_option(label="Jäsen Loppi, asiantuntija")
    page.get_by_label("Henkilökohtainen varajäsen").select_option(label="Jäsen Loppi, asiantuntija")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator(".error-summary")).to_contain_text("joku muu kuin jäsen itse")
    assert not Membership.objects.filter(body__slug="turvallisuusfoorumi").exists()


def test_the_structure_fits_a_phone(phone_page, demo):
    phone_page.goto("/structure/")
    expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
