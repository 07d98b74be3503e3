"""`make load`: 60 s at 64 connections across all public page types, on loopback.

Uses the benchmark database (run `make bench` first, or this builds it), starts
gunicorn as in production with the page cache on, and reports errors (must be
0), latency percentiles and each worker's memory at the start and the end.
Stops by itself; exits non-zero on any error.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import threading
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

STATIC_CSS = "/static/css/site.css"


def sample_paths(base: str) -> list[str]:
    """Every public page type, many medicines and conditions, a few searches."""
    import psycopg

    connection = psycopg.connect(common.bench_database_url())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT slug FROM medinfo_medicationarticle WHERE status = 'published' "
            "ORDER BY id LIMIT 300"
        )
        medicines = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT slug FROM medinfo_indication WHERE status = 'published' ORDER BY id LIMIT 60"
        )
        conditions = [row[0] for row in cursor.fetchall()]
    connection.close()
    paths = ["/", "/medications/", "/conditions/", "/drug-classes/", STATIC_CSS]
    paths += [f"/medications/?letter={letter}" for letter in "ABCDLMPST"]
    paths += [f"/medications/{slug}/" for slug in medicines]
    paths += [f"/conditions/{slug}/" for slug in conditions]
    paths += ["/drug-classes/benzodiazepines/", "/drug-classes/bench-class-01/"]
    paths += [
        "/search/?q=" + urllib.parse.quote(q)
        for q in ["azepam", "statin", "sample condition 12", "valium", "seizures", "pril"]
    ]
    return paths


def record(lines: list[str]) -> None:
    """Put the figures in BENCHMARKS.md under "Load run", replacing an earlier one."""
    path = common.ROOT / "BENCHMARKS.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    text = text.split("\n## Load run\n", 1)[0].rstrip("\n")
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = "\n".join(lines)
    path.write_text(f"{text}\n\n## Load run\n\n`make load` on {stamp}:\n\n{body}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", 60)))
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--skip-data", action="store_true", help="reuse the benchmark database")
    args = parser.parse_args()

    if not args.skip_data:
        common.prepare_database(5000, 500)
    common.check_redis(common.bench_cache_url())
    load_at_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    # The shipped worker settings (clinic/gunicorn_conf.py), recycling included.
    with common.Server(page_cache=True) as server:
        paths = sample_paths(server.base)
        for path in paths[:20]:
            common.fetch(server.base + path)
        start_rss = server.worker_rss_mb()
        print(
            f"Load: {args.connections} connections for {args.seconds} s across {len(paths)} "
            f"URLs on {server.base} ({server.workers} workers) ...",
            flush=True,
        )
        # Memory every 10 s: the first seconds load each page type once per
        # worker; after that a leak would show as steady growth.
        samples: list[float] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(10):
                samples.append(sum(server.worker_rss_mb()))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        result = common.run_load(server.base, paths, args.seconds, args.connections)
        stop.set()
        sampler.join()
        end_rss = server.worker_rss_mb()

    def rss(values: list[float]) -> str:
        return ", ".join(f"{v:.0f}" for v in values) + f" MB (total {sum(values):.0f} MB)"

    latency = ", ".join(
        f"{'p' + k.rstrip('%') if k != 'max' else 'max'} {v:.1f} ms"
        for k, v in result.latency_ms.items()
    )
    lines = [
        f"- Tool: {result.tool}; {args.connections} connections for {args.seconds} s across "
        f"{len(paths)} URLs (every public page type, static CSS), {server.workers} workers, "
        "page cache on, the shipped worker settings (recycling included)",
        f"- Requests: {result.requests} ({result.rps:.0f} req/s)",
        f"- Errors: {result.errors}",
        f"- Latency: {latency}",
        f"- Worker RSS at start: {rss(start_rss)}",
        f"- Worker RSS at end: {rss(end_rss)}",
        "- All workers' RSS every 10 s: "
        + ", ".join(f"{v:.0f}" for v in [sum(start_rss), *samples])
        + " MB"
        + (
            f" (from 10 s to the end: {samples[-1] - samples[0]:+.0f} MB)"
            if len(samples) > 1
            else ""
        ),
        f"- Load average at start: {load_at_start}",
    ]
    print("\n".join(line.removeprefix("- ") for line in lines))
    record(lines)
    if result.errors:
        sys.exit(f"{result.errors} errors during the load run")


if __name__ == "__main__":
    main()
