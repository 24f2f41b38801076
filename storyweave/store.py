"""SQLite storage: the NLP cache, the corpus (articles, stories, membership) and digests.

Writes happen in transactions under WAL journaling, so a crash or a bad input mid-batch
never leaves a half-written row or loses what was stored before. The schema carries a
version (`PRAGMA user_version`); opening an older file runs the migrations it lacks, so a
cache made before the corpus tables existed keeps working.
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storyweave.records import Article, Story

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
]
SCHEMA_VERSION = len(MIGRATIONS)
# Seconds a writer waits for another process's transaction before giving up: an ingest
# batch commits within a few seconds, so two ingests at once take turns.
BUSY_TIMEOUT = 60

ARTICLE_FIELDS = ("title", "source", "published", "url", "format", "path", "dateline",
                  "byline")


@dataclass
class StoredArticle:
    """What `put_article` did: `status` is "new", "same" or "changed"; `story` is the story
    the article was in before (None when new)."""

    status: str
    story: str | None = None


class Store:
    """A SQLite file (or `:memory:`): the NLP cache (`get`, `put`), digests (`put_digest`,
    `get_digest`), and the corpus: articles, stories and their digests."""

    def __init__(self, path: str | Path = DEFAULT_PATH):
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self.cache_problem: str | None = None  # why the cache stopped working mid-run
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=BUSY_TIMEOUT,
                                   isolation_level=None)
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

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

    # The NLP cache and standalone digests.

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

    def put_digest(self, digest_id: str, digest: dict) -> None:
        """Store a digest's JSON."""
        with self.transaction():
            self._db.execute("INSERT OR REPLACE INTO digests (id, json) VALUES (?, ?)",
                             (digest_id, json.dumps(digest)))

    def get_digest(self, digest_id: str) -> dict | None:
        """A stored digest's JSON, or None."""
        with self._lock:
            row = self._db.execute("SELECT json FROM digests WHERE id=?", (digest_id,)).fetchone()
        return json.loads(row[0]) if row else None

    # Articles.

    def put_article(self, article: Article, raw: str, digest_hash: str) -> StoredArticle:
        """Store a cleaned `article` read as `raw` text whose hash is `digest_hash`: a new
        id is inserted; a known id with the same hash is left alone; a known id whose text
        changed is updated, and its story's digest marked stale."""
        with self.transaction():
            row = self._db.execute("SELECT hash, story FROM articles WHERE id=?",
                                   (article.id,)).fetchone()
            if row and row[0] == digest_hash:
                return StoredArticle("same", row[1])
            values = [getattr(article, f) for f in ARTICLE_FIELDS]
            removed = json.dumps(article.removed)
            if row:
                self._db.execute(
                    "UPDATE articles SET " + ", ".join(f"{f}=?" for f in ARTICLE_FIELDS)
                    + ", removed=?, raw=?, text=?, hash=? WHERE id=?",
                    (*values, removed, raw, article.text, digest_hash, article.id))
                if row[1]:
                    self._touch(row[1])
                return StoredArticle("changed", row[1])
            self._db.execute(
                "INSERT INTO articles (id, " + ", ".join(ARTICLE_FIELDS)
                + ", removed, raw, text, hash) VALUES (" + ", ".join("?" * (len(values) + 5))
                + ")", (article.id, *values, removed, raw, article.text, digest_hash))
            return StoredArticle("new")

    def article(self, article_id: str) -> Article | None:
        """A stored article (cleaned text), or None."""
        found = self.articles([article_id])
        return found[0] if found else None

    def articles(self, ids: list[str], raw: bool = False) -> list[Article]:
        """The stored articles of `ids` that exist, in the order given: cleaned, or with
        `raw` as they were read (to be cleaned again by a digest)."""
        columns = ", ".join(("id", "raw" if raw else "text", *ARTICLE_FIELDS, "removed",
                             "copy_of"))
        found = {}
        with self._lock:
            for first in range(0, len(ids), 500):
                chunk = ids[first:first + 500]
                for row in self._db.execute(
                        f"SELECT {columns} FROM articles WHERE id IN "
                        f"({', '.join('?' * len(chunk))})", chunk):
                    found[row[0]] = Article(
                        id=row[0], text=row[1], **dict(zip(ARTICLE_FIELDS, row[2:10])),
                        removed=[] if raw else json.loads(row[10] or "[]"), copy_of=row[11])
        return [found[i] for i in ids if i in found]

    def raw_text(self, article_id: str) -> str | None:
        """The text of an article as it was read, before cleaning."""
        with self._lock:
            row = self._db.execute("SELECT raw FROM articles WHERE id=?",
                                   (article_id,)).fetchone()
        return row[0] if row else None

    def article_hash(self, article_id: str) -> str | None:
        """The content hash an article was stored with, or None if it is not stored."""
        with self._lock:
            row = self._db.execute("SELECT hash FROM articles WHERE id=?",
                                   (article_id,)).fetchone()
        return row[0] if row else None

    def story_of(self, article_id: str) -> str | None:
        """The story an article is in (None when it is in none)."""
        with self._lock:
            row = self._db.execute("SELECT story FROM articles WHERE id=?",
                                   (article_id,)).fetchone()
        return row[0] if row else None

    def count_articles(self) -> int:
        """How many articles the store holds."""
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def put_features(self, article_id: str, features: bytes) -> None:
        """Keep the clusterer's features of an article (to rebuild its state later)."""
        with self.transaction():
            self._db.execute("UPDATE articles SET features=? WHERE id=?",
                             (features, article_id))

    def recent_features(self, articles: int, days: int
                        ) -> Iterator[tuple[str, bytes, str | None, str | None]]:
        """(id, features, copy_of, published) of the last `articles` stored and of those
        published within `days` of the latest date, in the order they were stored: what
        a copy finder of that window holds, read without the rest of the corpus."""
        import datetime as dt

        with self._lock:
            last_row, latest = self._db.execute(
                "SELECT max(rowid), max(published) FROM articles").fetchone()
        try:
            since = (dt.date.fromisoformat(latest[:10]) - dt.timedelta(days=days)).isoformat()
        except (TypeError, ValueError):
            since = "9999"  # no readable date: the last articles only
        with self._lock:
            cursor = self._db.cursor().execute(
                "SELECT id, features, copy_of, published FROM articles WHERE features IS NOT "
                "NULL AND (rowid > ? OR published >= ?) ORDER BY rowid",
                ((last_row or 0) - articles, since))
        yield from cursor

    def set_copy_of(self, article_id: str, original: str | None) -> None:
        """Mark `article_id` as a copy of `original` (None: an original)."""
        with self.transaction():
            self._db.execute("UPDATE articles SET copy_of=? WHERE id=?", (original, article_id))

    # Stories.

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

    def put_story(self, story_id: str, state: bytes, headline: str | None,
                  first: str | None, last: str | None) -> None:
        """Create or update a story's row (its digest becomes stale)."""
        with self.transaction():
            self._db.execute(
                "INSERT INTO stories (id, headline, first_date, last_date, version, state, stale)"
                " VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT(id) DO UPDATE SET headline=excluded."
                "headline, first_date=excluded.first_date, last_date=excluded.last_date, "
                "version=excluded.version, state=excluded.state, stale=1",
                (story_id, headline, first, last, self._tick(), state))

    def add_to_story(self, article_id: str, story_id: str) -> None:
        """Make `article_id` a member of `story_id` (leaving the story it was in)."""
        with self.transaction():
            old = self._db.execute("SELECT story FROM articles WHERE id=?",
                                   (article_id,)).fetchone()
            self._db.execute("UPDATE articles SET story=? WHERE id=?", (story_id, article_id))
            for story in {story_id, old[0] if old else None} - {None}:
                self._touch(story)

    def merge_stories(self, keep: str, gone: str) -> None:
        """Move every article of story `gone` into `keep`; `gone` redirects to `keep`."""
        with self.transaction():
            self._db.execute("UPDATE articles SET story=? WHERE story=?", (keep, gone))
            self._db.execute("UPDATE stories SET merged_into=? WHERE merged_into=?", (keep, gone))
            self._db.execute("UPDATE stories SET merged_into=?, state=NULL, digest=NULL, "
                             "version=? WHERE id=?", (keep, self._tick(), gone))
            self._touch(keep)

    def resolve(self, story_id: str) -> str | None:
        """The id a story now goes by (a merged story's redirect), or None if unknown."""
        with self._lock:
            for _ in range(100):  # redirects are flattened on merge: one hop in practice
                row = self._db.execute("SELECT merged_into FROM stories WHERE id=?",
                                       (story_id,)).fetchone()
                if row is None:
                    return None
                if row[0] is None:
                    return story_id
                story_id = row[0]
        return story_id

    def story_states(self, since_version: int = 0) -> list[tuple[str, bytes | None]]:
        """(id, clustering state) of the stories changed after clock `since_version`; a
        merged story's state is None."""
        with self._lock:
            return self._db.execute(
                "SELECT id, state FROM stories WHERE version > ? ORDER BY version",
                (since_version,)).fetchall()

    def story_state(self, story_id: str) -> bytes | None:
        """The clustering state of one story (None when unknown or merged away)."""
        with self._lock:
            row = self._db.execute("SELECT state FROM stories WHERE id=?",
                                   (story_id,)).fetchone()
        return row[0] if row else None

    def story(self, story_id: str) -> Story | None:
        """A story (following redirects), or None."""
        resolved = self.resolve(story_id)
        found = self.stories(ids=[resolved]) if resolved else []
        return found[0] if found else None

    def stories(self, since: str | None = None, ids: list[str] | None = None) -> list[Story]:
        """The live stories (not merged away), latest first; `since` (ISO date) keeps those
        with an article on or after it."""
        query = ("SELECT s.id, s.headline, s.first_date, s.last_date, s.disagree, s.stale, "
                 "a.id, a.source, a.published FROM stories s JOIN articles a ON a.story = s.id "
                 "WHERE s.merged_into IS NULL")
        params: list = []
        if since:
            query += " AND s.last_date >= ?"
            params.append(since)
        if ids is not None:
            query += f" AND s.id IN ({', '.join('?' * len(ids))})"
            params += ids
        found: dict[str, Story] = {}
        with self._lock:
            rows = self._db.execute(query + " ORDER BY a.published, a.id", params).fetchall()
        for sid, headline, first, last, disagree, stale, aid, source, _ in rows:
            story = found.setdefault(sid, Story(
                sid, headline, first=first, last=last, stale=bool(stale),
                disagree=None if disagree is None else bool(disagree)))
            story.articles.append(aid)
            if source and source not in story.outlets:
                story.outlets.append(source)
        return sorted(found.values(), key=lambda s: (s.last or "", s.id), reverse=True)

    def put_story_digest(self, story_id: str, digest: dict, members: list[str]) -> bool:
        """Store a story's digest (its JSON contract) made from `members`; refused (False)
        when the story's articles changed meanwhile, so a stale digest never looks fresh."""
        disagree = bool(digest.get("disagreements"))
        with self.transaction():
            current = [a for (a,) in self._db.execute(
                "SELECT id FROM articles WHERE story=? ORDER BY id", (story_id,))]
            if current != sorted(members):
                return False
            self._db.execute("UPDATE stories SET digest=?, disagree=?, stale=0 WHERE id=?",
                             (json.dumps(digest), int(disagree), story_id))
        return True

    def story_digest(self, story_id: str) -> dict | None:
        """A story's digest if it is fresh (none of its articles changed since), or None."""
        with self._lock:
            row = self._db.execute("SELECT digest, stale FROM stories WHERE id=?",
                                   (story_id,)).fetchone()
        return json.loads(row[0]) if row and row[0] and not row[1] else None

    def integrity(self) -> str:
        """SQLite's `PRAGMA integrity_check` answer ("ok" when sound)."""
        with self._lock:
            return self._db.execute("PRAGMA integrity_check").fetchone()[0]

    def close(self) -> None:
        """Close the connection."""
        self._db.close()
