"""Where a server's stories come from, behind one small interface (`StorySource`).

`FolderSource` serves the folders given on the command line, each PATH one story, digested
once at start-up; the store of the corpus mode is the other source. Pages and API read only
through this interface, and story ids are the only thing a request names: no request ever
carries a path.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from storyweave.errors import E_READ_ONLY, InputError
from storyweave.ingest import read_paths
from storyweave.records import Article, Digest, Problem
from storyweave.render import headline
from storyweave.render.markdown import outlet
from storyweave.service.engine import Digester

NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class StoryListing:
    """A story as the stories page and `GET /api/stories` list it."""

    id: str
    headline: str
    articles: int
    outlets: list[str]
    first: str | None  # earliest and latest publication date (ISO), None when undated
    last: str | None
    disagree: bool  # its sources disagree on some fact
    words: str = field(default="", repr=False)  # lower-cased text a search matches

    def to_json(self) -> dict:
        """The listing as the API returns it."""
        return {"id": self.id, "headline": self.headline, "articles": self.articles,
                "outlets": self.outlets, "first": self.first, "last": self.last,
                "disagree": self.disagree}


class StorySource(Protocol):
    """Stories a server shows: list them, give one's digest (JSON contract), ingest."""

    writable: bool

    def stories(self) -> list[StoryListing]: ...

    def digest(self, story_id: str) -> dict | None: ...

    def ingest(self, articles: list[Article]) -> dict: ...


def listing(story_id: str, digest: dict) -> StoryListing:
    """The listing of a story from its digest's JSON."""
    record = Digest.from_json(digest)
    dates = sorted(a.published[:10] for a in record.articles if a.published)
    outlets = list(dict.fromkeys(outlet(a) for a in record.articles))
    title = headline(record)
    searched = [title, *outlets, *(a.title or "" for a in record.articles),
                *(s.text for s in record.summary), *(e.text for e in record.entities)]
    return StoryListing(story_id, title, len(record.articles), outlets,
                        dates[0] if dates else None, dates[-1] if dates else None,
                        bool(record.disagreements), " ".join(searched).lower())


def search(stories: list[StoryListing], words: str = "", since: dt.date | None = None,
           until: dt.date | None = None) -> list[StoryListing]:
    """The stories whose text holds every word of `words` and whose dates meet the range
    [since, until] (an undated story only when no range is asked)."""
    wanted = words.lower().split()
    found = []
    for story in stories:
        if any(w not in story.words for w in wanted):
            continue
        if since or until:
            if not story.first:
                continue
            if since and dt.date.fromisoformat(story.last) < since:
                continue
            if until and dt.date.fromisoformat(story.first) > until:
                continue
        found.append(story)
    return found


def slug(path: str) -> str:
    """A readable story id from a path's name."""
    name = Path(path).resolve().name.lower()
    return NOT_SLUG.sub("-", Path(name).stem if "." in name else name).strip("-") or "story"


class FolderSource:
    """Each PATH given is one story, digested when the source is made (read-only)."""

    writable = False

    def __init__(self, paths: list[str], digester: Digester, words: int):
        self.problems: list[Problem] = []
        self._digests: dict[str, dict] = {}
        self._stories: list[StoryListing] = []
        for path in paths:
            articles, problems = read_paths([path])
            digest = digester.digest(articles, words=words, problems=problems)
            self.problems += digest.problems
            if not digest.articles:
                continue
            story_id, n = slug(path), 2
            while story_id in self._digests:
                story_id, n = f"{slug(path)}-{n}", n + 1
            self._digests[story_id] = digest.to_json()
            self._stories.append(listing(story_id, self._digests[story_id]))

    def stories(self) -> list[StoryListing]:
        """Every story, in the order of the paths given."""
        return list(self._stories)

    def digest(self, story_id: str) -> dict | None:
        """The digest of a story, or None for an unknown id."""
        return self._digests.get(story_id)

    def ingest(self, articles: list[Article]) -> dict:
        """Folders are read-only: a server over folders ingests nothing."""
        raise InputError(E_READ_ONLY)
