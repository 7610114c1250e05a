"""What needs attention: each kind of item appears and links to where it is fixed; the follow-
up report's item waits for its app; the list pages run as many queries at 10× data as at 1×."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from console import attention
from forums.models import AgreementParty, AgreementPeriod
from organisations.models import Invitation, Organisation
from organisations.services import invite_person
from portal import audit
from portal.models import OutboundEmail
from tests.conftest import make_user
from workgroups.models import WorkgroupProposal


def _sections(user) -> dict:
    return {s.key: s for s in attention.sections_for(user)}


def test_an_expired_invitation_and_a_person_who_never_logged_in_show(coordinator, client_for):
    invitation = invite_person(
        actor=coordinator,
        organisation=Organisation.objects.get(slug="loppi"),
        email="vanha@loppi.fi",
        first_name="Vanha",
        last_name="Kutsu",
        role="member",
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    never = make_user("ypaja", "member", "ei.koskaan@ypaja.fi")
    sections = _sections(coordinator)
    assert [i.url for i in sections["invitations"].items] == [
        f"/console/people/{invitation.user_id}/"
    ]
    assert f"/console/people/{never.pk}/" in [i.url for i in sections["never"].items]
    assert f"/console/people/{invitation.user_id}/" not in [i.url for i in sections["never"].items]


def test_empty_seats_link_to_the_partys_seats(coordinator):
    seats = _sections(coordinator)["seats"]
    assert seats.count > 0
    assert seats.items[0].url.startswith("/structure/parties/")


def test_a_waiting_proposal_and_a_termination_notice_show(coordinator):
    proposal = WorkgroupProposal.objects.create(
        name_fi="Ikäihmisten asumisen työryhmä",
        focus="f",
        goals="g",
        reasons="r",
        organisation=Organisation.objects.get(slug="loppi"),
        proposed_by=coordinator,
    )
    period = AgreementPeriod.objects.first()
    AgreementParty.objects.filter(period=period, organisation__slug="ypaja").update(
        termination_received_on=datetime.date(2025, 5, 31),
        termination_effective_on=timezone.localdate() + datetime.timedelta(days=200),
    )
    sections = _sections(coordinator)
    assert sections["proposals"].items[0].url == f"/workgroups/proposals/{proposal.pk}/"
    notice = sections["terminations"].items[0]
    assert "Ypäjän kunta" in notice.text and "31.5.2025" in notice.text
    assert notice.url == "/structure/agreement/"


def test_missing_and_returned_metric_values_link_to_the_entry_page(coordinator):
    from indicators.models import Metric, Value, entry_year

    year = entry_year()
    Value.objects.create(
        metric=Metric.objects.filter(kind="coverage").earliest("pk"),
        organisation=Organisation.objects.get(slug="forssa"),
        year=year,
        yes_no=False,
        status=Value.Status.RETURNED,
    )
    items = _sections(coordinator)["values"].items
    assert any(i.url == f"/metrics/entry/{year}/loppi/" for i in items)
    returned = [i for i in items if "korjattavaksi" in i.text]
    assert [(i.text, i.url) for i in returned] == [
        ("Forssa: korjattavaksi palautettuja arvoja 1", f"/metrics/entry/{year}/forssa/")
    ]


def test_the_coordinator_sees_the_next_follow_up_reports_state(coordinator):
    item = attention.followup_report_item(coordinator)
    assert item is not None and item.url == "/reports/"
    assert "report" in _sections(coordinator)


def test_an_organisation_admin_sees_their_own_organisations_items(
    forssa_admin, riihimaki_member, coordinator
):
    make_user("forssa", "member", "uusi@forssa.fi")
    sections = _sections(forssa_admin)
    assert set(sections) == {"mail", "invitations", "never", "seats", "values"}
    people = " ".join(i.text for i in sections["never"].items)
    assert "Forssa" in people and riihimaki_member.display_name not in people
    assert all("Forssa" in i.text for i in sections["seats"].items)


def test_the_attention_page_renders_every_section(client_for, coordinator):
    page = client_for(coordinator).get("/console/").content.decode()
    for heading in (
        "Epäonnistuneet sähköpostit",
        "Käyttämättä vanhentuneet kutsut",
        "Tyhjät paikat",
        "Kokousrytmistä jäljessä olevat toimielimet",
        "Päätöstä odottavat työryhmäesitykset",
        "Irtisanomisilmoitukset",
    ):
        assert heading in page


def _grow(first: int, last: int, coordinator) -> None:
    """People number ``first``…``last - 1`` of every party, each with a failed mail, an
    expired invitation and an audit row, so that every console list has more to show."""
    for organisation in Organisation.objects.parties():
        for n in range(first, last):
            person = make_user(organisation, "member", f"p{n}.{organisation.slug}@grow.example")
            OutboundEmail.objects.create(
                kind="invitation",
                to_email=person.email,
                to_user=person,
                subject="Kutsu",
                body_text="…",
                status="failed",
                last_error="550",
            )
            Invitation.objects.create(
                user=person,
                organisation=organisation,
                role="member",
                token_hash=f"{organisation.slug}-{n}",
                expires_at=timezone.now() - datetime.timedelta(days=1),
            )
            audit.record(
                actor=coordinator,
                action="user.updated",
                target=person,
                organisation=organisation,
                changes={"phone": ["1", "2"]},
            )


PAGES = [
    "/console/",
    "/console/people/",
    "/console/people/?status=expired",
    "/console/audit/",
    "/console/audit/?kind=person",
    "/console/mail/",
    "/console/organisations/",
]


@pytest.mark.parametrize("persona", ["coordinator", "forssa_admin"])
def test_list_pages_run_as_many_queries_at_10x_data(persona, personas, coordinator, client_for):
    client = client_for(personas[persona])
    pages = [p for p in PAGES if persona == "coordinator" or "organisations" not in p]

    def counts():
        result = {}
        for path in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200, path
            result[path] = len(queries)
        return result

    counts()  # warm the per-process caches (content types)
    _grow(0, 1, coordinator)
    once = counts()
    _grow(1, 10, coordinator)
    tenfold = counts()
    assert tenfold == once
