"""Reliability figures (issue 13) for bench/RESULTS.md, written to bench/reliability.json.

Runs, from the repo's root: the tests that reproduce each of the issue's eleven failures
(each must pass: found and fixed); the bad-input corpus with the demo corpus through the CLI
(one stderr line per unusable file, by kind); the property tests with the `fuzz` profile,
counting the examples hypothesis ran; atheris on the readers for `--fuzz-seconds` (when it is
installed); and kill -9 during `digest --db` 20 times, then an integrity check and a rerun
compared with a cache-free run.

    .venv/bin/python bench/reliability.py [--fuzz-seconds 120]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_bad_corpus import EXPECTED, LIMIT, READ, make_batch  # noqa: E402

OUT = ROOT / "bench" / "reliability.json"
# Each reproduction of issue 13 and the tests that failed before its fix.
REPRODUCTIONS = {
    "1 article over 1,000,000 characters; 50,000 sentences":
        ["tests/test_pipeline.py::test_huge_articles_are_digested_up_to_the_limit"],
    "2 dates near year 1 or 9999": [
        "tests/analysis/test_timeline.py::"
        "test_dates_at_the_ends_of_the_calendar_are_dropped_not_a_crash"],
    "3 file name not UTF-8 (--out, stdout)":
        ["tests/test_cli.py::test_non_utf8_file_name_is_shown_escaped"],
    "4 cache file unusable": ["tests/test_store.py", "tests/test_cli.py::"
                              "test_unusable_cache_is_one_warning_and_the_run_goes_on"],
    "5 bad --out, atomic write": [
        "tests/test_cli.py::test_out_written_atomically", "tests/test_cli.py::test_out_is_a_folder",
        "tests/test_cli.py::test_out_in_a_read_only_folder_leaves_the_old_file",
        "tests/test_cli.py::test_out_on_a_full_disk_leaves_the_old_file"],
    "6 solver output on stdout": ["tests/summarize/test_summarize.py::"
                                  "test_solver_cannot_write_to_stdout",
                                  "tests/test_cli.py::test_stdout_holds_only_the_json"],
    "7 Russian, Chinese pages": ["tests/clean/test_clean.py::"
                                 "test_paragraphs_in_another_script_are_not_english"],
    "8 Markdown structure injection": ["tests/render/test_render_properties.py"],
    "9 /dev/null, FIFO, <DOC>, stray byte, login wall": [
        "tests/ingest/test_bad_input.py::test_device_or_fifo_given_directly_is_named",
        "tests/ingest/test_bad_input.py::test_unclosed_doc_does_not_swallow_the_next",
        "tests/ingest/test_bad_input.py::test_doc_without_docno_skips_only_itself",
        "tests/ingest/test_bad_input.py::test_stray_byte_keeps_utf8_and_warns",
        "tests/test_pipeline.py::test_login_wall_is_not_an_article"],
    "10 duplicate ids, newline in a name": [
        "tests/ingest/test_bad_input.py::test_renamed_duplicate_ids_never_collide",
        "tests/ingest/test_bad_input.py::test_odd_file_names_are_shown_escaped_on_one_line"],
    "11 evaluate on a bad data folder": [
        "tests/test_cli.py::test_evaluate_on_a_bad_data_folder_is_one_line",
        "tests/test_cli.py::test_evaluate_on_a_malformed_multinews_csv_is_one_line"],
}
PROPERTY_TESTS = ["tests/ingest/test_properties.py", "tests/clean/test_properties.py",
                  "tests/nlp/test_sentence_properties.py",
                  "tests/analysis/test_timeline_properties.py",
                  "tests/render/test_render_properties.py"]
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]


def reproductions() -> dict:
    """Each reproduction's tests run now: how many cases, and whether all pass."""
    result = {}
    for name, tests in REPRODUCTIONS.items():
        run = subprocess.run(PYTEST + tests, cwd=ROOT, capture_output=True, text=True)
        passed = int(re.search(r"(\d+) passed", run.stdout).group(1)) \
            if "passed" in run.stdout else 0
        result[name] = {"cases": passed, "fixed": run.returncode == 0}
    return result


def kind(reason: str) -> str:
    """The class of a stderr reason: its words before any detail."""
    return re.split(r"[(:,0-9]", reason, maxsplit=1)[0].strip() or reason


