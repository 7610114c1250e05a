"""Preparers (valmistelijat): named people, often of another party, who prepare a body's
meetings. A per-object guardian grant in a direct-FK table, never a model-wide permission."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from forums import services
from forums.models import Body, BodyUserObjectPermission, Membership, RoleAssignment, preparers_of
from organisations.models import Organisation
from portal.audit import history
from portal.permissions import has_perm
from tests.conftest import make_user

HELSINKI = ZoneInfo("Europe/Helsinki")


def future(days: int = 14, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=HELSINKI)


@pytest.fixture
def wellbeing(agreement) -> Body:
    return Body.objects.get(slug="hytefoorumi")


@pytest.fixture
def chair(wellbeing):
    person = make_user("kanta-hameen-hyvinvointialue", "member", "chair@test.example")
    assert person.organisation is not None
    Membership.objects.create(
        body=wellbeing,
        organisation=person.organisation,
        person=person,
        valid_from=datetime.date(2023, 9, 1),
    )
    RoleAssignment.objects.create(
        body=wellbeing,
        role="chair",
        person=person,
        valid_from=datetime.date(2023, 10, 5),
        elected_on=datetime.date(2023, 10, 5),
    )
    return person


def meeting_kwargs(actor, body, **extra):
    return {
        "actor": actor,
        "body": body,
        "title": "Hytefoorumin kokous",
        "starts_at": future(14, 9),
        "ends_at": future(14, 11),
        "place": "Riihimäen kaupungintalo",
        "host_organisation": Organisation.objects.get(slug="riihimaki"),
        "publish": False,
        **extra,
    }


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_named_preparer_from_another_party_schedules_and_edits_the_bodys_meetings(
    wellbeing, chair, riihimaki_member, client_for
):
    from meetings.scheduling import schedule_meeting

    client = client_for(riihimaki_member)
    assert not has_perm(riihimaki_member, "meetings.schedule_meeting", wellbeing)
    assert client.get(reverse("meetings:meeting_create") + "?body=hytefoorumi").status_code == 403

    services.name_preparer(actor=chair, body=wellbeing, person=riihimaki_member)

    assert has_perm(riihimaki_member, "forums.convene_body", wellbeing)
    response = client.get(reverse("meetings:meeting_create") + "?body=hytefoorumi")
    assert response.status_code == 200
    assert wellbeing in response.context["form"].fields["body"].queryset
    meeting = schedule_meeting(**meeting_kwargs(riihimaki_member, wellbeing))
    # The draft is the preparer's to see and edit (drafts show to those who schedule).
    assert wellbeing in Body.objects.convenable_by(riihimaki_member)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(reverse("meetings:meeting_edit", args=[meeting.pk])).status_code == 200


def test_a_preparer_does_not_manage_roles_seats_or_other_preparers(
    wellbeing, chair, riihimaki_member, forssa_member, client_for, assert_unchanged
):
    services.name_preparer(actor=chair, body=wellbeing, person=riihimaki_member)
    assert not has_perm(riihimaki_member, "forums.manage_roles", wellbeing)
    assert not has_perm(riihimaki_member, "forums.manage_preparers", wellbeing)
    assert not has_perm(
        riihimaki_member,
        "forums.manage_seats",
        Membership(body=wellbeing, organisation=forssa_member.organisation),
    )
    client = client_for(riihimaki_member)
    with assert_unchanged():
        assert client.get(reverse("forums:role_add", args=["hytefoorumi"])).status_code == 403
        response = client.post(
            reverse("forums:preparer_add", args=["hytefoorumi"]), {"person": forssa_member.pk}
        )
        assert response.status_code == 403


def test_after_removal_the_former_preparer_gets_403_and_nothing_changes(
    wellbeing, chair, riihimaki_member, client_for, assert_unchanged
):
    from meetings.scheduling import schedule_meeting

    services.name_preparer(actor=chair, body=wellbeing, person=riihimaki_member)
    meeting = schedule_meeting(**meeting_kwargs(chair, wellbeing, publish=True))
    services.remove_preparer(actor=chair, body=wellbeing, person=riihimaki_member)

    client = client_for(riihimaki_member)
    with assert_unchanged():
        assert client.get(reverse("meetings:meeting_create")).status_code == 403
        response = client.post(
            reverse("meetings:meeting_cancel", args=[meeting.pk]), {"reason": "Ei pidetä"}
        )
        assert response.status_code == 403
        with pytest.raises(ValidationError):  # the service: "you may not convene …"
            schedule_meeting(**meeting_kwargs(riihimaki_member, wellbeing))
    assert not has_perm(riihimaki_member, "forums.convene_body", wellbeing)
    actions = [e.action for e in history(wellbeing)]
    assert actions.count("body.preparer_named") == 1
    assert actions.count("body.preparer_removed") == 1


@pytest.mark.parametrize("persona", ["riihimaki_admin", "forssa_member", "forssa_admin"])
def test_an_outsider_cannot_name_or_remove_preparers(
    persona, personas, wellbeing, chair, riihimaki_member, client_for, assert_unchanged
):
    services.name_preparer(actor=chair, body=wellbeing, person=riihimaki_member)
    client = client_for(personas[persona])
    with assert_unchanged():
        add = client.post(
            reverse("forums:preparer_add", args=["hytefoorumi"]),
            {"person": personas[persona].pk},
        )
        remove = client.post(
            reverse("forums:preparer_remove", args=["hytefoorumi", riihimaki_member.pk])
        )
    assert (add.status_code, remove.status_code) == (403, 403)


def test_anonymous_visitors_are_sent_to_log_in_and_get_requests_are_refused(
    wellbeing, coordinator, client_for, assert_unchanged
):
    with assert_unchanged():
        anonymous = client_for(None).post(reverse("forums:preparer_add", args=["hytefoorumi"]))
        assert anonymous.status_code == 302
        get = client_for(coordinator).get(reverse("forums:preparer_add", args=["hytefoorumi"]))
        assert get.status_code == 405


def test_a_global_model_permission_does_not_make_anyone_a_preparer(wellbeing, riihimaki_member):
    riihimaki_member.user_permissions.add(
        Permission.objects.get(codename="prepare_body", content_type__app_label="forums")
    )
    from organisations.models import User

    user = User.objects.get(pk=riihimaki_member.pk)  # fresh permission cache
    assert user.has_perm("forums.prepare_body")  # the model-wide permission is really held
    assert not Body.objects.prepared_by(user).exists()
    assert not has_perm(user, "forums.convene_body", wellbeing)
    assert not has_perm(user, "meetings.schedule_meeting", wellbeing)
    assert not any(
        has_perm(user, "forums.convene_body", b) for b in Body.objects.all()
    )  # accept_global_perms=False: no body at all
    assert not Body.objects.convenable_by(user).exists()
    assert preparers_of([wellbeing])[wellbeing.pk] == []


def test_deleting_a_body_deletes_its_grant_rows(agreement, coordinator, riihimaki_member):
    body = Body.objects.create(
        period=Body.objects.get(slug="hytefoorumi").period,
        slug="poistettava",
        tier=Body.Tier.OPEN,
        kind=Body.Kind.OPEN_NETWORK,
        name_fi="Poistettava verkosto",
    )
    services.name_preparer(actor=coordinator, body=body, person=riihimaki_member)
    assert BodyUserObjectPermission.objects.filter(content_object=body).count() == 1
    body_pk = body.pk
    body.delete()
    assert not BodyUserObjectPermission.objects.filter(content_object_id=body_pk).exists()


def test_the_body_page_lists_preparers_with_the_same_queries_for_1_and_10(
    wellbeing, coordinator, client_for
):
    url = wellbeing.get_absolute_url()
    client = client_for(coordinator)
    people = [make_user("riihimaki", "member", f"p{i}@test.example") for i in range(10)]

    def count() -> tuple[int, Any]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response

    services.name_preparer(actor=coordinator, body=wellbeing, person=people[0])
    one, response = count()
    assert [p.pk for p in response.context["preparers"]] == [people[0].pk]
    for person in people[1:]:
        services.name_preparer(actor=coordinator, body=wellbeing, person=person)
    ten, response = count()
    assert len(response.context["preparers"]) == 10
    assert one == ten
    page = response.content.decode()
    assert people[5].display_name in page
    assert reverse("forums:preparer_remove", args=["hytefoorumi", people[5].pk]) in page


def test_logged_in_users_see_the_preparers_without_the_management_form(
    wellbeing, chair, riihimaki_member, forssa_member, client_for
):
    services.name_preparer(actor=chair, body=wellbeing, person=riihimaki_member)
    page = client_for(forssa_member).get(wellbeing.get_absolute_url()).content.decode()
    assert riihimaki_member.display_name in page
    assert reverse("forums:preparer_add", args=["hytefoorumi"]) not in page
    anonymous = client_for(None).get(wellbeing.get_absolute_url()).content.decode()
    assert riihimaki_member.display_name not in anonymous
    convener = client_for(chair).get(wellbeing.get_absolute_url()).content.decode()
    assert reverse("forums:preparer_add", args=["hytefoorumi"]) in convener


def test_the_chair_names_a_preparer_through_the_page(
    wellbeing, chair, riihimaki_member, client_for
):
    response = client_for(chair).post(
        reverse("forums:preparer_add", args=["hytefoorumi"]), {"person": riihimaki_member.pk}
    )
    assert response.status_code == 302
    assert [p.pk for p in preparers_of([wellbeing])[wellbeing.pk]] == [riihimaki_member.pk]
    assert any(riihimaki_member.display_name in m for m in messages_of(response))


def test_naming_the_same_person_twice_gives_a_clear_message_and_changes_nothing(
    wellbeing, chair, riihimaki_member, client_for, assert_unchanged
):
    services.name_preparer(actor=chair, body=wellbeing, person=riihimaki_member)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.name_preparer(actor=chair, body=wellbeing, person=riihimaki_member)
    assert "is already a preparer of" in exc.value.messages[0]
    with assert_unchanged():
        response = client_for(chair).post(
            reverse("forums:preparer_add", args=["hytefoorumi"]), {"person": riihimaki_member.pk}
        )
    assert response.status_code == 302
    assert any("on jo" in m and "valmistelija" in m for m in messages_of(response))


def test_removing_someone_who_is_not_a_preparer_gives_a_clear_message_and_changes_nothing(
    wellbeing, chair, riihimaki_member, client_for, assert_unchanged
):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.remove_preparer(actor=chair, body=wellbeing, person=riihimaki_member)
    assert "is not a preparer of" in exc.value.messages[0]
    with assert_unchanged():
        response = client_for(chair).post(
            reverse("forums:preparer_remove", args=["hytefoorumi", riihimaki_member.pk])
        )
    assert response.status_code == 302
    assert any("ei ole" in m and "valmistelija" in m for m in messages_of(response))


def test_only_active_people_of_parties_and_taking_part_organisations_can_be_named(
    wellbeing, chair, client_for, assert_unchanged
):
    inactive = make_user("riihimaki", "member", "gone@test.example", is_active=False)
    stranger_org = Organisation.objects.create(
        name="Ulkopuolinen yhdistys ry", short_name="Ulkop.", slug="ulkop", kind="other"
    )
    stranger = make_user(stranger_org, "member", "stranger@test.example")
    for person in (inactive, stranger):
        with translation.override("en"), pytest.raises(ValidationError) as exc:
            services.name_preparer(actor=chair, body=wellbeing, person=person)
        assert "cannot be named a preparer" in exc.value.messages[0]
    with assert_unchanged():
        bad = client_for(chair).post(
            reverse("forums:preparer_add", args=["hytefoorumi"]), {"person": "not-a-number"}
        )
        assert bad.status_code == 302
        assert messages_of(bad)


def test_seed_demo_names_two_preparers_of_the_wellbeing_forum_once(seeded_demo, settings):
    from django.core.management import call_command

    wellbeing = Body.objects.get(slug="hytefoorumi")
    emails = {p.email for p in preparers_of([wellbeing])[wellbeing.pk]}
    assert emails == {"member.hameenlinna@demo.example", "member.riihimaki@demo.example"}
    settings.DEBUG = True
    call_command("seed_demo", "--password", "demo-password-123")
    assert BodyUserObjectPermission.objects.filter(content_object=wellbeing).count() == 2


def test_a_preparer_writes_minutes_but_only_the_real_conveners_approve_them(
    wellbeing, chair, riihimaki_member
):
    from meetings.scheduling import schedule_meeting

    services.name_preparer(actor=chair, body=wellbeing, person=riihimaki_member)
    meeting = schedule_meeting(**meeting_kwargs(chair, wellbeing))
    assert has_perm(riihimaki_member, "meetings.write_minutes", meeting)
    assert not has_perm(riihimaki_member, "meetings.approve_minutes", meeting)
    assert has_perm(chair, "meetings.approve_minutes", meeting)
