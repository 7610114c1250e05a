"""The agreement's structure as the agreement (1.8.2023, figure 1 and Liite 1) gives it.

Council terms: Kuntalaki 410/2015 § 15 and the election calendar (vaalit.fi): municipal
councils 1.8.2021–31.5.2025 (postponed elections) and from 1.6.2025 four-year terms;
wellbeing-county councils 1.3.2022–31.5.2025, then aligned with the municipal ones
(DOMAIN.md §7).
"""

from __future__ import annotations

import datetime
from typing import Any

from organisations.models import Organisation
from portal.seeding import SeedReport, upsert

from .models import AgreementParty, AgreementPeriod, Body, CouncilTerm, Membership, RoleAssignment

D = datetime.date
T = Body.Tier
K = Body.Kind
C = Body.ConvenerRule
S = Body.SeatScope

COUNCIL_TERMS = [
    (CouncilTerm.Kind.MUNICIPAL, D(2021, 8, 1), D(2025, 5, 31)),
    (CouncilTerm.Kind.MUNICIPAL, D(2025, 6, 1), D(2029, 5, 31)),
    (CouncilTerm.Kind.MUNICIPAL, D(2029, 6, 1), D(2033, 5, 31)),
    (CouncilTerm.Kind.WELLBEING_COUNTY, D(2022, 3, 1), D(2025, 5, 31)),
    (CouncilTerm.Kind.WELLBEING_COUNTY, D(2025, 6, 1), D(2029, 5, 31)),
    (CouncilTerm.Kind.WELLBEING_COUNTY, D(2029, 6, 1), D(2033, 5, 31)),
]

PERIOD_SLUG = "puitesopimus-2023"
COUNTY = "kanta-hameen-hyvinvointialue"
TE_OFFICE = "hameen-te-toimisto"

