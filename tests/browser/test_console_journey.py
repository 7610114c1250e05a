"""The coordinator invites a new organisation admin for Tammela in the console; that person
sets a password from the mail and logs in; the audit trail shows both steps. And the console
on a phone."""

import re

from django.core import mail
from playwright.sync_api import expect

from organisations.models import User
from tests.conftest import make_user

NEW_PASSWORD = "Tammelan yhteyshenkilö 2026"


def test_coordinator_invites_a_tammela_admin_who_sets_a_password_and_logs_in(
    page, _browser, live_server, login, browser_agreement
):
    make_user("kanta-hameen-hyvinvointialue", "coordinator", "coordinator@demo.example")
    login(page, "coordinator@demo.example")
    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Hallinta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huomioitavaa")
    page.get_by_role("link", name="Kutsu käyttäjä").first.click()
    page.get_by_label("Organisaatio").select_option(label="Tammelan kunta")
    page.get_by_label("Sähköpostiosoite").fill("tuula.tammela@tammela.fi")
    page.get_by_label("Etunimi").fill("Tuula")
    page.get_by_label("Sukunimi").fill("Tammelainen")
    page.get_by_label("Nimike").fill("hallintojohtaja")
    page.get_by_label("Rooli").select_option(label="organisaation pääkäyttäjä")
    page.get_by_role("button", name="Lähetä kutsu").click()
    expect(
        page.get_by_text("Kutsu lähetettiin osoitteeseen tuula.tammela@tammela.fi.")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tuula Tammelainen")
    person = User.objects.get(email="tuula.tammela@tammela.fi")
    assert (person.organisation.slug, person.role) == ("tammela", "org_admin")

    invitation = next(m for m in mail.outbox if m.to == ["tuula.tammela@tammela.fi"])
    found = re.search(r"https?://\S+(/organisations/invitation/\S+/)", str(invitation.body))
    assert found is not None
    link = found.group(1)
    context = _browser.new_context(base_url=live_server.url, locale="fi-FI")
    newcomer = context.new_page()
    newcomer.goto(link)
    newcomer.locator("#id_new_password1").fill(NEW_PASSWORD)
    newcomer.get_by_label("Uusi salasana uudelleen").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Aseta salasana ja kirjaudu").click()
    newcomer.wait_for_url("**/dashboard/")
    newcomer.get_by_text("Tuula Tammelainen").first.click()
    newcomer.get_by_role("button", name="Kirjaudu ulos").click()
    login(newcomer, "tuula.tammela@tammela.fi", NEW_PASSWORD)
    expect(newcomer.locator(".user-menu summary")).to_contain_text("Tammela")
    context.close()

    page.goto("/console/audit/")
    page.get_by_label("Henkilö (nimi tai sähköpostiosoite)").fill("tuula.tammela@tammela.fi")
    page.get_by_role("button", name="Rajaa").click()
    trail = page.locator("table tbody")
    expect(trail).to_contain_text("Kutsui henkilön")
    expect(trail).to_contain_text("Otti kutsun vastaan")
    expect(trail).to_contain_text("Kirjautui sisään")
    expect(trail).to_contain_text("organisaation pääkäyttäjä")


def test_the_console_works_on_a_phone(phone_page, login, browser_agreement):
    make_user("kanta-hameen-hyvinvointialue", "coordinator", "coordinator@demo.example")
    login(phone_page, "coordinator@demo.example")
    for path in ("/console/", "/console/people/", "/console/audit/", "/console/mail/"):
        phone_page.goto(path)
        expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390, path
