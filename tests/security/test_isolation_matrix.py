"""The isolation matrix (issue 11, point 4): every URL pattern of the URLconf, tried with GET,
an htmx GET and POST by each persona on objects they have no part in. Writes are refused with
the database unchanged and no mail sent; non-public reads are refused the same way; and no
answer — page, fragment, calendar file, feed, CSV, XLSX, PDF, JSON — carries a marker the
persona may not see. The expected outcomes are in expectations.py."""

from __future__ import annotations

import inspect

import pytest
from django.core import mail
from django.test import Client
from django.urls import resolve, reverse

from tests.conftest import db_snapshot

from .expectations import ADMIN_PREFIX, LOGIN, MATRIX, MOVED, OPEN, REFUSED, SAFE, Case, Outcome
from .outputs import mail_text, response_text
from .page_forms import post_forms_to
from .urlconf import all_patterns
from .world import MARKERS_HIDDEN_FROM_ALL as MARKERS
from .world import PERSONAS, World, markers_hidden_from

PATTERNS = {p.route: p for p in all_patterns()}
CASES = [
    pytest.param(route, index, id=f"{route or '/'}#{index}")
    for route, cases in MATRIX.items()
    for index in range(len(cases))
]


def test_every_pattern_has_an_entry():
    routed = {route for route in PATTERNS if not route.startswith(ADMIN_PREFIX)}
    assert sorted(routed - MATRIX.keys()) == [], "URL patterns with no entry in the matrix"
    assert sorted(MATRIX.keys() - routed) == [], "entries for patterns that no longer exist"


def _client(world: World, persona: str) -> Client:
    client = Client()
    user = world.users[persona]
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def _fits(expected: str, persona: str, response, method: str) -> bool:
    code = response.status_code
    if method == "post" and code == 405:
        return True  # a read-only view that takes no POST does nothing
    if expected == MOVED:
        return code == 302 and not _to_login(response)
    if expected == OPEN:
        return code == 200
    if expected == LOGIN:
        return _to_login(response) if persona == "anonymous" else code == 200
    if expected == REFUSED:
        return code in (400, 403, 404, 405) or (persona == "anonymous" and _to_login(response))
    assert expected == SAFE, expected
    return code < 500


def _expected(outcome: Outcome, persona: str) -> str:
    return outcome[persona] if isinstance(outcome, dict) else outcome


def _leaks(persona: str, text: str) -> list[str]:
    return [what for what, marker in markers_hidden_from(persona).items() if marker in text]


def _harvested_data(world: World, path: str) -> dict[str, list[str]]:
    """What the coordinator's copy of the page would submit: a write that is not refused
    would then really change something, and the snapshot would show it."""
    response = _client(world, "coordinator").get(path)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return {}
    forms = post_forms_to(response.content.decode(), path)
    return forms[0].data() if forms else {}


def _request(client: Client, method: str, url: str, data, **headers):
    try:
        return getattr(client, method)(url, data, headers=headers), None
    except Exception as exc:  # noqa: BLE001 - a crash is a finding, reported with the rest
        return None, f"{type(exc).__name__}: {exc}"


def _reads_htmx(url: str) -> bool:
    """Whether the view's module branches on htmx: its fragments are then asked for too."""
    view = resolve(url.split("?")[0]).func
    module = inspect.getmodule(view)
    return module is not None and "htmx" in inspect.getsource(module)


def _try(world: World, case: Case, url: str, persona: str, post_data) -> list[str]:
    client = _client(world, persona)
    problems = []
    attempts: list[tuple[str, str, Outcome, dict | None, dict[str, str]]] = [
        ("GET", "get", case.get, None, {}),
        ("POST", "post", case.post, post_data, {}),
    ]
    if _reads_htmx(url):
        attempts.append(("htmx GET", "get", case.get, None, {"HX-Request": "true"}))
    for label, method, outcome, data, headers in attempts:
        expected = _expected(outcome, persona)
        body = data if (data is not None and expected == REFUSED) else {}
        response, crash = _request(client, method, url, body, **headers)
        if crash or response is None:
            problems.append(f"{persona} {label}: {crash}")
            continue
        if not _fits(expected, persona, response, method):
            problems.append(f"{persona} {label}: {response.status_code}, expected {expected}")
        leaked = _leaks(persona, response_text(response))
        if leaked:
            problems.append(f"{persona} {label}: shows {leaked}")
    return problems