def bad_corpus() -> dict:
    """The CLI on the bad-input corpus (and huge, FIFO, odd-name files) with the demo corpus."""
    folder = make_batch(Path(tempfile.mkdtemp(prefix="storyweave-bad-")))
    try:
        env = {**os.environ, "STORYWEAVE_MAX_BYTES": str(LIMIT), "STORYWEAVE_MAX_CHARS": "5000"}
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "storyweave", "digest", str(folder),
                              "--format", "json", "--no-cache"], cwd=ROOT, env=env,
                             capture_output=True, text=True)
        seconds = time.perf_counter() - start
        lines = run.stderr.splitlines()
        kinds: dict[str, int] = {}
        for line in lines:
            reason = line.split(": ", 2)[-1]
            kinds[kind(reason)] = kinds.get(kind(reason), 0) + 1
        digest = json.loads(run.stdout)
        return {"files": len(EXPECTED) + 5, "bad_files": sum(1 for r in EXPECTED.values() if r),
                "stderr_lines": len(lines), "exit_code": run.returncode,
                "traceback": "Traceback" in run.stderr, "by_kind": kinds,
                "articles_digested": len(digest["articles"]),
                "articles_expected": len(READ), "seconds": round(seconds, 1)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def properties() -> dict:
    """The property tests with the `fuzz` profile: examples run and seconds."""
    start = time.perf_counter()
    run = subprocess.run(PYTEST + ["--hypothesis-show-statistics"] + PROPERTY_TESTS, cwd=ROOT,
                         capture_output=True, text=True,
                         env={**os.environ, "HYPOTHESIS_PROFILE": "fuzz"})
    examples = sum(int(n) for n in re.findall(r"(\d+) passing\b", run.stdout))
    failing = sum(int(n) for n in re.findall(r"(\d+) failing\b", run.stdout))
    return {"tests": len(re.findall(r"::test_\w+", run.stdout)), "examples": examples,
            "failing": failing, "passed": run.returncode == 0,
            "seconds": round(time.perf_counter() - start, 1)}


def atheris_run(seconds: int) -> dict:
    """atheris on the readers for `seconds`, from the bad-input and demo corpora."""
    try:
        import atheris  # noqa: F401
    except ImportError:
        return {"installed": False}
    corpus = Path(tempfile.mkdtemp(prefix="storyweave-fuzz-"))
    try:
        for source in list((ROOT / "tests/data/bad").iterdir()) + \
                list((ROOT / "examples").iterdir()):
            shutil.copy(source, corpus)
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "tests/fuzz_readers.py", str(corpus),
                              f"-max_total_time={seconds}", "-rss_limit_mb=3000",
                              f"-artifact_prefix={corpus}/"],
                             cwd=ROOT, capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
        # A crash stops libFuzzer before its "Done" line: the last progress line counts.
        progress = re.findall(r"^#(\d+)\s", run.stderr, re.M)
        return {"installed": True, "runs": int(progress[-1]) if progress else 0,
                "seconds": round(time.perf_counter() - started),
                "crashes": len(list(corpus.glob("crash-*")))}
    finally:
        shutil.rmtree(corpus, ignore_errors=True)


def kill_nine() -> dict:
    """kill -9 during `digest --db` 20 times; then integrity and a rerun against no cache."""
    from storyweave.cli import main
    from tests.paths import EXAMPLES
    from tests.test_crash_safety import RUNS, kill_runs
    folder = Path(tempfile.mkdtemp(prefix="storyweave-kill-"))
    try:
        fresh, cached = folder / "fresh.json", folder / "cached.json"
        main(["digest", str(EXAMPLES), "--no-cache", "--no-embeddings", "--format", "json",
              "--out", str(fresh)])
        db = str(folder / "cache.sqlite")
        kill_runs(db)
        with sqlite3.connect(db) as check:
            integrity = check.execute("PRAGMA integrity_check").fetchone()[0]
            rows = check.execute("SELECT COUNT(*) FROM cache").fetchone()[0]
        main(["digest", str(EXAMPLES), "--db", db, "--no-embeddings", "--format", "json",
              "--out", str(cached)])
        return {"runs_killed": RUNS, "integrity": integrity, "rows_cached": rows,
                "rerun_equals_cache_free": fresh.read_text() == cached.read_text()}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def table(figures: dict) -> str:
    """The figures as the Markdown section of RESULTS.md."""
    repro = figures["reproductions"]
    bad, props, fuzz, kill = (figures[k] for k in ("bad_corpus", "properties", "atheris",
                                                   "kill_nine"))
    fuzz_line = (f"{fuzz['runs']:,} inputs in {fuzz['seconds']} s, {fuzz['crashes']} crashes"
                 if fuzz.get("installed") else "atheris not installed")
    lines = ["| check | figure |", "| --- | --- |",
             f"| issue 13 reproductions fixed (their test cases) | "
             f"{sum(r['fixed'] for r in repro.values())}/{len(repro)} "
             f"({sum(r['cases'] for r in repro.values())} cases) |",
             f"| bad-input corpus: bad files / one stderr line each / exit code | "
             f"{bad['bad_files']} / {bad['stderr_lines']} / {bad['exit_code']} |",
             f"| bad inputs by kind | " + ", ".join(f"{k}: {n}" for k, n in
                                                   sorted(bad["by_kind"].items())) + " |",
             f"| good articles digested beside them | {bad['articles_digested']}/"
             f"{bad['articles_expected']} |",
             f"| property tests (fuzz profile): examples, failing | {props['examples']:,} in "
             f"{props['seconds']} s, {props['failing']} failing |",
             f"| atheris on the readers | {fuzz_line} |",
             f"| kill -9 during digest --db | {kill['runs_killed']} runs; integrity "
             f"{kill['integrity']}; rerun equals a cache-free run: "
             f"{'yes' if kill['rerun_equals_cache_free'] else 'NO'} |"]
    return "\n".join(lines)


def main() -> None:
    """Measure everything, write bench/reliability.json, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz-seconds", type=int, default=60)
    args = parser.parse_args()
    figures = {"reproductions": reproductions(), "bad_corpus": bad_corpus(),
               "properties": properties(), "atheris": atheris_run(args.fuzz_seconds),
               "kill_nine": kill_nine()}
    OUT.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(table(figures))


if __name__ == "__main__":
    main()
