"""Each language complete: the main pages rendered in English carry no Finnish words outside
proper names and people's own content, and rendered in Finnish no English words.

What the pages show of the data (names of parties, bodies and people, meeting titles, the
agreement's own Finnish texts) is taken out first: a word is flagged only when it comes from
the portal's own templates and code.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models

from organisations.models import User

FINNISH_WORDS = {
    "ja",
    "tai",
    "sekä",
    "kokous",
    "kokoukset",
    "kokouksen",
    "tallenna",
    "peru",
    "muokkaa",
    "lisää",
    "kutsu",
    "vastaus",
    "vastaa",
    "osallistuu",
    "peruttu",
    "toimielin",
    "toimielimet",
    "mittari",
    "mittarit",
    "arvo",
    "arvot",
    "vuosi",
    "vuonna",
    "edustaja",
    "varajäsen",
    "puheenjohtaja",
    "sihteeri",
    "työryhmä",
    "työryhmät",
    "osapuolet",
    "kirjaudu",
    "ulos",
    "omat",
    "tiedot",
    "rakenne",
    "etusivu",
    "työpöytä",
    "tehtävät",
    "hyväksy",
    "palauta",
    "lähetä",
    "syötä",
    "paikka",
    "tyhjä",
    "aika",
    "päivä",
    "klo",
    "ei",
    "kyllä",
    "ole",
}
ENGLISH_WORDS = {
    "the",
    "and",
    "of",
    "with",
    "your",
    "you",
    "save",
    "cancel",
    "edit",
    "add",
    "meeting",
    "meetings",
    "body",
    "bodies",
    "seat",
    "seats",
    "metric",
    "metrics",
    "values",
    "year",
    "not",
    "yes",
    "from",
    "by",
    "this",
    "that",
    "are",
    "is",
    "for",
    "invitation",
    "minutes",
    "agenda",
    "answer",
    "member",
    "members",
    "deputy",
    "chair",
    "secretary",
    "workgroup",
    "workgroups",
    "parties",
    "structure",
    "dashboard",
    "log",
    "out",
    "login",
    "empty",
}
# Proper names and technical words both languages write the same way.
SHARED = {"yhdyspinta", "hyte", "ics", "csv", "xlsx", "pdf", "sotkanet", "thl", "ok", "häme"}


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Text(HTMLParser):
    """The text a reader sees (with aria-labels, titles and alt texts), without scripts,
    styles and anything marked with its own ``lang`` (the language switch names the other
    language on purpose)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._depth = 0
        self._skip_from: int | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skipping = self._skip_from is not None
        if not skipping:
            for name in ("aria-label", "title", "placeholder", "alt"):
                if attributes.get(name):
                    self.parts.append(attributes[name] or "")
        if tag in VOID:
            return
        self._depth += 1
        own_language = tag != "html" and attributes.get("lang")
        if not skipping and (tag in ("script", "style") or own_language):
            self._skip_from = self._depth

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self._skip_from is not None and self._depth == self._skip_from:
            self._skip_from = None
        self._depth -= 1

    def handle_data(self, data):
        if self._skip_from is None:
            self.parts.append(data)


def _visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def _data_strings() -> list[str]:
    """Every text the database holds: what a page shows of it is content, not UI."""
    texts: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in {
            "organisations",
            "forums",
            "meetings",
            "workgroups",
            "indicators",
            "portal",  # mails as sent (in their recipient's language), audit entries
            "reports",
            "console",
        }:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for row in model._default_manager.values_list(*fields):
            texts.update(str(v) for v in row if v and len(str(v)) > 1)
    for user in User.objects.all():
        texts.add(user.display_name)
    return sorted(texts, key=len, reverse=True)


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-zÅÄÖåäö]+", text)}


PAGES = [
    "/dashboard/",
    "/structure/",
    "/structure/bodies/hytefoorumi/",
    "/structure/gaps/",
    "/structure/agreement/",
    "/structure/parties/forssa/",
    "/structure/meetings/",
    "/structure/meetings/calendar/",
    "/structure/meetings/bodies/hytefoorumi/register/",
    "/workgroups/",
    "/workgroups/perhekeskus/",
    "/metrics/",
    "/metrics/region/",
    "/metrics/review/",
    "/organisations/",
    "/organisations/forssa/",
    "/profile/",
    "/metrics/entry/2025/forssa/",
    "/reports/",
    "/reports/published/",
    "/console/",
    "/console/people/",
    "/console/audit/",
    "/console/mail/",
    "/accessibility/",
]


@pytest.fixture
def pages(seeded_demo, client_for):
    from meetings.models import Meeting

    coordinator = User.objects.get(email="coordinator@demo.example")
    meeting = Meeting.objects.filter(status="scheduled").order_by("starts_at")[0]
    paths = [*PAGES, meeting.get_absolute_url()]
    data = _data_strings()

    def render(language: str) -> dict[str, str]:
        client = client_for(coordinator)
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
        coordinator.language = language
        coordinator.save(update_fields=["language"])
        rendered = {}
        for path in paths:
            response = client.get(path, follow=True)
            assert response.status_code == 200, path
            text = _visible(response.content.decode())
            for content in data:
                text = text.replace(content, " ")
            rendered[path] = text
        return rendered

    return render


def test_english_pages_have_no_finnish_words(pages):
    found = {
        path: sorted((_words(text) & FINNISH_WORDS) - SHARED) for path, text in pages("en").items()
    }
    assert {path: words for path, words in found.items() if words} == {}


def test_finnish_pages_have_no_english_words(pages):
    found = {
        path: sorted((_words(text) & ENGLISH_WORDS) - SHARED) for path, text in pages("fi").items()
    }
    assert {path: words for path, words in found.items() if words} == {}


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("en", ["Convener: TE Office", "Regional Council of Häme"], ["TE-toimisto", "liitto"]),
        ("fi", ["Koollekutsuja: TE-toimisto", "Hämeen liitto"], ["TE Office", "Council"]),
    ],
)
def test_organisations_are_named_in_the_readers_language(
    seeded_demo, client_for, language, shown, not_shown
):
    coordinator = User.objects.get(email="coordinator@demo.example")
    client = client_for(coordinator)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    text = " ".join(
        _visible(client.get(path).content.decode()) for path in ("/structure/", "/organisations/")
    )
    text = re.sub(r"\s+", " ", text)
    assert all(phrase in text for phrase in shown)
    assert not [phrase for phrase in not_shown if phrase in text]


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_admin_index_speaks_the_readers_language(seeded_demo, client, language):
    superuser = User.objects.create_superuser(email="root@demo.example", password="x" * 16)
    client.force_login(superuser)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    text = _visible(client.get("/admin/").content.decode())
    assert "Authenticators" not in text and "MFA" not in text
    expected = "Kaksivaiheisen tunnistautumisen menetelmät" if language == "fi" else "Two-factor"
    assert expected in text
