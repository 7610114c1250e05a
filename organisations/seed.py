"""The agreement's parties, exactly as the agreement (1.8.2023) and DOMAIN.md §1 give them.

Municipality codes: Statistics Finland's kuntanumero (luokitus "Kunnat 2023"); wellbeing
county 07 and region 05 from the same classifications (DOMAIN.md §7).
"""

from __future__ import annotations

from portal.seeding import SeedReport, upsert

from .models import Organisation

K = Organisation.Kind

# slug, name, short name, kind, y-tunnus, street, postcode, post office, signatory, title,
# municipality code, region code
PARTIES = [
    (
        "kanta-hameen-hyvinvointialue",
        "Kanta-Hämeen hyvinvointialue",
        "Oma Häme",
        K.WELLBEING_COUNTY,
        "3221307-8",
        "Sibeliuksenkatu 2",
        "13100",
        "Hämeenlinna",
        "Olli Naukkarinen",
        "hyvinvointialuejohtaja",
        "",
        "07",
    ),
    (
        "hameen-liitto",
        "Hämeen liitto",
        "Hämeen liitto",
        K.REGIONAL_COUNCIL,
        "0826048-0",
        "Niittykatu 5",
        "13100",
        "Hämeenlinna",
        "Toni K. Laine",
        "maakuntajohtaja",
        "",
        "05",
    ),
    (
        "forssa",
        "Forssan kaupunki",
        "Forssa",
        K.CITY,
        "0145626-1",
        "PL 62",
        "30101",
        "Forssa",
        "Jari Kesäniemi",
        "kaupunginjohtaja",
        "061",
        "",
    ),
    (
        "hattula",
        "Hattulan kunta",
        "Hattula",
        K.MUNICIPALITY,
        "0145801-3",
        "Pappilanniementie 9",
        "13880",
        "Hattula",
        "Pekka Järvi",
        "kunnanjohtaja",
        "082",
        "",
    ),
    (
        "hausjarvi",
        "Hausjärven kunta",
        "Hausjärvi",
        K.MUNICIPALITY,
        "0145997-2",
        "Keskustie 2–4",
        "12100",
        "Oitti",
        "Pekka Määttänen",
        "kunnanjohtaja",
        "086",
        "",
    ),
    (
        "humppila",
        "Humppilan kunta",
        "Humppila",
        K.MUNICIPALITY,
        "0146456-0",
        "Kisakuja 2",
        "31640",
        "Humppila",
        "Antti Ahonen",
        "vt. kunnanjohtaja",
        "103",
        "",
    ),
    (
        "hameenlinna",
        "Hämeenlinnan kaupunki",
        "Hämeenlinna",
        K.CITY,
        "0146921-4",
        "Wetterhoffinkatu 2",
        "13100",
        "Hämeenlinna",
        "Olli-Poika Parviainen",
        "kaupunginjohtaja",
        "109",
        "",
    ),
    (
        "janakkala",
        "Janakkalan kunta",
        "Janakkala",
        K.MUNICIPALITY,
        "0147510-4",
        "Juttilantie 1",
        "14200",
        "Turenki",
        "Reijo Siltala",
        "kunnanjohtaja",
        "165",
        "",
    ),
    (
        "jokioinen",
        "Jokioisten kunta",
        "Jokioinen",
        K.MUNICIPALITY,
        "0147645-7",
        "Keskuskatu 29 A",
        "31600",
        "Jokioinen",
        "Jukka Matilainen",
        "kunnanjohtaja",
        "169",
        "",
    ),
    (
        "loppi",
        "Lopen kunta",
        "Loppi",
        K.MUNICIPALITY,
        "0150919-1",
        "Yhdystie 5",
        "12700",
        "Loppi",
        "Mikko Salmela",
        "kunnanjohtaja",
        "433",
        "",
    ),
    (
        "riihimaki",
        "Riihimäen kaupunki",
        "Riihimäki",
        K.CITY,
        "0152563-4",
        "PL 125",
        "11101",
        "Riihimäki",
        "Jouni Eho",
        "kaupunginjohtaja",
        "694",
        "",
    ),
    (
        "tammela",
        "Tammelan kunta",
        "Tammela",
        K.MUNICIPALITY,
        "0153179-4",
        "Hakkapeliitantie 2",
        "31300",
        "Tammela",
        "Juuso Alatalo",
        "kunnanjohtaja",
        "834",
        "",
    ),
    (
        "ypaja",
        "Ypäjän kunta",
        "Ypäjä",
        K.MUNICIPALITY,
        "0158301-7",
        "Perttulantie 20",
        "32100",
        "Ypäjä",
        "Tatu Ujula",
        "kunnanjohtaja",
        "981",
        "",
    ),
]

