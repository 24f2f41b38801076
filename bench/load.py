"""Load run of the web app on loopback: `storyweave serve` on the seeds in its own process,
then, for a fixed time at a fixed concurrency, GET the story page and POST /api/digest (the
seed articles in, their digest out). Requests per second, median and 99th-percentile latency
and errors (any answer but 200, any failed connection) go to bench/load.json and are printed
as a Markdown table.

The seeds are read at run time from ../shared/seeds, never kept. The server's NLP cache is a
temporary file, warmed by the server's start-up digest: so POST /api/digest measures what a
repeat digest costs (cleaning, cached parse, analysis, summary), as the issue asks, not spaCy.

Usage: python bench/load.py [--seconds S] [--concurrency C]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyweave.ingest import read_paths  # noqa: E402
from storyweave.service.process import running_server  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
OUT = ROOT / "bench" / "load.json"
SECONDS = 30  # per scenario: long enough for a few dozen digests at about a second each
CONCURRENCY = 8  # clients at once: four per core, so the server always has work queued
TOKEN = "load-run"


def run(url: str, method: str, path: str, body: bytes | None, seconds: float,
        concurrency: int) -> dict:
    """`concurrency` clients, each on one keep-alive connection, sending the request again
    as soon as the answer is in, until `seconds` have passed."""
    port = int(url.rsplit(":", 1)[1])
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while time.monotonic() < stop:
            began = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - began)
                else:
                    errors[0] += 1
        connection.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return {"request": f"{method} {path}", "concurrency": concurrency, "seconds": round(elapsed, 1),
            "requests": len(latencies) + errors[0], "errors": errors[0],
            "requests_per_second": round(len(latencies) / elapsed, 2),
            "p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1)
            if ordered else None}


def table(result: dict) -> str:
    """The figures as a Markdown table."""
    lines = ["| request | clients | seconds | requests | errors | requests/s | p50 ms | p99 ms |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in result["runs"]:
        lines.append(f"| `{r['request']}` | {r['concurrency']} | {r['seconds']} | "
                     f"{r['requests']} | {r['errors']} | {r['requests_per_second']} | "
                     f"{r['p50_ms']} | {r['p99_ms']} |")
    return "\n".join(lines)


def main() -> None:
    """Start the server, run both scenarios, write bench/load.json, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    args = parser.parse_args()
    articles, _ = read_paths([SEEDS])
    body = json.dumps({"articles": [{"id": a.id, "text": a.text, "title": a.title,
                                     "source": a.source, "published": a.published}
                                    for a in articles]}).encode()
    with tempfile.TemporaryDirectory() as folder, running_server(
            [str(SEEDS), "--db", f"{folder}/cache.sqlite"], env={"STORYWEAVE_TOKEN": TOKEN},
            cwd=str(ROOT)) as url:
        runs = [run(url, "GET", "/stories/seeds", None, args.seconds, args.concurrency),
                run(url, "POST", "/api/digest", body, args.seconds, args.concurrency)]
    result = {"runs": runs, "cores": os.cpu_count(), "articles_per_digest": len(articles)}
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(table(result))


if __name__ == "__main__":
    main()
