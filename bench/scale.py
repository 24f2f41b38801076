"""Scale benchmark: a generated corpus through `storyweave scale run`, locally and on Ray.

The corpus is made at bench time (never committed) from the demo articles in examples/ and
the dev articles of ../shared/eval (DUC 2004, TAC 2010, BASIL): article i is base article
i mod B with a new id, light edits (one sentence dropped, one number changed) and its date
moved on by one round's span per round through the bases (undated bases dated 2024-01-01):
the bases' own span of dates plus the clusterer's window and a day, so that each round's
articles are a feed of their own, as the bases' stories are, never joining or copying an
earlier round's (a feed's stories run days to weeks; it does not rerun a year of news).
JSONL files of 1,000 articles. Each size runs through the local path and the Ray path
(`--no-digests`: ingest, clean, story features, copies and stories); digests are timed apart
on the stories of the first `--digest-sample` articles, and the projection for a feed of
1M articles a day on a Ray cluster is made from the measured CPU cost per article.

Writes bench/scale.json (after every run) and prints a Markdown section (`--report`: only
the section of the last run; `--append`: runs added to the file's, replacing those of the
same size and path). `make bench-scale` runs it at full size. Usage:
    python bench/scale.py [--sizes 10000 100000] [--engines local ray] [--digest-sample 300]
                          [--append] [--report]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyweave.ingest import read_paths  # noqa: E402
from storyweave.stories.cluster import WINDOW_DAYS  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
BASES = [ROOT / "examples", EVAL / "duc2004" / "docs", EVAL / "tac2010" / "docs_tokenized",
         EVAL / "basil" / "articles.jsonl"]
OUT = ROOT / "bench" / "scale.json"
PER_FILE = 1_000
UNDATED = "2024-01-01"  # the date of a base without one
FEED_PER_DAY = 1_000_000
NUMBER = re.compile(r"\b\d+\b")


def base_articles() -> list[dict]:
    """The raw articles the corpus is made from."""
    articles, _ = read_paths(BASES)
    return [{"id": a.id, "title": a.title, "source": a.source, "published": a.published,
             "url": a.url, "text": a.text} for a in articles]


def generate(folder: Path, size: int, bases: list[dict], seed: int = 14) -> None:
    """`size` articles made from `bases`, in JSONL files of `PER_FILE` under `folder`."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    dates = [dt.date.fromisoformat((b["published"] or UNDATED)[:10]) for b in bases]
    shift = (max(dates) - min(dates)).days + WINDOW_DAYS + 1
    for first in range(0, size, PER_FILE):
        lines = []
        for i in range(first, min(first + PER_FILE, size)):
            base = bases[i % len(bases)]
            day = dates[i % len(bases)] + dt.timedelta(days=shift * (i // len(bases)))
            sentences = base["text"].split(". ")
            if len(sentences) > 3:
                del sentences[rng.randrange(1, len(sentences))]
            text = ". ".join(sentences)
            numbers = list(NUMBER.finditer(text))
            if numbers:
                m = rng.choice(numbers)
                text = text[:m.start()] + str(int(m.group()) + 1) + text[m.end():]
            lines.append(json.dumps({**base, "id": f"gen{i:07d}-{base['id']}",
                                     "published": day.isoformat(), "text": text}))
        (folder / f"part-{first // PER_FILE:05d}.jsonl").write_text("\n".join(lines) + "\n")


def measure(cmd: list[str], env: dict | None = None) -> dict:
    """Run a command from the repo's root: what it printed, its exit code, wall seconds,
    the CPU seconds and peak memory (largest process) of it and the children it reaps
    (worker processes), the CPU seconds of every process it started, reaped or not (Ray's
    raylet and workers: `Descendants`), and the load average when it ended (the machine
    may be shared)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        process = subprocess.Popen(cmd, cwd=ROOT, stdout=stdout, stderr=stderr, text=True,
                                   env=env)
        tree = Descendants(process.pid)
        tree.start()
        _, status, usage = os.wait4(process.pid, 0)
        tree.stop()
        wall = time.perf_counter() - start
        stdout.seek(0)
        stderr.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return {"stdout": stdout.read(), "stderr": stderr.read(),
                "exit": os.waitstatus_to_exitcode(status), "wall_seconds": wall,
                "cpu_seconds": cpu, "tree_cpu_seconds": max(cpu, tree.seconds()),
                "peak_rss_mb": usage.ru_maxrss / 1024, "load_average": os.getloadavg()[0]}


class Descendants(threading.Thread):
    """The CPU seconds of a process and everything it started, read from /proc every
    `POLL_SECONDS` (verbs `start`, `stop`, `seconds`): Ray's raylet and workers are killed
    at shutdown and never reaped by the command, so its own resource usage leaves them out.
    A process's last reading counts: at most a poll's CPU of each is missed."""

    POLL_SECONDS = 0.5

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.seen, self.done = root, {}, threading.Event()
        self.tick = os.sysconf("SC_CLK_TCK")

    def run(self) -> None:
        while not self.done.wait(self.POLL_SECONDS):
            self.poll()

    def stop(self) -> None:
        """End the polling (the command has exited)."""
        self.done.set()
        self.join()

    def seconds(self) -> float:
        """CPU seconds of every process seen in the tree (user and system)."""
        return sum(self.seen.values())

    def poll(self) -> None:
        """Read every process's parent and CPU; keep those below the root."""
        stats = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    text = Path(entry.path, "stat").read_text()
                except OSError:  # gone since the listing
                    continue
                fields = text[text.rindex(")") + 2:].split()
                # After the name: state, ppid, ... utime (11), stime (12), starttime (19).
                stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]),
                                          fields[19])
        below, grew = {self.root}, True
        while grew:
            grew = False
            for pid, (parent, _, _) in stats.items():
                if parent in below and pid not in below:
                    below.add(pid)
                    grew = True
        for pid in below & stats.keys():
            self.seen[pid, stats[pid][2]] = stats[pid][1] / self.tick


