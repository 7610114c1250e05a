"""Preparers as a user meets them: the wellbeing forum's secretary names Loppi's member a
preparer on a phone, the preparer may now schedule the forum's meetings, and the secretary
removes them again."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from forums.models import Body, preparers_of

from .conftest import PASSWORD


@pytest.fixture
def demo(browser_agreement, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", PASSWORD)
    settings.DEBUG = False


def preparer_emails() -> set[str]:
    body = Body.objects.get(slug="hytefoorumi")
    return {p.email for p in preparers_of([body])[body.pk]}


def test_the_secretary_names_and_removes_a_preparer_on_a_phone(demo, phone_page, login):
    page = phone_page
    login(page, "member.forssa@demo.example")  # the wellbeing forum's secretary
    page.goto("/structure/bodies/hytefoorumi/")
    section = page.locator("section.preparers")
    expect(section.get_by_role("heading", name="Valmistelijat")).to_be_visible()
    expect(section.locator(".preparer-name", has_text="Jäsen Riihimäki")).to_be_visible()

    section.get_by_label("Henkilö").select_option(label="Jäsen Loppi, asiantuntija")
    section.get_by_role("button", name="Nimeä valmistelija").click()
    expect(page.get_by_text("Jäsen Loppi nimettiin valmistelijaksi.")).to_be_visible()
    assert "member.loppi@demo.example" in preparer_emails()

    section.get_by_role("button", name="Poista Jäsen Loppi").click()
    expect(page.get_by_text("Jäsen Loppi ei ole enää valmistelija.")).to_be_visible()
    assert "member.loppi@demo.example" not in preparer_emails()


def test_a_named_preparer_sees_the_schedule_button_but_not_the_election_button(demo, page, login):
    login(page, "member.riihimaki@demo.example")  # a demo preparer, no seat or role
    page.goto("/structure/bodies/hytefoorumi/")
    expect(page.get_by_role("link", name="Kutsu kokous koolle")).to_be_visible()
    expect(page.get_by_role("link", name="Kirjaa valinta")).to_have_count(0)
    expect(page.get_by_role("button", name="Nimeä valmistelija")).to_have_count(0)
