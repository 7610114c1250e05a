from django.core.management import call_command

from organisations.models import Organisation
from organisations.seed import PARTIES


def test_seed_loads_the_thirteen_parties_exactly(db):
    call_command("seed_agreement", verbosity=0)
    parties = Organisation.objects.parties()
    assert parties.count() == 13
    assert Organisation.objects.municipalities().count() == 11
    forssa = parties.get(slug="forssa")
    assert forssa.name == "Forssan kaupunki"
    assert forssa.business_id == "0145626-1"
    assert forssa.postal_address == "PL 62, 30101 Forssa"
    assert forssa.municipality_code == "061"
    assert (forssa.signatory_name, forssa.signatory_title) == ("Jari Kesäniemi", "kaupunginjohtaja")
    county = parties.get(slug="kanta-hameen-hyvinvointialue")
    assert county.kind == Organisation.Kind.WELLBEING_COUNTY
    assert county.business_id == "3221307-8"
    assert {p.slug for p in parties} == {row[0] for row in PARTIES}


def test_seed_keeps_organisations_that_are_not_parties(db):
    call_command("seed_agreement", verbosity=0)
    te_office = Organisation.objects.get(slug="hameen-te-toimisto")
    assert not te_office.is_party


def test_second_run_changes_nothing(db, capsys):
    call_command("seed_agreement")
    before = list(Organisation.objects.values_list("pk", "updated_at"))
    call_command("seed_agreement")
    out = capsys.readouterr().out
    assert "0 created, 0 updated" in out.splitlines()[-3] or "(0 changes)" in out
    assert list(Organisation.objects.values_list("pk", "updated_at")) == before


def test_a_corrected_source_updates_the_row_in_place(db, monkeypatch):
    call_command("seed_agreement", verbosity=0)
    ypaja = Organisation.objects.get(slug="ypaja")
    Organisation.objects.filter(pk=ypaja.pk).update(street_address="Väärä osoite 1")
    call_command("seed_agreement", verbosity=0)
    ypaja.refresh_from_db()
    assert ypaja.street_address == "Perttulantie 20"
    assert Organisation.objects.filter(slug="ypaja").count() == 1
