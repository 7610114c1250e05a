"""Uploads are checked by content and size, stored under random names and served only by
permission-checked views, always as attachments (portal.lib.files)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import cast

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.datastructures import MultiValueDict

from portal.lib import files

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
PLAIN_ZIP = zipped({"readme.txt": b"hello"})


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, "pdf"),
        (DOCX, "docx"),
        (XLSX, "xlsx"),
        (ODT, "odt"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        ("Pöytäkirja\n".encode(), "text"),
        (b'{"a": 1}', "json"),
        (PLAIN_ZIP, None),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),
        ("Latin-1 ä".encode("latin-1"), None),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", None),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", None),
        (b"  <?xml version='1.0'?><svg/>", None),
    ],
)
def test_a_file_is_known_by_its_content(content, kind):
    assert files.detect(io.BytesIO(content)) == kind


def test_an_accepted_document_passes_whatever_its_name_says():
    assert files.check_upload(upload("x.docx", PDF), allowed=files.DOCUMENTS, max_bytes=10**6) == (
        "pdf"
    )
    assert files.check_upload(upload("plan.txt", b"Plan"), allowed=files.DOCUMENTS, max_bytes=99)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("kuva.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("sivu.pdf", b"<html><body>not a pdf</body></html>"),
        ("ohjelma.pdf", b"MZ\x90\x00\x03"),
        ("arkisto.docx", PLAIN_ZIP),
        ("kuva.png", b"\x89PNG\r\n\x1a\n"),  # images are not documents
    ],
)
def test_a_mistyped_upload_is_refused_with_what_the_field_takes(name, content):
    with pytest.raises(ValidationError) as error:
        files.check_upload(upload(name, content), allowed=files.DOCUMENTS, max_bytes=10**6)
    assert error.value.code == "file_type"
    assert "PDF" in str(error.value.messages[0])


def test_an_oversized_or_empty_upload_is_refused():
    with pytest.raises(ValidationError) as error:
        files.check_upload(upload("iso.pdf", PDF + b"0" * 2000), allowed=["pdf"], max_bytes=1024)
    assert error.value.code == "file_too_large"
    with pytest.raises(ValidationError) as error:
        files.check_upload(upload("tyhja.pdf", b""), allowed=["pdf"], max_bytes=1024)
    assert error.value.code == "file_empty"


def test_text_is_csv_or_txt_by_its_name_and_json_only_when_it_is_json():
    assert files.check_upload(upload("a.csv", b"a;b\n1;2\n"), allowed=files.TABLES, max_bytes=99)
    assert (
        files.check_upload(upload("a.csv", b"a;b\n"), allowed=("json", "csv"), max_bytes=99)
        == "csv"
    )
    with pytest.raises(ValidationError):
        files.check_upload(upload("r.json", b"a;b\n"), allowed=("json",), max_bytes=99)


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Toimintasuunnitelma 2026.pdf", "pdf", "Toimintasuunnitelma_2026.pdf"),
        ("raportti.html", "pdf", "raportti.pdf"),
        ("../../etc/passwd", "txt", "passwd.txt"),
        ("C:\\Users\\x\\muistio.DOCX", "docx", "muistio.docx"),
        ("..", "pdf", "tiedosto.pdf"),
        ("kuva.jpeg", "jpeg", "kuva.jpeg"),
        ("outo", None, "outo.bin"),
    ],
)
def test_the_name_given_back_is_safe_and_ends_as_the_content_is(name, kind, expected):
    assert files.display_name(name, kind) == expected


def test_a_form_field_refuses_a_mistyped_upload_with_a_message_on_the_field():
    from django import forms

    class Form(forms.Form):
        file = files.CheckedFileField(allowed=files.TABLES, max_bytes=1024)

    form = Form(files=MultiValueDict({"file": [upload("tuonti.csv", PDF)]}))
    assert not form.is_valid()
    assert "CSV" in form.errors["file"][0]
    form = Form(files=MultiValueDict({"file": [upload("tuonti.csv", XLSX)]}))
    assert form.is_valid()
    # Readers that go by the name read the file as what it is.
    assert form.cleaned_data["file"].name == "tuonti.xlsx"


def test_stored_files_have_no_public_address(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    storage = files.PrivateStorage()
    name = storage.save("x/liite.pdf", io.BytesIO(PDF))
    with pytest.raises(ValueError, match="permission-checked"):
        storage.url(name)
    with pytest.raises(Resolver404):
        resolve("/media/" + name)


def test_the_random_name_keeps_only_a_known_ending():
    path = files.TokenPath("meetings")
    a, b = path(None, "Pöytäkirja.pdf"), path(None, "Pöytäkirja.pdf")
    assert a != b and a.startswith("meetings/") and a.endswith(".pdf")
    assert "Pöytäkirja" not in a
    assert path(None, "skripti.html").endswith(".bin")
    assert len(a.rsplit("/", 1)[-1]) >= 32


class _Stored:
    """A FieldFile's face: a name and its storage."""

    def __init__(self, storage, name):
        self.storage, self.name = storage, name

    def __bool__(self):
        return bool(self.name)


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    storage = files.PrivateStorage()
    return _Stored(storage, storage.save("meetings/2026/abc.pdf", io.BytesIO(PDF)))


def test_a_download_is_an_attachment_with_the_original_name_and_safe_headers(stored):
    response = files.serve(stored, filename="Esityslista ä.pdf")
    assert isinstance(response, FileResponse)
    assert b"".join(cast(Iterator[bytes], response.streaming_content)) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Esityslista%20%C3%A4.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_file_of_unknown_kind_is_served_as_bytes(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    storage = files.PrivateStorage()
    name = storage.save("old/kuva.svg", io.BytesIO(b"<svg/>"))
    response = files.serve(_Stored(storage, name), filename="kuva.svg")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_web_server_can_send_the_bytes_after_the_check(stored, settings):
    settings.PORTAL_FILE_SERVING = "x-accel-redirect"
    response = files.serve(stored, filename="a.pdf")
    assert response["X-Accel-Redirect"] == "/protected-files/meetings/2026/abc.pdf"
    assert isinstance(response, HttpResponse) and response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")
    settings.PORTAL_FILE_SERVING = "x-sendfile"
    response = files.serve(stored, filename="a.pdf")
    assert response["X-Sendfile"] == stored.storage.path(stored.name)


@pytest.mark.parametrize("mode", ["django", "x-accel-redirect", "x-sendfile"])
def test_a_missing_file_is_404_not_500(stored, settings, mode):
    from django.http import Http404

    settings.PORTAL_FILE_SERVING = mode
    stored.storage.delete(stored.name)
    with pytest.raises(Http404):
        files.serve(stored, filename="a.pdf")
