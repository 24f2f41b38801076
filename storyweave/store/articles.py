"""The corpus's articles in the store: their text as read and cleaned, content hashes,
the clusterer's features and which article copies which."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from storyweave.records import Article
from storyweave.store.core import Connection

ARTICLE_FIELDS = ("title", "source", "published", "url", "format", "path", "dateline",
                  "byline")


@dataclass
class StoredArticle:
    """What `put_article` did: `status` is "new", "same" or "changed"; `story` is the story
    the article was in before (None when new)."""

    status: str
    story: str | None = None


class Articles(Connection):
    """The articles: `put_article` stores one (new, same or changed), the rest read them
    or keep what the clusterer and the copy finder learned of them."""

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
        return self._value("SELECT raw FROM articles WHERE id=?", article_id)

    def article_hash(self, article_id: str) -> str | None:
        """The content hash an article was stored with, or None if it is not stored."""
        return self._value("SELECT hash FROM articles WHERE id=?", article_id)

    def story_of(self, article_id: str) -> str | None:
        """The story an article is in (None when it is in none)."""
        return self._value("SELECT story FROM articles WHERE id=?", article_id)

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
