"""Requests/s, p50 and p99 of every page a user lives in, against the floor, measured with wrk.

The floor is an empty view through the portal's own middleware and session. Each page runs for
a few seconds under wrk (8 keep-alive connections) against gunicorn (2 workers), logged in by a
session cookie; its ratio to the floor measured in the same run (before and after the pages,
averaged) is the figure that travels between machines. After the load, each page's first
request after a real write (through the portal's services) to the data it shows is timed: the
cost of a page that must be built anew.
One child process per database and scale builds a fresh database and serves it. Usage:

    make bench                                     # 1×, 10×, 30× on SQLite and PostgreSQL
    make bench BENCH_ARGS="--scales 10 --databases sqlite --seconds 3"
    .venv/bin/python bench/run.py --help
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "var" / "bench-results.md"
FLOOR = "floor: empty view"
# (label, persona, path, the kind of write that changes what the page shows)
PAGES = [
    (FLOOR, "coordinator", "/bench/bare/", ""),
    ("dashboard, coordinator", "coordinator", "/dashboard/", "seat"),
    ("dashboard, org admin", "org admin", "/dashboard/", "seat"),
    ("dashboard, member", "member", "/dashboard/", "answer"),
    ("parties", "coordinator", "/organisations/", "seat"),
    ("structure", "coordinator", "/structure/", "seat"),
    ("body page", "coordinator", "/structure/bodies/{body}/", "seat"),
    ("gaps list", "coordinator", "/structure/gaps/", "seat"),
    ("meetings list", "coordinator", "/structure/meetings/?scope=all", "answer"),
    ("meeting page", "coordinator", "/structure/meetings/{meeting}/", "answer"),
    ("calendar feed", "", "/structure/meetings/feed/{feed}.ics", "answer"),
    ("region metric table", "coordinator", "/metrics/region/", "value"),
    ("review list", "coordinator", "/metrics/review/", "value"),
    ("data entry, org admin", "org admin", "/metrics/entry/2025/forssa/", "value"),
    ("metric page", "coordinator", "/metrics/metric/{metric}/", "value"),
    ("follow-up report page", "coordinator", "/reports/", "value"),
]
AFTER_WRITE_ROUNDS = 3


def child(args: argparse.Namespace) -> None:
    """Build the data for one database and scale, serve it, measure every page."""
    from bench import data, load

    data.configure(data.database_url(args.database, args.scale))
    data.prepare(args.scale)
    keys, targets = data.sessions(), data.targets()
    server, port = load.start_server(args.workers)
    rows = []
    try:
        for label, persona, path, kind in _selected(args.pages):
            url = path.format(**targets)
            session = keys.get(persona)
            for _ in range(20):
                status, _ms = load.get(port, url, session)
                if status != 200:
                    raise SystemExit(f"{label}: {url} answered {status}")
            result = load.hammer(port, url, session, args.seconds, args.connections)
            after = [_after_write(port, url, session, kind, n) for n in range(AFTER_WRITE_ROUNDS)]
            rows.append(
                {
                    "label": label,
                    "rps": result.rps,
                    "p50": result.p50_ms,
                    "p99": result.p99_ms,
                    "errors": result.errors,
                    "write": kind,
                    "after_write": statistics.median(after) if kind else None,
                }
            )
        _floor_again(rows[0], port, keys["coordinator"], args)
    finally:
        load.stop_server(server)
    print("RESULT " + json.dumps({"database": args.database, "scale": args.scale, "rows": rows}))


def _floor_again(floor: dict, port: int, session: str, args: argparse.Namespace) -> None:
    """The floor measured again after the pages: the mean of both, so that a machine growing
    busier or quieter during the run moves the floor with the pages it is compared with."""
    from bench import load

    again = load.hammer(port, PAGES[0][2], session, args.seconds, args.connections)
    floor["rps"] = (floor["rps"] + again.rps) / 2
    floor["p50"] = (floor["p50"] + again.p50_ms) / 2
    floor["p99"] = (floor["p99"] + again.p99_ms) / 2


def _after_write(port: int, url: str, session: str | None, kind: str, n: int) -> float:
    from bench import data, load

    if not kind:
        return 0.0
    data.write(kind, n)
    status, ms = load.get(port, url, session)
    assert status == 200, (url, status)
    return ms


def _selected(pattern: str) -> list[tuple[str, str, str, str]]:
    return [p for p in PAGES if p[0] == FLOOR or not pattern or pattern in p[0]]


def _table(database: str, runs: list[dict]) -> list[str]:
    scales = [r["scale"] for r in runs]
    head = " | ".join(f"{s}×: req/s · vs floor · p50 / p99" for s in scales)
    after = " | ".join(f"after a write, {s}×" for s in scales)
    lines = [
        f"**{database}**",
        "",
        f"| page | {head} | {after} |",
        "|---|" + "---:|" * (2 * len(scales)),
    ]
    floors = {r["scale"]: r["rows"][0]["rps"] for r in runs}
    for i, row in enumerate(runs[0]["rows"]):
        cells, writes = [], []
        for run in runs:
            r = run["rows"][i]
            ratio = r["rps"] / floors[run["scale"]]
            bad = f" ({r['errors']} errors)" if r["errors"] else ""
            cells.append(f"{r['rps']:.0f} · {ratio:.2f} · {r['p50']:.0f} / {r['p99']:.0f} ms{bad}")
            writes.append(f"{r['after_write']:.0f} ms" if r["after_write"] is not None else "")
        lines.append(f"| {row['label']} | {' | '.join(cells)} | {' | '.join(writes)} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,30", help="comma-separated, e.g. 10")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite,postgres")
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--pages", default="", help="only pages whose label contains this")
    parser.add_argument("--child", nargs=2, metavar=("DATABASE", "SCALE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.database, args.scale = args.child[0], int(args.child[1])
        return child(args)
    from bench.load import wrk_path

    wrk_path()
    lines = [
        f"gunicorn {args.workers} workers, wrk {args.connections} connections, "
        f"{args.seconds} s a page; after a write: median of {AFTER_WRITE_ROUNDS} first requests",
        "",
    ]
    for database in args.databases.split(","):
        runs = [_run_child(args, database, int(s)) for s in args.scales.split(",")]
        lines += [*_table(database, runs), ""]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"(also written to {RESULTS.relative_to(ROOT)})")


def _run_child(args: argparse.Namespace, database: str, scale: int) -> dict:
    print(f"… {database}, {scale}× data", file=sys.stderr, flush=True)
    passed = [
        f"--seconds={args.seconds}",
        f"--connections={args.connections}",
        f"--workers={args.workers}",
        f"--pages={args.pages}",
    ]
    out = subprocess.run(
        [sys.executable, __file__, "--child", database, str(scale), *passed],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        capture_output=True,
        text=True,
    )
    result = [line for line in out.stdout.splitlines() if line.startswith("RESULT ")]
    if out.returncode != 0 or not result:
        raise SystemExit(f"{database} {scale}×: failed\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return json.loads(result[0][len("RESULT ") :])


if __name__ == "__main__":
    main()
