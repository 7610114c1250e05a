"""Build time of the annual follow-up report at 1× and 10× data, split into its parts.

Gathering the data (SQL, the indicators' evaluation, the SVG charts) and rendering the HTML
template are the portal's own cost; WeasyPrint's layout and PDF writing of the finished HTML is
the typesetter's. The goal: the portal's part adds at most 30 % on top of WeasyPrint's, both
measured in the same run, and gathering takes the same number of SQL queries at 1× and 10×.

1× is the demo data (`seed_demo`: 13 parties, values 2022–2025); 10× adds nine times the
parties with their values and nine times the bodies with members, meetings, decisions and
action items (tests/reports/scale.py, the same growth the query-count test uses).

    .venv/bin/python bench/bench_report.py            # a throw-away SQLite database
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="bench-report-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ["PORTAL_FILE_STORAGE"] = f"{TMP}/files"
os.environ.pop("CELERY_BROKER_URL", None)
YEAR = 2025
ROUNDS = 3


def measure(label: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from reports.build import build_version
    from reports.gather import gather
    from reports.models import ReportVersion
    from reports.render import html_to_pdf, render_html
    from reports.tables import build_tables

    gathering, rendering, typesetting = [], [], []
    for _ in range(ROUNDS):
        with translation.override("fi"):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                data = gather(YEAR, "fi")
                build_tables(data)
            gathered = time.perf_counter()
            html = render_html(data, version_number=1)
            rendered = time.perf_counter()
        pdf = html_to_pdf(html, language="fi", draft=not data.is_final)
        typeset = time.perf_counter()
        gathering.append(gathered - started)
        rendering.append(rendered - gathered)
        typesetting.append(typeset - rendered)
    version = ReportVersion.objects.create(year=YEAR, language="fi")
    started = time.perf_counter()
    assert build_version(version.pk) == "done"
    whole = time.perf_counter() - started
    row: dict[str, Any] = {
        "label": label,
        "queries": len(queries),
        "gather": statistics.median(gathering),
        "render": statistics.median(rendering),
        "typeset": statistics.median(typesetting),
        "build": whole,
        "pages": pdf.pages,
        "kb": len(pdf.content) // 1024,
    }
    row["overhead"] = (row["gather"] + row["render"]) / row["typeset"]
    return row


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from portal.seeding import SeedReport, run
    from tests.reports.scale import grow

    call_command("migrate", verbosity=0)
    run("seed_agreement", SeedReport())
    settings.DEBUG = True
    call_command("seed_demo", "--password", "bench-password-1", stdout=io.StringIO())
    settings.DEBUG = False

    rows = [measure("1×")]
    grow(10, YEAR)
    rows.append(measure("10×"))
    print(f"Follow-up report {YEAR}, median of {ROUNDS} rounds (SQLite, Finnish, draft):\n")
    print(
        "| data | pages | PDF | SQL queries to gather | gather | template | WeasyPrint "
        "| gather + template vs WeasyPrint | whole build (task) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['label']} | {r['pages']} | {r['kb']} kB | {r['queries']} "
            f"| {r['gather']:.2f} s | {r['render']:.2f} s | {r['typeset']:.2f} s "
            f"| {r['overhead']:.0%} | {r['build']:.1f} s |"
        )
    assert rows[0]["queries"] == rows[1]["queries"], "queries grow with the data"
    worst = max(r["overhead"] for r in rows)
    verdict = "within" if worst <= 0.30 else "OVER"
    print(
        f"\nGathering and the template add at most {worst:.0%} on top of WeasyPrint: "
        f"{verdict} the 30 % goal."
    )
    if worst > 0.30:
        sys.exit(1)


if __name__ == "__main__":
    main()
