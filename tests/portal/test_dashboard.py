from organisations.models import Organisation


def test_dashboard_shows_my_organisation_and_the_parties(client_for, forssa_admin):
    page = client_for(forssa_admin).get("/dashboard/").content.decode()
    assert "Forssan kaupunki" in page
    assert "Ypäjä" in page


def test_parties_page_lists_business_ids_and_addresses(client, agreement):
    page = client.get("/organisations/").content.decode()
    assert "0145626-1" in page and "PL 62, 30101 Forssa" in page
    assert "Sopimusosapuolet" in page


def _add_organisations(n):
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Testikunta {i}",
                short_name=f"T{i}",
                slug=f"testikunta-{i}",
                kind=Organisation.Kind.MUNICIPALITY,
                is_party=True,
            )
            for i in range(n)
        ]
    )


def test_dashboard_and_parties_queries_stay_flat_at_ten_times_the_parties(
    client_for, forssa_admin, django_assert_max_num_queries
):
    client = client_for(forssa_admin)
    with django_assert_max_num_queries(60) as base_dash:
        client.get("/dashboard/")
    with django_assert_max_num_queries(60) as base_list:
        client.get("/organisations/")
    _add_organisations(13 * 9)
    with django_assert_max_num_queries(len(base_dash.captured_queries)):
        client.get("/dashboard/")
    with django_assert_max_num_queries(len(base_list.captured_queries)):
        page = client.get("/organisations/").content.decode()
    assert "Testikunta 116" in page
