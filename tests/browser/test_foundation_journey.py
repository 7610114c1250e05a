"""An organisation admin logs in, edits their own organisation and is refused another's."""

import re

from playwright.sync_api import expect

from organisations.models import Organisation
from tests.conftest import make_user


def test_org_admin_edits_own_organisation_and_is_refused_another(page, login, browser_agreement):
    make_user("forssa", "org_admin", "admin.forssa@demo.example", first_name="Aino")
    login(page, "admin.forssa@demo.example")
    expect(page.locator(".user-menu summary")).to_contain_text("Forssa")

    page.get_by_role("link", name="Forssan kaupunki").first.click()
    page.get_by_role("link", name="Muokkaa tietoja").click()
    page.get_by_label("Puhelin").fill("03 41 411")
    page.get_by_label("Yhteyssähköposti").fill("kirjaamo@forssa.fi")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Organisaation tiedot tallennettiin.")).to_be_visible()
    expect(page.get_by_text("kirjaamo@forssa.fi")).to_be_visible()
    assert Organisation.objects.get(slug="forssa").phone == "03 41 411"

    page.goto("/organisations/riihimaki/")
    expect(page.get_by_role("link", name="Muokkaa tietoja")).to_have_count(0)
    response = page.goto("/organisations/riihimaki/edit/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Sinulla ei ole oikeutta"))
    assert Organisation.objects.get(slug="riihimaki").email == ""


def test_a_bad_business_id_is_explained_in_the_browser(page, login, browser_agreement):
    make_user("kanta-hameen-hyvinvointialue", "coordinator", "coordinator@demo.example")
    login(page, "coordinator@demo.example")
    page.goto("/organisations/ypaja/edit/")
    page.get_by_label("Y-tunnus").fill("0158301-8")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator(".error-summary")).to_contain_text("tarkistusnumero")
    assert Organisation.objects.get(slug="ypaja").business_id == "0158301-7"


def test_the_front_page_works_on_a_phone(phone_page, browser_agreement):
    phone_page.goto("/")
    expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone_page.goto("/organisations/")
    expect(phone_page.get_by_role("table")).to_be_visible()
