"""Hostile input on every form (issue 11, point 5), generated from the forms the pages
render: each field of each form the coordinator is offered on every page of the matrix gets
empty text, 10,000 characters, NUL bytes, lone surrogates, line breaks, negative and huge
numbers, impossible dates, words for numbers, a foreign object's id and bad uploads. No
answer is an error; a refused value is refused with a message and writes nothing; a value
that is accepted breaks no page or export afterwards."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from .expectations import MATRIX
from .hostile import PARAMETERS, Value, must_refuse, values_for
from .page_forms import PageForm, forms_of
from .urlconf import all_patterns
from .world import World

PATTERNS = {p.route: p for p in all_patterns()}
PAGES = [
    pytest.param(route, index, id=f"{route or '/'}#{index}")
    for route, cases in MATRIX.items()
    if not route.startswith("accounts/")  # allauth's own forms: tested by allauth
    for index in range(len(cases))
]
# After an accepted value, these outputs of the same part of the portal must still work.
OUTPUTS = {
    "structure/meetings/": [
        "/structure/meetings/{public_meeting}/meeting.ics",
        "/structure/meetings/bodies/avoin-ryhma.ics",
    ],
    "metrics/": ["/metrics/export/?format=csv", "/metrics/export/?format=xlsx"],
    "console/": ["/console/audit/export.csv"],
    "organisations/": ["/organisations/"],
}


class _Rollback(Exception):
    """Leaves the savepoint: each hostile request starts from the same world."""


@dataclass
class Findings:
    lines: list[str] = field(default_factory=list)

    def add(self, where: str, what: str) -> None:
        self.lines.append(f"{where}: {what}")


def _client(user) -> Client:
    client = Client(raise_request_exception=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _rendered_forms(response) -> list[forms.BaseForm]:
    found: list[forms.BaseForm] = []
    for context in response.context or []:
        values = context.flatten() if hasattr(context, "flatten") else dict(context)
        for value in values.values():
            found += [f for f in _forms_in(value) if f not in found]
    return found


def _form_fields(response) -> dict[str, forms.Field]:
    """The rendered forms' fields by the name they are submitted under."""
    return {
        form.add_prefix(name): f
        for form in _rendered_forms(response)
        for name, f in form.fields.items()
    }


def _forms_in(value) -> list[forms.BaseForm]:
    if isinstance(value, forms.BaseForm):
        return [value]
    if isinstance(value, forms.BaseFormSet):
        return [*value.forms, value.management_form]
    return []


def _body(form: PageForm, name: str, value: Value) -> tuple[bytes | dict, str | None]:
    """The form's own data with one field replaced: urlencoded bytes (so that any byte can be
    sent), or a multipart dict when the value is a file."""
    data = form.data()
    if isinstance(value, SimpleUploadedFile) or form.enctype == "multipart/form-data":
        if isinstance(value, bytes):
            value = value.decode("utf-8", "surrogateescape").encode("utf-8", "replace").decode()
        return {**{k: v for k, v in data.items() if k != name}, name: value}, None
    data[name] = [value]  # type: ignore[list-item]
    return urlencode(data, doseq=True).encode(), "application/x-www-form-urlencoded"


def _written_sql(queries) -> list[str]:
    verbs = ("INSERT", "UPDATE", "DELETE")
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(verbs) and "django_session" not in q["sql"]
    ]


def _writes(queries) -> list[str]:
    return [sql[:80] for sql in _written_sql(queries)]


def _path(response) -> str:
    return response.wsgi_request.path


def _field_has_error(response, name: str) -> bool:
    for form in _rendered_forms(response):
        if form.is_bound and name in {form.add_prefix(n) for n in form.errors}:
            return True
    return False


def _outputs_after(
    client: Client, world: World, route: str, response, where: str, found: Findings
) -> None:
    urls = [response["Location"]] if response.status_code == 302 else []
    if urls and re.fullmatch(r"/structure/meetings/\d+/", urls[0]):
        urls.append(urls[0] + "meeting.ics")  # the meeting just saved, as a calendar file
    for prefix, outputs in OUTPUTS.items():
        if route.startswith(prefix):
            urls += [u.format(**{k: world.pk(k) for k in ("public_meeting",)}) for u in outputs]
    for url in urls:
        try:
            later = client.get(url)
        except Exception as exc:  # noqa: BLE001 - reported with the rest
            found.add(where, f"then {url} raises {type(exc).__name__}: {exc}")
            continue
        if later.status_code >= 500:
            found.add(where, f"then {url} answers {later.status_code}")


