"""Inviting many people from a CSV or XLSX file: a checked preview, per-row errors, nothing
saved unless every row is valid."""

import io

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from organisations.models import User
from portal.models import AuditEvent

GOOD = (
    "sähköposti;etunimi;sukunimi;organisaatio;rooli;nimike\n"
    "aino.aalto@tammela.fi;Aino;Aalto;tammela;org_admin;hallintojohtaja\n"
    "eero.esko@forssa.fi;Eero;Esko;Forssan kaupunki;;\n"
)


def _upload(text: str, name: str = "people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _xlsx(rows: list[list[str]]) -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("people.xlsx", buffer.getvalue())


def test_a_valid_file_is_previewed_first_and_invited_on_confirmation(
    client_for, coordinator, assert_unchanged, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    with assert_unchanged():
        preview = client.post("/console/people/import/", {"file": _upload(GOOD)})
    page = preview.content.decode()
    assert "Kaikki 2 riviä ovat kunnossa" in page
    payload = preview.context["payload"]
    assert payload
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/console/people/import/", {"payload": payload})
    assert response.status_code == 302
    aino = User.objects.get(email="aino.aalto@tammela.fi")
    eero = User.objects.get(email="eero.esko@forssa.fi")
    assert (aino.organisation.slug, aino.role, aino.job_title) == (
        "tammela",
        "org_admin",
        "hallintojohtaja",
    )
    assert (eero.organisation.slug, eero.role) == ("forssa", "member")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "aino.aalto@tammela.fi",
        "eero.esko@forssa.fi",
    ]
    assert AuditEvent.objects.filter(action="user.invited").count() == 2
    assert AuditEvent.objects.get(action="people.bulk_invited").changes == {"rows": [None, 2]}


def test_an_xlsx_file_works_the_same(client_for, coordinator):
    upload = _xlsx(
        [
            ["email", "first_name", "last_name", "organisation", "role"],
            ["aino.aalto@tammela.fi", "Aino", "Aalto", "0153179-4", "member"],
        ]
    )
    preview = client_for(coordinator).post("/console/people/import/", {"file": upload})
    assert preview.context["rows"][0].ok
    assert preview.context["rows"][0].organisation.slug == "tammela"


def test_bad_rows_are_each_explained_and_nothing_is_saved(
    client_for, coordinator, forssa_member, assert_unchanged
):
    text = (
        "email;first_name;last_name;organisation;role\n"
        "aino.aalto@tammela.fi;Aino;Aalto;tammela;member\n"
        "aino.aalto@tammela.fi;Aino;Aalto;tammela;member\n"
        "x@y.fi;Xavier;Ypsilon;Narnia;member\n"
        f"{forssa_member.email};Jo;Olemassa;forssa;member\n"
        "ei-osoite;Ei;Osoite;forssa;pomo\n"
    )
    with assert_unchanged():
        response = client_for(coordinator).post("/console/people/import/", {"file": _upload(text)})
    rows = response.context["rows"]
    assert rows[0].ok
    assert "myös rivillä 2" in rows[1].errors[0]
    assert rows[2].errors == ["Tuntematon organisaatio ”Narnia”."]
    assert "on jo käyttäjätili" in rows[3].errors[0]
    assert len(rows[4].errors) == 2
    page = response.content.decode()
    assert "4 rivillä on virheitä. Ketään ei kutsuttu." in page
    assert response.context["payload"] == ""


def test_a_tampered_confirmation_is_checked_again(client_for, coordinator, assert_unchanged):
    from console import bulk

    payload = bulk.sign(
        [{"_line": 2, "email": "a@b.fi", "first_name": "A", "last_name": "B", "organisation": "x"}]
    )
    with assert_unchanged():
        response = client_for(coordinator).post("/console/people/import/", {"payload": payload})
    assert response.status_code == 200
    assert not response.context["rows"][0].ok
    with assert_unchanged():
        forged = client_for(coordinator).post("/console/people/import/", {"payload": "forged"})
    assert forged.status_code == 302


def test_an_organisation_admin_imports_only_into_their_own_organisation(
    client_for, forssa_admin, assert_unchanged
):
    text = (
        "email;first_name;last_name;organisation\nx@riihimaki.fi;X;Y;riihimaki\nz@forssa.fi;Z;W;\n"
    )
    with assert_unchanged():
        response = client_for(forssa_admin).post("/console/people/import/", {"file": _upload(text)})
    rows = response.context["rows"]
    assert "vain omaan organisaatioosi" in rows[0].errors[0]
    assert rows[1].ok and rows[1].organisation.slug == "forssa"


def test_a_file_without_the_needed_columns_is_refused(client_for, coordinator, assert_unchanged):
    with assert_unchanged():
        response = client_for(coordinator).post(
            "/console/people/import/", {"file": _upload("nimi;puhelin\nA;1\n")}
        )
    assert "Tiedostosta puuttuu" in response.content.decode()
