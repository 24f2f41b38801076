"""kill -9 during `digest --db`, 20 times at random points: the cache stays a sound SQLite
file and a rerun with it gives the digest a cache-free run gives."""
import multiprocessing
import os
import random
import signal
import sqlite3
import sys
import time

from storyweave.cli import main
from tests.paths import EXAMPLES

RUNS = 20
SEED = 13  # the kill points are random but the same on every run of the suite


def _digest(db: str) -> None:
    """A child's whole life: one digest into the cache, output thrown away."""
    sys.stdout = open(os.devnull, "w")
    os._exit(main(["digest", str(EXAMPLES), "--db", db, "--no-embeddings", "--format", "json"]))


def kill_runs(db: str, runs: int = RUNS, seed: int = SEED) -> list[float]:
    """Start `runs` digests into `db` (forked, so the model is already loaded), each killed
    with SIGKILL after a random part of a whole run's time; the delays used."""
    context = multiprocessing.get_context("fork")
    start = time.perf_counter()
    whole = context.Process(target=_digest, args=(db + ".timing",))
    whole.start()
    whole.join()
    duration = time.perf_counter() - start
    rng = random.Random(seed)
    delays = []
    for _ in range(runs):
        child = context.Process(target=_digest, args=(db,))
        child.start()
        delays.append(rng.uniform(0, duration))
        time.sleep(delays[-1])
        os.kill(child.pid, signal.SIGKILL)
        child.join()
    return delays


def test_kill_nine_loses_nothing(tmp_path, capsys):
    assert main(["digest", str(EXAMPLES), "--no-cache", "--no-embeddings", "--format",
                 "json"]) == 0
    fresh = capsys.readouterr().out
    db = str(tmp_path / "cache.sqlite")
    kill_runs(db)
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert check.execute("SELECT COUNT(*) FROM cache").fetchone()[0] > 0
    assert main(["digest", str(EXAMPLES), "--db", db, "--no-embeddings", "--format",
                 "json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == fresh
