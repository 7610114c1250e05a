"""What a reader actually receives, as text: HTML, calendar files (unfolded), CSV, the
sheets of an XLSX workbook, the text of a PDF, and every part of a sent mail."""

from __future__ import annotations

import io
import subprocess
import tempfile
import zipfile


def _bytes(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        # check=True: a PDF that cannot be read must fail the test, not pass it unsearched.
        result = subprocess.run(  # noqa: S603
            ["pdftotext", pdf.name, "-"],  # noqa: S607
            capture_output=True,
            check=True,
        )
    return result.stdout.decode("utf-8", "replace")


def _zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return " ".join(
            archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
        )


def as_text(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return _pdf_text(data) + data.decode("latin-1")
    if data.startswith(b"PK\x03\x04"):
        return _zip_text(data)
    # A calendar client unfolds long lines before it reads them.
    return data.decode("utf-8", "replace").replace("\r\n ", "").replace("\r\n\t", "")


def response_text(response) -> str:
    return as_text(_bytes(response)) + " " + str(response.headers)


def mail_text(message) -> str:
    """A sent mail as its recipient's client reads it: headers, body and every part."""
    import email

    parsed = email.message_from_bytes(message.message().as_bytes())
    texts = [str(v) for _k, v in parsed.items()]
    for part in parsed.walk():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            texts.append(as_text(payload))
    return " ".join(texts)
