"""Every tier-3 body of the agreement gets its workgroup record; the term is the council
term (the agreement: "Työryhmien toimikausi on valtuustokausi")."""

from __future__ import annotations

import datetime

from forums.models import Body, CouncilTerm
from organisations.models import Organisation
from portal.seeding import SeedReport, upsert

from .models import CounterpartPair, Workgroup, WorkgroupDocument


def seed_agreement(report: SeedReport) -> None:
    for body in Body.objects.filter(tier=Body.Tier.WORKGROUPS):
        term = CouncilTerm.objects.on(kind=CouncilTerm.Kind.MUNICIPAL)
        workgroup = Workgroup.objects.filter(body=body).first()
        if workgroup is None:
            Workgroup.objects.create(body=body, term=term)
            report.add(Workgroup, "created")
        else:
            report.add(Workgroup, "unchanged")


def seed_demo(report: SeedReport, *, password: str) -> None:
    """The family-centre workgroup has an action plan and rules; one counterpart pair."""
    users = report.extra.get("demo_users", {})
    workgroup = Workgroup.objects.get(body__slug="perhekeskus")
    author = users.get("coordinator")
    for kind, title, text in [
        (
            WorkgroupDocument.Kind.ACTION_PLAN,
            "Toimintasuunnitelma 2025–2029",
            "Työryhmä yhtenäistää perhekeskustoimintamallin koko alueella ja arvioi "
            "toimintaansa vuosittain asteikolla 1–5.",
        ),
        (
            WorkgroupDocument.Kind.RULES,
            "Pelisäännöt",
            "Kokoukset pidetään etäyhteydellä, ellei toisin sovita. Kokousjärjestelyistä "
            "vastaavat kunnat vuorollaan.",
        ),
    ]:
        upsert(
            report,
            WorkgroupDocument,
            {"workgroup": workgroup, "kind": kind, "version": 1},
            {
                "title": title,
                "text": text,
                "valid_from": datetime.date(2025, 6, 1),
                "created_by": author,
            },
        )
    upsert(
        report,
        Workgroup,
        {"pk": workgroup.pk},
        {
            "arrangement_fi": "Kunnat vuorollaan aakkosjärjestyksessä; kokoonkutsujana "
            "puheenjohtaja."
        },
    )
    forssa = Organisation.objects.get(slug="forssa")
    county = Organisation.objects.get(slug="kanta-hameen-hyvinvointialue")
    upsert(
        report,
        CounterpartPair,
        {"service_interface": "Lastensuojelu ja varhaiskasvatus", "municipality": forssa},
        {
            "county": county,
            "workgroup": workgroup,
            "municipality_person": users.get("member.forssa"),
            "municipality_hours": 4,
            "county_person": users.get("member.kanta-hameen-hyvinvointialue"),
            "county_hours": 4,
            "valid_from": datetime.date(2025, 1, 1),
        },
    )
