"""The local path's prepared articles on disk: a SQLite file written in the order the map
step prepares them and read back in the reduce step's order, then by story. Its sorts run
in SQLite's bounded page cache (spilling to temporary files), so the local path's memory
stays flat in the corpus size.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyweave.scale.stages import ARTICLE_FIELDS, order_text

COLUMNS = ARTICLE_FIELDS + ("features", "story", "copy_of")
# Rows fetched from SQLite at a time when reading back: a few MB of articles.
FETCH = 500


class Spill:
    """Prepared article rows in a SQLite file (verbs `add`, `in_order`, `set_story`,
    `set_copies`, `articles`, `stories`, `close`)."""

    def __init__(self, path: str | Path):
        self._db = sqlite3.connect(str(path), isolation_level=None)
        # A scratch file: a crash loses the run anyway, so no journal and no syncing.
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        types = ", ".join(f"{c} {'BLOB' if c == 'features' else 'TEXT'}" for c in COLUMNS)
        self._db.execute(f"CREATE TABLE rows (ord TEXT, {types})")
        self._db.execute("CREATE INDEX by_order ON rows (ord)")
        self._db.execute("CREATE INDEX by_id ON rows (id)")

    def add(self, rows: list[dict]) -> None:
        """Keep prepared rows (with their `features`)."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                f"INSERT INTO rows VALUES (?, {', '.join('?' for _ in COLUMNS)})",
                [(order_text(r), *(r.get(c) for c in COLUMNS)) for r in rows])

    def in_order(self) -> Iterator[dict]:
        """Every row with its features, in the reduce step's order (`order_key`)."""
        return self._select(ARTICLE_FIELDS + ("features",), "ord")

    def set_copies(self, pairs: Iterable[tuple[str, str | None]]) -> None:
        """Set each (id, original it copies) pair's `copy_of`."""
        self._update("copy_of", ((original, i) for i, original in pairs))

    def set_stories(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Set each (id, story) pair's `story`."""
        self._update("story", ((story, i) for i, story in pairs))

    def articles(self, columns: tuple[str, ...]) -> Iterator[dict]:
        """Every row's `columns`, in the reduce step's order."""
        return self._select(columns, "ord")

    def stories(self, columns: tuple[str, ...]) -> Iterator[tuple[str, list[dict]]]:
        """(story, its rows' `columns` in the reduce step's order), story by story in id
        order; one story in memory at a time."""
        story, members = None, []
        for row in self._select(columns + ("story",), "story, ord"):
            if row["story"] != story and members:
                yield story, members
                members = []
            story = row["story"]
            members.append(row)
        if members:
            yield story, members

    def close(self) -> None:
        """Close the file (its folder's owner deletes it)."""
        self._db.close()

    def _update(self, column: str, values: Iterable[tuple]) -> None:
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(f"UPDATE rows SET {column}=? WHERE id=?", values)

    def _select(self, columns: tuple[str, ...], order: str) -> Iterator[dict]:
        cursor = self._db.execute(f"SELECT {', '.join(columns)} FROM rows ORDER BY {order}")
        while batch := cursor.fetchmany(FETCH):
            yield from (dict(zip(columns, row)) for row in batch)
