def test_user_edits_own_profile_and_language(client_for, forssa_member):
    client = client_for(forssa_member)
    response = client.post(
        "/profile/",
        {
            "first_name": "Maija",
            "last_name": "Mäkinen",
            "job_title": "hyte-koordinaattori",
            "phone": "040 123 4567",
            "language": "en",
        },
    )
    assert response.status_code == 302
    forssa_member.refresh_from_db()
    assert (forssa_member.first_name, forssa_member.language) == ("Maija", "en")
    assert "My details" in client.get("/profile/").content.decode()


def test_profile_requires_names(client_for, forssa_member, assert_unchanged):
    with assert_unchanged():
        response = client_for(forssa_member).post(
            "/profile/", {"first_name": "", "last_name": "", "language": "fi"}
        )
    assert response.status_code == 200
    assert "Tämä kenttä vaaditaan" in response.content.decode()


def test_profile_cannot_change_role_or_organisation(client_for, forssa_member):
    client_for(forssa_member).post(
        "/profile/",
        {
            "first_name": "A",
            "last_name": "B",
            "language": "fi",
            "role": "coordinator",
            "organisation": "1",
        },
    )
    forssa_member.refresh_from_db()
    assert forssa_member.role == "member"
    assert forssa_member.organisation.slug == "forssa"
