"""Several seats per party: each row says which seat it is and who holds it; the empty
choice of a select reads "— valitse —", not "---------"."""

from __future__ import annotations

from forums.models import Body

from .conftest import seat


def _three_seats(body: Body) -> Body:
    body.seats_per_party = 3
    body.save(update_fields=["seats_per_party"])
    return body


def test_each_of_three_seats_is_numbered_on_the_body_page(
    wellbeing, forssa_member, forssa_admin, client_for
):
    _three_seats(wellbeing)
    seat(wellbeing, forssa_member)
    page = client_for(forssa_admin).get(wellbeing.get_absolute_url()).content.decode()
    forssa = page.split('rowgroup" rowspan="3">Forssa</th>', 1)[1].split("</tbody>", 1)[0]
    rows = forssa.split("</tr>")[:3]
    assert "1/3" in rows[0] and forssa_member.display_name in rows[0]
    assert "2/3" in rows[1] and "Tyhjä paikka" in rows[1]
    assert "3/3" in rows[2] and "Tyhjä paikka" in rows[2]


def test_the_party_page_and_the_gaps_list_say_how_many_of_the_seats_are_empty(
    wellbeing, forssa_member, forssa_admin, coordinator, client_for
):
    _three_seats(wellbeing)
    seat(wellbeing, forssa_member)
    party = client_for(forssa_admin).get("/structure/parties/forssa/").content.decode()
    assert "2/3" in party and "3/3" in party
    gaps = client_for(coordinator).get("/structure/gaps/").content.decode()
    assert "Forssa</a> (tyhjänä 2/3 paikasta)" in gaps


def test_a_select_offers_an_empty_choice_in_words(wellbeing, forssa_admin, client_for):
    page = (
        client_for(forssa_admin)
        .get(f"/structure/bodies/{wellbeing.slug}/seats/new/forssa/")
        .content.decode()
    )
    assert "— valitse —" in page
    assert "---------" not in page
