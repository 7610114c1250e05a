"""A person's data: the export holds everything about the person and nothing of anyone else;
anonymisation replaces the person's details, makes login impossible and keeps every
reference; it is refused while the person holds a seat or a role, for oneself and for the
last coordinator."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from allauth.socialaccount.models import SocialAccount

from console.meetings_data import (
    CalendarFeedToken,
    Meeting,
    Minutes,
    MinutesVersion,
    Participant,
)
from console.models import Anonymisation
from console.personal_data import blockers
from forums.models import Body, Membership, RoleAssignment
from indicators.models import Metric, Value
from organisations.models import User
from portal import audit
from portal.models import AuditEvent, OutboundEmail
from tests.conftest import make_user

HELSINKI = ZoneInfo("Europe/Helsinki")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def history(coordinator, forssa_member):
    """Forssa's member has served in the wellbeing forum, answered a meeting, written
    minutes, entered a value, received mails and been written about in the audit trail; a
    colleague has done the same things, to be kept out of the member's export."""
    colleague = make_user(
        "forssa", "member", "kollega.forssa@test.example", first_name="Kalle", last_name="Kollega"
    )
    forssa = forssa_member.organisation
    body = Body.objects.get(slug="hytefoorumi")
    seat = Membership.objects.create(
        body=body,
        organisation=forssa,
        person=forssa_member,
        deputy=colleague,
        valid_from=datetime.date(2023, 1, 1),
        valid_to=datetime.date(2024, 12, 31),
    )
    role = RoleAssignment.objects.create(
        body=body,
        role="secretary",
        person=forssa_member,
        valid_from=datetime.date(2023, 1, 1),
        valid_to=datetime.date(2024, 12, 31),
        elected_on=datetime.date(2023, 1, 1),
    )
    start = datetime.datetime(2024, 5, 20, 13, tzinfo=HELSINKI)
    meeting = Meeting.objects.create(
        body=body,
        title="Hyvinvointifoorumin kevätkokous",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        host_organisation=forssa,
        convener=coordinator,
        status=Meeting.Status.HELD,
    )
    answer = Participant.objects.create(meeting=meeting, user=forssa_member, answer="accepted")
    Participant.objects.create(meeting=meeting, user=colleague, answer="declined")
    minutes = Minutes.objects.create(meeting=meeting)
    version = MinutesVersion.objects.create(
        minutes=minutes, version=1, status="draft", created_by=forssa_member
    )
    value = Value.objects.create(
        metric=Metric.objects.filter(kind="coverage").earliest("pk"),
        organisation=forssa,
        year=2024,
        yes_no=True,
        created_by=forssa_member,
        updated_by=forssa_member,
    )
    for person in (forssa_member, colleague):
        OutboundEmail.objects.create(
            kind="meeting_invite",
            to_email=person.email,
            to_user=person,
            subject=f"Kutsu {person.first_name}",
            body_text=f"Hei {person.first_name} {person.last_name}",
            status="sent",
        )
    audit.record(
        actor=coordinator,
        action="user.updated",
        target=forssa_member,
        organisation=forssa,
        changes={"phone": ["040 111", "040 222"]},
    )
    audit.record(
        actor=coordinator,
        action="body.representative_named",
        target=seat,
        organisation=forssa,
        changes={"person": [None, forssa_member.display_name]},
    )
    CalendarFeedToken.objects.create(user=forssa_member)
    SocialAccount.objects.create(user=forssa_member, provider="org-forssa", uid="sub-1")
    return {
        "colleague": colleague,
        "seat": seat,
        "role": role,
        "meeting": meeting,
        "answer": answer,
        "version": version,
        "value": value,
    }


