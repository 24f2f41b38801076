"""Ingest throughput and memory: `storyweave ingest` (clean, copies, title+lead encoding,
clustering, store) into a new store file, as a user runs it, on the DUC 2004 + TAC 2010
dev articles and on generated corpora (bench/scale.py's generator: the same bases, new
ids, dates and light edits) of two sizes, to show memory flat in the corpus size.

Measured per run: articles per second of wall time and per CPU-second of all processes
(the command and its worker processes: the machine is shared, so wall times depend on
its load, shown beside them), and the peak resident memory of the largest process.
Then where the CPU goes: the stages of an ingest timed one by one in this process on the
first `--profile` generated articles (CPU milliseconds an article): cleaning (of which the
language check), title and lead encoding, words, term counts and MinHash, and the story
step (copies, clustering and store writes, as ingest's main process runs them).
Writes bench/throughput.json and prints a Markdown section for bench/RESULTS.md (`--report`:
the section of the last run). About 15 minutes on 2 cores. Usage:
    python bench/throughput.py [--sizes 2000 8000] [--workers N] [--profile 1000] [--report]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
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


def profile(folder: Path, size: int) -> dict[str, float]:
    """CPU milliseconds an article of each stage, on the first `size` articles of `folder`."""
    from storyweave.clean import clean_article, normalise
    from storyweave.clean.language import foreign_language
    from storyweave.corpus import BATCH, content_hash, place
    from storyweave.ingest import read_paths
    from storyweave.nlp.onnx_minilm import bulk_encoder
    from storyweave.nlp.tokens import words
    from storyweave.stories.cluster import Clusterer
    from storyweave.stories.dedup import CopyFinder, signature_of_words
    from storyweave.stories.features import extract, lead, term_counts
    from storyweave.store import Store

    raws = read_paths([folder])[0][:size]
    encoder = bulk_encoder()
    encoder.encode(["Loaded before the clock starts."])
    spent: dict[str, float] = {}

    def timed(name, work):
        start = time.process_time()
        result = work()
        spent[name] = 1000 * (time.process_time() - start) / len(raws)
        return result

    cleaned = timed("cleaning", lambda: [clean_article(a) for a in raws])
    timed("of which the language check (every line)", lambda: [
        foreign_language(line.strip()) for a in raws for line in normalise(a.text).split("\n")])
    timed("title and lead encoding", lambda: [
        encoder.encode([lead(a) for a in cleaned[i:i + BATCH]])
        for i in range(0, len(cleaned), BATCH)])
    tokens = timed("words", lambda: [words(a.text) for a in cleaned])
    timed("term counts", lambda: [term_counts(t) for t in tokens])
    timed("MinHash", lambda: [signature_of_words(t) for t in tokens])
    features = extract(cleaned, encoder)
    with tempfile.TemporaryDirectory(prefix="storyweave-profile-") as tmp:
        store = Store(Path(tmp) / "store.sqlite")
        copies, clusterer = CopyFinder(), Clusterer(store)

        def story_step():
            for first in range(0, len(raws), BATCH):  # one transaction a batch, as ingest
                with store.transaction():
                    clusterer.sync()
                    for i in range(first, min(first + BATCH, len(raws))):
                        store.put_article(cleaned[i], raws[i].text, content_hash(raws[i]))
                        store.put_features(cleaned[i].id, features[i].to_bytes())
                        place(store, copies, clusterer, cleaned[i], features[i])
                    clusterer.save()
        timed("story step (copies, clustering, store writes)", story_step)
        store.close()
    return spent


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
    if report.get("profile"):
        stages = report["profile"]
        lines += ["", f"Where the CPU goes, in one process on the first "
                  f"{report['profile_articles']:,} generated articles (CPU ms an article; the "
                  "load average when it ran: "
                  f"{report['profile_load']:.1f}):", "", "| stage | ms an article |",
                  "| --- | ---: |"]
        lines += [f"| {name} | {ms:.2f} |" for name, ms in stages.items()]
    return "\n".join(lines)


def main() -> None:
    """Run the ingests, write bench/throughput.json, print the section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 8_000])
    parser.add_argument("--workers", type=int, help="ingest's --workers (default: its own)")
    parser.add_argument("--profile", type=int, default=1_000, metavar="N",
                        help="articles of the per-stage profile (0: none)")
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
        if args.profile:
            print("profile", file=sys.stderr, flush=True)
            folder = Path(tmp) / "corpus-profile"
            generate(folder, args.profile, bases)
            report.update(profile=profile(folder, args.profile),
                          profile_articles=args.profile, profile_load=os.getloadavg()[0])
            OUT.write_text(json.dumps(report, indent=2) + "\n")
    print(markdown(report))


if __name__ == "__main__":
    main()
