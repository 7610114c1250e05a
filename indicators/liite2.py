"""Liite 2 (Tavoitteet ja mittarit) of the 2023 agreement, word for word.

``text_fi`` of goals and metrics is the agreement's Finnish text exactly as written
(docs/puitesopimus-kanta-hame-2023.txt, lines 603–702), including its
slips (the metric on intermediate housing lacks the opening bracket of its explanation).
The appendix is a two-column table (goals | metrics) that the text file flattens; the
pairing of each metric with its goal follows the table's rows. English texts, short names
and the guidance on how to enter each value are ours.

Sources of facts in the guidance (DOMAIN.md §7): activation rate = mean of 12 months in
Statistics Finland's table 12u4; health checks of the unemployed have no public series and
are entered by the county; the school health survey is made in odd years; the HYTE
coefficient is THL's 0–100 figure (for wellbeing counties first in the 2026 funding).
"""

from decimal import Decimal
from typing import Any

from .models import Metric

K = Metric.Kind
S = Metric.Scope
SRC = Metric.Source

PERIOD_SLUG = "puitesopimus-2023"

SPEARHEADS = [
    {
        "code": "tyollisyys-ja-elinvoima",
        "name_fi": "Työllisyys ja elinvoima",
        "name_en": "Employment and vitality",
        "statement_fi": "Alueen työvoiman veto- ja pitovoimaa ja työllistymistä parantavia "
        "toimia lisätään.",
        "statement_en": "Actions that make the region better at attracting and keeping a "
        "workforce, and that improve employment, are increased.",
        "goals": [
            (
                "Asukkaille tarjotaan kuntien ja hyvinvointialueen yhteistyönä toimivat "
                "peruspalvelut esim. varhaiskasvatus-, opetus-, sote-palvelut.",
                "Residents are offered basic services that the municipalities and the wellbeing "
                "services county run in cooperation, e.g. early childhood education, teaching, "
                "health and social services.",
            ),
            (
                "Palveluja käyttävät asiakkaat kokevat tulevansa kuulluiksi, arvostetuiksi ja "
                "autetuiksi sekä suhtautuvat saamiinsa palveluihin myönteisesti.",
                "Clients who use the services feel heard, valued and helped, and regard the "
                "services they receive positively.",
            ),
            (
                "Työkyvyn tuen palvelut tehostuvat (työttömien terveystarkastukset) etenkin "
                "työkyvyn arviointiprosessin ja työllistymistä tukevien toimien osalta "
                "(työkyvyn arviointiprosessi on oikea-aikainen ja sujuva osa työllistymisen "
                "tuen kokonaisuutta).",
                "Work ability support becomes more effective (health checks of the unemployed), "
                "especially the work ability assessment and the actions that support "
                "employment (the assessment is a timely and smooth part of employment support).",
            ),
            (
                "Työllisyyden hoidon palvelut edistävät kuntien ja hyvinvointialueen työvoiman "
                "saatavuutta sekä vahvistavat osaamisen ja koulutuksellisten tarpeiden "
                "täyttymistä (kunnille 1.1.2025 siirtyvät TE –palvelut).",
                "Employment services improve the availability of labour for the municipalities "
                "and the wellbeing services county and help meet skills and training needs (the "
                "TE services that move to the municipalities on 1 January 2025).",
            ),
        ],
    },
    {
        "code": "ikaystavallinen-asuminen",
        "name_fi": "Ikäystävällinen asuminen",
        "name_en": "Age-friendly housing",
        "statement_fi": "Eri väestöryhmien, etenkin ikääntyvien tarpeet ja väestön ikääntymisen "
        "vaikutukset, huomioidaan ennakoivasti osana kaavoitusta sekä asumis- ja "
        "elinkeinopolitiikkaa.",
        "statement_en": "The needs of different population groups, especially of older people, "
        "and the effects of an ageing population are anticipated in land-use planning and in "
        "housing and business policy.",
        "goals": [
            (
                "Em. väestöryhmien tarpeet huomioivia asumisen vaihtoehtoja kehitetään ja "
                "lisätään yhdessä tiiviissä vuoropuhelussa niin asukkaiden kuin kuntien ja "
                "hyvinvointialueen kesken.",
                "Housing options that meet these groups' needs are developed and increased "
                "together, in close dialogue between residents, the municipalities and the "
                "wellbeing services county.",
            ),
        ],
    },
    {
        "code": "kokonaisvaltainen-hyvinvointi",
        "name_fi": "Kokonaisvaltainen hyvinvointi",
        "name_en": "Holistic wellbeing",
        "statement_fi": "Aktivoidaan kantahämäläiset oman ja yhteisen hyvinvoinnin "
        "ylläpitämiseen ja edistämiseen.",
        "statement_en": "The people of Kanta-Häme are encouraged to maintain and promote their "
        "own and shared wellbeing.",
        "goals": [
            (
                "Elintapaohjauksen palvelupolut (esim. liikunta, ravitsemus, uni) ovat selkeät "
                "ja tukevat kaiken ikäisten asukkaiden omaehtoista hyvinvoinnin ylläpitämistä.",
                "Service paths of lifestyle guidance (e.g. exercise, nutrition, sleep) are clear "
                "and help residents of all ages keep up their wellbeing on their own.",
            ),
            (
                "Ehkäistään ja vähennetään alkoholin, tupakka- ja nikotiinituotteiden sekä "
                "huumausaineiden käytöstä ja rahapelaamisesta aiheutuvia riskejä, haittoja ja "
                "ongelmia etenkin nuorten osalta.",
                "The risks, harms and problems of alcohol, tobacco and nicotine products, drugs "
                "and gambling are prevented and reduced, especially among young people.",
            ),
            (
                "Ennaltaehkäisevän päihdetyön vaikuttavuutta vahvistetaan alueella yhteisesti "
                "Pakka-toimintamallin avulla.",
                "The impact of preventive substance abuse work is strengthened together across "
                "the region with the Pakka model.",
            ),
        ],
    },
    {
        "code": "lapset-nuoret-ja-perheet",
        "name_fi": "Hyvinvoivat lapset, nuoret ja perheet",
        "name_en": "Children, young people and families who are well",
        "statement_fi": "Jokainen yksilö ja perhe ”pysyy mukana” (= ei syrjäydy). Vanhemmuuden "
        "tuki toteutuu lasten palveluiden yhteydessä.",
        "statement_en": "Every individual and family “keeps up” (= is not left out). Parents "
        "get support together with the children's services.",
        "goals": [
            (
                "Lasten ja nuorten tarvitsema tuki mm. oppilas- ja opiskelijahuoltopalvelut ja "
                "mielenterveyspalvelut toteutuvat heidän kasvuympäristöissään muodostaen "
                "toimivan kokonaisuuden koulun toimintakulttuurin kanssa.",
                "The support children and young people need, e.g. pupil and student welfare and "
                "mental health services, is given where they grow up and forms a working whole "
                "with the school's way of working.",
            ),
            (
                "Kanta-Hämeen alueella on yhtenäinen perhekeskustoimintamalli.",
                "Kanta-Häme has one uniform family centre model.",
            ),
        ],
    },
]

