"""Uploaded files: checked by content, stored under unguessable names, served only by views
that have checked the reader's permission.

- :func:`detect` tells a file's kind from its bytes (magic numbers, the inner marker of a zip
  container, UTF-8 text), never from its name or the browser's Content-Type.
- :class:`CheckedFileField` is the form field every upload goes through: allowed kinds and a
  size limit per field, a clear message on the field, nothing saved when it fails.
- :class:`PrivateFileField` is the model field: the file is stored as
  ``<folder>/<year>/<random token>.<ext>``, its original name kept in a sibling field for
  ``Content-Disposition``; a form made from the model gets a :class:`CheckedFileField`.
- :class:`PrivateStorage` has no public URL: ``FieldFile.url`` raises, so a template can never
  link past the permission check.
- :func:`serve` answers a download: always ``attachment``, ``nosniff``, a Content-Type from the
  checked kind, and, with ``PORTAL_FILE_SERVING``, the bytes handed to the web server
  (``X-Accel-Redirect`` for nginx, ``X-Sendfile`` for Apache/lighttpd) after the check.
"""

from __future__ import annotations

import io
import os
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import Promise as StrPromise
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    name: str
    label: str | StrPromise
    extension: str
    content_type: str
    other_extensions: tuple[str, ...] = ()


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("pdf", "PDF", ".pdf", "application/pdf"),
        Kind(
            "docx",
            "Word (DOCX)",
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        Kind(
            "xlsx",
            "Excel (XLSX)",
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        Kind("odt", "OpenDocument (ODT)", ".odt", "application/vnd.oasis.opendocument.text"),
        Kind(
            "ods",
            "OpenDocument (ODS)",
            ".ods",
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        Kind("txt", _("text (UTF-8)"), ".txt", "text/plain; charset=utf-8", (".md",)),
        Kind("csv", "CSV (UTF-8)", ".csv", "text/csv; charset=utf-8"),
        Kind("json", "JSON (UTF-8)", ".json", "application/json"),
        Kind("png", "PNG", ".png", "image/png"),
        Kind("jpeg", "JPEG", ".jpg", "image/jpeg", (".jpeg",)),
    )
}
OCTET_STREAM = "application/octet-stream"

# What each kind of upload may be (README: Configuration → uploads).
DOCUMENTS = ("pdf", "docx", "odt", "xlsx", "ods", "txt")
TABLES = ("csv", "xlsx")

_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
# Text that a browser would render as markup or run as script is never "text" here.
_MARKUP_STARTS = ("<!doctype", "<html", "<svg", "<?xml", "<script", "<head", "<body", "<iframe")
_HEAD = 8192


def _read_all(file: IO[bytes] | Any) -> bytes:
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    if hasattr(file, "seek"):
        file.seek(0)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                kind = _ODF_MIMETYPES.get(archive.read("mimetype").strip())
                if kind:
                    return kind
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return None
    return None


def _text_kind(data: bytes) -> str | None:
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    start = text.lstrip()[:64].lower()
    if start.startswith(_MARKUP_STARTS) or "<svg" in text[:_HEAD].lower():
        return None
    if start.startswith(("{", "[")):
        return "json"
    return "text"


def detect(file: IO[bytes] | Any) -> str | None:
    """The kind of a file from its content (a key of :data:`KINDS`, or "text" for UTF-8 text
    that may be TXT or CSV), or None when it is none of the kinds the portal accepts."""
    data = _read_all(file)
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return _text_kind(data)


def _resolve(detected: str | None, name: str, allowed: Iterable[str]) -> str | None:
    """Plain UTF-8 text is TXT or CSV by its name's ending, whichever the field allows."""
    allowed = tuple(allowed)
    if detected == "json" and "json" not in allowed:
        detected = "text"
    if detected != "text":
        return detected if detected in allowed else None
    suffix = PurePosixPath(name.lower()).suffix
    if any(
        suffix in (kind.extension, *kind.other_extensions)
        for kind in KINDS.values()
        if kind.name not in ("csv", "txt")
    ):
        return None  # text named as a PDF, a workbook or a picture is not what it claims
    text_kinds = [k for k in ("csv", "txt") if k in allowed]
    for kind in text_kinds:
        if suffix in (KINDS[kind].extension, *KINDS[kind].other_extensions):
            return kind
    return text_kinds[0] if text_kinds else None


def allowed_text(allowed: Iterable[str]) -> str:
    return ", ".join(str(KINDS[k].label) for k in allowed)


def check_upload(upload, *, allowed: Iterable[str], max_bytes: int) -> str:
    """The upload's kind, or a ValidationError saying what the field takes."""
    allowed = tuple(allowed)
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(size)s MB.") % {"size": max_bytes // MB},
            code="file_too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    kind = _resolve(detect(upload), getattr(upload, "name", "") or "", allowed)
    if kind is None:
        raise ValidationError(
            _("This file's content is not one of the accepted kinds: %(kinds)s.")
            % {"kinds": allowed_text(allowed)},
            code="file_type",
        )
    return kind


def display_name(name: str, kind: str | None) -> str:
    """The name given back on download: the uploader's own name, made safe for a header and a
    file system, with the ending of the kind its content really is."""
    base = os.path.basename((name or "").replace("\\", "/"))
    path = PurePosixPath(base)
    stem = path.stem if path.suffix else base
    try:
        stem = get_valid_filename(stem)[:150]
    except Exception:  # noqa: BLE001 — Django refuses names like "..": use a plain word
        stem = ""
    stem = stem or "tiedosto"
    if kind is None:
        return f"{stem}.bin"
    spec = KINDS[kind]
    suffix = path.suffix.lower()
    if suffix in (spec.extension, *spec.other_extensions):
        return f"{stem}{suffix}"
    return f"{stem}{spec.extension}"


def content_type_for(name: str) -> str:
    suffix = PurePosixPath(name.lower()).suffix
    for spec in KINDS.values():
        if suffix in (spec.extension, *spec.other_extensions):
            return spec.content_type
    return OCTET_STREAM


class CheckedFileField(forms.FileField):
    """A form's file field checked by content and size (see :func:`check_upload`)."""

    def __init__(self, *args, allowed: Iterable[str] = DOCUMENTS, max_bytes: int = 10 * MB, **kw):
        self.allowed = tuple(allowed)
        self.max_bytes = max_bytes
        super().__init__(*args, **kw)
        if not self.help_text:
            self.help_text = _("%(kinds)s; at most %(size)s MB.") % {
                "kinds": allowed_text(self.allowed),
                "size": max_bytes // MB,
            }
        accept = ",".join(
            ext for k in self.allowed for ext in (KINDS[k].extension, *KINDS[k].other_extensions)
        )
        self.widget.attrs.setdefault("accept", accept)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial and hasattr(upload, "read"):
            kind = check_upload(upload, allowed=self.allowed, max_bytes=self.max_bytes)
            # Readers that go by the name (CSV or XLSX?) then read what the content is.
            upload.name = display_name(upload.name or "", kind)
        return upload


class PrivateFileInput(forms.ClearableFileInput):
    """Shows the current file's name, never a link: files have no public address."""

    template_name = "portal/widgets/private_file_input.html"


class PrivateStorage(FileSystemStorage):
    """Uploaded files under ``MEDIA_ROOT`` (``PORTAL_FILE_STORAGE``/uploads) with no URL."""

    def url(self, name):
        raise ValueError(
            "Uploaded files have no public URL; link to the permission-checked download view."
        )


@deconstructible
class TokenPath:
    """``upload_to``: ``<folder>/<year>/<32 random characters><ext>``."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePosixPath(filename).suffix.lower()
        if content_type_for(filename) == OCTET_STREAM:
            suffix = ".bin"
        year = timezone.localdate().year
        return f"{self.folder}/{year}/{secrets.token_urlsafe(24)}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, TokenPath) and other.folder == self.folder


class PrivateFileField(models.FileField):
    """A model's uploaded file: stored under a random name in :class:`PrivateStorage`, its
    original name (with the ending of its real kind) written to ``name_field`` on save."""

    def __init__(
        self,
        *args,
        folder: str = "files",
        name_field: str = "",
        allowed: Iterable[str] = DOCUMENTS,
        max_bytes: int = 10 * MB,
        **kwargs,
    ):
        self.folder = folder
        self.name_field = name_field
        self.allowed = tuple(allowed)
        self.max_bytes = max_bytes
        kwargs["upload_to"] = TokenPath(folder)
        kwargs.setdefault("max_length", 300)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("upload_to", None)
        kwargs.pop("storage", None)
        kwargs.update(
            folder=self.folder,
            name_field=self.name_field,
            allowed=list(self.allowed),
            max_bytes=self.max_bytes,
        )
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            kind = detect(file.file)
            if kind in ("text", "json"):
                kind = _resolve(kind, file.name or "", self.allowed) or "txt"
            file.name = display_name(file.name or "", kind)
            if self.name_field:
                setattr(model_instance, self.name_field, file.name)
        return super().pre_save(model_instance, add)

    def formfield(self, form_class=None, choices_form_class=None, **kwargs):
        return super().formfield(
            form_class=form_class or CheckedFileField,
            choices_form_class=choices_form_class,
            **{
                "allowed": self.allowed,
                "max_bytes": self.max_bytes,
                "widget": PrivateFileInput,
                **kwargs,
            },
        )


def serve(field_file, *, filename: str = "") -> HttpResponseBase:
    """A download of a stored file, after the caller's permission check. 404 when the file is
    gone (a missing file is never a 500)."""
    if not field_file:
        raise Http404
    name = field_file.name
    filename = filename or display_name(name, None)
    content_type = content_type_for(name)
    mode = settings.PORTAL_FILE_SERVING
    if mode == "django":
        try:
            handle = field_file.storage.open(name, "rb")
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            raise Http404 from exc
        response: HttpResponseBase = FileResponse(handle, content_type=content_type)
    elif field_file.storage.exists(name):
        response = HttpResponse(content_type=content_type)
        if mode == "x-accel-redirect":
            response["X-Accel-Redirect"] = settings.PORTAL_FILE_INTERNAL_URL + str(name)
        else:  # "x-sendfile"
            response["X-Sendfile"] = str(field_file.storage.path(name))
    else:
        raise Http404
    return protect(response, filename)


def protect(response: HttpResponseBase, filename: str) -> HttpResponseBase:
    """The headers every served upload carries, whatever its kind."""
    # Never None: content_disposition_header gives None only for inline without a name.
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Should a browser ever render it anyway: no script, no plugin, no same-origin access.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
