"""The value workflow: enter, submit, approve or return, lock, reopen; history and audit."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indicators import services
from indicators.models import Value, ValueEvent, YearLock
from indicators.subjects import Subject
from portal.models import AuditEvent
from tests.conftest import make_user

from .conftest import org, put


@pytest.fixture
def forssa(agreement):
    return Subject(organisation=org("forssa"))


def save(actor, metric, subject, year, raw, **kw):
    return services.save_value(
        actor=actor, metric=metric, subject=subject, year=year, raw=raw, **kw
    )


def test_a_member_enters_a_draft_with_history_and_audit(metrics, forssa, forssa_member):
    outcome = save(
        forssa_member,
        metrics["hyte-kerroin"],
        forssa,
        2025,
        Decimal("61.2"),
        note="THL 2025",
        source_url="https://thl.fi/hyte",
    )
    value = outcome.value
    assert outcome.changed and value.status == Value.Status.DRAFT
    assert value.number == Decimal("61.20") and value.created_by == forssa_member
    event = value.events.get()
    assert event.action == "created" and event.changes["number"] == [None, "61.2"]
    assert AuditEvent.objects.filter(
        action="indicator_value.entered", target_id=str(value.pk)
    ).exists()


def test_saving_the_same_content_again_changes_nothing(metrics, forssa, forssa_member):
    save(forssa_member, metrics["hyte-kerroin"], forssa, 2025, Decimal("61.2"))
    again = save(forssa_member, metrics["hyte-kerroin"], forssa, 2025, Decimal("61.20"))
    assert not again.changed
    assert ValueEvent.objects.count() == 1


def test_a_change_records_from_and_to(metrics, forssa, forssa_member):
    save(forssa_member, metrics["hyte-kerroin"], forssa, 2025, Decimal("58.9"))
    value = save(forssa_member, metrics["hyte-kerroin"], forssa, 2025, Decimal("61.2")).value
    last = value.events.last()
    assert last.action == "changed" and last.changes == {"number": ["58.9", "61.2"]}
    assert last.actor == forssa_member and last.is_value_change


def test_a_note_alone_is_not_a_value_change(metrics, forssa, forssa_member):
    save(forssa_member, metrics["hyte-kerroin"], forssa, 2025, Decimal("61.2"))
    services.submit_values(actor=forssa_member, subject=forssa, year=2025)
    value = save(
        forssa_member, metrics["hyte-kerroin"], forssa, 2025, Decimal("61.2"), note="THL:n luku"
    ).value
    assert value.status == Value.Status.SUBMITTED
    last = value.events.last()
    assert last.changes == {"note": ["", "THL:n luku"]} and not last.is_value_change
    value = save(
        forssa_member, metrics["hyte-kerroin"], forssa, 2025, Decimal("62"), note="THL:n luku"
    ).value
    assert value.status == Value.Status.DRAFT and value.events.last().is_value_change


def test_a_return_comment_is_history_but_not_a_value_change(
    metrics, forssa, forssa_member, coordinator
):
    value = save(forssa_member, metrics["hyte-kerroin"], forssa, 2025, Decimal("61.2")).value
    services.submit_values(actor=forssa_member, subject=forssa, year=2025)
    services.return_value(actor=coordinator, value=value, comment="Tarkista THL:n luku.")
    value.refresh_from_db()
    assert value.status == Value.Status.RETURNED and value.number == Decimal("61.2")
    returned = value.events.get(action="returned")
    assert returned.comment == "Tarkista THL:n luku." and not returned.is_value_change
    assert value.events.filter(action="changed").count() == 0


def test_the_return_mail_greets_the_person_and_replies_go_to_the_coordinator(
    metrics, forssa, forssa_member, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    value = save(forssa_member, metrics["hyte-kerroin"], forssa, 2025, Decimal("61.2")).value
    services.submit_values(actor=forssa_member, subject=forssa, year=2025)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_value(actor=coordinator, value=value, comment="Tarkista THL:n luku.")
    (message,) = mail.outbox
    assert message.to == [forssa_member.email]
    assert message.body.startswith(f"Hei {forssa_member.first_name},")
    assert message.reply_to == [coordinator.email]
    assert "Tarkista THL:n luku." in message.body


def test_the_history_of_returns_stays_after_resubmission(
    metrics, forssa, forssa_member, coordinator
):
    metric = metrics["hyte-kerroin"]
    value = save(forssa_member, metric, forssa, 2025, Decimal("61.2")).value
    services.submit_values(actor=forssa_member, subject=forssa, year=2025)
    services.return_value(actor=coordinator, value=value, comment="Ensimmäinen palautus")
    save(forssa_member, metric, forssa, 2025, Decimal("62.0"))
    services.submit_values(actor=forssa_member, subject=forssa, year=2025)
    services.return_value(actor=coordinator, value=value, comment="Toinen palautus")
    comments = list(value.events.filter(action="returned").values_list("comment", flat=True))
    assert comments == ["Ensimmäinen palautus", "Toinen palautus"]


def test_returning_needs_a_comment(metrics, forssa, coordinator, assert_unchanged):
    value = put(metrics["hyte-kerroin"], 2025, 60, organisation="forssa", status="submitted")
    with assert_unchanged(), pytest.raises(ValidationError):
        services.return_value(actor=coordinator, value=value, comment="  ")


def test_returning_mails_the_person_who_entered_it(
    metrics, forssa, forssa_member, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    value = save(forssa_member, metrics["hyte-kerroin"], forssa, 2025, Decimal("61.2")).value
    services.submit_values(actor=forssa_member, subject=forssa, year=2025)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_value(actor=coordinator, value=value, comment="Tarkista.")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [forssa_member.email]
    assert "Tarkista." in mailoutbox[0].body


def test_submit_sends_only_filled_drafts_and_returns(metrics, forssa, forssa_admin):
    save(forssa_admin, metrics["hyte-kerroin"], forssa, 2025, Decimal("61.2"))
    save(forssa_admin, metrics["pakka-toimintamalli"], forssa, 2025, True)
    put(metrics["asukas-ja-asiakaspalaute"], 2025, True, organisation="forssa", status="approved")
    assert services.submit_values(actor=forssa_admin, subject=forssa, year=2025) == 2
    assert services.submit_values(actor=forssa_admin, subject=forssa, year=2025) == 0
    assert Value.objects.filter(status="submitted").count() == 2


def test_bulk_approval_skips_what_no_longer_waits(metrics, coordinator):
    a = put(metrics["hyte-kerroin"], 2025, 60, organisation="forssa", status="submitted")
    b = put(metrics["hyte-kerroin"], 2025, 61, organisation="loppi", status="submitted")
    c = put(metrics["hyte-kerroin"], 2025, 62, organisation="ypaja", status="draft")
    approved, skipped = services.approve_values(actor=coordinator, values=[a, b, c])
    assert (approved, skipped) == (2, 1)
    assert set(Value.objects.filter(status="approved").values_list("pk", flat=True)) == {a.pk, b.pk}


def test_a_member_cannot_approve(metrics, forssa_admin, assert_unchanged):
    value = put(metrics["hyte-kerroin"], 2025, 60, organisation="forssa", status="submitted")
    with assert_unchanged(), pytest.raises(PermissionDenied):
        services.approve_values(actor=forssa_admin, values=[value])


def test_an_approved_value_cannot_change(metrics, forssa, forssa_admin, assert_unchanged):
    put(metrics["hyte-kerroin"], 2025, 60, organisation="forssa", status="approved")
    with assert_unchanged(), pytest.raises(PermissionDenied):
        save(forssa_admin, metrics["hyte-kerroin"], forssa, 2025, Decimal("70"))


def test_forssa_cannot_write_riihimakis_values(metrics, forssa_admin, assert_unchanged):
    riihimaki = Subject(organisation=org("riihimaki"))
    with assert_unchanged(), pytest.raises(PermissionDenied):
        save(forssa_admin, metrics["hyte-kerroin"], riihimaki, 2025, Decimal("70"))


def test_nobody_writes_a_locked_year_not_even_the_coordinator(
    metrics, forssa, forssa_admin, coordinator, assert_unchanged
):
    value = put(metrics["hyte-kerroin"], 2024, 60, organisation="forssa", status="submitted")
    services.lock_year(actor=coordinator, year=2024)
    with assert_unchanged():
        for actor in (forssa_admin, coordinator):
            with pytest.raises(PermissionDenied):
                save(actor, metrics["hyte-kerroin"], forssa, 2024, Decimal("70"))
        with pytest.raises(PermissionDenied):
            services.submit_values(actor=forssa_admin, subject=forssa, year=2024)
        with pytest.raises(PermissionDenied):
            services.return_value(actor=coordinator, value=value, comment="x")
        assert services.approve_values(actor=coordinator, values=[value]) == (0, 1)


def test_reopening_one_organisations_year_is_a_recorded_exception(
    metrics, forssa, forssa_admin, riihimaki_admin, coordinator
):
    services.lock_year(actor=coordinator, year=2024)
    reopening = services.reopen_year(
        actor=coordinator, year=2024, organisation=org("forssa"), reason="THL korjasi luvun"
    )
    assert save(forssa_admin, metrics["hyte-kerroin"], forssa, 2024, Decimal("70")).changed
    with pytest.raises(PermissionDenied):
        save(
            riihimaki_admin,
            metrics["hyte-kerroin"],
            Subject(organisation=org("riihimaki")),
            2024,
            Decimal("70"),
        )
    assert AuditEvent.objects.filter(action="indicator_year.reopened").count() == 1
    services.close_reopening(actor=coordinator, reopening=reopening)
    with pytest.raises(PermissionDenied):
        save(forssa_admin, metrics["hyte-kerroin"], forssa, 2024, Decimal("71"))


def test_reopening_needs_a_locked_year_and_a_reason(coordinator, assert_unchanged):
    with assert_unchanged():
        with pytest.raises(ValidationError):
            services.reopen_year(
                actor=coordinator, year=2024, organisation=org("forssa"), reason="syy"
            )
        YearLock.objects.create(year=2030)
        with pytest.raises(ValidationError):
            services.reopen_year(actor=coordinator, year=2030, organisation=None, reason=" ")
        YearLock.objects.filter(year=2030).delete()


def test_a_self_assessment_outside_1_to_5_is_refused(metrics, coordinator, assert_unchanged):
    metric = metrics["perhekeskustyoryhman-oma-arvio"]
    with assert_unchanged(), pytest.raises(ValidationError) as info:
        save(coordinator, metric, Subject(body=metric.body), 2025, 7)
    assert "1" in info.value.messages[0] and "5" in info.value.messages[0]


def test_a_year_outside_the_metrics_period_is_refused(
    metrics, forssa, forssa_admin, assert_unchanged
):
    with assert_unchanged(), pytest.raises(ValidationError) as info:
        save(forssa_admin, metrics["hyte-kerroin"], forssa, 2019, Decimal(50))
    assert info.value.code == "year_out_of_range"


def test_the_school_health_survey_takes_values_in_odd_years_only(
    metrics, coordinator, assert_unchanged
):
    with assert_unchanged(), pytest.raises(ValidationError) as info:
        save(coordinator, metrics["nuorten-paihdehaitat"], Subject(), 2024, Decimal(12))
    assert info.value.code == "not_measurement_year"
    assert save(coordinator, metrics["nuorten-paihdehaitat"], Subject(), 2025, Decimal(12)).changed


def test_a_second_value_for_the_same_cell_is_refused_by_the_database(metrics):
    from django.db import IntegrityError, transaction

    put(metrics["hyte-kerroin"], 2025, 60, organisation="forssa")
    with pytest.raises(IntegrityError), transaction.atomic():
        put(metrics["hyte-kerroin"], 2025, 61, organisation="forssa")
    put(metrics["aktivointiaste"], 2025, 30)
    with pytest.raises(IntegrityError), transaction.atomic():
        put(metrics["aktivointiaste"], 2025, 31)


def test_an_unusual_value_warns_but_is_saved(metrics, forssa, forssa_admin):
    put(metrics["hyte-kerroin"], 2024, 50, organisation="forssa")
    outcome = save(forssa_admin, metrics["hyte-kerroin"], forssa, 2025, Decimal(95))
    assert outcome.changed and outcome.unusual
    assert not save(forssa_admin, metrics["hyte-kerroin"], forssa, 2025, Decimal(52)).unusual


def test_a_yes_no_answer_changing_is_not_unusual(metrics, forssa, forssa_admin):
    put(metrics["pakka-toimintamalli"], 2024, False, organisation="forssa")
    outcome = save(forssa_admin, metrics["pakka-toimintamalli"], forssa, 2025, True)
    assert outcome.changed and not outcome.unusual


def test_a_bodys_self_assessment_is_entered_by_its_chair_or_secretary(
    metrics, forssa_member, riihimaki_member, assert_unchanged
):
    import datetime

    from forums.models import RoleAssignment

    metric = metrics["perhekeskustyoryhman-oma-arvio"]
    body = metric.body
    since = datetime.date(2024, 1, 1)
    RoleAssignment.objects.create(
        body=body, role="secretary", person=forssa_member, valid_from=since, elected_on=since
    )
    assert save(forssa_member, metric, Subject(body=body), 2025, 4).changed
    with assert_unchanged(), pytest.raises(PermissionDenied):
        save(riihimaki_member, metric, Subject(body=body), 2025, 5)


def test_only_coordinators_enter_the_regions_values(
    metrics, forssa_admin, coordinator, assert_unchanged
):
    with assert_unchanged(), pytest.raises(PermissionDenied):
        save(forssa_admin, metrics["aktivointiaste"], Subject(), 2025, Decimal(30))
    assert save(coordinator, metrics["aktivointiaste"], Subject(), 2025, Decimal(30)).changed


def test_a_member_of_another_party_made_coordinator_is_still_checked_per_rule(metrics, forssa):
    outsider = make_user("hameen-liitto", "member")
    with pytest.raises(PermissionDenied):
        save(outsider, metrics["hyte-kerroin"], forssa, 2025, Decimal(1))
