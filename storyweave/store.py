"""SQLite storage: the NLP cache, and articles and digests for the service.

Writes happen in transactions under WAL journaling, so a crash or a bad input mid-batch
never leaves a half-written row or loses what was stored before.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path

DEFAULT_PATH = Path(os.environ.get("STORYWEAVE_HOME", Path.home() / ".cache" / "storyweave")) \
    / "storyweave.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS cache (kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key));
CREATE TABLE IF NOT EXISTS digests (id TEXT PRIMARY KEY, created TEXT DEFAULT CURRENT_TIMESTAMP,
                                    json TEXT NOT NULL);
"""


class Store:
    """A SQLite file (or `:memory:`) with verbs `get`, `put`, `put_digest`, `get_digest`."""

    def __init__(self, path: str | Path = DEFAULT_PATH):
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)

    @classmethod
    def open_or_memory(cls, path: str | Path) -> tuple[Store, str | None]:
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
        """Raise `sqlite3.Error` unless the tables have our columns and a write can begin."""
        for table, columns in (("cache", ["kind", "key", "value"]),
                               ("digests", ["id", "created", "json"])):
            found = [row[1] for row in self._db.execute(f"PRAGMA table_info({table})")]
            if found != columns:
                self._db.close()
                raise sqlite3.DatabaseError(f"table {table} has columns {found}, not {columns}")
        try:
            self._db.execute("BEGIN IMMEDIATE")  # takes the write lock: fails if read-only
            self._db.execute("ROLLBACK")
        except sqlite3.Error:
            self._db.close()
            raise

    def get(self, kind: str, key: str) -> bytes | None:
        """A cached value, or None."""
        with self._lock:
            row = self._db.execute("SELECT value FROM cache WHERE kind=? AND key=?",
                                   (kind, key)).fetchone()
        return row[0] if row else None

    def put(self, kind: str, key: str, value: bytes) -> None:
        """Cache `value` under (kind, key), replacing an older one."""
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO cache VALUES (?, ?, ?)", (kind, key, value))

    def put_digest(self, digest_id: str, digest: dict) -> None:
        """Store a digest's JSON."""
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO digests (id, json) VALUES (?, ?)",
                             (digest_id, json.dumps(digest)))

    def get_digest(self, digest_id: str) -> dict | None:
        """A stored digest's JSON, or None."""
        with self._lock:
            row = self._db.execute("SELECT json FROM digests WHERE id=?", (digest_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def close(self) -> None:
        """Close the connection."""
        self._db.close()