def run(folder: Path, out: Path, engine: str, digests: bool) -> dict:
    """One `storyweave scale run` as a user runs it: its printed figures and `measure`'s."""
    cmd = [sys.executable, "-m", "storyweave", "scale", "run", str(folder), "--out", str(out)]
    cmd += ["--local"] if engine == "local" else []
    cmd += [] if digests else ["--no-digests"]
    # Ray starts its workers 15 steps nicer than the command by default; at the command's
    # own niceness they compete for the cores as the local path's workers do.
    done = measure(cmd, {**os.environ, "RAY_worker_niceness": "0"} if engine == "ray" else None)
    if done["exit"] not in (0, 1):
        raise SystemExit(done["stderr"][-3000:])
    figures = json.loads(done["stdout"][done["stdout"].index("{"):])
    figures.update({k: done[k] for k in ("wall_seconds", "cpu_seconds", "tree_cpu_seconds",
                                         "peak_rss_mb", "load_average")},
                   engine=engine, command=" ".join(cmd[1:]))
    return figures


def project(results: list[dict], digest: dict) -> dict:
    """Cores a Ray cluster needs for `FEED_PER_DAY` articles a day, from measured costs."""
    largest = max((r for r in results if r["engine"] == "local"), key=lambda r: r["articles"])
    # CPU seconds, not wall: the machine is shared, and a cluster's cores are not. The map
    # step runs in worker processes: its cost is the whole run's CPU but the reduce step's
    # and the writing's, which run in the command's own process.
    seconds = largest["seconds"]
    map_cpu = (largest["cpu_seconds"] - seconds["reduce_cpu"] - seconds["digests_and_write_cpu"]
               ) / largest["articles"]
    reduce_rate = largest["articles"] / largest["seconds"]["reduce_cpu"]
    digest_cpu = digest["seconds"]["digests_and_write_cpu"] / max(digest["articles"], 1)
    per_second = FEED_PER_DAY / 86_400
    return {"articles_per_second_needed": per_second,
            "map_cpu_seconds_per_article": map_cpu,
            "digest_cpu_seconds_per_article": digest_cpu,
            "cores_for_map_and_digests": per_second * (map_cpu + digest_cpu),
            "reduce_articles_per_second_one_core": reduce_rate,
            "reduce_share_of_one_core": per_second / reduce_rate}


def cpu_seconds(run: dict) -> float:
    """A run's CPU seconds: of every process it started where measured so, else of the
    command and the children it reaped."""
    return run.get("tree_cpu_seconds", run["cpu_seconds"])


