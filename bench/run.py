"""`make bench`: page speed on PostgreSQL with the benchmark sample content.

1. Builds the benchmark database (make_bench_data) and collects static files.
2. Times each page type uncached, in process (median server time, queries, size).
3. Starts gunicorn twice as in production: page cache off ("cold": every request
   renders from PostgreSQL) and on ("warm": anonymous pages from Redis), and
   measures requests per second for each page type and for a static CSS file
   served by the same gunicorn (WhiteNoise). Targets are ratios to that rate.
4. Prints a table and writes BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

INFOBUTTON = (
    "/api/v1/infobutton?mainSearchCriteria.v.cs=2.16.840.1.113883.6.90"
    "&mainSearchCriteria.v.c=F41.1&knowledgeResponseType=application/json"
)
PAGES = [
    ("Home", "/"),
    ("A-Z (first letter)", "/medications/"),
    ("A-Z letter M", "/medications/?letter=M"),
    ("Medicine (diazepam, 6 uses)", "/medications/diazepam/"),
    ("Conditions list", "/conditions/"),
    ("Condition with 200 medicines", "/conditions/bench-condition-001/"),
    ("Search 'azepam'", "/search/?q=azepam"),
    ("API: medicines list (first 100)", "/api/v1/medications/"),
    ("API: infobutton, ICD-10-CM F41.1", INFOBUTTON),
]
STATIC = ("Static CSS (WhiteNoise)", "/static/css/site.css")
SERVER_TIME_TARGETS = {"/medications/", "/conditions/bench-condition-001/", "/search/?q=azepam"}
API_TIME_TARGETS = {"/api/v1/medications/", INFOBUTTON}


def server_times(runs: int) -> dict[str, dict]:
    result = subprocess.run(
        [common.PYTHON, str(Path(__file__).with_name("servertime.py")), str(runs)]
        + [path for _, path in PAGES],
        cwd=common.ROOT,
        env=common.server_env(page_cache=False),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"Timing pages in process failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def throughput(
    page_cache: bool, seconds: int, connections: int, rounds: int
) -> dict[str, tuple[common.LoadResult, common.LoadResult]]:
    """Per page: its best rate and the best static-file rate measured alongside it.

    Static file and page alternate for a few rounds and the best of each is
    kept: other work on the machine only ever slows a run down, so the best
    rounds are the fairest pair to compare.
    """
    results = {}
    mode = "warm" if page_cache else "cold"
    with common.Server(page_cache=page_cache) as server:
        for _, path in [*PAGES, STATIC]:
            # Fills the page cache, plain and gzipped (wrk asks for gzip).
            for headers in ({}, {"Accept-Encoding": "gzip"}):
                status, _, _ = common.fetch(server.base + path, headers)
                if status != 200:
                    sys.exit(f"{path} answered {status}")
        for label, path in PAGES:
            static_runs, page_runs = [], []
            for _ in range(rounds):
                static_runs.append(common.run_load(server.base, [STATIC[1]], seconds, connections))
                page_runs.append(common.run_load(server.base, [path], seconds, connections))
            best_static = max(static_runs, key=lambda r: r.rps)
            best_page = max(page_runs, key=lambda r: r.rps)
            best_page.errors = sum(r.errors for r in page_runs + static_runs)
            # A static rate of 0 (a stalled round on a busy machine) is shown as 0%, not a crash.
            share = best_page.rps / best_static.rps if best_static.rps else 0.0
            print(
                f"  {mode:4} {label:32} {best_page.rps:8.0f} req/s   static {best_static.rps:6.0f}"
                f"   {100 * share:4.0f}%   errors {best_page.errors}",
                flush=True,
            )
            results[path] = (best_page, best_static)
    return results


def medicine_weight(base_times: dict) -> int:
    css = (common.ROOT / "static/css/site.css").read_bytes()
    return base_times["/medications/diazepam/"]["gzip_bytes"] + len(gzip.compress(css))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--medications", type=int, default=5000)
    parser.add_argument("--conditions", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 3)))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 3)))
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--runs", type=int, default=30, help="in-process timings per page")
    args = parser.parse_args()

    postgres = common.prepare_database(args.medications, args.conditions)
    redis = common.check_redis(common.bench_cache_url())
    machine = common.machine_description(postgres, redis)

    print("Uncached server time, in process ...", flush=True)
    times = server_times(args.runs)
    print(
        f"Requests per second, {args.connections} connections, {args.seconds} s each ...",
        flush=True,
    )
    cold = throughput(False, args.seconds, args.connections, args.rounds)
    warm = throughput(True, args.seconds, args.connections, args.rounds)

    def ratio(results, path) -> float:
        page, static = results[path]
        return page.rps / static.rps if static.rps else 0.0

    rows = []
    for label, path in PAGES:
        t = times[path]
        rows.append(
            f"| {label} | `{path}` | {t['queries']} | {t['html_bytes'] / 1024:.1f} / "
            f"{t['gzip_bytes'] / 1024:.1f} | {t['median_ms']:.1f} | {cold[path][0].rps:.0f} | "
            f"{100 * ratio(cold, path):.0f}% | {warm[path][0].rps:.0f} | "
            f"{100 * ratio(warm, path):.0f}% |"
        )
    static_cold = max(static.rps for _, static in cold.values())
    static_warm = max(static.rps for _, static in warm.values())
    rows.append(
        f"| {STATIC[0]} (best round) | `{STATIC[1]}` | 0 | | | {static_cold:.0f} | 100% | "
        f"{static_warm:.0f} | 100% |"
    )
    table = "\n".join(
        [
            "| page | URL | SQL queries | HTML KB (raw / gzip) | server ms (median, uncached) "
            "| req/s cold | % of static | req/s warm (page cache) | % of static |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )

    slowest_label, slowest_path = max(PAGES, key=lambda p: times[p[1]]["median_ms"])
    medicine = "/medications/diazepam/"
    weight = medicine_weight(times)
    checks = [
        (
            "Medicine page uncached: at most 4 SQL queries",
            times[medicine]["queries"] <= 4,
            f"{times[medicine]['queries']} queries",
        ),
        (
            "Medicine page uncached: at least 10% of the static-file rate",
            ratio(cold, medicine) >= 0.10,
            f"{100 * ratio(cold, medicine):.0f}%",
        ),
        (
            "Every public page from the page cache: at least 80% of the static-file rate",
            all(ratio(warm, p) >= 0.80 for _, p in PAGES),
            f"lowest {min(100 * ratio(warm, p) for _, p in PAGES):.0f}%",
        ),
        (
            "A-Z, condition with 200 medicines, search: at most 50 ms median uncached",
            all(times[p]["median_ms"] <= 50 for p in SERVER_TIME_TARGETS),
            ", ".join(f"{times[p]['median_ms']:.1f} ms" for p in sorted(SERVER_TIME_TARGETS)),
        ),
        (
            "API list and infobutton: at most 20 ms median uncached",
            all(times[p]["median_ms"] <= 20 for p in API_TIME_TARGETS),
            ", ".join(f"{times[p]['median_ms']:.1f} ms" for p in sorted(API_TIME_TARGETS)),
        ),
        (
            "Medicine page HTML + CSS at most 30 KB compressed; no JavaScript",
            weight <= 30 * 1024,
            f"{weight / 1024:.1f} KB",
        ),
        (
            "No errors during the runs",
            all(page.errors == 0 for page, _ in [*cold.values(), *warm.values()]),
            f"{sum(page.errors for page, _ in [*cold.values(), *warm.values()])} errors",
        ),
    ]
    targets = "\n".join(
        f"| {name} | {'met' if ok else '**missed**'} | {value} |" for name, ok, value in checks
    )
    tool = next(iter(cold.values()))[0].tool
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine_lines = "\n".join(f"- **{k}**: {v}" for k, v in machine.items())
    report = f"""# Benchmarks

