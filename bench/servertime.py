"""Uncached server time per page, in process: Django's full request handling, no network.

Run by bench/run.py with the benchmark database in the environment; prints JSON.
"""

import gzip
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def measure(path: str, runs: int) -> dict:
    client = Client(headers={"Accept-Encoding": "gzip"})
    response = Client().get(path)  # warms Python and PostgreSQL; the plain HTML
    assert response.status_code == 200, (path, response.status_code)
    timings = []
    budget = time.perf_counter() + 20  # a very slow page gets fewer runs, at least 3
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if len(timings) >= 3 and started > budget:
            break
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return {
        "runs": len(timings),
        "median_ms": statistics.median(timings),
        "queries": len(queries.captured_queries),
        "html_bytes": len(response.content),
        "gzip_bytes": len(gzip.compress(response.content)),
    }


if __name__ == "__main__":
    runs = int(sys.argv[1])
    print(json.dumps({path: measure(path, runs) for path in sys.argv[2:]}))
