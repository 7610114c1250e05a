"""Requests/second and SQL queries for the main pages at 10× data, under gunicorn.

Each page is measured against a bare Django view in the same run; the ratio
(page rps / bare rps) is the figure that travels between machines. Usage:

    make bench            # or: .venv/bin/python bench/run.py [--requests 400] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
DB_FILE = ROOT / "var" / "bench.sqlite3"
PAGES = [
    "/bench/bare/",
    "/dashboard/",
    "/organisations/",
    "/structure/",
    "/structure/gaps/",
    "/structure/meetings/?scope=all",
    "/metrics/region/",
    "/metrics/review/",
    "/healthz",
]


def prepare(scale: int) -> str:
    """Fresh database, the agreement, demo data and `scale`× organisations, people, bodies and
    meetings."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(DB_FILE) + suffix).unlink(missing_ok=True)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    quiet = io.StringIO()
    call_command("seed_agreement", stdout=quiet)
    settings.DEBUG = True
    call_command("seed_demo", "--password", "bench-password-1", stdout=quiet)
    settings.DEBUG = False

    from organisations.models import Organisation, User

    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"Benchkunta {i}",
            short_name=f"B{i}",
            slug=f"benchkunta-{i}",
            kind=Organisation.Kind.MUNICIPALITY,
            is_party=True,
        )
        for i in range(13 * (scale - 1))
    )
    User.objects.bulk_create(
        User(email=f"u{i}.{o.slug}@bench.example", organisation=o, role="member")
        for o in orgs
        for i in range(2)
    )
    _grow_structure_and_meetings(scale)

    user = User.objects.get(email="coordinator@demo.example")
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None  # create() saved the session under a new key
    return session.session_key


def _grow_structure_and_meetings(scale: int) -> None:
    """`scale`× the seeded bodies, each with a member and deputy from three parties, a chair
    and one meeting scheduled through the convener's own service (invitations included)."""
    import datetime

    from django.utils import timezone

    from forums.models import AgreementPeriod, Body, Membership, RoleAssignment
    from meetings.scheduling import schedule_meeting
    from organisations.models import Organisation, User

    period = AgreementPeriod.objects.get(slug="puitesopimus-2023")
    parties = list(Organisation.objects.parties().filter(slug__in=["forssa", "loppi", "ypaja"]))
    coordinator = User.objects.get(email="coordinator@demo.example")
    since = datetime.date(2024, 1, 1)
    start = (timezone.localtime() + datetime.timedelta(days=30)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    base = Body.objects.count()
    for i in range(base * (scale - 1)):
        body = Body.objects.create(
            period=period,
            slug=f"bench-body-{i}",
            tier=1 + i % 4,
            kind="workgroup",
            name_fi=f"Testiryhmä {i}",
            name_en=f"Test group {i}",
            convener_rule="chair",
            visibility=("public", "parties", "members")[i % 3],
        )
        for org in parties:
            person = User.objects.create(
                email=f"m{i}.{org.slug}@bench.example", organisation=org, role="member"
            )
            deputy = User.objects.create(
                email=f"d{i}.{org.slug}@bench.example", organisation=org, role="member"
            )
            Membership.objects.create(
                body=body, organisation=org, person=person, deputy=deputy, valid_from=since
            )
            if org == parties[0]:
                RoleAssignment.objects.create(
                    body=body, role="chair", person=person, valid_from=since, elected_on=since
                )
        schedule_meeting(
            actor=coordinator,
            body=body,
            title=f"Testikokous {i}",
            starts_at=start + datetime.timedelta(days=i % 20),
            ends_at=start + datetime.timedelta(days=i % 20, hours=2),
            host_organisation=parties[0],
            place="Hämeenlinna",
        )


def query_counts(session_key: str, pages: list[str]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies["sessionid"] = session_key
    counts = {}
    for page in pages:
        client.get(page)  # warm caches (content types, translations)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)
        counts[page] = len(ctx.captured_queries)
    return counts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hammer(port: int, path: str, session_key: str, total: int, concurrency: int) -> float:
    headers = {"Cookie": f"sessionid={session_key}", "Host": "127.0.0.1"}
    per_thread = total // concurrency
    errors: list[str] = []

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(per_thread):
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{path}: {response.status}")
        conn.close()

    for _ in range(max(10, total // 20)):  # warm-up
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path, headers=headers)
        conn.getresponse().read()
        conn.close()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise SystemExit(f"errors: {errors[:5]}")
    return per_thread * concurrency / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()

    session_key = prepare(args.scale)
    pages = list(PAGES)
    counts = query_counts(session_key, pages)

    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "bench.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        results = {p: hammer(port, p, session_key, args.requests, args.concurrency) for p in pages}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)

    bare = results["/bench/bare/"]
    print(
        f"\n{args.scale}× data, gunicorn {args.workers} workers, {args.concurrency} clients, "
        f"{args.requests} requests a page, SQLite\n"
    )
    print("| page | requests/s | vs bare view | SQL queries |")
    print("|---|---:|---:|---:|")
    for page in pages:
        print(f"| `{page}` | {results[page]:.0f} | {results[page] / bare:.2f} | {counts[page]} |")


if __name__ == "__main__":
    main()
