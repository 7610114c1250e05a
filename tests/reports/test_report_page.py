"""The report page: building shows progress polled by htmx until done, then the downloads; the
conclusions are kept with the version they went into; the tables come as XLSX and CSV."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from reports import build
from reports.models import ReportVersion

from .conftest import YEAR, build_now


def test_a_build_in_progress_is_polled_and_a_finished_one_is_not(coordinator, client_for):
    client = client_for(coordinator)
    client.post(reverse("reports:build"), {"year": YEAR, "language": "fi"})
    version = ReportVersion.objects.get()
    assert version.status == "queued"  # on_commit never runs inside the test's transaction
    status_url = reverse("reports:version_status", args=[version.pk])
    page = client.get(reverse("reports:index") + f"?year={YEAR}").content.decode()
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 2s"' in page
    assert "Vaihe: odottaa taustaprosessia" in page
    ReportVersion.objects.filter(pk=version.pk).update(status="running", step="typesetting")
    partial = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "Vaihe: taitetaan PDF-tiedostoa" in partial
    assert 'value="3"' in partial and 'max="5"' in partial
    assert "hx-trigger" in partial
    ReportVersion.objects.filter(pk=version.pk).update(status="failed", error="Rikki.")
    partial = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial
    assert "Rikki." in partial and "Yritä uudelleen" in partial


def test_the_page_offers_the_final_build_once_the_year_is_locked(coordinator, client_for):
    from indicators.models import YearLock

    client = client_for(coordinator)
    url = reverse("reports:index") + f"?year={YEAR}"
    assert "Laadi vuoden 2025 raportin luonnos" in client.get(url).content.decode()
    YearLock.objects.create(year=YEAR, locked_by=coordinator)
    assert "Laadi vuoden 2025 lopullinen raportti" in client.get(url).content.decode()


def test_a_finished_version_offers_its_files_and_keeps_its_conclusions(
    report_year, coordinator, forssa_member, client_for
):
    version = build_now()
    client = client_for(forssa_member)
    page = client.get(reverse("reports:index") + f"?year={YEAR}").content.decode()
    assert "Lataa PDF" in page and "Taulukot (XLSX)" in page
    assert "Julkaise" not in page  # a draft, and not a coordinator
    assert version.conclusions == "Yhteistä tietopohjaa kehitetään kuntien kanssa."
    assert f"{version.page_count} sivua" in page

    response = client.get(reverse("reports:tables_xlsx", args=[version.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Yhteenveto", "Arvot", "Tulokset", "Kattavuus", "Toiminta", "Paikat", "Sopimus",
        "Tietojen laatu",
    ]  # fmt: skip
    coverage = [row for row in workbook["Kattavuus"].iter_rows(values_only=True)]
    assert ("4.3", "pakka-toimintamalli", "Pakka-toimintamalli käytössä", "Ypäjä", "ei") in coverage

    response = client.get(reverse("reports:table_csv", args=[version.pk, "values"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["#", "Koodi", "Mittari", "Kenen", "Vuosi", "Arvo"]
    assert ["2.3", "aktivointiaste", "Työttömien aktivointiasteen vuosikeskiarvo", "Alue",
            "2025", "31,5 %"] in rows  # fmt: skip
    assert any(r[1] == "tyottomien-terveystarkastukset" and r[5] == "odottaa hyväksyntää"
               for r in rows)  # fmt: skip
    assert not any("38,7" in cell for r in rows for cell in r)
    assert client.get(reverse("reports:table_csv", args=[version.pk, "nope"])).status_code == 404


def test_the_command_runs_the_same_build(report_year, tmp_path, capsys):
    from django.core.management import call_command

    output = tmp_path / "raportti.pdf"
    call_command("followup_report", year=YEAR, output=str(output))
    version = ReportVersion.objects.get()
    assert version.origin == "command" and version.status == "done"
    assert output.read_bytes() == build.file_path(version).read_bytes()
    assert f"{version.page_count} pages" in capsys.readouterr().out
    call_command("followup_report", year=YEAR, output=str(output))
    assert "The data is the same as in version" in capsys.readouterr().out


def test_the_public_list_shows_published_final_reports(report_year, coordinator, client):
    from indicators.models import YearLock
    from reports import services

    YearLock.objects.create(year=YEAR, locked_by=coordinator)
    version = build_now()
    page = client.get(reverse("reports:published")).content.decode()
    assert "Seurantaraportteja ei ole vielä julkaistu." in page
    services.publish_version(actor=coordinator, version=version)
    page = client.get(reverse("reports:published")).content.decode()
    assert "Seurantaraportti 2025 (PDF)" in page
    pdf = client.get(reverse("reports:download", args=[version.pk, version.download_name[:-4]]))
    assert pdf.status_code == 200
