"""`storyweave ingest` as real processes: killed mid-run, and two at once into one store."""
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from storyweave.ingest import iter_files
from tests.paths import EVAL, EXAMPLES

DUC = EVAL / "duc2004" / "docs"
TAC = EVAL / "tac2010" / "docs_tokenized"


def ingest(*paths, store):
    return subprocess.Popen([sys.executable, "-m", "storyweave", "ingest", *map(str, paths),
                             "--store", str(store)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def articles(store) -> list[tuple[str, str]]:
    """(id, story) of every stored article, read as another process would."""
    db = sqlite3.connect(store, timeout=60)
    try:
        return db.execute("SELECT id, story FROM articles").fetchall()
    except sqlite3.OperationalError:  # the tables are not made yet
        return []
    finally:
        db.close()


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def distinct_ids(*paths) -> int:
    """Articles the paths hold, a document filed in two folders counted once."""
    return len({a.id for found, _ in iter_files(list(paths)) for a in found})


def check(store, expected: int):
    """Every article once, each in one live story, and a sound file."""
    rows = articles(store)
    assert len(rows) == len({i for i, _ in rows}) == expected
    db = sqlite3.connect(store)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT COUNT(*) FROM articles a LEFT JOIN stories s ON s.id = a.story "
                      "WHERE s.id IS NULL OR s.merged_into IS NOT NULL").fetchone()[0] == 0
    db.close()


def test_killed_mid_run_then_run_again_loses_and_doubles_nothing(tmp_path):
    store = tmp_path / "store.sqlite"
    folders = sorted(DUC.iterdir())[:20]  # 200 files: several batches
    total = distinct_ids(*folders)
    process = ingest(*folders, store=store)
    deadline = time.time() + 600
    while len(articles(store)) == 0 and process.poll() is None and time.time() < deadline:
        time.sleep(0.2)
    workers = children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.time() + 60  # a wait for the workers to end, not a measure of speed
    while any(alive(pid) for pid in workers) and time.time() < deadline:
        time.sleep(0.2)
    assert workers and not any(alive(pid) for pid in workers), "workers outlived the ingest"
    committed = len(articles(store))
    assert 0 < committed < total, "the kill should land between the first and last batch"
    check(store, committed)
    again = ingest(*folders, store=store)
    _, err = again.communicate(timeout=900)
    assert again.returncode == 0, err
    assert f"{total - committed} new" in err
    check(store, total)


def test_two_ingests_at_once_both_succeed(tmp_path):
    store = tmp_path / "store.sqlite"
    first = ingest(*sorted(DUC.iterdir())[:3], EXAMPLES, store=store)
    second = ingest(*sorted(TAC.iterdir())[:3], EXAMPLES, store=store)
    for process in (first, second):
        _, err = process.communicate(timeout=900)
        assert process.returncode == 0, err
    check(store, distinct_ids(*sorted(DUC.iterdir())[:3], *sorted(TAC.iterdir())[:3], EXAMPLES))