def _attacked_fields(form: PageForm) -> dict[str, str]:
    """Each field once (a multiple choice is one field however many boxes it has), and of a
    formset its first row and its form count only: the other rows are the same fields."""
    chosen: dict[str, str] = {}
    for f in form.fields:
        row = re.search(r"-(\d+)-", f.name)
        skipped = (row and row.group(1) != "0") or f.name.endswith(
            ("INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
        )
        if f.name != "csrfmiddlewaretoken" and not skipped:
            chosen.setdefault(f.name, f.kind)
    return chosen


def _attack(client, world, route, url, form: PageForm, fields, found: Findings) -> None:
    limit = getattr(settings, "PORTAL_UPLOAD_MAX_BYTES", settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
    for name, kind in _attacked_fields(form).items():
        refuse = must_refuse(fields.get(name), kind)
        for label, value in values_for(fields.get(name), kind, limit).items():
            where = f"{url} {name}={label}"
            _one(client, world, route, url, form, name, label, value, label in refuse, where, found)


def _one(client, world, route, url, form, name, label, value, refuse, where, found) -> None:
    body, content_type = _body(form, name, value)
    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                if form.method == "get":
                    response = client.get(
                        url + "?" + urlencode(form.data() | {name: [value]}, doseq=True)
                    )
                elif content_type:
                    response = client.post(url, body, content_type=content_type)
                else:
                    response = client.post(url, body)
            _judge(client, world, route, response, queries, name, refuse, where, found, form)
            raise _Rollback
    except _Rollback:
        pass
    except Exception as exc:  # noqa: BLE001 - a crash is the finding
        found.add(where, f"raises {type(exc).__name__}: {str(exc)[:120]}")


def _stored_nul(queries) -> bool:
    """PostgreSQL refuses text with a NUL byte, so SQLite must never be given one either."""
    return any("\x00" in sql for sql in _written_sql(queries.captured_queries))


def _confirm(client, world, route, url, response, form: PageForm, where, found) -> None:
    """A file is read into a preview whose own form (carrying what was read) confirms it:
    submit that form too, as the user would."""
    asked = {f.name for f in form.fields}
    for step in forms_of(response.content.decode()):
        new = {f.name for f in step.fields} - asked
        if step.method == "post" and (step.action or url).split("?")[0] == url and new:
            with CaptureQueriesContext(connection) as queries:
                later = client.post(url, step.data())
            if later.status_code >= 500:
                found.add(where, f"confirmed, answers {later.status_code}")
            if _stored_nul(queries):
                found.add(where, "confirmed, stored a NUL byte")
            if later.status_code == 302:
                _outputs_after(client, world, route, later, where, found)


def _judge(client, world, route, response, queries, name, refuse, where, found, form) -> None:
    if _stored_nul(queries):
        found.add(where, "stored a NUL byte")
    if response.status_code >= 500:
        found.add(where, f"answers {response.status_code}")
    elif response.status_code == 200 and form.method == "post":
        if _writes(queries.captured_queries):
            found.add(where, f"refused but wrote {_writes(queries.captured_queries)}")
        if refuse and not _field_has_error(response, name):
            found.add(where, "refused without a message on the field")
        if form.enctype == "multipart/form-data":
            _confirm(client, world, route, _path(response), response, form, where, found)
    elif response.status_code == 302:
        if refuse and form.method == "post":
            found.add(where, "accepted")
        _outputs_after(client, world, route, response, where, found)


@pytest.mark.parametrize(("route", "index"), PAGES)
def test_no_hostile_value_crashes_a_form_or_is_stored(route, index, world, db):
    case = MATRIX[route][index]
    url = PATTERNS[route].url(case.kwargs(world))
    client = _client(world.users["coordinator"])
    page = client.get(url + case.query)
    if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
        return
    fields = _form_fields(page)
    found = Findings()
    for form in forms_of(page.content.decode()):
        target = form.action.split("?")[0] or url
        if target != url:
            continue
        _attack(client, world, route, url, form, fields, found)
    assert not found.lines, "\n".join(found.lines)


_READS = re.compile(r"request\.(GET|POST)(?:\.get|\.getlist)?[(\[]\s*\"(\w+)\"")


def _parameters_read(url: str) -> set[tuple[str, str]]:
    """(method, name) of each parameter the view reads from request.GET / request.POST."""
    view = inspect.unwrap(resolve(url).func)
    return {(method.lower(), name) for method, name in _READS.findall(inspect.getsource(view))}


@pytest.mark.parametrize(("route", "index"), PAGES)
def test_no_hostile_value_in_a_parameter_a_view_reads_crashes_it(route, index, world, db):
    """Filters, years, months, pages, answers, ids: whatever the view reads by hand."""
    case = MATRIX[route][index]
    url = PATTERNS[route].url(case.kwargs(world))
    client = _client(world.users["coordinator"])
    found = Findings()
    for method, name in sorted(_parameters_read(url)):
        for label, value in PARAMETERS.items():
            body = urlencode({name: value}).encode()
            where = f"{method.upper()} {url} {name}={label}"
            try:
                with transaction.atomic():
                    if method == "get":
                        response = client.get(url + "?" + body.decode())
                    else:
                        response = client.post(url, body, "application/x-www-form-urlencoded")
                    if response.status_code >= 500:
                        found.add(where, f"answers {response.status_code}")
                    raise _Rollback
            except _Rollback:
                pass
            except Exception as exc:  # noqa: BLE001 - a crash is the finding
                found.add(where, f"raises {type(exc).__name__}: {str(exc)[:120]}")
    assert not found.lines, "\n".join(found.lines)
