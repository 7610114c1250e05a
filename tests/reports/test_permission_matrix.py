"""Who may see, download, build and publish follow-up reports (every URL × persona), each
refusal proven to change nothing. Published versions are public; unpublished ones are for the
coordinators and the parties' logged-in users only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from organisations.models import Organisation
from reports.models import ReportVersion
from tests.conftest import make_user

from .conftest import YEAR, fake_done_version

LOGIN = "/accounts/login/"


@pytest.fixture
def ngo_user(agreement):
    ngo = Organisation.objects.filter(is_party=False).first()
    assert ngo is not None
    return make_user(ngo, "org_admin", "admin.ngo@test.example")


@pytest.fixture
def versions(agreement, coordinator):
    draft = fake_done_version(kind="draft")
    published = fake_done_version(year=YEAR - 1, kind="final")
    published.published_at = published.finished_at
    published.published_by = coordinator
    published.save(update_fields=["published_at", "published_by"])
    final = fake_done_version(year=YEAR - 2, kind="final")
    failed = fake_done_version(year=YEAR, language="en", kind="draft")
    failed.status = "failed"
    failed.save(update_fields=["status"])
    return {"draft": draft, "published": published, "final": final, "failed": failed}


def _urls(v: dict[str, ReportVersion]) -> dict[str, tuple[str, str, dict | None]]:
    def download(version):
        return reverse("reports:download", args=[version.pk, version.download_name[:-4]])

    return {
        "index": ("get", reverse("reports:index"), None),
        "published": ("get", reverse("reports:published"), None),
        "status_draft": ("get", reverse("reports:version_status", args=[v["draft"].pk]), None),
        "pdf_draft": ("get", download(v["draft"]), None),
        "xlsx_draft": ("get", reverse("reports:tables_xlsx", args=[v["draft"].pk]), None),
        "csv_draft": ("get", reverse("reports:table_csv", args=[v["draft"].pk, "values"]), None),
        "pdf_published": ("get", download(v["published"]), None),
        "xlsx_published": ("get", reverse("reports:tables_xlsx", args=[v["published"].pk]), None),
        "build": ("post", reverse("reports:build"), {"year": YEAR, "language": "fi"}),
        "conclusions": (
            "post",
            reverse("reports:conclusions", args=[YEAR]),
            {"text_fi": "Uusi", "text_en": ""},
        ),
        "retry": ("post", reverse("reports:retry", args=[v["failed"].pk]), {}),
        "publish": ("post", reverse("reports:publish", args=[v["final"].pk]), {}),
        "unpublish": (
            "post",
            reverse("reports:publish", args=[v["published"].pk]),
            {"action": "unpublish"},
        ),
    }


# Expected: a status code, "login" (redirect to the login page) or "ok_redirect" (302 elsewhere).
READS = ["index", "published", "status_draft", "pdf_draft", "xlsx_draft", "csv_draft",
         "pdf_published", "xlsx_published"]  # fmt: skip
ALLOWED_READS = dict.fromkeys(READS, 200)
WRITES = ["build", "conclusions", "retry", "publish", "unpublish"]
MATRIX: dict[str, dict[str, int | str]] = {
    "coordinator": {**ALLOWED_READS, **dict.fromkeys(WRITES, "ok_redirect")},
    "forssa_admin": {**ALLOWED_READS, **dict.fromkeys(WRITES, 403)},
    "forssa_member": {**ALLOWED_READS, **dict.fromkeys(WRITES, 403)},
    "riihimaki_admin": {**ALLOWED_READS, **dict.fromkeys(WRITES, 403)},
    "ngo": {
        "index": 200,  # the published list
        "published": 200,
        "status_draft": 403,
        "pdf_draft": 404,
        "xlsx_draft": 404,
        "csv_draft": 404,
        "pdf_published": 200,
        "xlsx_published": 200,
        "build": 403,
        "conclusions": 403,
        "retry": 404,
        "publish": 404,
        "unpublish": 403,
    },
    "anonymous": {
        "index": 200,
        "published": 200,
        "status_draft": "login",
        "pdf_draft": 404,
        "xlsx_draft": 404,
        "csv_draft": 404,
        "pdf_published": 200,
        "xlsx_published": 200,
        **dict.fromkeys(WRITES, "login"),
    },
}
CASES = [(who, url) for who, row in MATRIX.items() for url in row]


@pytest.mark.parametrize(("who", "url"), CASES, ids=[f"{w}-{u}" for w, u in CASES])
def test_permission_matrix(who, url, personas, ngo_user, versions, client_for, assert_unchanged):
    user = ngo_user if who == "ngo" else personas[who]
    method, path, data = _urls(versions)[url]
    expected = MATRIX[who][url]
    client = client_for(user)
    if expected in (200, "ok_redirect"):
        response = getattr(client, method)(path, data) if data is not None else client.get(path)
    else:
        with assert_unchanged():
            response = getattr(client, method)(path, data) if data is not None else client.get(path)
    if expected == "login":
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    elif expected == "ok_redirect":
        assert response.status_code == 302
        assert not response["Location"].startswith(LOGIN)
    else:
        assert response.status_code == expected, response.content[:300]


def test_the_coordinator_really_retries_and_publishes(versions, coordinator, client_for):
    client = client_for(coordinator)
    client.post(reverse("reports:retry", args=[versions["failed"].pk]))
    client.post(reverse("reports:publish", args=[versions["final"].pk]))
    versions["failed"].refresh_from_db()
    versions["final"].refresh_from_db()
    assert versions["failed"].status == "queued"
    assert versions["final"].is_published


def test_a_draft_cannot_be_published(versions, coordinator, client_for, assert_unchanged):
    with assert_unchanged():
        response = client_for(coordinator).post(
            reverse("reports:publish", args=[versions["draft"].pk])
        )
    assert response.status_code == 403


def test_anonymous_visitors_see_only_published_reports(versions, client):
    page = client.get(reverse("reports:index")).content.decode()
    assert f"/reports/version/{versions['published'].pk}/" in page
    assert f"/reports/version/{versions['draft'].pk}/" not in page
    assert f"/reports/version/{versions['final'].pk}/" not in page


def test_a_published_report_is_downloaded_as_an_attachment(versions, client):
    v = versions["published"]
    response = client.get(reverse("reports:download", args=[v.pk, v.download_name[:-4]]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{v.download_name}"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_report_files_are_not_under_the_public_media_path(versions, settings):
    from pathlib import Path

    from reports import build

    path = build.file_path(versions["draft"]).resolve()
    assert path.is_file()
    assert not path.is_relative_to(Path(str(settings.MEDIA_ROOT)).resolve())
    assert not path.is_relative_to((Path(settings.BASE_DIR) / "static").resolve())
