"""The PDF says what the data says: every spearhead and metric, the right results and numbers,
X/11 coverage naming the municipalities, the activity, and nothing that is not approved."""

from __future__ import annotations

import pytest

from indicators.models import Spearhead, YearLock
from reports import build

from .conftest import MUNICIPALITIES, YEAR, build_now, pdf_text


@pytest.fixture
def text_fi(built_fi):
    return built_fi.text


def test_it_names_every_spearhead_and_metric(text_fi, built_fi, agreement):
    for spearhead in Spearhead.objects.all():
        assert spearhead.name_fi in text_fi
    assert len(built_fi.metrics) == 12
    for name in built_fi.metrics.values():
        assert name in text_fi


def test_it_gives_the_results_and_numbers_of_the_known_year(text_fi):
    assert "Tulos 2025: toteutui. 31,5 % (2024: 30,8 %): korkeampi, kuten tavoitteena." in (text_fi)
    assert "Oma-arvio 4/5 (tavoite vähintään 4/5)." in text_fi
    # The submitted (unapproved) 38,7 % never shows: the year has no approved value.
    assert "Vuodelta 2025 ei ole hyväksyttyä arvoa." in text_fi
    assert "38,7" not in text_fi
    assert "odottaa hyväksyntää" in text_fi
    assert "1/12 osapuolta toteutti (Forssa)" in text_fi


def test_coverage_names_the_municipalities_that_have_and_have_not(text_fi):
    assert "3/11 kuntaa (Forssa, Hattula, Loppi); ei: Ypäjä; ei hyväksyttyä vastausta:" in text_fi
    assert "Kyllä: 3/11 kuntaa Forssa, Hattula, Loppi" in text_fi
    assert "Ei: 1 Ypäjä" in text_fi
    assert "Kyllä: 11/11 kuntaa" in text_fi


def test_it_reports_the_cooperation_and_the_conclusions(text_fi):
    assert "Yhteistyön toiminta vuonna 2025" in text_fi
    assert "14.5.2025: Turvallisuusfoorumi + Hytefoorumi" in text_fi
    assert "joista 1 oli myöhässä" in text_fi
    assert "Puheenjohtaja" in text_fi and "Forssa" in text_fi
    assert "chair.forssa" not in text_fi  # organisations, not people
    assert "Johtopäätökset ja kehittämiskohteet" in text_fi
    assert "Yhteistä tietopohjaa kehitetään kuntien kanssa." in text_fi
    assert "Työttömien terveystarkastusten kattavuus (Työllisyys ja elinvoima)" in text_fi


def test_the_draft_says_so_on_every_page_and_numbers_its_pages(text_fi):
    assert "LUONNOS" in text_fi
    assert "Sivu 3 /" in text_fi
    assert "Liite B. Tietojen laatu" in text_fi
    for slug_name in ["Forssa", "Ypäjä", "Hämeenlinna"]:
        assert slug_name in text_fi
    assert len(MUNICIPALITIES) == 11


def test_the_final_report_of_a_locked_year_has_no_draft_mark(report_year, coordinator):
    YearLock.objects.create(year=YEAR, locked_by=coordinator)
    version = build_now()
    assert version.kind == "final"
    text = pdf_text(build.file_path(version))
    assert "LOPULLINEN" in text
    assert "LUONNOS" not in text


def test_the_english_report_is_in_english(report_year):
    version = build_now(language="en")
    text = pdf_text(build.file_path(version))
    assert "Follow-up report of the interface cooperation 2025" in text
    assert "31.5 % (2024: 30.8 %): higher, as wanted." in text
    assert "Page 3 /" in text
    # No English conclusions: the Finnish text is used (marked lang="fi" in the PDF).
    assert "Yhteistä tietopohjaa kehitetään kuntien kanssa." in text