# slug: values. Cadence: "3–4 kertaa vuodessa ja lisäksi vähintään kerran vuodessa yhteiseen
# tapaamiseen" (tier 2); strategic forum once per council term; the municipal meeting yearly,
# its follow-up in May–June ("Seurantakokous pidetään touko-kesäkuussa").
BODIES: dict[str, dict[str, Any]] = {
    "strateginen-foorumi": dict(
        tier=T.STRATEGIC,
        kind=K.STRATEGIC_FORUM,
        order=10,
        name_fi="Valtuustokauden strategisen tason foorumi",
        name_en="Strategic forum of the council term",
        short_name_fi="Strateginen foorumi",
        short_name_en="Strategic forum",
        purpose_fi=(
            "Kuntien, hyvinvointialueen ja maakunnan liiton valtuustojen ja virkamiesjohdon "
            "yhteinen foorumi. Varmistaa strategisen tason yhteistyön sujuvuuden, muodostaa "
            "yhteisen tilannekuvan, rakentaa luottamusta ja linjaa hyvinvointialueen, Hämeen "
            "liiton ja kuntien välistä verkostotyötä (hyvinvointialuelaki 14 §)."
        ),
        purpose_en=(
            "The joint forum of the councils and top officials of the municipalities, the "
            "wellbeing services county and the regional council. Keeps strategic cooperation "
            "smooth, forms a shared situational picture, builds trust and sets the line of "
            "the network (Act on Wellbeing Services Counties, section 14)."
        ),
        convener_rule=C.ORGANISATION,
        convener="county",
        preparers_fi="Kanta-Hämeen hyvinvointialue yhdessä kuntien kanssa",
        preparers_en="The wellbeing services county together with the municipalities",
        meetings_per_term_min=1,
        cadence_fi="Kerran valtuustokaudessa",
        cadence_en="Once per council term",
        term=Body.Term.COUNCIL_TERM,
        seat_scope=S.ALL_PARTIES,
        seats_per_party=3,
    ),
    "kuntakokous": dict(
        tier=T.STRATEGIC,
        kind=K.MUNICIPAL_MEETING,
        order=20,
        name_fi="Kuntakokous",
        name_en="Municipal meeting",
        purpose_fi=(
            "Valtuustojen ja hallitusten puheenjohtajat sekä virkamiesjohto johtavat "
            "yhteistyötä ja tarkastelevat rakenteita ja toimintatapoja. Seuraa vuosittain, "
            "että valtuustokaudelle asetetut tavoitteet toteutuvat (laki sosiaali- ja "
            "terveydenhuollon järjestämisestä 612/2021, 6 ja 7 §)."
        ),
        purpose_en=(
            "The chairs of councils and boards and top officials lead the cooperation and "
            "review its structures and ways of working. Follows up every year that the "
            "goals set for the council term are met (Act 612/2021, sections 6–7)."
        ),
        convener_rule=C.ORGANISATION,
        convener="county",
        preparers_fi="Maakunnan kuntajohtajakokous yhdessä hyvinvointialueen kanssa",
        preparers_en="The region's municipal managers' meeting together with the county",
        meetings_per_year_min=1,
        meetings_per_year_max=1,
        follow_up_month_from=5,
        follow_up_month_to=6,
        cadence_fi="Kerran vuodessa; seurantakokous touko–kesäkuussa",
        cadence_en="Once a year; the follow-up meeting in May–June",
        seat_scope=S.ALL_PARTIES,
        seats_per_party=3,
    ),
    "turvallisuusfoorumi": dict(
        tier=T.LEADERSHIP,
        kind=K.LEADERSHIP_FORUM,
        order=10,
        name_fi="Kanta-Hämeen turvallisuusfoorumi",
        name_en="Kanta-Häme security forum",
        short_name_fi="Turvallisuusfoorumi",
        short_name_en="Security forum",
        purpose_fi=(
            "Viranhaltijoiden yhteistyöfoorumi varautumisesta ja turvallisuuteen liittyvien "
            "yhdyspintojen toimivuudesta. Mukana kaikki osapuolet ja muut foorumiin nimetyt "
            "toimijat."
        ),
        purpose_en=(
            "The officials' forum on preparedness and on the safety-related interfaces of "
            "the county and the municipalities. All parties and other named actors take part."
        ),
        convener_rule=C.CHAIR,
        convener=None,
        preparers_fi=(
            "Kuntien varautumisen yhteyshenkilöt yhdessä hyvinvointialueen varautumisen "
            "vastuuhenkilöiden kanssa"
        ),
        preparers_en=(
            "The municipalities' preparedness contacts with the county's preparedness leads"
        ),
        meetings_per_year_min=3,
        meetings_per_year_max=4,
        joint_meetings_per_year_min=1,
        joint="hytefoorumi",
        cadence_fi="3–4 kertaa vuodessa ja vähintään kerran vuodessa yhdessä hytefoorumin kanssa",
        cadence_en="3–4 times a year, and at least once a year jointly with the wellbeing forum",
        seat_scope=S.ALL_PARTIES,
        admits_other_organisations=True,
    ),
    "hytefoorumi": dict(
        tier=T.LEADERSHIP,
        kind=K.LEADERSHIP_FORUM,
        order=20,
        name_fi="Hyvinvointifoorumi (hytefoorumi)",
        name_en="Wellbeing forum (HYTE forum)",
        short_name_fi="Hytefoorumi",
        short_name_en="Wellbeing forum",
        purpose_fi=(
            "Johtaa hyvinvoinnin, terveyden ja turvallisuuden edistämistä koko maakunnassa "
            "yhteisen tilannekuvan pohjalta. Linjaamisen ja seurannan tukena on alueellinen "
            "hyvinvointikertomus ja -suunnitelma. Mukana ovat myös järjestöt, seurakunnat ja "
            "muut yleishyödylliset yhteisöt."
        ),
        purpose_en=(
            "Leads health and wellbeing promotion across the region on a shared situational "
            "picture, supported by the regional wellbeing report and plan. NGOs, parishes and "
            "other non-profits take part too."
        ),
        convener_rule=C.ORGANISATION_THEN_CHAIR,
        convener="county",
        preparers_fi=(
            "Kuntien hyvinvointikoordinaattorit ja vastuuhenkilöt yhdessä hyvinvointialueen "
            "hyvinvoinnin edistämisen vastuuhenkilöiden kanssa"
        ),
        preparers_en=(
            "The municipalities' wellbeing coordinators with the county's wellbeing-promotion leads"
        ),
        meetings_per_year_min=3,
        meetings_per_year_max=4,
        joint_meetings_per_year_min=1,
        joint="turvallisuusfoorumi",
        cadence_fi="3–4 kertaa vuodessa ja vähintään kerran vuodessa yhdessä "
        "turvallisuusfoorumin kanssa",
        cadence_en="3–4 times a year, and at least once a year jointly with the security forum",
        seat_scope=S.ALL_PARTIES,
        admits_other_organisations=True,
    ),
}

