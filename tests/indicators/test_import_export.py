"""CSV and XLSX import with a dry-run preview and per-row errors (all or nothing), export,
and the Sotkanet-shaped importer mapping regions by code. Files only, no network."""

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators import importers
from indicators.models import Value, YearLock

from .conftest import put

SAMPLES = Path(__file__).resolve().parents[2] / "indicators" / "samples"
IMPORT = "indicators:values_import"
SOTKANET = "indicators:sotkanet_import"


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content if content is not None else (SAMPLES / name).read_bytes()
    )


def csv_file(text: str, name="values.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


def test_the_preview_checks_every_row_and_saves_nothing(
    coordinator, client_for, metrics, assert_unchanged
):
    with assert_unchanged():
        response = client_for(coordinator).post(
            reverse(IMPORT), {"file": upload("values-sample.csv")}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kaikki 5 riviä ovat kunnossa" in html and 'name="payload"' in html


def test_confirming_the_preview_saves_every_row(coordinator, client_for, metrics):
    client = client_for(coordinator)
    response = client.post(reverse(IMPORT), {"file": upload("values-sample.csv")})
    payload = response.context["payload"]
    response = client.post(reverse(IMPORT), {"payload": payload})
    assert response.status_code == 302
    assert Value.objects.count() == 5
    forssa = Value.objects.get(metric__code="hyte-kerroin", organisation__slug="forssa", year=2025)
    assert str(forssa.number) == "63.40" and forssa.note == "THL:n julkaisu 2025"
    assert Value.objects.get(organisation__slug="jokioinen").yes_no is True  # by code 169
    assert forssa.events.get().action == "imported"


def test_xlsx_imports_the_same_way(coordinator, client_for, metrics):
    client = client_for(coordinator)
    response = client.post(reverse(IMPORT), {"file": upload("values-sample.xlsx")})
    assert all(row.ok for row in response.context["rows"])
    client.post(reverse(IMPORT), {"payload": response.context["payload"]})
    assert Value.objects.get(metric__code="aktivointiaste", year=2025).number is not None


def test_a_bad_file_lists_each_rows_error_and_saves_nothing(
    coordinator, client_for, metrics, assert_unchanged
):
    with assert_unchanged():
        response = client_for(coordinator).post(reverse(IMPORT), {"file": upload("values-bad.csv")})
    rows = {row.line: " ".join(row.errors) for row in response.context["rows"]}
    assert "Tuntematon kuntanumero ”999”" in rows[2]
    assert "Anna luku" in rows[3]
    assert "kokonaisluku 1–5" in rows[4]
    assert "mittarin vuosien" in rows[5]
    assert rows[6] == ""
    assert "Rivillä 6 on jo arvo" in rows[7]
    assert response.context["payload"] == ""
    assert "Mitään ei tallennettu" in response.content.decode()


def test_a_tampered_or_invalid_payload_saves_nothing(
    coordinator, client_for, metrics, assert_unchanged
):
    with assert_unchanged():
        response = client_for(coordinator).post(reverse(IMPORT), {"payload": "forged"})
    assert response.status_code == 302


def test_the_confirmation_validates_again_and_refuses_the_whole_file(
    coordinator, client_for, metrics, assert_unchanged
):
    client = client_for(coordinator)
    response = client.post(reverse(IMPORT), {"file": upload("values-sample.csv")})
    YearLock.objects.create(year=2025)  # locked between the preview and the confirmation
    with assert_unchanged():
        response = client.post(reverse(IMPORT), {"payload": response.context["payload"]})
    assert response.status_code == 200
    assert any("lukitsi" in " ".join(r.errors) for r in response.context["rows"])


def test_forssas_user_cannot_import_riihimakis_values(
    forssa_admin, client_for, metrics, assert_unchanged
):
    text = (
        "metric;organisation;year;value\n"
        "hyte-kerroin;riihimaki;2025;60\n"
        "hyte-kerroin;forssa;2025;61\n"
    )
    with assert_unchanged():
        response = client_for(forssa_admin).post(reverse(IMPORT), {"file": csv_file(text)})
    rows = response.context["rows"]
    assert "ei ole oikeutta syöttää arvoja" in rows[0].errors[0] and rows[1].ok
    assert response.context["payload"] == ""


def test_a_file_without_the_needed_columns_is_explained(coordinator, client_for, metrics):
    response = client_for(coordinator).post(reverse(IMPORT), {"file": csv_file("a;b\n1;2\n")})
    assert "sarake" in response.context["file_error"]


def test_a_broken_xlsx_is_explained(coordinator, client_for, metrics):
    response = client_for(coordinator).post(
        reverse(IMPORT), {"file": upload("x.xlsx", b"not a workbook")}
    )
    assert "XLSX" in str(response.context["form"].errors["file"])


def test_another_file_type_is_refused(coordinator, client_for, metrics):
    response = client_for(coordinator).post(reverse(IMPORT), {"file": upload("x.pdf", b"%PDF")})
    assert response.context["form"].errors["file"]


def test_export_gives_csv_and_xlsx_that_import_back(coordinator, client_for, metrics):
    put(metrics["hyte-kerroin"], 2025, "61.5", organisation="forssa", status="approved")
    put(metrics["pakka-toimintamalli"], 2025, True, organisation="forssa", status="draft")
    client = client_for(coordinator)
    response = client.get(reverse("indicators:values_export"), {"year": 2025, "format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert (
        "hyte-kerroin;forssa;2025;61.5;" in text and "pakka-toimintamalli;forssa;2025;yes;" in text
    )
    response = client.get(reverse("indicators:values_export"), {"year": 2025, "format": "xlsx"})
    header, rows = importers.read_xlsx(response.content)
    assert header[:4] == ["metric", "organisation", "year", "value"] and len(rows) == 2
    Value.objects.filter(status="draft").delete()
    again = client.post(reverse(IMPORT), {"file": csv_file(text)})
    by_metric = {r.record["metric"]: r for r in again.context["rows"]}
    assert by_metric["pakka-toimintamalli"].ok
    assert not by_metric["hyte-kerroin"].ok  # approved: cannot change


def test_export_cells_cannot_start_a_formula(coordinator, client_for, metrics):
    put(metrics["hyte-kerroin"], 2025, 60, organisation="forssa", note='=HYPERLINK("x")')
    text = (
        client_for(coordinator)
        .get(reverse("indicators:values_export"), {"format": "csv"})
        .content.decode("utf-8-sig")
    )
    assert ";\"'=HYPERLINK" in text


# --- Sotkanet -----------------------------------------------------------------------------


def sotkanet(client, metric, data_name, data=None, regions=None):
    return client.post(
        reverse(SOTKANET),
        {
            "metric": metric.pk,
            "data": upload(data_name, data),
            "regions": upload("sotkanet-regions.json", regions),
        },
    )


def test_sotkanet_json_maps_the_county_by_its_code_and_skips_other_rows(
    coordinator, client_for, metrics
):
    client = client_for(coordinator)
    response = sotkanet(client, metrics["aktivointiaste"], "sotkanet-aktivointiaste.json")
    rows = response.context["rows"]
    assert [r.year for r in rows] == [2022, 2023, 2024] and all(r.ok for r in rows)
    assert response.context["skipped"] == 3  # two gender rows and one municipality row
    client.post(reverse(SOTKANET), {"payload": response.context["payload"]})
    assert sorted(Value.objects.filter(organisation=None).values_list("year", "number")) == [
        (2022, __import__("decimal").Decimal("27.90")),
        (2023, __import__("decimal").Decimal("29.30")),
        (2024, __import__("decimal").Decimal("30.80")),
    ]


def test_sotkanet_csv_maps_municipalities_by_code_never_by_internal_id(
    coordinator, client_for, metrics
):
    # Sotkanet renumbered its ids: the same codes under new ids map to the same municipalities.
    regions = (SAMPLES / "sotkanet-regions.json").read_text().replace('"id": 70', '"id": 50')
    regions = regions.replace('"id": 7100', '"id": 5100')
    data = (
        (SAMPLES / "sotkanet-hyte-kerroin.csv")
        .read_text()
        .replace(";70", ";50")
        .replace(";7100;", ";5100;")
    )
    client = client_for(coordinator)
    response = sotkanet(
        client,
        metrics["hyte-kerroin"],
        "sotkanet-hyte-kerroin.csv",
        data.encode(),
        regions.encode(),
    )
    assert all(r.ok for r in response.context["rows"]), [r.errors for r in response.context["rows"]]
    client.post(reverse(SOTKANET), {"payload": response.context["payload"]})
    by_org = dict(Value.objects.filter(year=2024).values_list("organisation__slug", "number"))
    assert str(by_org["forssa"]) == "61.00" and str(by_org["loppi"]) == "57.50"
    assert str(by_org["kanta-hameen-hyvinvointialue"]) == "49.00"


def test_sotkanet_region_outside_the_agreement_is_a_row_error(
    coordinator, client_for, metrics, assert_unchanged
):
    data = (
        b"indicator;region;year;gender;value;absValue\n90002;7300;2024;total;60.1;\n"
        b"90002;7001;2024;total;61.0;\n90002;4242;2024;total;50;\n"
    )
    with assert_unchanged():
        response = sotkanet(client_for(coordinator), metrics["hyte-kerroin"], "d.csv", data)
    errors = [" ".join(r.errors) for r in response.context["rows"]]
    assert "Tuntematon kuntanumero ”091”" in errors[0]
    assert errors[1] == ""
    assert "aluetiedostossa" in errors[2]
    assert response.context["payload"] == ""


def test_sotkanet_files_that_are_not_sotkanet_are_explained(coordinator, client_for, metrics):
    response = sotkanet(client_for(coordinator), metrics["hyte-kerroin"], "d.json", b"{oops")
    assert "JSON" in response.context["file_error"]


def test_only_coordinators_use_the_sotkanet_importer(
    forssa_admin, client_for, metrics, assert_unchanged
):
    with assert_unchanged():
        response = sotkanet(
            client_for(forssa_admin), metrics["hyte-kerroin"], "sotkanet-hyte-kerroin.csv"
        )
    assert response.status_code == 403


def test_reading_a_semicolon_csv_with_a_bom(metrics):
    header, rows = importers.read_csv("\ufeffmetric;year;value\nx;2025;1,5\n".encode())
    assert header == ["metric", "year", "value"] and rows == [["x", "2025", "1,5"]]
    assert io  # keep the import used for readers of this file


def test_the_sotkanet_command_is_a_dry_run_unless_told_to_save(coordinator, metrics):
    from django.core.management import call_command

    args = [
        "import_sotkanet",
        "--metric",
        "aktivointiaste",
        "--data",
        str(SAMPLES / "sotkanet-aktivointiaste.json"),
        "--regions",
        str(SAMPLES / "sotkanet-regions.json"),
        "--as",
        coordinator.email,
    ]
    out = io.StringIO()
    call_command(*args, stdout=out)
    assert "Dry run" in out.getvalue() and Value.objects.count() == 0
    call_command(*args, "--save", stdout=out)
    assert Value.objects.filter(metric__code="aktivointiaste").count() == 3


def test_the_sotkanet_command_refuses_a_non_coordinator(forssa_admin, metrics):
    import pytest
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command(
            "import_sotkanet",
            "--metric",
            "aktivointiaste",
            "--data",
            str(SAMPLES / "sotkanet-aktivointiaste.json"),
            "--regions",
            str(SAMPLES / "sotkanet-regions.json"),
            "--as",
            forssa_admin.email,
        )