@pytest.mark.parametrize(("route", "index"), CASES)
def test_each_persona_is_refused_or_sees_only_what_it_may(route, index, world, db):
    case = MATRIX[route][index]
    url = PATTERNS[route].url(case.kwargs(world)) + case.query
    refused = any(_expected(case.post, p) == REFUSED for p in PERSONAS)
    post_data = _harvested_data(world, url.split("?")[0]) if refused else {}
    before = db_snapshot()
    mail.outbox.clear()
    problems = []
    for persona in PERSONAS:
        problems += _try(world, case, url, persona, post_data)
    after = db_snapshot()
    changed = [t for t, rows in after.items() if rows != before.get(t) and t not in case.writes]
    if changed:
        problems.append(f"tables changed: {changed}")
    assert not problems, f"{url}:\n" + "\n".join(problems)
    assert mail.outbox == [], f"{url}: mail sent to {[m.to for m in mail.outbox]}"


def test_no_mail_to_a_persona_carries_a_marker(world, db):
    """Every mail of the world's outbox (invitations, the invitation to Riihimäki) as its
    recipient's client reads it; the preparer is invited to the wellbeing forum's meetings."""
    from portal.models import OutboundEmail

    emails = {user.email: persona for persona, user in world.users.items() if user is not None}
    read = 0
    for row in OutboundEmail.objects.all():
        message = row.build_message()
        for address in message.to:
            if address in emails:
                read += 1
                assert _leaks(emails[address], mail_text(message)) == [], message.subject
    assert read > 0


def test_the_admin_sends_every_persona_to_its_login(world, db):
    """Every admin pattern, filled with a plain id: no persona is staff."""
    before = db_snapshot()
    problems = []
    for route, pattern in PATTERNS.items():
        if not route.startswith(ADMIN_PREFIX) or route in {"admin/login/", "admin/logout/"}:
            continue
        url = pattern.url(dict.fromkeys(pattern.arguments, "1"))
        for persona in PERSONAS:
            client = _client(world, persona)
            # Every persona reads; two write (the admin's one login check guards both alike).
            methods = ("get", "post") if persona in {"anonymous", "party_admin"} else ("get",)
            for method in methods:
                response, crash = _request(client, method, url, {})
                if crash or response is None:
                    problems.append(f"{url} {persona} {method}: {crash}")
                elif not (response.status_code == 302 and "/login/" in response["Location"]):
                    problems.append(f"{url} {persona} {method}: {response.status_code}")
    assert not problems, "\n".join(problems)
    assert db_snapshot() == before


@pytest.mark.parametrize(
    ("path", "who", "marker"),
    [
        ("members_meeting", "convener", "confidential item proposal"),
        ("members_meeting.ics", "convener", "members-only meeting's link"),
        ("public_meeting.ics", "convener", "convener's e-mail"),
        ("draft_value", "coordinator", "unapproved value's note"),
        ("register", "convener", "confidential decision"),
    ],
)
def test_the_markers_are_found_where_they_may_be_seen(path, who, marker, world, db):
    """The other side of the matrix: the same reading finds each marker for a reader who
    may see it, so a marker that is never found is not mistaken for one that is hidden."""
    urls = {
        "members_meeting": f"/structure/meetings/{world.pk('members_meeting')}/",
        "members_meeting.ics": f"/structure/meetings/{world.pk('members_meeting')}/meeting.ics",
        "public_meeting.ics": f"/structure/meetings/{world.pk('public_meeting')}/meeting.ics",
        "draft_value": f"/metrics/value/{world.pk('draft_value')}/",
        "register": "/structure/meetings/bodies/avoin-ryhma/register/",
    }
    reader = world.objects["convener"] if who == "convener" else world.users["coordinator"]
    client = Client()
    client.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(urls[path])
    assert response.status_code == 200
    assert MARKERS[marker] in response_text(response)


def test_the_published_report_is_searched_as_text(world, db):
    """The PDF is read through pdftotext and the workbook through its sheets, so a marker in
    them would be found (the matrix searches both for every persona)."""
    version = world.objects["published_report"]
    base = f"/reports/version/{version.pk}"
    pdf = Client().get(f"{base}/{version.download_name}")
    assert "2025" in response_text(pdf).split("%PDF")[0]
    sheets = Client().get(f"{base}/tables.xlsx")
    assert "<sheetData" in response_text(sheets)
