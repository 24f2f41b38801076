"""The corpus's stories in the store: their rows and clustering states, membership,
merges (a merged story redirects) and their digests, fresh or stale, each with the stamp
of the code that made it."""
from __future__ import annotations

import json

from storyweave.records import Story
from storyweave.store.core import Connection


class Stories(Connection):
    """The stories: created, joined, merged and resolved (following a merge's redirect),
    listed, and their digests kept while their articles and the code that made them are
    unchanged."""

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
        return self._value("SELECT state FROM stories WHERE id=?", story_id)

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

    def put_story_digest(self, story_id: str, digest: dict, members: list[str],
                         code: str) -> bool:
        """Store a story's digest (its JSON contract) made from `members` by the code of
        stamp `code`; refused (False) when the story's articles changed meanwhile, so a
        stale digest never looks fresh."""
        disagree = bool(digest.get("disagreements"))
        with self.transaction():
            current = [a for (a,) in self._db.execute(
                "SELECT id FROM articles WHERE story=? ORDER BY id", (story_id,))]
            if current != sorted(members):
                return False
            self._db.execute(
                "UPDATE stories SET digest=?, disagree=?, digest_code=?, stale=0 WHERE id=?",
                (json.dumps(digest), int(disagree), code, story_id))
        return True

    def story_digest(self, story_id: str, code: str) -> dict | None:
        """A story's digest if it is fresh (none of its articles changed since) and made by
        the code of stamp `code` (other code may analyse otherwise, or lack fields), or
        None."""
        found = self._value("SELECT digest FROM stories WHERE id=? AND NOT stale "
                            "AND digest_code=?", story_id, code)
        return json.loads(found) if found else None
