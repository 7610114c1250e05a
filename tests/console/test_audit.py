"""The audit trail: logins, failed logins, logouts and two-factor changes are recorded; the
page filters and exports in words; nobody adds, changes or deletes an entry."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from console.actions import ACTIONS
from forums.models import Body, Membership
from portal import audit
from portal.models import AuditEvent
from tests.conftest import make_user

HELSINKI = ZoneInfo("Europe/Helsinki")
PASSWORD = "correct horse battery staple"


def test_a_login_through_the_login_page_is_recorded(client, forssa_admin):
    client.post("/accounts/login/", {"login": forssa_admin.email, "password": PASSWORD})
    event = AuditEvent.objects.get(action="auth.logged_in")
    assert (event.actor, event.target_id, event.organisation) == (
        forssa_admin,
        str(forssa_admin.pk),
        forssa_admin.organisation,
    )
    assert event.changes == {"method": [None, "password"]}


def test_a_failed_login_is_recorded_without_the_password(client, forssa_admin):
    client.post("/accounts/login/", {"login": forssa_admin.email, "password": "Arvaus-123456"})
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor is None
    assert event.target_id == str(forssa_admin.pk)
    assert event.changes == {"login": [None, forssa_admin.email]}
    everything = str(list(AuditEvent.objects.values()))
    assert "Arvaus-123456" not in everything


def test_a_failed_login_for_an_unknown_address_is_recorded_too(client, agreement):
    client.post("/accounts/login/", {"login": "nobody@example.fi", "password": "x" * 12})
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert (event.target_id, event.organisation) == ("", None)


def test_a_logout_is_recorded(client_for, forssa_admin):
    client = client_for(forssa_admin)
    client.post("/accounts/logout/")
    assert AuditEvent.objects.filter(action="auth.logged_out", actor=forssa_admin).count() == 1


def test_turning_on_two_factor_authentication_is_recorded(
    client_for, coordinator, django_capture_on_commit_callbacks
):
    from tests.portal.test_mfa import _totp

    client = client_for(coordinator)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/2fa/totp/activate/", {"code": _totp(secret)})
    kinds = {
        e.changes["method"][1]
        for e in AuditEvent.objects.filter(action="auth.mfa_added", target_id=str(coordinator.pk))
    }
    assert kinds == {"totp", "recovery_codes"}
    page = client.get("/console/audit/", {"action": "auth.mfa_added"}).content.decode()
    assert "todennussovellus" in page


def test_every_recorded_action_has_words():
    """Reads the sources: every action code given to portal.audit has a phrase."""
    root = Path(__file__).resolve().parents[2]
    codes = set()
    for path in root.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "audit" not in text:
            continue
        codes |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', text))
        codes |= set(re.findall(r'"(auth\.[a-z_]+)"', text))
    codes |= {"indicator_value.changed"}
    missing = sorted(code for code in codes if code not in ACTIONS)
    assert missing == []


@pytest.fixture
def trail(coordinator, forssa_admin, riihimaki_admin):
    forssa = forssa_admin.organisation
    riihimaki = riihimaki_admin.organisation
    old = audit.record(
        actor=forssa_admin,
        action="organisation.updated",
        target=forssa,
        organisation=forssa,
        changes={"phone": ["1", "2"]},
    )
    AuditEvent.objects.filter(pk=old.pk).update(
        created_at=datetime.datetime(2025, 3, 1, 12, tzinfo=HELSINKI)
    )
    audit.record(
        actor=riihimaki_admin,
        action="organisation.updated",
        target=riihimaki,
        organisation=riihimaki,
        changes={"phone": ["3", "4"]},
    )
    audit.record(
        actor=coordinator,
        action="user.role_changed",
        target=forssa_admin,
        organisation=forssa,
        changes={"role": ["member", "org_admin"]},
    )
    return {"forssa": forssa, "riihimaki": riihimaki}


def test_the_page_shows_who_when_what_and_the_change_in_words(client_for, coordinator, trail):
    page = client_for(coordinator).get("/console/audit/").content.decode()
    page = page.split("<tbody", 1)[1]
    assert "Muutti henkilön roolia" in page
    assert "jäsen" in page and "organisaation pääkäyttäjä" in page
    assert "user.role_changed" not in page
    assert coordinator.display_name in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "user.role_changed"}, 1),
        ({"kind": "organisation"}, 2),
        ({"kind": "person"}, 1),
        ({"date_from": "2025-01-01", "date_to": "2025-12-31"}, 1),
        ({"person": "admin.riihimaki@test.example"}, 1),
        ({"person": "admin.forssa"}, 2),
        ({"organisation": "ORG"}, 2),
    ],
)
def test_the_filters_narrow_the_trail(query, expected, client_for, coordinator, trail):
    query = {k: (trail["forssa"].pk if v == "ORG" else v) for k, v in query.items()}
    response = client_for(coordinator).get("/console/audit/", query)
    assert response.context["page"].paginator.count == expected


@pytest.mark.parametrize("path", ["/console/audit/", "/console/audit/export.csv"])
def test_the_first_and_last_days_of_the_calendar_bound_nothing(
    path, client_for, coordinator, trail
):
    """9999-12-31 + one day (and midnight of 0001-01-01 in UTC) do not exist: OverflowError."""
    response = client_for(coordinator).get(
        path, {"date_from": "0001-01-01", "date_to": "9999-12-31"}
    )
    assert response.status_code == 200
    if path.endswith("/"):
        assert response.context["page"].paginator.count == AuditEvent.objects.count()


def test_an_organisation_admin_reads_only_their_own_organisations_entries(
    client_for, forssa_admin, trail
):
    response = client_for(forssa_admin).get("/console/audit/")
    organisations = {row["entry"].organisation_id for row in response.context["rows"]}
    assert organisations == {trail["forssa"].pk}
    assert "Riihimäki" not in response.content.decode().split("<main")[1]


def test_the_filtered_view_exports_as_csv(client_for, coordinator, trail):
    response = client_for(coordinator).get("/console/audit/export.csv", {"kind": "organisation"})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert text.startswith("\ufeffAika;Kuka;Organisaatio;Toimenpide;Kohde;Muutokset")
    lines = text.strip().splitlines()
    assert len(lines) == 3
    assert "Muutti organisaation tietoja" in text or "muutti organisaation tietoja" in text
    assert "1 → 2" in text


def test_an_entry_stays_when_its_object_is_deleted(client_for, coordinator, forssa_member):
    seat = Membership.objects.create(
        body=Body.objects.get(slug="hytefoorumi"),
        organisation=forssa_member.organisation,
        person=forssa_member,
        valid_from=datetime.date(2025, 1, 1),
    )
    audit.record(
        actor=coordinator,
        action="body.representative_named",
        target=seat,
        organisation=seat.organisation,
    )
    label = str(seat)
    seat.delete()
    page = client_for(coordinator).get("/console/audit/").content.decode()
    assert label in page.replace("&#x27;", "'")


def test_nobody_adds_changes_or_deletes_an_entry_in_the_django_admin(
    client_for, coordinator, trail, assert_unchanged
):
    entry = AuditEvent.objects.earliest("pk")
    client = client_for(coordinator)
    with assert_unchanged():
        add = client.post(
            "/admin/portal/auditevent/add/",
            {"action": "user.invited", "created_at_0": "2020-01-01", "created_at_1": "10:00"},
        )
        change = client.post(f"/admin/portal/auditevent/{entry.pk}/change/", {"action": "x"})
        delete = client.post(f"/admin/portal/auditevent/{entry.pk}/delete/", {"post": "yes"})
        bulk = client.post(
            "/admin/portal/auditevent/",
            {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
        )
    assert add.status_code == 403
    assert change.status_code == 403
    assert delete.status_code == 403
    assert bulk.status_code in (200, 302)
    assert client.get("/admin/portal/auditevent/").status_code == 200


def test_the_django_admin_is_for_active_coordinators_only(client_for, forssa_admin, coordinator):
    assert client_for(forssa_admin).get("/admin/").status_code == 302
    other = make_user("kanta-hameen-hyvinvointialue", "coordinator", "c2@test.example")
    assert client_for(other).get("/admin/").status_code == 200
