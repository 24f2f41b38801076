"""Ingest throughput and memory: `storyweave ingest` (clean, copies, title+lead encoding,
clustering, store) into a new store file, as a user runs it, on the DUC 2004 + TAC 2010
dev articles and on generated corpora (bench/scale.py's generator: the same bases, new
ids, dates and light edits) of two sizes, to show memory flat in the corpus size.

Measured per run: articles per second of wall time and per CPU-second of all processes
(the command and its worker processes: the machine is shared, so wall times depend on
its load, shown beside them), and the peak resident memory of the largest process.
Writes bench/throughput.json and prints a Markdown section for bench/RESULTS.md (`--report`:
the section of the last run). About 15 minutes on 2 cores. Usage:
    python bench/throughput.py [--sizes 2000 8000] [--workers N] [--report]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

from scale import EVAL, ROOT, base_articles, generate, measure

OUT = ROOT / "bench" / "throughput.json"
DEV = [EVAL / "duc2004" / "docs", EVAL / "tac2010" / "docs_tokenized"]
TARGET = 100  # articles a second on 2 cores (issue 14)
REPORTED = re.compile(r"(\d+) articles read: (\d+) new")


def ingest(name: str, paths: list[Path], store: Path, workers: int | None) -> dict:
    """One `storyweave ingest` into a new store: its counts and `measure`'s figures."""
    cmd = [sys.executable, "-m", "storyweave", "ingest", *map(str, paths), "--store", str(store)]
    cmd += ["--workers", str(workers)] if workers else []
    done = measure(cmd)
    found = REPORTED.search(done["stderr"])
    if done["exit"] not in (0, 1) or not found:
        raise SystemExit(done["stderr"][-3000:])
    articles = int(found.group(2))
    return {"corpus": name, "articles": articles, "command": " ".join(cmd[1:]),
            **{k: done[k] for k in ("wall_seconds", "cpu_seconds", "peak_rss_mb",
                                    "load_average")},
            "articles_per_second": articles / done["wall_seconds"],
            "articles_per_cpu_second": articles / done["cpu_seconds"]}


def markdown(report: dict) -> str:
    """The RESULTS.md section."""
    lines = ["| corpus | articles | wall s | articles/s | CPU s | articles per CPU-s | "
             "peak RSS MB | load avg |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in report["runs"]:
        lines.append(f"| {r['corpus']} | {r['articles']:,} | {r['wall_seconds']:.0f} | "
                     f"{r['articles_per_second']:.1f} | {r['cpu_seconds']:.0f} | "
                     f"{r['articles_per_cpu_second']:.1f} | {r['peak_rss_mb']:.0f} | "
                     f"{r['load_average']:.1f} |")
    best = max(r["articles_per_cpu_second"] for r in report["runs"])
    lines += ["", f"Workers: {report['workers'] or 'one per core'}. At {best:.0f} articles "
              f"per CPU-second, 2 idle cores would ingest about {2 * best:.0f} a second "
              f"(target {TARGET})."]
    return "\n".join(lines)


def main() -> None:
    """Run the ingests, write bench/throughput.json, print the section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 8_000])
    parser.add_argument("--workers", type=int, help="ingest's --workers (default: its own)")
    parser.add_argument("--report", action="store_true",
                        help="print the section of the last run's bench/throughput.json")
    args = parser.parse_args()
    if args.report:
        print(markdown(json.loads(OUT.read_text())))
        return
    report = {"workers": args.workers, "runs": []}
    with tempfile.TemporaryDirectory(prefix="storyweave-throughput-") as tmp:
        runs = [("DUC 2004 + TAC 2010 dev", DEV)]
        bases = base_articles()
        for size in args.sizes:
            generate(Path(tmp) / f"corpus-{size}", size, bases)
            runs.append((f"generated {size:,}", [Path(tmp) / f"corpus-{size}"]))
        for number, (name, paths) in enumerate(runs):
            print(name, file=sys.stderr, flush=True)
            report["runs"].append(ingest(name, paths, Path(tmp) / f"store-{number}.sqlite",
                                         args.workers))
            OUT.write_text(json.dumps(report, indent=2) + "\n")
    print(markdown(report))


if __name__ == "__main__":
    main()
