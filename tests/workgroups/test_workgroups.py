"""Workgroups: versioned action plans and rules, arrangements, proposals for new groups, and
counterpart pairs whose halves each side manages."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forums.models import Body
from tests.conftest import make_user
from workgroups.models import CounterpartPair, Workgroup, WorkgroupDocument, WorkgroupProposal

from .conftest import role, seat

D = datetime.date
PLAN = "/workgroups/perhekeskus/documents/action_plan/new/"


@pytest.fixture
def workgroup(agreement) -> Workgroup:
    return Workgroup.objects.get(body__slug="perhekeskus")


@pytest.fixture
def coordinator(coordinator):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    return coordinator


def test_every_tier_three_body_has_a_workgroup_with_the_council_term(agreement):
    slugs = set(Workgroup.objects.values_list("body__slug", flat=True))
    assert slugs == set(Body.objects.filter(tier=3).values_list("slug", flat=True))
    assert all(w.term and w.term.starts_on.month == 6 for w in Workgroup.objects.all())


def test_new_versions_keep_the_old_ones(coordinator, workgroup, client_for):
    client = client_for(coordinator)
    r1 = client.post(PLAN, {"title": "TS 2025", "text": "Ensimmäinen", "valid_from": "2025-06-01"})
    assert r1.status_code == 302
    upload = SimpleUploadedFile("ts.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    r2 = client.post(PLAN, {"title": "TS 2026", "file": upload, "valid_from": "2026-01-01"})
    assert r2.status_code == 302
    first, second = WorkgroupDocument.objects.filter(workgroup=workgroup).order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert first.valid_to == D(2025, 12, 31)
    assert second.file.name.endswith(".pdf")
    current = WorkgroupDocument.objects.current(D(2026, 2, 1)).get(workgroup=workgroup)
    assert current == second


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "x", "valid_from": "2025-06-01"}, "Write the text or attach a file"),
        (
            {"title": "x", "text": "y", "valid_from": "2025-06-01", "valid_to": "2025-01-01"},
            "must not be before the start date",
        ),
    ],
)
def test_bad_documents_change_nothing(
    data, message, coordinator, workgroup, client_for, assert_unchanged
):
    with assert_unchanged():
        response = client_for(coordinator).post(PLAN, data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_version_older_than_the_current_one_is_refused(
    coordinator, workgroup, client_for, assert_unchanged
):
    client = client_for(coordinator)
    client.post(PLAN, {"title": "TS", "text": "a", "valid_from": "2025-06-01"})
    with assert_unchanged():
        response = client.post(PLAN, {"title": "Vanha", "text": "b", "valid_from": "2025-01-01"})
    assert "must come into force after the previous one" in response.content.decode()


def test_the_chair_manages_the_workgroup_and_a_member_does_not(
    workgroup, client_for, assert_unchanged
):
    chair = make_user("forssa", "member")
    member = make_user("loppi", "member")
    seat(workgroup.body, chair)
    seat(workgroup.body, member)
    role(workgroup.body, chair, "chair")
    assert client_for(chair).get(PLAN).status_code == 200
    with assert_unchanged():
        response = client_for(member).post(
            PLAN, {"title": "x", "text": "y", "valid_from": "2025-06-01"}
        )
    assert response.status_code == 403


def test_arrangements_are_saved(coordinator, workgroup, client_for):
    response = client_for(coordinator).post(
        "/workgroups/perhekeskus/edit/",
        {"arrangement_fi": "Kunnat vuorotellen", "term": workgroup.term_id},
    )
    assert response.status_code == 302
    workgroup.refresh_from_db()
    assert workgroup.arrangement_fi == "Kunnat vuorotellen"


def test_gaps_list_the_workgroup_without_a_current_plan(workgroup):
    assert workgroup in Workgroup.objects.without_current_plan()
    WorkgroupDocument.objects.create(
        workgroup=workgroup,
        kind="action_plan",
        version=1,
        title="TS",
        text="x",
        valid_from=D(2025, 1, 1),
    )
    assert workgroup not in Workgroup.objects.without_current_plan()


# --- proposals ---------------------------------------------------------------------------


def test_a_proposal_needs_focus_and_goals(forssa_member, client_for, assert_unchanged):
    with assert_unchanged():
        response = client_for(forssa_member).post(
            "/workgroups/proposals/new/", {"name_fi": "Ikäihmisten asuminen", "reasons": "x"}
        )
    assert response.status_code == 200
    assert not WorkgroupProposal.objects.exists()


def test_coordinator_approves_a_proposal_and_the_workgroup_is_founded(
    forssa_member, coordinator, client_for
):
    client_for(forssa_member).post(
        "/workgroups/proposals/new/",
        {
            "name_fi": "Ikäihmisten asumisen työryhmä",
            "focus": "Asuminen",
            "goals": "Välimuotoista asumista lisää",
            "reasons": "Ei kuulu nykyisiin ryhmiin",
        },
    )
    proposal = WorkgroupProposal.objects.get()
    response = client_for(coordinator).post(
        f"/workgroups/proposals/{proposal.pk}/", {"decision": "approve"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    workgroup = proposal.workgroup
    assert workgroup is not None
    body = workgroup.body
    assert (body.tier, body.slug) == (3, "ikaihmisten-asumisen-tyoryhma")
    assert workgroup.goals == "Välimuotoista asumista lisää"


def test_refusing_needs_reasons_and_others_cannot_decide(
    forssa_member, forssa_admin, coordinator, client_for, assert_unchanged
):
    proposal = WorkgroupProposal.objects.create(
        name_fi="X",
        focus="f",
        goals="g",
        reasons="r",
        organisation=forssa_member.organisation,
        proposed_by=forssa_member,
    )
    url = f"/workgroups/proposals/{proposal.pk}/"
    outsider = make_user("riihimaki", "member")
    with assert_unchanged():
        assert client_for(coordinator).post(url, {"decision": "refuse"}).status_code == 200
        assert client_for(forssa_admin).post(url, {"decision": "approve"}).status_code == 403
        assert client_for(outsider).get(url).status_code == 404
    client_for(coordinator).post(url, {"decision": "refuse", "note": "Kuuluu HYTE-ryhmälle"})
    proposal.refresh_from_db()
    assert proposal.status == "refused"
    with assert_unchanged():
        assert client_for(coordinator).post(url, {"decision": "approve"}).status_code == 403


# --- counterpart pairs -------------------------------------------------------------------


@pytest.fixture
def pair(agreement, workgroup):
    from organisations.models import Organisation

    return CounterpartPair.objects.create(
        service_interface="Lastensuojelu",
        municipality=Organisation.objects.get(slug="forssa"),
        county=Organisation.objects.get(slug="kanta-hameen-hyvinvointialue"),
        workgroup=workgroup,
        valid_from=D(2025, 1, 1),
    )


def test_each_side_manages_only_its_own_half(
    pair, forssa_admin, riihimaki_admin, client_for, assert_unchanged
):
    county_admin = make_user("kanta-hameen-hyvinvointialue", "org_admin")
    forssa_person = make_user("forssa", "member")
    county_person = make_user("kanta-hameen-hyvinvointialue", "member")
    url = f"/workgroups/pairs/{pair.pk}/"
    r = client_for(forssa_admin).post(
        url, {"side": "municipality", "person": forssa_person.pk, "hours": "6"}
    )
    assert r.status_code == 302
    r = client_for(county_admin).post(
        url, {"side": "county", "person": county_person.pk, "hours": "4.5"}
    )
    assert r.status_code == 302
    pair.refresh_from_db()
    assert (pair.municipality_person, pair.county_person) == (forssa_person, county_person)
    with assert_unchanged():
        assert (
            client_for(forssa_admin).post(url, {"side": "county", "hours": "1"}).status_code == 403
        )
        assert (
            client_for(county_admin).post(url, {"side": "municipality", "hours": "1"}).status_code
            == 403
        )
        assert (
            client_for(riihimaki_admin)
            .post(url, {"side": "municipality", "hours": "1"})
            .status_code
            == 403
        )


def test_a_half_cannot_name_another_organisations_person(
    pair, forssa_admin, client_for, assert_unchanged
):
    outsider = make_user("riihimaki", "member")
    with assert_unchanged():
        response = client_for(forssa_admin).post(
            f"/workgroups/pairs/{pair.pk}/", {"side": "municipality", "person": outsider.pk}
        )
    assert response.status_code == 200


def test_municipality_admin_adds_a_pair_with_its_own_half(forssa_admin, client_for, agreement):
    response = client_for(forssa_admin).post(
        "/workgroups/pairs/new/",
        {
            "service_interface": "Koulukuraattorit",
            "municipality": forssa_admin.organisation_id,
            "person": forssa_admin.pk,
            "hours": "8",
            "valid_from": "2025-08-01",
        },
    )
    assert response.status_code == 302
    pair = CounterpartPair.objects.get()
    assert pair.municipality_hours == 8 and pair.county_person is None


def test_negative_hours_and_a_regional_council_admin_are_refused(
    client_for, agreement, forssa_admin, assert_unchanged
):
    with assert_unchanged():
        response = client_for(forssa_admin).post(
            "/workgroups/pairs/new/",
            {
                "service_interface": "X",
                "municipality": forssa_admin.organisation_id,
                "hours": "-2",
                "valid_from": "2025-08-01",
            },
        )
        assert response.status_code == 200
    liitto = make_user("hameen-liitto", "org_admin")
    assert client_for(liitto).get("/workgroups/pairs/new/").status_code == 403


MATRIX = [
    # url, anonymous, coordinator, forssa_admin, forssa_member, riihimaki_admin, riihimaki_member
    ("/workgroups/perhekeskus/", 200, 200, 200, 200, 200, 200),
    ("/workgroups/perhekeskus/edit/", 302, 200, 403, 403, 403, 403),
    (PLAN, 302, 200, 403, 403, 403, 403),
    ("/workgroups/perhekeskus/documents/nonsense/new/", 302, 404, 404, 404, 404, 404),
    ("/workgroups/hytefoorumi/", 404, 404, 404, 404, 404, 404),
    ("/workgroups/proposals/", 302, 200, 200, 200, 200, 200),
    ("/workgroups/proposals/new/", 302, 200, 200, 200, 200, 200),
    ("/workgroups/pairs/", 302, 200, 200, 200, 200, 200),
    ("/workgroups/pairs/new/", 302, 200, 200, 403, 200, 403),
    ("/workgroups/pairs/PAIR/?side=municipality", 302, 200, 200, 403, 403, 403),
    ("/workgroups/pairs/PAIR/?side=county", 302, 200, 403, 403, 403, 403),
]
PERSONAS = [
    "anonymous",
    "coordinator",
    "forssa_admin",
    "forssa_member",
    "riihimaki_admin",
    "riihimaki_member",
]


@pytest.mark.parametrize(
    ("url", "persona", "expected"),
    [pytest.param(u, p, e[i], id=f"{p}-{u}") for u, *e in MATRIX for i, p in enumerate(PERSONAS)],
)
def test_get_matrix(url, persona, expected, personas, pair, client_for, assert_unchanged):
    url = url.replace("PAIR", str(pair.pk))
    with assert_unchanged():
        response = client_for(personas[persona]).get(url)
    assert response.status_code == expected
