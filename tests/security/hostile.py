"""Hostile values for a form field, chosen by the field's class (read from the form the page
rendered) or, failing that, by the input's type in the HTML."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

Value = str | bytes | SimpleUploadedFile

# Sent as raw bytes: a browser can send them, Django's test client cannot encode them.
LONE_SURROGATE = b"\xed\xa0\x80"
TEXT: dict[str, Value] = {
    "empty": "",
    "10,000 characters": "x" * 10_000,
    "a NUL byte": "a\x00b",
    "a lone surrogate": LONE_SURROGATE,
}
ONE_LINE: dict[str, Value] = {"a line break": "eka\nrivi", "a carriage return": "eka\r\ntoka"}
NUMBERS = {
    "negative": "-1",
    "10**30": str(10**30),
    "1e308": "1e308",
    "-1e308": "-1e308",
    "NaN": "NaN",
    "Infinity": "Infinity",
    "-Infinity": "-Infinity",
    "a word": "kaksi",
}
DATES = {
    "2024-02-30": "2024-02-30",
    "0001-01-01": "0001-01-01",
    "0000-00-00": "0000-00-00",
    "9999-12-31": "9999-12-31",
    "a word": "eilen",
}
DATETIMES = {
    "2024-02-30T09:00": "2024-02-30T09:00",
    "0001-01-01T00:00": "0001-01-01T00:00",
    "0000-00-00T00:00": "0000-00-00T00:00",
    "9999-12-31T23:59": "9999-12-31T23:59",
    "a word": "huomenna",
}
CHOICES = {
    "10**30": str(10**30),
    "negative": "-1",
    "a word": "kaksi",
    "NaN": "NaN",
    "1e308": "1e308",
}


def must_refuse(field: forms.Field | None, kind: str) -> set[str]:
    """The values this field must refuse with a message on the field itself: NUL bytes in
    text, keys no row can have in a choice of rows, line breaks in one-line text."""
    if isinstance(field, forms.ModelChoiceField):
        return {"10**30"}
    if isinstance(field, forms.CharField) and not isinstance(field, forms.ChoiceField):
        one_line = getattr(field.widget, "input_type", None) in {
            "text",
            "email",
            "url",
            "search",
            "tel",
        }
        return {"a NUL byte"} | ({"a line break", "a carriage return"} if one_line else set())
    return set()


def _uploads(limit: int) -> dict[str, SimpleUploadedFile]:
    return {
        "an empty file": SimpleUploadedFile("tyhja.pdf", b"", "application/pdf"),
        "text named as a PDF": SimpleUploadedFile("liite.pdf", b"not a pdf\n", "application/pdf"),
        "text named as a workbook": SimpleUploadedFile(
            "arvot.xlsx", b"a;b\n1;2\n", "application/vnd.ms-excel"
        ),
        "an oversized file": SimpleUploadedFile(
            "iso.pdf", b"%PDF-1.7\n" + b"0" * (limit + 1), "application/pdf"
        ),
        "a CSV with a NUL byte": SimpleUploadedFile(
            "tiedot.csv",
            b"metric;organisation;year;value;note;email;first_name;last_name\n"
            b"hyte-kerroin;riihimaki;2024;61,7;hu\x00ono;nul@example.com;Nul\x00;Tavu\n",
            "text/csv",
        ),
        "JSON with a NUL and a lone surrogate": SimpleUploadedFile(
            "sotkanet.json",
            b'[{"indicator": "1\\u0000", "region": "\\ud800", "year": 2024, "gender": "total",'
            b' "value": 1}]',
            "application/json",
        ),
        "HTML named as a picture": SimpleUploadedFile(
            "kuva.png", b"<html><script>alert(1)</script></html>", "image/png"
        ),
    }


def foreign_id(field: forms.Field) -> dict[str, str]:
    """The id of a row of the field's model that the form does not offer."""
    if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
        return {}
    model = field.queryset.model
    other = model._default_manager.exclude(pk__in=field.queryset.values("pk")).first()
    return {"a foreign object's id": str(other.pk)} if other is not None else {}


def values_for(field: forms.Field | None, kind: str, upload_limit: int) -> dict[str, Value]:
    """What to try in one field."""
    if kind == "file" or isinstance(field, forms.FileField):
        return {**_uploads(upload_limit), "a word instead of a file": "kaksi"}
    values: dict[str, Value] = {
        "empty": "",
        "a NUL byte": "1\x00",
        "a lone surrogate": LONE_SURROGATE,
    }
    if isinstance(field, forms.ModelChoiceField | forms.ChoiceField) or kind == "select":
        return {**values, **CHOICES, **(foreign_id(field) if field else {})}
    if isinstance(field, forms.DateTimeField) or kind == "datetime-local":
        return {**values, **DATETIMES}
    if isinstance(field, forms.DateField) or kind == "date":
        return {**values, **DATES}
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return {**values, **NUMBERS}
    if kind == "number":
        return {**values, **NUMBERS}
    if kind in {"checkbox", "checkbox-unchecked", "radio", "radio-unchecked", "hidden"}:
        return {**values, "10**30": str(10**30), "a word": "kaksi"}
    text: dict[str, Value] = {**TEXT}
    if kind != "textarea":
        text.update(ONE_LINE)
    return text


# For the parameters a view reads straight from request.GET / request.POST.
PARAMETERS: dict[str, str | bytes] = {
    "10**30": str(10**30),
    "-10**30": str(-(10**30)),
    "1e308": "1e308",
    "NaN": "NaN",
    "Infinity": "Infinity",
    "a superscript digit": "²",  # str.isdigit() says yes, int() says no
    "a NUL byte": "1\x00",
    "a lone surrogate": LONE_SURROGATE,
    "year 9999": "9999",
    "year 0": "0",
    "an impossible date": "2024-02-30",
    "10,000 characters": "9" * 10_000,
}
