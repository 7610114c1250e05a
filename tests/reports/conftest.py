"""A known year for the report tests: approved, unapproved and missing values with known
results, a joint meeting of the leadership forums with a decision, an overdue action item and
an election, and the coordinators' conclusions. Helpers build a version and read its PDF."""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone

from indicators.models import Metric
from organisations.models import Organisation
from reports import build
from reports.models import Conclusions, ReportVersion
from tests.conftest import make_user
from tests.indicators.conftest import put

YEAR = 2025
PAKKA_YES = ["forssa", "hattula", "loppi"]
MUNICIPALITIES = [
    "forssa", "hattula", "hausjarvi", "humppila", "hameenlinna", "janakkala",
    "jokioinen", "loppi", "riihimaki", "tammela", "ypaja",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _own_reports_root(settings, tmp_path):
    """Each test writes its report files to its own folder (ids are reused across tests)."""
    settings.PORTAL_REPORTS_ROOT = tmp_path / "reports"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def add_joint_meeting(day: datetime.date, convener, *, overdue_action: bool = True):
    """A held joint meeting of the two leadership forums with a decision and an action item
    (rows written directly: set-up, not the meetings workflow under test)."""
    from forums.models import Body
    from meetings.models import ActionItem, Decision, Meeting, Minutes, MinutesItem

    forums = list(Body.objects.filter(slug__in=["turvallisuusfoorumi", "hytefoorumi"]))
    meeting = Meeting.objects.create(
        body=forums[0],
        title="Johtamisen foorumien yhteiskokous",
        starts_at=_at(day, 9),
        ends_at=_at(day, 12),
        host_organisation=convener.organisation,
        status=Meeting.Status.HELD,
        convener=convener,
    )
    meeting.bodies.set(forums)
    minutes = Minutes.objects.create(meeting=meeting, status=Minutes.Status.APPROVED)
    item = MinutesItem.objects.create(
        minutes=minutes, number=5, title="Yhteinen tilannekuva", decision="Hyväksyttiin."
    )
    Decision.objects.create(
        body=forums[0],
        meeting=meeting,
        minutes_item=item,
        number=5,
        title="Yhteinen tilannekuva",
        text="Hyväksyttiin.",
        decided_on=day,
    )
    ActionItem.objects.create(
        body=forums[0],
        meeting=meeting,
        minutes_item=item,
        title="Kootaan varautumisen tilannekuva",
        owner_organisation=convener.organisation,
        due_date=day + datetime.timedelta(days=30 if overdue_action else 400),
        created_at=_at(day, 12),
    )
    return meeting


@pytest.fixture
def report_year(agreement, coordinator):
    """Values of YEAR (and the years before) with known results; see the module docstring."""
    return make_report_year(coordinator)


def make_report_year(coordinator) -> dict[str, Metric]:
    metrics = {m.code: m for m in Metric.objects.select_related("body")}
    put(metrics["aktivointiaste"], YEAR - 1, "30.8")
    put(metrics["aktivointiaste"], YEAR, "31.5")
    put(metrics["tyottomien-terveystarkastukset"], YEAR - 1, "40.0")
    put(metrics["tyottomien-terveystarkastukset"], YEAR, "38.7", status="submitted")
    for slug in PAKKA_YES:
        put(metrics["pakka-toimintamalli"], YEAR, True, organisation=slug)
    put(metrics["pakka-toimintamalli"], YEAR, False, organisation="ypaja")
    for slug in [*MUNICIPALITIES, "kanta-hameen-hyvinvointialue"]:
        put(metrics["asukas-ja-asiakaspalaute"], YEAR, True, organisation=slug)
    put(metrics["tyollisyysverkoston-oma-arvio"], YEAR, 4)
    put(metrics["hyte-kerroin"], 2022, "60", organisation="forssa")
    put(metrics["hyte-kerroin"], YEAR, "64", organisation="forssa")
    forssa_chair = make_user("forssa", "member", "chair.forssa@test.example")
    add_joint_meeting(datetime.date(YEAR, 5, 14), coordinator)
    from forums.models import Body, RoleAssignment

    RoleAssignment.objects.create(
        body=Body.objects.get(slug="turvallisuusfoorumi"),
        role=RoleAssignment.Role.CHAIR,
        person=forssa_chair,
        valid_from=datetime.date(YEAR, 5, 14),
        elected_on=datetime.date(YEAR, 5, 14),
    )
    Conclusions.objects.create(
        year=YEAR, text_fi="Yhteistä tietopohjaa kehitetään kuntien kanssa.", text_en=""
    )
    return metrics


@dataclass
class Built:
    version_id: int
    text: str
    content: bytes
    metrics: dict


@pytest.fixture(scope="package")
def built_fi(django_db_setup, django_db_blocker) -> Built:
    """The known year's Finnish draft, built once for the whole package (PDFs take seconds):
    made in a transaction that is rolled back, so no other test sees its rows."""
    from django.db import transaction

    from portal.seeding import SeedReport, run

    with django_db_blocker.unblock(), transaction.atomic():
        run("seed_agreement", SeedReport())
        coordinator = make_user("kanta-hameen-hyvinvointialue", "coordinator", "c@test.example")
        metrics = make_report_year(coordinator)
        version = build_now()
        assert version.status == "done", version.error
        path = build.file_path(version)
        built = Built(
            version.pk,
            pdf_text(path),
            path.read_bytes(),
            {k: m.name_fi for k, m in metrics.items()},
        )
        transaction.set_rollback(True)
    return built


def build_now(year: int = YEAR, language: str = "fi", **fields) -> ReportVersion:
    """A version built synchronously by the very code the Celery task runs."""
    version = ReportVersion.objects.create(year=year, language=language, **fields)
    build.build_version(version.pk)
    version.refresh_from_db()
    return version


def pdf_text(path: Path) -> str:
    """The PDF's text as poppler's pdftotext reads it (what a search or a screen reader gets)."""
    result = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        check=True,
        capture_output=True,
    )
    return " ".join(result.stdout.decode("utf-8").split())


def fake_done_version(year: int = YEAR, language: str = "fi", **fields) -> ReportVersion:
    """A finished version with a small stand-in file, for tests of access, not of the PDF."""
    version = ReportVersion.objects.create(
        year=year,
        language=language,
        status=ReportVersion.Status.DONE,
        step=ReportVersion.Step.FINISHED,
        finished_at=timezone.now(),
        page_count=1,
        build_seconds=0.1,
        tables={"values": {"title": "Arvot", "columns": ["a", "b"], "rows": [["x", 1]]}},
        **fields,
    )
    version.file_name = f"{year}/{version.download_name}"
    path = build.file_path(version)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.7\n% stand-in\n")
    version.save(update_fields=["file_name"])
    return version


def party(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)