# (spearhead code, goal number from 1, code, text_fi, text_en, name_fi, name_en, fields)
METRICS: list[tuple[str, int, str, str, str, str, str, dict[str, Any]]] = [
    (
        "tyollisyys-ja-elinvoima",
        2,
        "asukas-ja-asiakaspalaute",
        "Hyvinvointialueella ja kaikissa alueen kunnissa seurataan asukas- ja "
        "asiakaspalautteita kyselyin (X/11) vuosittain.",
        "The wellbeing services county and every municipality of the region follow resident "
        "and client feedback with surveys every year (X/11).",
        "Asukas- ja asiakaspalautteen seuranta kyselyin",
        "Resident and client feedback surveyed",
        {
            "kind": K.COVERAGE,
            "scope": S.PARTY,
            "source": SRC.OWN,
            "guidance_fi": "Vastaa kyllä, jos organisaatio keräsi vuoden aikana asukas- tai "
            "asiakaspalautetta kyselyllä. Lisää linkki kyselyn tuloksiin, jos ne ovat julkisia.",
            "guidance_en": "Answer yes if your organisation collected resident or client "
            "feedback with a survey during the year. Link to the results if they are public.",
        },
    ),
    (
        "tyollisyys-ja-elinvoima",
        3,
        "tyottomien-terveystarkastukset",
        "Työttömien terveystarkastukset: terveystarkastusten kattavuus alueella on korkeampi "
        "kuin edellisenä vuonna.",
        "Health checks of the unemployed: the coverage of health checks in the region is "
        "higher than in the previous year.",
        "Työttömien terveystarkastusten kattavuus",
        "Coverage of health checks of the unemployed",
        {
            "kind": K.TREND,
            "scope": S.REGION,
            "source": SRC.OWN,
            "unit_fi": "%",
            "unit_en": "%",
            "guidance_fi": "Terveystarkastuksen saaneiden työttömien osuus (%) alueen "
            "työttömistä. Julkista tilastosarjaa ei ole: hyvinvointialue kirjaa luvun.",
            "guidance_en": "Share (%) of the region's unemployed who had a health check. "
            "There is no public series: the wellbeing services county enters the figure.",
        },
    ),
    (
        "tyollisyys-ja-elinvoima",
        4,
        "aktivointiaste",
        "Työttömien aktivointiasteen vuosikeskiarvo on alueellisesti korkeampi kuin "
        "edellisenä vuonna.",
        "The yearly average activation rate of the unemployed in the region is higher than in "
        "the previous year.",
        "Työttömien aktivointiasteen vuosikeskiarvo",
        "Activation rate of the unemployed, yearly average",
        {
            "kind": K.TREND,
            "scope": S.REGION,
            "source": SRC.SOTKANET,
            "unit_fi": "%",
            "unit_en": "%",
            "guidance_fi": "Vuoden 12 kuukauden keskiarvo Tilastokeskuksen taulukosta 12u4 "
            "(aktivointiaste, Kanta-Häme).",
            "guidance_en": "The mean of the year's 12 months in Statistics Finland's table "
            "12u4 (activation rate, Kanta-Häme).",
        },
    ),
    (
        "tyollisyys-ja-elinvoima",
        4,
        "tyollisyysverkoston-oma-arvio",
        "Työllisyyden hoidon verkoston oma-arvio (asteikolla 1–5) vuosittain työvoiman "
        "saatavuutta vahvistaneista toimista.",
        "The employment network's yearly self-assessment (on a scale of 1–5) of the actions "
        "that improved the availability of labour.",
        "Työllisyysverkoston oma-arvio",
        "Employment network's self-assessment",
        {
            "kind": K.SELF_ASSESSMENT,
            "scope": S.BODY,
            "source": SRC.BODY,
            "body_slug": "tyollisyysverkosto",
            "guidance_fi": "Verkoston puheenjohtaja tai sihteeri kirjaa verkoston yhteisen "
            "arvion: 1 = ei lainkaan, 5 = erinomaisesti.",
            "guidance_en": "The network's chair or secretary enters the network's joint "
            "assessment: 1 = not at all, 5 = excellently.",
        },
    ),
    (
        "ikaystavallinen-asuminen",
        1,
        "valimuotoinen-asuminen",
        "Välimuotoisen ja yhteisöllisen asumisen mahdollisuudet ovat lisääntyneet "
        "Kuntakohtainen lähtötilanne on selvitetty vuoden 23 aikana, jonka perusteella "
        "asetetaan numeraalinen muutostavoite vuosille 2024–2025).",
        "Options for intermediate and communal housing have increased (each municipality's "
        "baseline was surveyed during 2023, and a numeric target for change is set from it "
        "for 2024–2025).",
        "Välimuotoisen ja yhteisöllisen asumisen paikat",
        "Intermediate and communal housing options",
        {
            "kind": K.TARGET,
            "scope": S.MUNICIPALITY,
            "source": SRC.OWN,
            "base_year": 2023,
            "target_year": 2025,
            "first_year": 2023,
            "unit_fi": "paikkaa",
            "unit_en": "places",
            "guidance_fi": "Välimuotoisen ja yhteisöllisen asumisen paikkojen määrä kunnassa "
            "vuoden lopussa. Vuosi 2023 on lähtötilanne; koordinaattori kirjaa kunnan "
            "numeraalisen tavoitteen.",
            "guidance_en": "The number of intermediate and communal housing places in the "
            "municipality at the end of the year. 2023 is the baseline; the coordinator records "
            "each municipality's numeric target.",
        },
    ),
    (
        "ikaystavallinen-asuminen",
        1,
        "ikaantyneiden-asumistarpeet",
        "Kaikissa kunnissa ikääntyneiden asumistarpeet on kartoitettu (X/11) vuosien "
        "2023–2024 aikana.",
        "Every municipality has mapped the housing needs of older people (X/11) during 2023–2024.",
        "Ikääntyneiden asumistarpeiden kartoitus",
        "Housing needs of older people mapped",
        {
            "kind": K.COVERAGE,
            "scope": S.MUNICIPALITY,
            "source": SRC.OWN,
            "target_year": 2024,
            "target_value": Decimal("11"),
            "guidance_fi": "Vastaa kyllä, jos kunnan ikääntyneiden asumistarpeet on "
            "kartoitettu viimeistään kyseisenä vuonna.",
            "guidance_en": "Answer yes if the municipality has mapped the housing needs of "
            "older people by the end of the year.",
        },
    ),
    (
        "ikaystavallinen-asuminen",
        1,
        "ikaantyneiden-osallistaminen",
        "Kaikissa alueen kunnissa ikääntyneet on osallistettu (esim. vanhusneuvosto) "
        "asumisen suunnitteluun ja kehittämiseen (X/11).",
        "In every municipality of the region older people have been involved (e.g. through "
        "the council for older people) in planning and developing housing (X/11).",
        "Ikääntyneiden osallistaminen asumisen suunnitteluun",
        "Older people involved in housing planning",
        {
            "kind": K.COVERAGE,
            "scope": S.MUNICIPALITY,
            "source": SRC.OWN,
            "guidance_fi": "Vastaa kyllä, jos ikääntyneet (esim. vanhusneuvosto) osallistuivat "
            "vuoden aikana asumisen suunnitteluun tai kehittämiseen.",
            "guidance_en": "Answer yes if older people (e.g. the council for older people) "
            "took part in planning or developing housing during the year.",
        },
    ),
    (
        "kokonaisvaltainen-hyvinvointi",
        1,
        "hyte-kerroin",
        "Kuntien- ja hyvinvointialueen HYTE-kertoimet. Kerroin on suurempi kuin vuonna 2022.",
        "The HYTE coefficients of the municipalities and the wellbeing services county. The "
        "coefficient is larger than in 2022.",
        "HYTE-kerroin",
        "HYTE coefficient",
        {
            "kind": K.BASELINE,
            "scope": S.PARTY,
            "source": SRC.THL,
            "base_year": 2022,
            "unit_fi": "pistettä",
            "unit_en": "points",
            "guidance_fi": "THL:n julkaisema HYTE-kerroin (0–100). Hyvinvointialueelle kerroin "
            "lasketaan ensimmäisen kerran vuoden 2026 rahoitusta varten.",
            "guidance_en": "The HYTE coefficient (0–100) published by THL. For wellbeing "
            "services counties it is counted first for the 2026 funding.",
        },
    ),
    (
        "kokonaisvaltainen-hyvinvointi",
        2,
        "nuorten-paihdehaitat",
        "Nuorten päihdehaitat ovat vähentyneet maakunnan alueella (esim. "
        "kouluterveyskyselyn päihdeindikaattorit) edellisestä kyselystä.",
        "Substance harms among young people in the region have decreased since the previous "
        "survey (e.g. the substance indicators of the school health survey).",
        "Nuorten päihdehaitat (kouluterveyskysely)",
        "Substance harms among young people (school health survey)",
        {
            "kind": K.TREND,
            "scope": S.REGION,
            "source": SRC.SCHOOL_HEALTH_SURVEY,
            "direction": Metric.Direction.LOWER,
            "periodicity": Metric.Periodicity.BIENNIAL_ODD,
            "first_year": 2021,
            "unit_fi": "%",
            "unit_en": "%",
            "guidance_fi": "Kouluterveyskyselyn päihdeindikaattori alueen tasolla (%). Kysely "
            "tehdään parittomina vuosina; verrataan kaksi vuotta aiempaan kyselyyn.",
            "guidance_en": "The school health survey's substance indicator for the region (%). "
            "The survey is made in odd years; compared with the survey two years before.",
        },
    ),
    (
        "kokonaisvaltainen-hyvinvointi",
        3,
        "pakka-toimintamalli",
        "Pakka-toimintamalli on käytössä koko maakunnan alueella vuosien 2023–2024 aikana (11/11).",
        "The Pakka model is in use across the whole region during 2023–2024 (11/11).",
        "Pakka-toimintamalli käytössä",
        "Pakka model in use",
        {
            "kind": K.COVERAGE,
            "scope": S.MUNICIPALITY,
            "source": SRC.OWN,
            "target_year": 2024,
            "target_value": Decimal("11"),
            "guidance_fi": "Vastaa kyllä, jos Pakka-toimintamalli (vastuullinen myynti, "
            "valvonta, ostokokeet, paikallinen päihdepolitiikka) on kunnassa käytössä ja sillä "
            "on nimetty koordinaattori.",
            "guidance_en": "Answer yes if the Pakka model (responsible selling, enforcement, "
            "test purchases, local substance policy) is in use in the municipality with a "
            "named coordinator.",
        },
    ),
    (
        "lapset-nuoret-ja-perheet",
        1,
        "kouluterveyskysely-opiskeluhuolto",
        "Kouluterveyskyselyn tulokset opiskeluhuoltopalvelujen saatavuudesta ja "
        "lasten/nuorten kokemus hyvinvoinnista ja terveydestä sekä osallisuudesta ovat "
        "parantuneet edeltävään mittaukseen verraten (kouluterveydenhoitaja, koululääkäri, "
        "koulukuraattori ja koulupsykologi).",
        "The school health survey's results on access to student welfare services, and "
        "children's and young people's experience of wellbeing, health and participation, have "
        "improved since the previous measurement (school nurse, school doctor, school social "
        "worker and school psychologist).",
        "Opiskeluhuollon saatavuus ja koettu hyvinvointi (kouluterveyskysely)",
        "Access to student welfare and experienced wellbeing (school health survey)",
        {
            "kind": K.TREND,
            "scope": S.REGION,
            "source": SRC.SCHOOL_HEALTH_SURVEY,
            "periodicity": Metric.Periodicity.BIENNIAL_ODD,
            "first_year": 2021,
            "unit_fi": "%",
            "unit_en": "%",
            "guidance_fi": "Kouluterveyskyselyn tulos alueen tasolla (%): osuus, joka koki "
            "saaneensa apua opiskeluhuollon palveluista. Kysely tehdään parittomina vuosina.",
            "guidance_en": "The school health survey's result for the region (%): the share "
            "who felt they got help from student welfare services. Made in odd years.",
        },
    ),
    (
        "lapset-nuoret-ja-perheet",
        2,
        "perhekeskustyoryhman-oma-arvio",
        "Perhekeskustyöryhmän oma-arvio (asteikolla 1–5) vuosittain.",
        "The family centre workgroup's yearly self-assessment (on a scale of 1–5).",
        "Perhekeskustyöryhmän oma-arvio",
        "Family centre workgroup's self-assessment",
        {
            "kind": K.SELF_ASSESSMENT,
            "scope": S.BODY,
            "source": SRC.BODY,
            "body_slug": "perhekeskus",
            "guidance_fi": "Työryhmän puheenjohtaja tai sihteeri kirjaa työryhmän yhteisen "
            "arvion yhtenäisen perhekeskustoimintamallin toteutumisesta: 1 = ei lainkaan, "
            "5 = erinomaisesti.",
            "guidance_en": "The workgroup's chair or secretary enters the group's joint "
            "assessment of the uniform family centre model: 1 = not at all, 5 = excellently.",
        },
    ),
]
