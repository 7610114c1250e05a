"""One date and time format per language, pages and mails alike: Finnish "16.1.2027 klo
9.00", English "16 Jan 2027 at 09:00" — never "16.01.2027", "09.00" beside "9.00", or the
American "01/16/2027"."""

from __future__ import annotations

import re

from django.core import mail
from django.utils import translation
from django.utils.formats import date_format

from .conftest import future

LEADING_ZERO_DATE = re.compile(r"\b0\d\.\d{1,2}\.\d{4}|\b\d{1,2}\.0\d\.\d{4}")
US_DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")
FINNISH_CLOCK_WITH_COLON = re.compile(r"\bklo \d{1,2}:\d{2}")


def test_the_named_formats_are_the_portals():
    moment = future(30, 9)
    with translation.override("fi"):
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == (
            f"{moment.day}.{moment.month}.{moment.year} klo 9.00"
        )
    with translation.override("en"):
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == (
            f"{moment.day} {moment:%b} {moment.year} at 09:00"
        )


def test_meeting_pages_and_mails_use_one_format_per_language(scheduled, members, chair, client_for):
    client = client_for(chair)
    pages = [
        client.get(path).content.decode()
        for path in ("/dashboard/", "/structure/meetings/", scheduled.get_absolute_url())
    ]
    finnish_mail = next(m for m in mail.outbox if m.to == [members["forssa"].email])
    english_mail = next(m for m in mail.outbox if m.to == [members["loppi"].email])
    for text in [*pages, str(finnish_mail.body), str(finnish_mail.subject)]:
        assert not LEADING_ZERO_DATE.search(text)
        assert not FINNISH_CLOCK_WITH_COLON.search(text)
        assert not US_DATE.search(text)
    start = future(14, 9)
    assert f"{start.day}.{start.month}.{start.year} klo 9.00" in finnish_mail.subject
    assert f"{start.day} {start:%b} {start.year} at 09:00" in english_mail.subject
    assert not US_DATE.search(str(english_mail.body))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english_page = client.get(scheduled.get_absolute_url()).content.decode()
    assert f"{start.day} {start:%b} {start.year}" in english_page
    assert not US_DATE.search(english_page)
