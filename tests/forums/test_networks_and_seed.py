"""Open networks (anyone joins or leaves), other organisations in the wellbeing forum, and the
seeds (idempotent; Hattula's wellbeing-forum seat left empty in the demo)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from forums.models import Body, Membership, RoleAssignment
from organisations.models import Organisation
from portal.seeding import SeedReport, run
from tests.conftest import make_user


def test_anyone_logged_in_joins_and_leaves_an_open_network(forssa_member, network, client_for):
    import datetime

    client = client_for(forssa_member)
    assert client.post("/structure/bodies/tyollisyysverkosto/join/").status_code == 302
    membership = Membership.objects.current().get(body=network, person=forssa_member)
    assert membership.organisation.slug == "forssa"
    membership.valid_from = datetime.date(2025, 1, 1)
    membership.save(update_fields=["valid_from"])
    assert client.post("/structure/bodies/tyollisyysverkosto/leave/").status_code == 302
    assert not Membership.objects.current().filter(body=network, person=forssa_member).exists()
    assert Membership.objects.filter(body=network, person=forssa_member).count() == 1  # history


def test_leaving_on_the_day_of_joining_leaves_no_seat(forssa_member, network, client_for):
    client = client_for(forssa_member)
    client.post("/structure/bodies/tyollisyysverkosto/join/")
    client.post("/structure/bodies/tyollisyysverkosto/leave/")
    assert not Membership.objects.filter(body=network, person=forssa_member).exists()
    page = client.get("/structure/bodies/tyollisyysverkosto/").content.decode()
    assert "Liity verkostoon" in page


def test_joining_twice_changes_nothing(forssa_member, network, client_for, assert_unchanged):
    client = client_for(forssa_member)
    client.post("/structure/bodies/tyollisyysverkosto/join/")
    with assert_unchanged():
        client.post("/structure/bodies/tyollisyysverkosto/join/")


def test_anonymous_cannot_join_and_nominated_bodies_cannot_be_joined(
    forssa_member, client_for, assert_unchanged, network
):
    with assert_unchanged():
        assert (
            client_for(None).post("/structure/bodies/tyollisyysverkosto/join/").status_code == 302
        )
        assert (
            client_for(forssa_member).post("/structure/bodies/hytefoorumi/join/").status_code == 403
        )


def test_a_user_founds_a_network_and_becomes_its_first_member_and_convener(
    forssa_member, client_for
):
    from portal.permissions import has_perm

    response = client_for(forssa_member).post(
        "/structure/networks/new/",
        {
            "name_fi": "Liikkuva koulu -verkosto",
            "purpose_fi": "Kokemusten vaihto",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    body = Body.objects.get(slug="liikkuva-koulu-verkosto")
    assert (body.tier, body.is_open) == (4, True)
    assert body.memberships.get().person == forssa_member
    assert has_perm(forssa_member, "forums.convene_body", body)


def test_a_network_name_already_in_use_is_refused(
    forssa_member, client_for, network, assert_unchanged
):
    with assert_unchanged():
        response = client_for(forssa_member).post(
            "/structure/networks/new/",
            {"name_fi": "Työllisyyden hoidon verkosto", "purpose_fi": "x", "visibility": "public"},
        )
    assert response.status_code == 200


def test_coordinator_is_offered_non_party_organisations_in_the_wellbeing_forum(
    coordinator, client_for, wellbeing
):
    response = client_for(coordinator).get("/structure/bodies/hytefoorumi/")
    assert [o.slug for o in response.context["other_organisations"]] == ["hameen-te-toimisto"]
    response = client_for(coordinator).get("/structure/bodies/perhekeskus/")
    assert response.context["other_organisations"] == []


def test_seed_agreement_is_idempotent(agreement):
    report = run("seed_agreement", SeedReport())
    forum_rows = {k: v for k, v in report.counts.items() if k[0].startswith(("forums", "workg"))}
    assert all(outcome == "unchanged" for (_label, outcome) in forum_rows)
    assert Body.objects.count() == 10
    assert dict(Body.objects.values_list("slug", "tier")) == {
        "strateginen-foorumi": 1,
        "kuntakokous": 1,
        "turvallisuusfoorumi": 2,
        "hytefoorumi": 2,
        "opiskeluhuolto": 3,
        "perhekeskus": 3,
        "hyte-tyoryhma": 3,
        "kotouttaminen": 3,
        "typ-johtoryhma": 3,
        "tyollisyysverkosto": 4,
    }
    convener = Body.objects.get(slug="typ-johtoryhma").convener_organisation
    assert convener is not None and convener.slug == "hameen-te-toimisto"
    joint_with = Body.objects.get(slug="hytefoorumi").joint_with
    assert joint_with is not None and joint_with.slug == "turvallisuusfoorumi"


@pytest.mark.django_db
def test_seed_agreement_on_an_empty_database_reports_what_it_did():
    first = run("seed_agreement", SeedReport())
    assert first.counts[("forums.Body", "created")] == 10
    assert first.counts[("forums.Body", "updated")] == 0
    joint = Body.objects.get(slug="turvallisuusfoorumi").joint_with
    assert joint is not None and joint.slug == "hytefoorumi"
    again = run("seed_agreement", SeedReport())
    assert again.counts[("forums.Body", "unchanged")] == 10
    assert sum(n for (label, _o), n in again.counts.items() if label == "forums.Body") == 10


@pytest.mark.django_db
def test_demo_fills_the_wellbeing_forum_but_leaves_hattula_empty(seeded_demo, settings):
    wellbeing = Body.objects.get(slug="hytefoorumi")
    orgs = set(wellbeing.memberships.values_list("organisation__slug", flat=True))
    assert "hattula" not in orgs and {"loppi", "forssa"} <= orgs
    assert RoleAssignment.objects.filter(body=wellbeing).count() == 3
    before = Membership.objects.count()
    settings.DEBUG = True
    call_command("seed_demo", "--password", "demo-password-123")
    assert Membership.objects.count() == before


def test_a_coordinators_own_organisation_is_not_required_to_name_an_ngo(coordinator, wellbeing):
    ngo = Organisation.objects.create(
        name="Hämeenlinnan seurakuntayhtymä", short_name="Srk", slug="srk", kind="parish"
    )
    person = make_user(ngo, "member")
    import datetime

    from forums import services

    m = services.nominate_representative(
        actor=coordinator,
        body=wellbeing,
        organisation=ngo,
        person=person,
        valid_from=datetime.date(2025, 1, 1),
    )
    assert m.organisation == ngo