def test_a_person_downloads_their_own_data(client_for, forssa_member, history):
    response = client_for(forssa_member).get("/console/my-data/all.json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["person"]["email"] == forssa_member.email
    assert data["person"]["organisation"] == "Forssan kaupunki"
    assert data["seats"][0]["body"] == Body.objects.get(slug="hytefoorumi").name
    assert data["roles_in_bodies"][0]["role"] == "sihteeri"
    assert data["meeting_answers"][0]["meeting"] == "Hyvinvointifoorumin kevätkokous"
    assert data["minutes_written"][0]["version"] == 1
    assert data["metric_values"][0]["entered_by_you"] is True
    assert [m["subject"] for m in data["mails_sent_to_you"]] == ["Kutsu Member"]
    assert {e["what"] for e in data["audit_entries_about_you"]} >= {"muutti henkilön tietoja"}
    assert data["organisation_sign_ins"][0]["subject_id"] == "sub-1"
    assert AuditEvent.objects.filter(action="user.data_exported", actor=forssa_member).exists()


def test_the_export_names_nobody_else(client_for, coordinator, forssa_member, history):
    colleague = history["colleague"]
    for url in (
        f"/console/people/{forssa_member.pk}/data.json",
        f"/console/people/{forssa_member.pk}/data/",
    ):
        text = client_for(coordinator).get(url).content.decode()
        if url.endswith("/data/"):
            text = text.split("<main", 1)[1].split("</main>", 1)[0]
        for other in (
            colleague.email,
            "Kalle",
            "Kollega",
            coordinator.email,
            coordinator.last_name,
        ):
            assert other not in text, (url, other)
        assert forssa_member.email in text


def test_the_readable_page_shows_the_sections_in_finnish(client_for, forssa_member, history):
    page = client_for(forssa_member).get("/console/my-data/all/").content.decode()
    for heading in (
        "Paikat toimielimissä",
        "Vastaukset kokouskutsuihin",
        "Sinulle lähetetyt sähköpostit",
    ):
        assert heading in page
    assert "Hyvinvointifoorumin kevätkokous" in page


def test_a_member_cannot_export_someone_elses_data(
    client_for, forssa_member, history, assert_unchanged
):
    colleague = history["colleague"]
    with assert_unchanged():
        response = client_for(forssa_member).get(f"/console/people/{colleague.pk}/data.json")
    assert response.status_code == 403


def test_anonymising_keeps_every_reference_and_removes_the_person(
    client_for, coordinator, forssa_member, history
):
    before_events = AuditEvent.objects.count()
    own_session = client_for(forssa_member)
    old_email, old_name = forssa_member.email, forssa_member.get_full_name()
    response = client_for(coordinator).post(f"/console/people/{forssa_member.pk}/anonymise/")
    assert response.status_code == 302

    person = User.objects.get(pk=forssa_member.pk)
    assert person.get_full_name() == f"Poistettu käyttäjä {person.pk}"
    assert person.email == f"poistettu-{person.pk}@anonymised.invalid"
    assert (person.phone, person.job_title, person.is_active) == ("", "", False)
    assert not person.has_usable_password()
    assert own_session.get("/dashboard/").status_code == 302
    assert not CalendarFeedToken.objects.filter(user=person).exists()
    assert not SocialAccount.objects.filter(user=person).exists()
    assert Anonymisation.objects.get(user=person).anonymised_by == coordinator

    # References: the same rows point at the same person.
    history["seat"].refresh_from_db()
    history["role"].refresh_from_db()
    history["answer"].refresh_from_db()
    history["version"].refresh_from_db()
    history["value"].refresh_from_db()
    assert history["seat"].person_id == person.pk
    assert history["role"].person_id == person.pk
    assert history["answer"].user_id == person.pk
    assert history["version"].created_by_id == person.pk
    assert history["value"].created_by_id == person.pk

    # The trail keeps every row (one more: the anonymisation), without the name or address.
    assert AuditEvent.objects.count() == before_events + 1
    trail = json.dumps(
        list(AuditEvent.objects.values("target_repr", "changes")), ensure_ascii=False
    )
    assert old_email not in trail and old_name not in trail
    assert "040 111" not in trail
    assert f"Poistettu käyttäjä {person.pk}" in trail
    mails = OutboundEmail.objects.filter(to_user=person)
    assert {m.to_email for m in mails} == {person.email}
    assert all(m.body_text == "" for m in mails)
    colleague_mail = OutboundEmail.objects.get(to_user=history["colleague"])
    assert colleague_mail.body_text.startswith("Hei Kalle")

    client = client_for(None)
    client.post("/accounts/login/", {"login": old_email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_anonymising_is_refused_while_the_person_holds_a_seat(
    client_for, coordinator, forssa_member, history, assert_unchanged
):
    history["seat"].valid_to = None
    history["seat"].save(update_fields=["valid_to"])
    with assert_unchanged():
        response = client_for(coordinator).post(
            f"/console/people/{forssa_member.pk}/anonymise/", follow=True
        )
    page = response.content.decode()
    assert "Hänellä on paikka" in page
    assert Body.objects.get(slug="hytefoorumi").name in page


def test_anonymising_is_refused_for_a_deputy_and_a_role_holder(coordinator, forssa_member, history):
    history["seat"].valid_to = None
    history["seat"].save(update_fields=["valid_to"])
    history["role"].valid_to = None
    history["role"].save(update_fields=["valid_to"])
    colleague = history["colleague"]
    assert any(
        "henkilökohtainen varajäsen" in r for r in blockers(actor=coordinator, person=colleague)
    )
    assert any("sihteeri" in r for r in blockers(actor=coordinator, person=forssa_member))


def test_nobody_anonymises_themself_nor_the_last_coordinator(coordinator, assert_unchanged):
    reasons = blockers(actor=coordinator, person=coordinator)
    assert "Et voi anonymisoida omia tietojasi." in reasons
    assert any("ainoa koordinaattori" in r for r in reasons)


def test_anonymising_oneself_through_the_page_is_refused(client_for, coordinator, assert_unchanged):
    with assert_unchanged():
        response = client_for(coordinator).post(
            f"/console/people/{coordinator.pk}/anonymise/", follow=True
        )
    assert "Et voi anonymisoida omia tietojasi." in response.content.decode()


def test_an_anonymised_person_cannot_be_reactivated_or_moved(
    client_for, coordinator, forssa_member, assert_unchanged
):
    client = client_for(coordinator)
    client.post(f"/console/people/{forssa_member.pk}/anonymise/")
    with assert_unchanged():
        reactivate = client.post(f"/console/people/{forssa_member.pk}/reactivate/")
        move = client.get(f"/console/people/{forssa_member.pk}/move/")
    assert (reactivate.status_code, move.status_code) == (403, 403)