# Organisations that take part without being parties (DOMAIN.md §1). The TE office convenes
# the TYP board; its y-tunnus is not given in the agreement, so none is stored.
OTHERS = [
    ("hameen-te-toimisto", "Hämeen TE-toimisto", "TE-toimisto", K.STATE_AGENCY),
]

# English names, where they differ from the Finnish ones: the official English names the
# organisations use themselves; a municipality's own name is the same in both languages.
ENGLISH_NAMES = {
    "kanta-hameen-hyvinvointialue": ("Kanta-Häme Wellbeing Services County", "Oma Häme"),
    "hameen-liitto": ("Regional Council of Häme", "Regional Council of Häme"),
    "hameen-te-toimisto": ("Häme TE Office", "TE Office"),
}


def _english_names(slug: str, name: str, short: str, kind: str) -> dict[str, str]:
    if slug in ENGLISH_NAMES:
        name_en, short_en = ENGLISH_NAMES[slug]
    elif kind == K.CITY:
        name_en, short_en = f"City of {short}", ""
    elif kind == K.MUNICIPALITY:
        name_en, short_en = f"Municipality of {short}", ""
    else:
        name_en, short_en = "", ""
    return {"name_en": name_en, "short_name_en": short_en}


def seed_agreement(report: SeedReport) -> None:
    for (
        slug,
        name,
        short,
        kind,
        business_id,
        street,
        postcode,
        office,
        signatory,
        title,
        municipality_code,
        region_code,
    ) in PARTIES:
        upsert(
            report,
            Organisation,
            {"slug": slug},
            {
                "name": name,
                "short_name": short,
                "kind": kind,
                "business_id": business_id,
                "street_address": street,
                "postal_code": postcode,
                "post_office": office,
                "signatory_name": signatory,
                "signatory_title": title,
                "municipality_code": municipality_code,
                "region_code": region_code,
                "is_party": True,
                **_english_names(slug, name, short, kind),
            },
        )
    for slug, name, short, kind in OTHERS:
        upsert(
            report,
            Organisation,
            {"slug": slug},
            {
                "name": name,
                "short_name": short,
                "kind": kind,
                "is_party": False,
                **_english_names(slug, name, short, kind),
            },
        )


def _demo_user(report: SeedReport, email, password, **values):
    from allauth.account.models import EmailAddress

    from .models import User

    existed = User.objects.filter(email=email).exists()
    user = upsert(report, User, {"email": email}, values)
    explicit = report.extra.get("password_explicit")
    if not existed or (explicit and not user.check_password(password)):
        user.set_password(password)
        user.save(update_fields=["password"])
        report.extra["logins_created"] = report.extra.get("logins_created", 0) + 1
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed_demo(report: SeedReport, *, password: str) -> None:
    """coordinator@, admin.<slug>@ and member.<slug>@demo.example (DOMAIN.md §6)."""
    from .models import User

    demo_users = report.extra.setdefault("demo_users", {})
    county = Organisation.objects.get(slug="kanta-hameen-hyvinvointialue")
    demo_users["coordinator"] = _demo_user(
        report,
        "coordinator@demo.example",
        password,
        first_name="Kaisa",
        last_name="Koordinaattori",
        job_title="yhdyspintakoordinaattori",
        organisation=county,
        role=User.Role.COORDINATOR,
    )
    for organisation in Organisation.objects.parties():
        slug = organisation.slug
        demo_users[f"admin.{slug}"] = _demo_user(
            report,
            f"admin.{slug}@demo.example",
            password,
            first_name="Yhteyshenkilö",
            last_name=organisation.short_name,
            job_title="yhdyspintayhteyshenkilö",
            organisation=organisation,
            role=User.Role.ORG_ADMIN,
        )
        demo_users[f"member.{slug}"] = _demo_user(
            report,
            f"member.{slug}@demo.example",
            password,
            first_name="Jäsen",
            last_name=organisation.short_name,
            job_title="asiantuntija",
            organisation=organisation,
            role=User.Role.MEMBER,
        )
