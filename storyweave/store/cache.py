"""The store's NLP cache: values by kind and key."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Self

from storyweave.store.core import Connection


class Cache(Connection):
    """The NLP cache (`get`, `put`), which only saves time."""

    cache_problem: str | None = None  # why the cache stopped working mid-run

    @classmethod
    def open_or_memory(cls, path: str | Path) -> tuple[Self, str | None]:
        """The store at `path` if it is a usable cache, else an in-memory one and the
        one-line reason (not a database, damaged, another schema, read-only, a folder)."""
        try:
            if Path(path).is_file():
                open(path, "r+b").close()  # writable? (SQLite would defer the error to a write)
            store = cls(path)
            store._check()
            return store, None
        except (sqlite3.Error, OSError) as err:
            return cls(":memory:"), " ".join(str(err).split()) or type(err).__name__

    def _check(self) -> None:
        """Raise `sqlite3.Error` unless the cache has our columns and a write can begin."""
        columns = ["kind", "key", "value"]
        found = [row[1] for row in self._db.execute("PRAGMA table_info(cache)")]
        if found != columns:
            self._db.close()
            raise sqlite3.DatabaseError(f"table cache has columns {found}, not {columns}")
        try:
            self._db.execute("BEGIN IMMEDIATE")  # takes the write lock: fails if read-only
            self._db.execute("ROLLBACK")
        except sqlite3.Error:
            self._db.close()
            raise

    def get(self, kind: str, key: str) -> bytes | None:
        """A cached value, or None (also once the cache has failed: see `put`)."""
        if self.cache_problem:
            return None
        try:
            with self._lock:
                row = self._db.execute("SELECT value FROM cache WHERE kind=? AND key=?",
                                       (kind, key)).fetchone()
        except sqlite3.Error as err:
            self._cache_failed(err)
            return None
        return row[0] if row else None

    def put(self, kind: str, key: str, value: bytes) -> None:
        """Cache `value` under (kind, key), replacing an older one. The cache only saves
        time: when it fails mid-run (a full disk, a file changed under us) the run goes on
        without it and `cache_problem` says why, instead of stopping the batch."""
        if self.cache_problem:
            return
        try:
            with self.transaction():
                self._db.execute("INSERT OR REPLACE INTO cache VALUES (?, ?, ?)",
                                 (kind, key, value))
        except sqlite3.Error as err:
            self._cache_failed(err)

    def _cache_failed(self, err: sqlite3.Error) -> None:
        self.cache_problem = " ".join(str(err).split()) or type(err).__name__
