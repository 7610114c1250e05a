from organisations.models import User
from portal.models import AuditEvent
from tests.conftest import make_user


def test_org_admin_promotes_a_colleague(client_for, forssa_admin, forssa_member):
    response = client_for(forssa_admin).post(
        f"/organisations/forssa/members/{forssa_member.pk}/",
        {
            "first_name": "Maija",
            "last_name": "Meikäläinen",
            "job_title": "",
            "phone": "",
            "role": "org_admin",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    forssa_member.refresh_from_db()
    assert forssa_member.role == User.Role.ORG_ADMIN
    assert AuditEvent.objects.filter(
        action="user.updated", target_id=str(forssa_member.pk)
    ).exists()


def test_org_admin_deactivates_a_colleague_who_then_cannot_log_in(
    client_for, forssa_admin, forssa_member
):
    client_for(forssa_admin).post(
        f"/organisations/forssa/members/{forssa_member.pk}/",
        {"first_name": "M", "last_name": "M", "role": "member"},
    )
    forssa_member.refresh_from_db()
    assert not forssa_member.is_active


def test_another_partys_person_is_not_found_through_own_page(
    client_for, forssa_admin, assert_unchanged
):
    outsider = make_user("riihimaki", "member", "x.riihimaki@test.example")
    with assert_unchanged():
        response = client_for(forssa_admin).post(
            f"/organisations/forssa/members/{outsider.pk}/",
            {"first_name": "X", "last_name": "Y", "role": "org_admin", "is_active": "on"},
        )
    assert response.status_code == 404


def test_admin_cannot_edit_themself(client_for, forssa_admin, assert_unchanged):
    with assert_unchanged():
        response = client_for(forssa_admin).post(
            f"/organisations/forssa/members/{forssa_admin.pk}/",
            {"first_name": "A", "last_name": "B", "role": "member"},
        )
    assert response.status_code == 403


def test_member_list_queries_do_not_grow_with_people(
    client_for, forssa_admin, django_assert_max_num_queries
):
    for i in range(5):
        make_user("forssa", "member", f"a{i}@forssa.test")
    client = client_for(forssa_admin)
    with django_assert_max_num_queries(12) as small:
        client.get("/organisations/forssa/members/")
    for i in range(50):
        make_user("forssa", "member", f"b{i}@forssa.test")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/organisations/forssa/members/")
    assert response.content.decode().count("@forssa.test") >= 55
