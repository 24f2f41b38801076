"""Start-up and big-story benchmark: `storyweave digest` as a user runs it, cold.

1. The seeds' digest with `--no-cache` (imports, models and all the work; target 4 s),
   three times: wall time and CPU time of each run.
2. A big story: the first 200 articles of BASIL in one folder (a mix of events, as a big
   folder of a real feed is), made at bench time in a temporary folder, asked for 100 words:
   wall time, CPU time and peak memory (targets 60 s and 2 GiB on 2 cores), and the words
   the summary has.

Wall times depend on what else the machine runs: the load average is reported beside
them, and CPU times do not depend on it. Writes bench/startup.json and prints a Markdown
section. Usage: python bench/startup.py
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path("..") / "shared"  # relative to the repo, as in the commands shown
OUT = ROOT / "bench" / "startup.json"
BIG_STORY = 200
BIG_WORDS = 100
COLD_RUNS = 3


def timed(args: list[str]) -> dict:
    """Wall and CPU seconds and peak memory of one `storyweave` command run from the repo."""
    cmd = [sys.executable, "-m", "storyweave", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"command": "storyweave " + " ".join(args), "wall_seconds": wall,
            "cpu_seconds": after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime,
            # the largest of every child so far: the big story runs first
            "peak_rss_mb": after.ru_maxrss / 1024, "load_average": os.getloadavg()[0]}


def main() -> None:
    """Run both measurements, write bench/startup.json, print the section."""
    with tempfile.TemporaryDirectory(prefix="storyweave-big-") as tmp:
        lines = (ROOT / SHARED / "eval" / "basil" / "articles.jsonl").read_text().splitlines()
        (Path(tmp) / "story.jsonl").write_text("\n".join(lines[:BIG_STORY]) + "\n")
        out = Path(tmp) / "digest.json"
        big = timed(["digest", tmp, "--no-cache", "--words", str(BIG_WORDS), "--format",
                     "json", "--out", str(out)])
        digest = json.loads(out.read_text())
        big.update(articles=len(digest["articles"]), words_asked=BIG_WORDS,
                   summary_words=sum(len(s["text"].split()) for s in digest["summary"]),
                   command=big["command"].replace(str(out), "FILE").replace(
                       tmp, f"DIR (the first {BIG_STORY} lines of "
                       f"{SHARED}/eval/basil/articles.jsonl)"))
    cold = [timed(["digest", str(SHARED / "seeds"), "--no-cache"]) for _ in range(COLD_RUNS)]
    report = {"cold": cold, "big_story": big}
    OUT.write_text(json.dumps(report, indent=2))
    walls = [c["wall_seconds"] for c in cold]
    cpus = [c["cpu_seconds"] for c in cold]
    print("\n".join([
        "| figure | value | target |", "| --- | ---: | ---: |",
        f"| seeds' cold digest, wall (median of {COLD_RUNS}) | {statistics.median(walls):.1f} s "
        "| 4 s |",
        f"| seeds' cold digest, CPU (median of {COLD_RUNS}) | {statistics.median(cpus):.1f} s | |",
        f"| {big['articles']}-article story, wall | {big['wall_seconds']:.0f} s | 60 s |",
        f"| {big['articles']}-article story, CPU | {big['cpu_seconds']:.0f} s | |",
        f"| {big['articles']}-article story, peak memory | {big['peak_rss_mb']:.0f} MB | 2048 MB |",
        f"| {big['articles']}-article story, summary words for {BIG_WORDS} | "
        f"{big['summary_words']} | {BIG_WORDS} |",
        f"| load average while measured | {max(c['load_average'] for c in cold):.1f} | |",
        "", "Commands: `" + cold[0]["command"] + "` and `" + big["command"] + "`."]))


if __name__ == "__main__":
    main()