def markdown(report: dict) -> str:
    """The RESULTS.md section."""
    lines = ["| articles | path | wall s | articles/s | map s | reduce s | stories | copies | "
             "CPU s (all processes) | articles per CPU-s | peak RSS MB | load avg |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in sorted(report["runs"], key=lambda r: (r["engine"], r["articles"])):
        # Ray's workers are the raylet's children, killed at shutdown and never reaped by
        # the command: its memory is the driver's alone, and so was its CPU in runs made
        # before `Descendants` read every process's.
        driver = " (driver)" if r["engine"] == "ray" else ""
        cpu, cpu_driver = cpu_seconds(r), "" if "tree_cpu_seconds" in r else driver
        per_cpu = "-" if cpu_driver else f"{r['articles'] / cpu:.1f}"
        lines.append(f"| {r['articles']:,} | {r['engine']} | {r['wall_seconds']:.0f} | "
                     f"{r['articles'] / r['wall_seconds']:.0f} | {r['seconds']['map']:.0f} | "
                     f"{r['seconds']['reduce']:.1f} | {r['stories']:,} | {r['copies']:,} | "
                     f"{cpu:.0f}{cpu_driver} | {per_cpu} | "
                     f"{r['peak_rss_mb']:.0f}{driver} | {r['load_average']:.1f} |")
    for engine in ("local", "ray"):
        runs = sorted((r for r in report["runs"] if r["engine"] == engine),
                      key=lambda r: r["articles"])
        if len(runs) > 1:
            a, b = runs[0], runs[-1]
            # Ray's memory is its driver's (see above), which runs the reduce step, and so
            # is its CPU unless both runs read every process's.
            whole = all("tree_cpu_seconds" in r for r in (a, b))
            whose = ("the ", "the largest process") if engine == "local" else (
                "all its processes' " if whole else "the driver's ", "the driver's")
            growth = cpu_seconds(b) / cpu_seconds(a) if whole else \
                b["cpu_seconds"] / a["cpu_seconds"]
            lines += ["", f"{engine}: {b['articles'] / a['articles']:.0f} times the articles "
                      f"took {b['wall_seconds'] / a['wall_seconds']:.1f} times the wall time "
                      f"(reduce step {b['seconds']['reduce'] / a['seconds']['reduce']:.1f} "
                      f"times), {growth:.2f} times {whose[0]}CPU "
                      "seconds (reduce step "
                      f"{b['seconds']['reduce_cpu'] / a['seconds']['reduce_cpu']:.2f} times: "
                      "CPU is the measure on a shared machine); peak memory "
                      f"({whose[1]}) {b['peak_rss_mb']:.0f} MB against "
                      f"{a['peak_rss_mb']:.0f} MB."]
    if any(r["engine"] == "ray" for r in report["runs"]):
        lines += ["", "Ray's workers run at the command's niceness (`RAY_worker_niceness=0`; "
                  "Ray's default starts them 15 steps nicer, and on a machine busy with other "
                  "work they then get the least CPU of all). Wall times depend on the other "
                  "work on the machine (the load average column); CPU seconds do not."]
    d, p = report["digests"], report["projection"]
    lines += ["", f"Digests (local path, the stories of the first {d['articles']} generated "
              f"articles, {d['digests']} stories of two articles or more): "
              f"{d['seconds']['digests_and_write']:.0f} s, "
              f"{p['digest_cpu_seconds_per_article']:.3f} s of CPU an article.", "",
              f"Projection for {FEED_PER_DAY:,} articles a day "
              f"({p['articles_per_second_needed']:.1f} a second) on a Ray cluster: the map "
              f"step costs {p['map_cpu_seconds_per_article'] * 1000:.0f} ms of CPU an "
              f"article and digests {p['digest_cpu_seconds_per_article'] * 1000:.0f} ms, so "
              f"{p['cores_for_map_and_digests']:.1f} cores busy around the clock (provision "
              f"twice that for peaks and Ray's overhead); the reduce step, sequential on the "
              f"driver, runs {p['reduce_articles_per_second_one_core']:,.0f} articles a "
              f"second on one core, {p['reduce_share_of_one_core'] * 100:.1f}% of a core at "
              "that rate, so it is not the limit."]
    return "\n".join(lines)


def main() -> None:
    """Generate, run, write bench/scale.json, print the section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--digest-sample", type=int, default=300)
    parser.add_argument("--engines", nargs="+", default=["local", "ray"])
    parser.add_argument("--json", type=Path, default=OUT, help="the figures' file "
                        "(default bench/scale.json)")
    parser.add_argument("--append", action="store_true",
                        help="add these runs to bench/scale.json's, each replacing one of the "
                        "same size and path (and keep its digests)")
    parser.add_argument("--report", action="store_true",
                        help="print the section of the last run's bench/scale.json, run nothing")
    args = parser.parse_args()
    if args.report:
        print(markdown(json.loads(args.json.read_text())))
        return
    bases = base_articles()
    report = json.loads(args.json.read_text()) if args.append else \
        {"bases": len(bases), "runs": []}
    with tempfile.TemporaryDirectory(prefix="storyweave-scale-") as tmp:
        if not args.append:
            sample = Path(tmp) / "sample"
            generate(sample, args.digest_sample, bases)
            report["digests"] = run(sample, Path(tmp) / "out-digests", "local", digests=True)
        for size in args.sizes:
            corpus = Path(tmp) / f"corpus-{size}"
            generate(corpus, size, bases)
            for engine in args.engines:
                print(f"{size} articles, {engine}", file=sys.stderr, flush=True)
                done = run(corpus, Path(tmp) / f"out-{engine}", engine, digests=False)
                # A size and path run again replaces its earlier run.
                report["runs"] = [r for r in report["runs"] if
                                  (r["articles"], r["engine"]) != (size, engine)] + [done]
                # Written after every run: a long run cut short keeps the ones done.
                if any(r["engine"] == "local" for r in report["runs"]):
                    report["projection"] = project(report["runs"], report["digests"])
                args.json.write_text(json.dumps(report, indent=2))
            shutil.rmtree(corpus)
    print(markdown(report))


if __name__ == "__main__":
    main()
