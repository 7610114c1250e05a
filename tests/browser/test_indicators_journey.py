"""Loppi enters and sends its 2025 values; the coordinator returns one and approves the rest;
the region table shows each 2025 metric's result with its reason."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from indicators.models import Metric, Value, entry_year

PASSWORD = "correct horse battery staple"


@pytest.fixture
def demo(browser_agreement, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", PASSWORD)
    settings.DEBUG = False


def logout(page):
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Kirjaudu ulos").click()


def save_row(page, code):
    row = page.locator(f"#m-{code}")
    row.get_by_role("button", name=re.compile("^Tallenna")).click()
    expect(page.locator(f"#m-{code} .entry-feedback")).to_contain_text("Tallennettu luonnokseksi")


def test_loppi_enters_the_coordinator_returns_one_and_approves_the_rest(page, login, demo):
    login(page, "admin.loppi@demo.example", PASSWORD)
    page.locator(".main-nav").get_by_role("link", name="Mittarit").click()
    if entry_year() == 2025:  # the year being entered now (until the end of 2026)
        page.get_by_role("link", name="Syötä organisaation Loppi tiedot vuodelta 2025").click()
    else:
        page.goto("/metrics/entry/2025/loppi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mittarit 2025: Lopen kunta")
    expect(page.locator("#entry-progress")).to_contain_text("0/6 syötetty")  # really empty

    # Yes/no rows: feedback surveys, housing needs mapped, older people involved, Pakka.
    for code in [
        "asukas-ja-asiakaspalaute",
        "ikaantyneiden-asumistarpeet",
        "ikaantyneiden-osallistaminen",
        "pakka-toimintamalli",
    ]:
        page.locator(f"#m-{code}").get_by_label("kyllä").check()
        save_row(page, code)
    # A number with a decimal comma; a bad one first, which is explained and not saved.
    hyte = page.locator("#m-hyte-kerroin")
    hyte.get_by_label(re.compile("^Arvo")).fill("paljon")
    hyte.get_by_role("button", name=re.compile("^Tallenna")).click()
    expect(page.locator("#m-hyte-kerroin .error")).to_contain_text("Anna luku")
    page.locator("#m-hyte-kerroin").get_by_label(re.compile("^Arvo")).fill("57,5")
    save_row(page, "hyte-kerroin")
    page.locator("#m-valimuotoinen-asuminen").get_by_label(re.compile("^Arvo")).fill("24")
    save_row(page, "valimuotoinen-asuminen")
    expect(page.locator("#entry-progress")).to_contain_text("6/6 syötetty")

    page.get_by_role("button", name="Lähetä 6 arvoa hyväksyttäväksi").click()
    expect(page.get_by_text("6 arvoa lähetettiin koordinaattorin hyväksyttäväksi.")).to_be_visible()
    loppi = Value.objects.filter(organisation__slug="loppi", year=2025)
    assert set(loppi.values_list("status", flat=True)) == {"submitted"}
    logout(page)

    login(page, "coordinator@demo.example", PASSWORD)
    page.goto("/metrics/review/?year=2025&organisation=loppi")
    waiting = page.locator("#approve-form tbody tr")
    expect(waiting).to_have_count(6)
    waiting.filter(has_text="HYTE-kerroin").get_by_role("link", name=re.compile("Palauta")).click()
    page.get_by_label("Miksi arvo palautetaan?").fill("Luku on vuoden 2023 kerroin; tarkista.")
    page.get_by_role("button", name="Palauta korjattavaksi").click()
    expect(page.get_by_text("Arvo palautettiin korjattavaksi.")).to_be_visible()
    page.goto("/metrics/review/?year=2025&organisation=loppi")
    expect(waiting).to_have_count(5)
    page.get_by_role("button", name="Hyväksy valitut arvot").click()
    expect(page.get_by_text("5 arvoa hyväksyttiin.")).to_be_visible()
    hyte_value = loppi.get(metric__code="hyte-kerroin")
    assert hyte_value.status == "returned"
    assert loppi.filter(status="approved").count() == 5

    # The region table: every 2025 metric has a result and a reason in words.
    results = 0
    for spearhead in [
        "tyollisyys-ja-elinvoima",
        "ikaystavallinen-asuminen",
        "kokonaisvaltainen-hyvinvointi",
        "lapset-nuoret-ja-perheet",
    ]:
        page.goto(f"/metrics/region/?spearhead={spearhead}")
        for metric in Metric.objects.filter(spearhead__code=spearhead):
            block = page.locator(f"section:has(#metric-{metric.code})")
            cell = block.locator("tfoot td").last  # the 2025 column
            expect(cell.locator(".badge")).to_have_text(
                re.compile("toteutui|ei toteutunut|osittain|ei tietoa|ei vielä vertailukelpoinen")
            )
            expect(cell.locator(".reason")).not_to_be_empty()
            results += 1
    assert results == 12
    page.goto("/metrics/region/?spearhead=kokonaisvaltainen-hyvinvointi")
    pakka = page.locator("section:has(#metric-pakka-toimintamalli) tfoot td").last
    expect(pakka).to_contain_text("Loppi")  # Loppi's approved yes now counts
    hyte = page.locator("section:has(#metric-hyte-kerroin) tfoot td").last
    expect(hyte).to_contain_text(re.compile(r"ei hyväksyttyä tietoa: .*Loppi"))

    # Back at Loppi: the returned value shows the coordinator's comment.
    logout(page)
    login(page, "admin.loppi@demo.example", PASSWORD)
    page.goto("/metrics/entry/2025/loppi/")
    expect(page.locator("#m-hyte-kerroin .returned-comment")).to_contain_text(
        "Luku on vuoden 2023 kerroin"
    )
    expect(page.locator("#m-pakka-toimintamalli .lock-reason")).to_contain_text(
        "Koordinaattori hyväksyi"
    )


def test_forssa_cannot_write_loppis_values_and_a_locked_year_says_why(page, login, demo):
    login(page, "admin.forssa@demo.example", PASSWORD)
    page.goto("/metrics/entry/2025/loppi/")
    expect(page.get_by_text("Voit lukea nämä arvot.")).to_be_visible()
    expect(page.locator("#m-hyte-kerroin button")).to_have_count(0)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        "/metrics/entry/2025/loppi/hyte-kerroin/",
        form={"hyte-kerroin-value": "50"},
        headers={"X-CSRFToken": token},
    )
    assert response.status == 403
    assert not Value.objects.filter(
        organisation__slug="loppi", year=2025, metric__code="hyte-kerroin"
    ).exists()
    page.goto("/metrics/entry/2023/forssa/")
    expect(page.locator(".lock-note")).to_contain_text("lukitsi vuoden 2023")


def test_the_entry_page_works_on_a_phone(phone_page, login, demo):
    login(phone_page, "admin.loppi@demo.example", PASSWORD)
    phone_page.goto("/metrics/entry/2025/loppi/")
    row = phone_page.locator("#m-valimuotoinen-asuminen")
    row.get_by_label(re.compile("^Arvo")).fill("24")
    row.get_by_role("button", name=re.compile("^Tallenna")).click()
    expect(phone_page.locator("#m-valimuotoinen-asuminen .entry-feedback")).to_contain_text(
        "Tallennettu"
    )
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_the_metric_pages_have_no_wcag_violations(page, login, demo):
    from axe_playwright_python.sync_playwright import Axe

    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    returned = Value.objects.filter(status="returned").first()
    assert returned is not None
    login(page, "coordinator@demo.example", PASSWORD)
    problems = {}
    for path in [
        "/metrics/",
        "/metrics/region/",
        "/metrics/region/?spearhead=kokonaisvaltainen-hyvinvointi",
        "/metrics/metric/pakka-toimintamalli/",
        "/metrics/metric/aktivointiaste/",
        "/metrics/entry/2025/loppi/",
        "/metrics/entry/2023/forssa/",
        "/metrics/entry/2025/body.perhekeskus/",
        f"/metrics/value/{returned.pk}/",
        "/metrics/review/",
        "/metrics/years/",
        "/metrics/import/",
        "/metrics/import/sotkanet/",
        "/metrics/export/",
        "/dashboard/",
    ]:
        page.goto(path)
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}})
        found = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
            for v in results.response["violations"]
        ]
        if found:
            problems[path] = found
    assert problems == {}
