"""The agreement's life: in force once all have approved and signed; a party's notice takes
effect after 12 months, the party leaves the bodies then (history kept), everyone is told;
the review reminder is sent once."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from forums import services
from forums.models import AgreementParty, AgreementPeriod, Body, Membership
from forums.tasks import send_agreement_review_reminders
from organisations.models import Organisation
from portal.models import OutboundEmail
from tests.conftest import make_user

from .conftest import role, seat

D = datetime.date
TERMINATION = "/structure/agreement/puitesopimus-2023/termination/"


@pytest.fixture
def coordinator(coordinator):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    return coordinator


def test_the_seeded_agreement_is_the_one_in_force(period):
    assert AgreementPeriod.objects.in_force() == period
    assert AgreementPeriod.objects.in_force(D(2023, 7, 31)) is None
    assert period.party_rows.count() == 13


def test_a_new_agreement_comes_into_force_only_when_all_have_approved_and_signed(
    coordinator, period
):
    new = AgreementPeriod.objects.create(
        slug="puitesopimus-2025",
        name_fi="Puitesopimus 2025",
        dated_on=D(2025, 6, 1),
        supersedes=period,
    )
    rows = [
        AgreementParty.objects.create(period=new, organisation=o)
        for o in Organisation.objects.parties()
    ]
    for row in rows[:-1]:
        services.record_party_approval(
            actor=coordinator, party=row, approved_on=D(2025, 6, 2), signed_on=D(2025, 6, 3)
        )
    new.refresh_from_db()
    assert new.in_force_from is None
    assert AgreementPeriod.objects.in_force(D(2025, 7, 1)) == period
    services.record_party_approval(
        actor=coordinator, party=rows[-1], approved_on=D(2025, 6, 9), signed_on=D(2025, 6, 10)
    )
    new.refresh_from_db()
    period.refresh_from_db()
    assert new.in_force_from == D(2025, 6, 10)
    assert period.ended_on == D(2025, 6, 9)
    assert AgreementPeriod.objects.in_force(D(2025, 6, 9)) == period
    assert AgreementPeriod.objects.in_force(D(2025, 6, 10)) == new


def test_signature_before_approval_is_refused(coordinator, period, client_for, assert_unchanged):
    with assert_unchanged():
        response = client_for(coordinator).post(
            "/structure/agreement/puitesopimus-2023/parties/forssa/",
            {"approved_on": "2023-09-01", "signed_on": "2023-08-15"},
        )
    assert response.status_code == 200
    assert "signed after it has been approved" in response.content.decode()


def test_termination_takes_effect_after_twelve_months_and_ends_seats(
    coordinator, period, wellbeing, client_for, django_capture_on_commit_callbacks
):
    forssa_person = make_user("forssa", "member")
    loppi_person = make_user("loppi", "member")
    forssa_seat = seat(wellbeing, forssa_person)
    role(wellbeing, forssa_person, "chair")
    loppi_seat = seat(wellbeing, loppi_person)
    admins = [make_user(slug, "org_admin") for slug in ("forssa", "loppi", "hattula")]
    forssa = Organisation.objects.get(slug="forssa")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(
            TERMINATION, {"organisation": forssa.pk, "received_on": "2025-03-15"}
        )
    assert response.status_code == 302
    party = period.party_rows.get(organisation=forssa)
    assert party.termination_effective_on == D(2026, 3, 15)
    forssa_seat.refresh_from_db()
    loppi_seat.refresh_from_db()
    assert forssa_seat.valid_to == D(2026, 3, 14)  # history kept, not deleted
    assert loppi_seat.valid_to is None
    assert wellbeing.role_assignments.get().valid_to == D(2026, 3, 14)
    assert not AgreementParty.objects.active(D(2026, 3, 15)).filter(organisation=forssa).exists()
    assert AgreementParty.objects.active(D(2026, 3, 14)).filter(organisation=forssa).exists()
    recipients = set(
        OutboundEmail.objects.filter(kind="agreement_termination").values_list(
            "to_email", flat=True
        )
    )
    assert {a.email for a in admins} | {coordinator.email} <= recipients
    assert len(django_mail.outbox) == len(recipients)


def test_a_terminated_party_cannot_be_named_after_the_effective_date(
    coordinator, period, wellbeing
):
    forssa = Organisation.objects.get(slug="forssa")
    services.record_termination(
        actor=coordinator, period=period, organisation=forssa, received_on=D(2025, 1, 10)
    )
    person = make_user("forssa", "member")
    with pytest.raises(services.ValidationError, match="leaves the agreement"):
        services.nominate_representative(
            actor=coordinator,
            body=wellbeing,
            organisation=forssa,
            person=person,
            valid_from=D(2026, 2, 1),
        )
    membership = services.nominate_representative(
        actor=coordinator,
        body=wellbeing,
        organisation=forssa,
        person=person,
        valid_from=D(2025, 2, 1),
    )
    assert membership.valid_to == D(2026, 1, 9)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("non_party", "is not a party"),
        ("future", "cannot be received in the future"),
        ("before_agreement", "before the agreement was made"),
        ("twice", "already given notice"),
    ],
)
def test_bad_termination_notices_change_nothing(
    case, message, coordinator, period, client_for, assert_unchanged
):
    organisation = Organisation.objects.get(slug="forssa")
    received_on = "2025-01-01"
    if case == "non_party":
        organisation = Organisation.objects.get(slug="hameen-te-toimisto")
    if case == "future":
        received_on = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    if case == "before_agreement":
        received_on = "2023-01-01"
    if case == "twice":
        services.record_termination(
            actor=coordinator, period=period, organisation=organisation, received_on=D(2024, 12, 1)
        )
    with assert_unchanged():
        response = client_for(coordinator).post(
            TERMINATION, {"organisation": organisation.pk, "received_on": received_on}
        )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_add_months_handles_month_ends():
    assert services.add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert services.add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert services.add_months(D(2025, 3, 15), 12) == D(2026, 3, 15)


def test_review_reminder_is_sent_once(coordinator, period, django_capture_on_commit_callbacks):
    make_user("forssa", "org_admin")
    period.review_by = timezone.localdate() + datetime.timedelta(days=20)
    period.save(update_fields=["review_by"])
    with django_capture_on_commit_callbacks(execute=True):
        first = send_agreement_review_reminders()
    sent = OutboundEmail.objects.filter(kind="agreement_review").count()
    assert first == sent == 2
    with django_capture_on_commit_callbacks(execute=True):
        second = send_agreement_review_reminders()
    assert second == 0
    assert OutboundEmail.objects.filter(kind="agreement_review").count() == sent


def test_no_review_reminder_far_from_the_date_or_after_a_new_version(coordinator, period):
    period.review_by = timezone.localdate() + datetime.timedelta(days=200)
    period.save(update_fields=["review_by"])
    assert send_agreement_review_reminders() == 0
    period.review_by = timezone.localdate() - datetime.timedelta(days=1)
    period.save(update_fields=["review_by"])
    AgreementPeriod.objects.create(
        slug="v2", name_fi="v2", dated_on=D(2025, 6, 1), supersedes=period
    )
    assert send_agreement_review_reminders() == 0


def test_the_party_leaves_bodies_but_its_history_stays_visible(coordinator, period, wellbeing):
    forssa = Organisation.objects.get(slug="forssa")
    person = make_user("forssa", "member")
    seat(wellbeing, person, valid_from=D(2024, 1, 1))
    services.record_termination(
        actor=coordinator, period=period, organisation=forssa, received_on=D(2024, 3, 1)
    )
    assert Membership.objects.filter(person=person).count() == 1
    assert not Membership.objects.current(D(2025, 3, 1)).filter(person=person).exists()
    assert Membership.objects.current(D(2025, 2, 28)).filter(person=person).exists()
    assert Body.objects.count() >= 10
