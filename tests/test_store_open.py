"""The cache opened defensively: any problem with its file means running without it."""
import contextlib
import sqlite3

import pytest

from storyweave.store import Store
from tests.read_only import read_only


def usable(store: Store) -> bool:
    store.put("k", "x", b"v")
    return store.get("k", "x") == b"v"


def test_good_cache_is_used(tmp_path):
    store, problem = Store.open_or_memory(tmp_path / "c.sqlite")
    assert problem is None and store.path == str(tmp_path / "c.sqlite") and usable(store)


def _not_a_database(path):
    path.write_text("these are notes, not a database\n" * 100)


def _malformed(path):
    store = Store(path)
    store.put("k", "x", b"v" * 10_000)
    store.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page overwritten
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _wrong_schema(path):
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE cache (id INTEGER, payload TEXT)")


def _folder(path):
    path.mkdir()


@pytest.mark.parametrize("damage", [_not_a_database, _malformed, _wrong_schema, _folder])
def test_unusable_cache_falls_back_to_memory(tmp_path, damage):
    path = tmp_path / "c.sqlite"
    damage(path)
    store, problem = Store.open_or_memory(path)
    assert problem and "\n" not in problem
    assert store.path == ":memory:" and usable(store)


@pytest.mark.parametrize("folder_too", [False, True])
def test_read_only_cache_falls_back_to_memory(tmp_path, folder_too):
    path = tmp_path / "c.sqlite"
    Store(path).close()
    with read_only(path), (read_only(tmp_path) if folder_too else contextlib.nullcontext()):
        store, problem = Store.open_or_memory(path)
        assert problem and "\n" not in problem
        assert store.path == ":memory:" and usable(store)


def test_a_cache_failing_mid_run_is_named_and_the_run_goes_on(tmp_path):
    """The cache table vanishes under a running store (another program, a damaged file):
    reads miss, writes are dropped, and the reason is kept for one warning."""
    path = tmp_path / "c.sqlite"
    store = Store(path)
    store.put("k", "a", b"1")
    other = sqlite3.connect(path)
    other.execute("DROP TABLE cache")
    other.commit()
    other.close()
    store.put("k", "b", b"2")
    assert store.get("k", "a") is None
    assert "cache" in store.cache_problem


def test_digest_warns_once_when_the_cache_fails_mid_run(tmp_path, monkeypatch, capsys):
    from storyweave.cli import main
    from tests.paths import EXAMPLES

    def failing_put(self, kind, key, value):
        self._cache_failed(sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(Store, "put", failing_put)
    db = tmp_path / "c.sqlite"
    assert main(["digest", str(EXAMPLES / "vpa_wire.txt"), "--db", str(db),
                 "--no-embeddings"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len([line for line in err if "disk is full" in line]) == 1
