"""Operations benchmark: a backup while the portal is under load, and one app process against two.

    .venv/bin/python bench/ops.py [--seconds 4] [--rounds 3] [--processes-only] [--database-url URL] [--write]

Uses the database `bench/run.py` seeds (the same sizes). Two figures, each as ratios within one run:

- backup: the p50/p99 of two key pages while `flask --app portal backup` runs, next to the same pages without
  it, and how long the backup took;
- processes: requests a second on the key pages from one gunicorn instance (1 worker), then from two instances
  on two ports (1 worker each, the load split between them, as a load balancer does), on the same database.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import arguments, free_port, measure, prepare, wait_for  # noqa: E402

KEY_PAGES = [("applause feed", "/applause"), ("task board", "/boards/7"), ("where can I help", "/boards/help")]


def _serve(env: dict, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "--workers", str(workers), "--bind",
                               f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    wait_for(port)
    return server, port


def _stop(*servers: subprocess.Popen) -> None:
    for server in servers:
        server.send_signal(signal.SIGTERM)
    for server in servers:
        server.wait(timeout=20)


def backup_under_load(pool, env: dict, seconds: float, connections: int) -> list[str]:
    """Measure key pages without and with a backup running; return table lines."""
    server, port = _serve(env, 2)
    lines = ["| page | p50 ms | p99 ms | p50 ms during backup | p99 ms during backup | req/s during vs without |",
             "|---|---:|---:|---:|---:|---:|"]
    durations = []
    try:
        for label, path in KEY_PAGES[:2]:
            quiet = measure(pool, [port], path, seconds, connections)
            with tempfile.TemporaryDirectory() as folder:
                took: dict = {}

                def run_backup(folder=folder, took=took):
                    started = time.perf_counter()
                    subprocess.run([str(Path(sys.executable).with_name("flask")), "--app", "portal", "backup",
                                    folder, "--no-prune"], cwd=ROOT, env=env, check=True, capture_output=True)
                    took["seconds"] = time.perf_counter() - started

                thread = threading.Thread(target=run_backup)
                thread.start()
                busy = measure(pool, [port], path, seconds, connections)
                thread.join()
                durations.append(took["seconds"])
            lines.append(f"| {label} `{path}` | {quiet['p50']:.1f} | {quiet['p99']:.1f} | {busy['p50']:.1f} | "
                         f"{busy['p99']:.1f} | {busy['rps'] / quiet['rps']:.0%} |")
    finally:
        _stop(server)
    lines += ["", "Backup took " + ", ".join(f"{d:.1f} s" for d in durations) + " (one per page measured; the "
              f"load ran {seconds:.0f} s, so a backup longer than that finished after the load)."]
    return lines


def one_against_two(pool, env: dict, seconds: float, connections: int, rounds: int = 3) -> list[str]:
    """Measure key pages from one instance and from two, in turns, `rounds` times; return table lines with the
    medians (one instance and the pair run side by side, idle when not measured, so both see the same machine)."""
    lines = ["| page | one instance req/s | two instances req/s | two vs one (median of rounds) | each round |",
             "|---|---:|---:|---:|---|"]
    one, port = _serve(env, 1)
    first, port_a = _serve(env, 1)
    second, port_b = _serve(env, 1)
    samples: dict[str, list[tuple[float, float]]] = {path: [] for _label, path in KEY_PAGES}
    try:
        for _round in range(rounds):
            for _label, path in KEY_PAGES:
                single = measure(pool, [port], path, seconds, connections)["rps"]
                double = measure(pool, [port_a, port_b], path, seconds, connections)["rps"]
                samples[path].append((single, double))
    finally:
        _stop(one, first, second)
    for label, path in KEY_PAGES:
        pairs = samples[path]
        ratios = [double / single for single, double in pairs]
        lines.append(f"| {label} `{path}` | {statistics.median(single for single, _ in pairs):.0f} | "
                     f"{statistics.median(double for _, double in pairs):.0f} | {statistics.median(ratios):.2f}x | "
                     f"{', '.join(f'{ratio:.2f}x' for ratio in ratios)} |")
    return lines


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="one against two: this many rounds, medians reported")
    parser.add_argument("--processes-only", action="store_true", help="skip the backup under load")
    options = parser.parse_args()

    from config import database_url
    url = database_url(options.database_url)
    secret_key = secrets.token_hex(32)
    prepare(url, secret_key)
    env = {**os.environ, "BUURTBOUW_CONFIG": "production", "SECRET_KEY": secret_key, "DATABASE_URL": url,
           "RATELIMIT_STORAGE_URI": "memory://", "PAGE_CACHE_SECONDS": "0", "REQUEST_LOG": "0"}
    database = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    heading = (f"{date.today().isoformat()} · {database} · {platform.machine()}, {os.cpu_count()} cores, Python "
               f"{platform.python_version()} · {options.connections} connections, {options.seconds:.0f} s a page, "
               "page cache off")
    sections = []
    with multiprocessing.Pool(options.connections) as pool:
        if not options.processes_only:
            sections += [f"### Backup under load · {heading}", "",
                         *backup_under_load(pool, env, options.seconds, options.connections), ""]
        sections += [f"### One app process against two · {heading}, {options.rounds} rounds in turns", "",
                     *one_against_two(pool, env, options.seconds, options.connections, options.rounds)]
    table = "\n".join(sections)
    print(table)
    if options.write:
        with (ROOT / "bench" / "RESULTS.md").open("a") as results:
            results.write("\n" + table + "\n")


if __name__ == "__main__":
    main()