_WORKGROUP = dict(
    tier=T.WORKGROUPS,
    kind=K.WORKGROUP,
    convener_rule=C.ORGANISATION_THEN_CHAIR,
    convener="county",
    term=Body.Term.COUNCIL_TERM,
    seat_scope=S.COUNTY_AND_MUNICIPALITIES,
    cadence_fi="Työryhmä sopii kokousrytmistä toimintasuunnitelmassaan",
    cadence_en="The workgroup agrees its meeting rhythm in its action plan",
)
BODIES.update(
    {
        "opiskeluhuolto": dict(
            _WORKGROUP,
            order=10,
            statutory=True,
            name_fi="Alueellinen opiskeluhuollon ohjausryhmä",
            name_en="Regional student welfare steering group",
            short_name_fi="Opiskeluhuolto",
            short_name_en="Student welfare",
            purpose_fi="Lakisääteinen alueellisen opiskeluhuollon yhteistyöryhmä.",
            purpose_en="The statutory cooperation group for regional student welfare.",
        ),
        "perhekeskus": dict(
            _WORKGROUP,
            order=20,
            name_fi="Perhekeskustoiminnan työryhmä",
            name_en="Family centre workgroup",
            short_name_fi="Perhekeskus",
            short_name_en="Family centre",
            purpose_fi="Lasten, nuorten ja perheiden palvelujen yhteistyö perhekeskusmallissa.",
            purpose_en="Cooperation on services for children, young people and families.",
        ),
        "hyte-tyoryhma": dict(
            _WORKGROUP,
            order=30,
            name_fi="Hyvinvoinnin ja terveyden edistämisen työryhmä",
            name_en="Health and wellbeing promotion workgroup",
            short_name_fi="HYTE-työryhmä",
            short_name_en="HYTE workgroup",
            purpose_fi="Hyvinvointikoordinaattorien ja -vastaavien yhteistyöryhmä.",
            purpose_en="The cooperation group of the wellbeing coordinators.",
        ),
        "kotouttaminen": dict(
            _WORKGROUP,
            order=40,
            name_fi="Kotouttamisen työryhmä",
            name_en="Integration workgroup",
            short_name_fi="Kotouttaminen",
            short_name_en="Integration",
            purpose_fi="Maahan muuttaneiden kotoutumista tukevien palvelujen yhteistyö.",
            purpose_en="Cooperation on services that support the integration of immigrants.",
        ),
        "typ-johtoryhma": dict(
            _WORKGROUP,
            order=50,
            kind=K.TYP_BOARD,
            statutory=True,
            convener_rule=C.ORGANISATION,
            convener="te",
            admits_other_organisations=True,
            name_fi="Työllisyyttä edistävän monialaisen yhteispalvelun (TYP) johtoryhmä",
            name_en="Board of the multisectoral joint service promoting employment (TYP)",
            short_name_fi="TYP-johtoryhmä",
            short_name_en="TYP board",
            purpose_fi="Lakisääteinen TYP-yhteispalvelun johtoryhmä.",
            purpose_en="The statutory board of the TYP joint service.",
        ),
        "tyollisyysverkosto": dict(
            tier=T.OPEN,
            kind=K.OPEN_NETWORK,
            order=10,
            convener_rule=C.AGREED,
            convener=None,
            admission=Body.Admission.OPEN,
            seat_scope=S.NONE,
            seats_per_party=0,
            name_fi="Työllisyyden hoidon verkosto",
            name_en="Employment network",
            purpose_fi=(
                "Avoin verkosto työllisyyden hoidon ja työvoiman saatavuuden yhteistyöhön. "
                "Arvioi vuosittain (1–5) työvoiman saatavuutta vahvistaneita toimia."
            ),
            purpose_en=(
                "An open network on employment services and labour supply. Assesses yearly "
                "(1–5) the actions that improved labour supply."
            ),
            cadence_fi="Tarpeen mukaan",
            cadence_en="As needed",
        ),
    }
)