Written by `make bench` on {now}, with {args.medications} sample medicines and
{args.conditions} sample conditions (`make_bench_data`, not medical advice) plus the
demo content, on PostgreSQL. Compare ratios, not absolute figures: they depend
on the machine and on whatever else it is doing (see the load average).

## Machine

{machine_lines}

## Pages

"Cold": gunicorn with the page cache off, so every request renders from
PostgreSQL. "Warm": the page cache on (Redis), anonymous requests. Each rate is
{args.connections} connections with `{tool}` and `Accept-Encoding: gzip`; each
page alternates with the static file for {args.rounds} rounds of {args.seconds} s
and the best round of each is compared ("% of static"), because other work on
the machine only ever slows a round down. Server time is the median of {args.runs} in-process
requests through Django's full stack, gzip included, page cache off.

{table}

Slowest page uncached: **{slowest_label}** ({times[slowest_path]["median_ms"]:.1f} ms median).

## Targets

| target | result | measured |
|---|---|---|
{targets}
"""
    path = common.ROOT / "BENCHMARKS.md"
    # Keep the figures of the last `make load`.
    previous = path.read_text() if path.exists() else ""
    load_section = previous.partition("\n## Load run\n")[2]
    if load_section:
        report = report.rstrip("\n") + "\n\n## Load run\n" + load_section
    path.write_text(report)
    print()
    print(table)
    print()
    print(f"Slowest page uncached: {slowest_label} ({times[slowest_path]['median_ms']:.1f} ms)")
    print(
        "\n".join(f"{'met   ' if ok else 'MISSED'} {name}: {value}" for name, ok, value in checks)
    )
    print("\nWritten to BENCHMARKS.md")


if __name__ == "__main__":
    main()
