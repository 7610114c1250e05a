"""`make run`'s process supervisor: the web server, a Celery worker and Celery beat together in
one terminal, their output prefixed ("web | …", "worker | …", "beat | …"); one Ctrl-C (or the
end of any of the three) stops all three.

Standard library only, so it works on a fresh machine with Python 3.11 and make. Each process
runs in its own process group, so the stop reaches the children they start themselves (the
dev server's autoreloader, the worker's pool). The broker is whatever CELERY_BROKER_URL says:
`make run` sets kombu's filesystem transport under var/broker (portal/settings.py).

    python -m portal.devrun [--host 127.0.0.1] [--port 8000]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STOP_WAIT = 15.0  # seconds for a warm shutdown (the worker finishes its task) before SIGKILL
COLOURS = {"web": "\033[36m", "worker": "\033[35m", "beat": "\033[33m"}


def commands(host: str, port: int) -> dict[str, list[str]]:
    python = sys.executable
    celery = str(Path(python).with_name("celery"))
    return {
        "web": [python, "manage.py", "runserver", f"{host}:{port}"],
        "worker": [
            celery,
            "-A",
            "portal",
            "worker",
            "--loglevel=INFO",
            "--concurrency=2",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],  # fmt: skip
        "beat": [celery, "-A", "portal", "beat", "--loglevel=INFO"],
    }


def _pipe(name: str, stream, width: int, lock: threading.Lock) -> None:
    colour, reset = (COLOURS[name], "\033[0m") if sys.stdout.isatty() else ("", "")
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip("\n")
        with lock:
            sys.stdout.write(f"{colour}{name:<{width}} |{reset} {line}\n")
            sys.stdout.flush()


# The dev server's autoreloader runs the server in a child that ignores its parent's end: stop
# its whole group. Celery's main processes stop their own pool (warm shutdown): signal only them.
WHOLE_GROUP = {"web"}


def _stop(processes: dict[str, subprocess.Popen]) -> None:
    for name, process in processes.items():
        if process.poll() is None:
            try:
                if name in WHOLE_GROUP:
                    os.killpg(process.pid, signal.SIGTERM)
                else:
                    process.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + STOP_WAIT
    for process in processes.values():
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()


def run(host: str, port: int) -> int:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    lock = threading.Lock()
    width = max(len(name) for name in COLOURS)
    processes: dict[str, subprocess.Popen] = {}
    stopping = threading.Event()

    def on_signal(signum, frame):
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    for name, argv in commands(host, port).items():
        processes[name] = subprocess.Popen(  # noqa: S603 - our own fixed commands
            argv,
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        threading.Thread(
            target=_pipe, args=(name, processes[name].stdout, width, lock), daemon=True
        ).start()
    status = 0
    while not stopping.is_set():
        ended = [(n, p.returncode) for n, p in processes.items() if p.poll() is not None]
        if ended:
            name, status = ended[0]
            print(f"{name} stopped (exit status {status}); stopping the others.", flush=True)
            break
        stopping.wait(0.5)
    else:
        print("Stopping the web server, the worker and beat…", flush=True)
    _stop(processes)
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    sys.exit(run(args.host, args.port))


if __name__ == "__main__":
    main()