def seed_agreement(report: SeedReport) -> None:
    for kind, starts_on, ends_on in COUNCIL_TERMS:
        upsert(report, CouncilTerm, {"kind": kind, "starts_on": starts_on}, {"ends_on": ends_on})

    dated_on = D(2023, 8, 1)
    period = upsert(
        report,
        AgreementPeriod,
        {"slug": PERIOD_SLUG},
        {
            "name_fi": "Kanta-Hämeen yhdyspintatyön puitesopimus 2023",
            "name_en": "Kanta-Häme framework agreement on interface cooperation 2023",
            "dated_on": dated_on,
            "review_by": D(2025, 5, 31),  # "viimeistään kevään 2025 aikana"
        },
    )
    for organisation in Organisation.objects.parties():
        row, created = AgreementParty.objects.get_or_create(
            period=period, organisation=organisation
        )
        # The agreement is dated 1.8.2023 and signed electronically by all 13; the councils'
        # own approval dates are not in the text, so the coordinator corrects them. Only set
        # on creation: a re-run never overwrites a coordinator's correction.
        if created:
            row.approved_on = row.signed_on = dated_on
            row.signed_by = organisation.signatory_name
            row.save(update_fields=["approved_on", "signed_on", "signed_by"])
        report.add(AgreementParty, "created" if created else "unchanged")
    if period.in_force_from is None and all(
        r.approved_on and r.signed_on for r in period.party_rows.all()
    ):
        period.in_force_from = max(
            d for r in period.party_rows.all() for d in (r.approved_on, r.signed_on)
        )
        period.save(update_fields=["in_force_from"])

    conveners = {
        "county": Organisation.objects.get(slug=COUNTY),
        "te": Organisation.objects.get(slug=TE_OFFICE),
        None: None,
    }
    # The two leadership forums meet jointly with each other: the first one written cannot
    # point to the second yet. That link is part of creating it, not a separate update, so
    # the report says what really happened ("10 created" on an empty database).
    pending: dict[int, str] = {}
    for slug, spec in BODIES.items():
        values = {k: v for k, v in spec.items() if k not in ("convener", "joint")}
        values["convener_organisation"] = conveners[spec.get("convener")]
        values["period"] = period
        joint = spec.get("joint")
        target = Body.objects.filter(slug=joint).first() if joint else None
        if target is not None:
            values["joint_with"] = target
        body = upsert(report, Body, {"slug": slug}, values)
        if joint and target is None:
            pending[body.pk] = joint
    for pk, other in pending.items():
        Body.objects.filter(pk=pk).update(joint_with=Body.objects.get(slug=other))


# Demo: the wellbeing forum has named representatives from several parties and an elected
# chair, vice-chair and secretary; Hattula's seat stays EMPTY so the acceptance test can fill
# it. A few other bodies get members so "my bodies" and the gaps list have content.
DEMO_WELLBEING = [
    "kanta-hameen-hyvinvointialue",
    "hameen-liitto",
    "forssa",
    "hameenlinna",
    "riihimaki",
    "loppi",
    "janakkala",
]
DEMO_ROLES = {
    "chair": "kanta-hameen-hyvinvointialue",
    "vice_chair": "hameenlinna",
    "secretary": "forssa",
}
DEMO_OTHER = {
    "perhekeskus": ["kanta-hameen-hyvinvointialue", "forssa", "riihimaki"],
    "kuntakokous": ["kanta-hameen-hyvinvointialue", "forssa", "loppi"],
}


# Demo preparers of the wellbeing forum: municipal wellbeing coordinators who prepare it
# with the county (DOMAIN.md §3), named through the service as a coordinator would.
DEMO_PREPARERS = ["hameenlinna", "riihimaki"]


def _seed_preparers(report: SeedReport, body: Body, users: dict) -> None:
    from . import services
    from .models import BodyUserObjectPermission, preparers_of

    actor = users.get("coordinator")
    if actor is None:
        return
    named = {p.pk for p in preparers_of([body])[body.pk]}
    for slug in DEMO_PREPARERS:
        person = users.get(f"member.{slug}")
        if person is None:
            continue
        if person.pk in named:
            report.add(BodyUserObjectPermission, "unchanged")
            continue
        services.name_preparer(actor=actor, body=body, person=person)
        report.add(BodyUserObjectPermission, "created")


def seed_demo(report: SeedReport, *, password: str) -> None:
    users = report.extra.get("demo_users", {})
    since = D(2023, 9, 1)

    def seat(body: Body, slug: str, deputy: bool = True) -> None:
        person = users.get(f"member.{slug}")
        if person is None:
            return
        dep = users.get(f"admin.{slug}") if deputy else None
        existing = Membership.objects.filter(body=body, person=person).first()
        if existing is None:
            Membership.objects.create(
                body=body,
                organisation=person.organisation,
                person=person,
                deputy=dep,
                valid_from=since,
            )
            report.add(Membership, "created")
        else:
            report.add(Membership, "unchanged")

    wellbeing = Body.objects.get(slug="hytefoorumi")
    for slug in DEMO_WELLBEING:
        seat(wellbeing, slug)
    for role, slug in DEMO_ROLES.items():
        person = users.get(f"member.{slug}")
        if person is None:
            continue
        _obj, created = RoleAssignment.objects.get_or_create(
            body=wellbeing,
            role=role,
            valid_to=None,
            defaults={"person": person, "valid_from": D(2023, 10, 5), "elected_on": D(2023, 10, 5)},
        )
        report.add(RoleAssignment, "created" if created else "unchanged")
    for body_slug, slugs in DEMO_OTHER.items():
        body = Body.objects.get(slug=body_slug)
        for slug in slugs:
            seat(body, slug, deputy=False)
    _seed_preparers(report, wellbeing, users)
