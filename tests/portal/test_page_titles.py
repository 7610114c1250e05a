"""Every page's browser title is "<page> – Yhdyspinta" (the separator was missing:
"EtusivuYhdyspinta")."""

from __future__ import annotations

import re

import pytest


def _title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match
    return match.group(1)


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/", "Etusivu – Yhdyspinta"),
        ("/structure/", "Yhteistyön rakenne – Yhdyspinta"),
        ("/organisations/", "Sopimusosapuolet – Yhdyspinta"),
        ("/accounts/login/", "Kirjaudu sisään – Yhdyspinta"),
    ],
)
def test_the_title_has_the_page_and_the_portal_with_a_separator(agreement, client, path, expected):
    assert _title(client.get(path)) == expected


def test_the_logged_in_pages_have_titles_too(coordinator, client_for):
    client = client_for(coordinator)
    for path in ("/dashboard/", "/structure/meetings/", "/metrics/", "/structure/gaps/"):
        title = _title(client.get(path))
        assert title.endswith(" – Yhdyspinta") and len(title) > len(" – Yhdyspinta"), path
