"""Two web nodes with separate local folders behind one PostgreSQL and Redis serve each other's
uploads and report PDFs, because every kept file lives on the storage they share
(PORTAL_FILE_STORAGE). .ci/run's last stage: two gunicorn processes, PostgreSQL, Redis."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.db import connection

from portal.seeding import SeedReport, run
from reports.models import ReportVersion
from tests.conftest import make_user
from workgroups.models import WorkgroupDocument

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "correct horse battery staple"
PDF = b"%PDF-1.4\n% toimintasuunnitelma jaetulla levylla\n"


def node_env(var_dir: Path, shared: Path) -> dict[str, str]:
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PORTAL_TEST_CELERY_WORKER": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "PORTAL_VAR_DIR": str(var_dir),
        "PORTAL_FILE_STORAGE": str(shared),
    }


def start_node(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603 — our own virtualenv's gunicorn
        [str(BIN / "gunicorn"), "portal.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "1", "--timeout", "120"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=20).status_code == 200:
                return process
        except requests.RequestException:
            time.sleep(0.3)
    process.kill()
    raise AssertionError(f"node on {port} did not start: {log.read_text()[-2000:]}")


def csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=30).text
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, url
    return match.group(1)


@pytest.mark.processes
@pytest.mark.django_db(transaction=True)
def test_two_web_nodes_serve_each_other_s_uploads_and_reports(tmp_path):
    assert connection.vendor == "postgresql", "runs on PostgreSQL with Redis (.ci/run)"
    run("seed_agreement", SeedReport())
    coordinator = make_user("kanta-hameen-hyvinvointialue", "coordinator", "coord@scale.test")
    shared = tmp_path / "shared"
    env_a, env_b = node_env(tmp_path / "node-a", shared), node_env(tmp_path / "node-b", shared)
    nodes: list[subprocess.Popen] = []
    try:
        nodes.append(start_node(8611, env_a, tmp_path / "a.log"))
        nodes.append(start_node(8612, env_b, tmp_path / "b.log"))
        node_a, node_b = "http://127.0.0.1:8611", "http://127.0.0.1:8612"
        session = requests.Session()
        login = f"{node_a}/accounts/login/"
        response = session.post(
            login,
            data={
                "login": coordinator.email,
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf(session, login),
            },
            timeout=30,
        )
        assert response.ok and "/accounts/login/" not in response.url

        # An upload through node A ...
        new = f"{node_a}/workgroups/perhekeskus/documents/action_plan/new/"
        response = session.post(
            new,
            data={
                "title": "TS 2026",
                "valid_from": "2026-01-01",
                "csrfmiddlewaretoken": csrf(session, new),
            },
            files={"file": ("Toimintasuunnitelma.pdf", PDF, "application/pdf")},
            timeout=30,
        )
        assert response.ok, response.text[-2000:]
        document = WorkgroupDocument.objects.get(title="TS 2026")
        # ... downloaded through node B (the session lives in the shared database too).
        download = session.get(
            f"{node_b}/workgroups/perhekeskus/documents/{document.pk}/file/", timeout=30
        )
        assert download.status_code == 200
        assert download.content == PDF
        assert 'filename="Toimintasuunnitelma.pdf"' in download.headers["Content-Disposition"]

        # A report PDF built by node A's own command ...
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "followup_report", "--year", "2024"]
            + ["--output", str(tmp_path / "copy.pdf")],
            cwd=ROOT,
            env=env_a,
            check=True,
            capture_output=True,
            timeout=600,
        )
        version = ReportVersion.objects.get(year=2024, status="done")
        # ... downloaded through node B.
        pdf = session.get(
            f"{node_b}/reports/version/{version.pk}/{version.download_name.removesuffix('.pdf')}.pdf",
            timeout=60,
        )
        assert pdf.status_code == 200
        assert pdf.content == (tmp_path / "copy.pdf").read_bytes()
    finally:
        for process in nodes:
            process.terminate()
            process.wait(timeout=30)

    kept = [p for p in shared.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pdf" and "uploads" in p.parts for p in kept)
    assert any("reports" in p.parts for p in kept)
    for node in ("node-a", "node-b"):
        local = [p for p in (tmp_path / node).rglob("*") if p.is_file()]
        assert not [p for p in local if p.suffix == ".pdf"], local
