"""The store's core: the SQLite connection, its schema and migrations, write transactions,
and the clock that versions stories."""
from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

DEFAULT_PATH = Path(os.environ.get("STORYWEAVE_HOME", Path.home() / ".cache" / "storyweave")) \
    / "storyweave.sqlite"

# Migration N brings a file from schema version N-1 to N; each runs once, in a transaction.
MIGRATIONS = [
    """
    CREATE TABLE IF NOT EXISTS cache (kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key));
    CREATE TABLE IF NOT EXISTS digests (id TEXT PRIMARY KEY,
                                        created TEXT DEFAULT CURRENT_TIMESTAMP,
                                        json TEXT NOT NULL);
    """,
    """
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        merged_into TEXT REFERENCES stories(id),  -- a merged story redirects here
        headline TEXT, first_date TEXT, last_date TEXT,
        version INTEGER NOT NULL,                 -- the store's clock at the last change
        state BLOB,                               -- the clusterer's summary of the story
        digest TEXT, disagree INTEGER, stale INTEGER NOT NULL DEFAULT 1);
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        story TEXT REFERENCES stories(id),
        copy_of TEXT REFERENCES articles(id),
        title TEXT, source TEXT, published TEXT, url TEXT, format TEXT, path TEXT,
        dateline TEXT, byline TEXT, removed TEXT,
        raw TEXT NOT NULL, text TEXT NOT NULL,
        hash TEXT NOT NULL,                       -- of the raw text: what decides "changed"
        features BLOB);                           -- the clusterer's and dedup's input
    CREATE INDEX articles_story ON articles(story);
    CREATE INDEX stories_version ON stories(version);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO meta VALUES ('clock', 0);
    """,
    # A merge re-points the stories that redirected to the merged one (`merge_stories`):
    # without an index each merge scanned the stories table, quadratic over a long ingest.
    """
    CREATE INDEX stories_merged ON stories(merged_into);
    """,
    # A stored digest is served only to the code that made it (`Stories.story_digest`):
    # the stamp of that code. The standalone digests table was never read.
    """
    ALTER TABLE stories ADD COLUMN digest_code TEXT;
    DROP TABLE IF EXISTS digests;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
# Seconds a writer waits for another process's transaction before giving up: an ingest
# batch commits within a few seconds, so two ingests at once take turns.
BUSY_TIMEOUT = 60
# Seconds between tries to turn a new file's journal to WAL. SQLite takes the file
# exclusively for that and runs no busy handler, so a second process opening the same new
# file at that moment is told "database is locked" at once (4 of 20 rounds of 8 processes
# opening one new file failed so); it retries until the first has converted the file.
WAL_RETRY = 0.05


class Connection:
    """One SQLite connection shared by the store's threads: `transaction` for writes, the
    lock for reads; opening a file runs the migrations it lacks."""

    def __init__(self, path: str | Path = DEFAULT_PATH):
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=BUSY_TIMEOUT,
                                   isolation_level=None)
        if self.path != ":memory:":
            self._use_wal()
        self._db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def _use_wal(self) -> None:
        """Put the file in WAL mode (a property of the file: once set, only read), retrying
        while another connection holds it, up to `BUSY_TIMEOUT`."""
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                if self._db.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal" or \
                        self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0].lower() == \
                        "wal":
                    return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
            if time.monotonic() > deadline:
                raise sqlite3.OperationalError("database is locked (could not set WAL mode)")
            time.sleep(WAL_RETRY)

    def _migrate(self) -> None:
        with self.transaction():
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
            if version < SCHEMA_VERSION:
                self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (nested calls join the outer one): taken at once, so a
        second process waits for it rather than failing half-way; committed on leaving,
        rolled back on an exception."""
        with self._lock:
            if self._db.in_transaction:
                yield
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _value(self, sql: str, *args) -> object | None:
        """The first column of the first row a query gives, or None when it gives none."""
        with self._lock:
            row = self._db.execute(sql, args).fetchone()
        return row[0] if row else None

    def _tick(self) -> int:
        self._db.execute("UPDATE meta SET value = value + 1 WHERE key='clock'")
        return self._db.execute("SELECT value FROM meta WHERE key='clock'").fetchone()[0]

    def _touch(self, story_id: str) -> None:
        self._db.execute("UPDATE stories SET stale=1, version=? WHERE id=?",
                         (self._tick(), story_id))

    def clock(self) -> int:
        """The store's clock: it advances at every change of a story."""
        with self._lock:
            return self._db.execute("SELECT value FROM meta WHERE key='clock'").fetchone()[0]

    def integrity(self) -> str:
        """SQLite's `PRAGMA integrity_check` answer ("ok" when sound)."""
        with self._lock:
            return self._db.execute("PRAGMA integrity_check").fetchone()[0]

    def close(self) -> None:
        """Close the connection."""
        self._db.close()
