"""Finnish is the default language: every catalogue complete, and the compiled .mo current."""

from pathlib import Path

import polib
import pytest
from django.utils.functional import Promise

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/fi/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


def test_every_app_with_strings_has_a_catalogue():
    owners = {p.relative_to(ROOT).parts[0] for p in CATALOGUES}
    assert {"locale", "organisations", "forums", "workgroups", "indicators"} <= owners


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"untranslated in {po_path}: {untranslated[:10]}"
    assert fuzzy == [], f"fuzzy in {po_path}: {fuzzy[:10]}"
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo
    }
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"{po_path.with_suffix('.mo')} is stale: {entry.msgid!r} missing"
        assert compiled[key] == (entry.msgstr, tuple(sorted(entry.msgstr_plural.items()))), (
            f"{po_path.with_suffix('.mo')} is stale for {entry.msgid!r}"
        )


def test_a_phrase_has_one_finnish_translation_across_catalogues():
    """Django merges every catalogue into one: a phrase translated two ways shows whichever
    catalogue wins everywhere. A phrase that means two things takes a context (pgettext)."""
    translations: dict[tuple[str | None, str], dict[str, list[str]]] = {}
    for po_path in CATALOGUES:
        for entry in polib.pofile(str(po_path)).translated_entries():
            key = (entry.msgctxt, entry.msgid)
            owner = po_path.relative_to(ROOT).parts[0]
            translations.setdefault(key, {}).setdefault(entry.msgstr, []).append(owner)
    conflicts = {key: found for key, found in translations.items() if len(found) > 1}
    assert conflicts == {}


def test_every_field_of_the_portal_has_a_translated_label():
    """The Django admin, forms and the audit trail show a field's verbose name: a field without
    one shows its raw column name ("Created at", "To email") in every language."""
    from django.apps import apps

    ours = {"organisations", "portal", "forums", "meetings", "workgroups", "indicators"}
    ours |= {"reports", "console"}
    raw = [
        f"{model.__name__}.{field.name}"
        for app in ours
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.concrete_fields
        if not field.auto_created
        and not isinstance(field.verbose_name, Promise)
        and field.name not in GUARDIAN_FIELDS
        and field.model._meta.app_label in ours  # not allauth's, behind a proxy
    ]
    assert raw == []


# django-guardian's object permission tables declare these itself (the admin shows its words).
GUARDIAN_FIELDS = {"permission", "user", "group"}
