"""Where a server's stories come from, behind one small interface (`StorySource`).

`FolderSource` serves the folders given on the command line, each PATH one story, digested
once at start-up (read-only); `StoreSource` serves the corpus store, digesting a story when
it is first asked for and again only after its articles change, and ingests. Pages and API
read only through this interface, and story ids are the only thing a request names: no
request ever carries a path.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Protocol

from storyweave.errors import E_READ_ONLY, InputError
from storyweave.ingest import read_paths
from storyweave.ingest.files import unexpected
from storyweave.records import Article, Digest, Problem, Story
from storyweave.render import headline
from storyweave.render.markdown import outlet
from storyweave.service.engine import Digester

NOT_SLUG = re.compile(r"[^a-z0-9]+")


class StorySource(Protocol):
    """Stories a server shows: list or search them, give one's digest (the JSON contract),
    resolve an id a merge retired, ingest articles (InputError when it cannot)."""

    def stories(self) -> list[Story]: ...

    def search(self, words: str = "", since: dt.date | None = None,
               until: dt.date | None = None) -> list[Story]: ...

    def resolve(self, story_id: str) -> str | None: ...

    def digest(self, story_id: str) -> dict | None: ...

    def ingest(self, articles: list[Article], problems: list[Problem]) -> dict: ...


def search(stories: list[Story], texts: dict[str, str], words: str = "",
           since: dt.date | None = None, until: dt.date | None = None) -> list[Story]:
    """The stories whose text (`texts`, lower case, by id) holds every word of `words` and
    whose dates meet the range [since, until] (an undated story only when no range is set)."""
    wanted = words.lower().split()
    found = []
    for story in stories:
        if any(w not in texts.get(story.id, "") for w in wanted):
            continue
        if since or until:
            if not story.first:
                continue
            if since and dt.date.fromisoformat(story.last[:10]) < since:
                continue
            if until and dt.date.fromisoformat(story.first[:10]) > until:
                continue
        found.append(story)
    return found


def story_of(story_id: str, digest: dict) -> tuple[Story, str]:
    """The story a digest tells, and the lower-cased text a search looks in (headline,
    outlets, titles, summary, names)."""
    record = Digest.from_json(digest)
    dates = sorted(a.published[:10] for a in record.articles if a.published)
    outlets = list(dict.fromkeys(outlet(a) for a in record.articles))
    story = Story(story_id, headline(record), [a.id for a in record.articles], outlets,
                  dates[0] if dates else None, dates[-1] if dates else None,
                  bool(record.disagreements), stale=False)
    searched = [story.headline, *outlets, *(a.title or "" for a in record.articles),
                *(s.text for s in record.summary), *(e.text for e in record.entities)]
    return story, " ".join(searched).lower()


def slug(path: str) -> str:
    """A readable story id from a path's name."""
    name = Path(path).resolve().name.lower()
    return NOT_SLUG.sub("-", Path(name).stem if "." in name else name).strip("-") or "story"


class FolderSource:
    """Each PATH given is one story, digested when the source is made (read-only)."""

    def __init__(self, paths: list[str], digester: Digester, words: int):
        self.problems: list[Problem] = []
        self._digests: dict[str, dict] = {}
        self._stories: list[Story] = []
        self._texts: dict[str, str] = {}
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
            story, self._texts[story_id] = story_of(story_id, self._digests[story_id])
            self._stories.append(story)

    def stories(self) -> list[Story]:
        """Every story, in the order of the paths given."""
        return list(self._stories)

    def search(self, words: str = "", since: dt.date | None = None,
               until: dt.date | None = None) -> list[Story]:
        """The stories that match (see `search`)."""
        return search(self._stories, self._texts, words, since, until)

    def resolve(self, story_id: str) -> str | None:
        """`story_id` if it is a story here (folder stories never merge), else None."""
        return story_id if story_id in self._digests else None

    def digest(self, story_id: str) -> dict | None:
        """The digest of a story, or None for an unknown id."""
        return self._digests.get(story_id)

    def ingest(self, articles: list[Article], problems: list[Problem]) -> dict:
        """Folders are read-only: a server over folders ingests nothing."""
        raise InputError(E_READ_ONLY)


class StoreSource:
    """The stories of the corpus store: a story is digested when first asked for, and the
    digest kept until one of its articles changes; articles sent are ingested into stories
    (the corpus mode's `digest_story` and `ingest_articles`, through the `Digester`, whose
    store is the corpus store)."""

    def __init__(self, digester: Digester, words: int):
        self.store, self.digester, self.words = digester.store, digester, words

    def stories(self) -> list[Story]:
        """The live stories, latest first."""
        return self.store.stories()

    def search(self, words: str = "", since: dt.date | None = None,
               until: dt.date | None = None) -> list[Story]:
        """The stories that match by headline and outlets, and by dates (see `search`)."""
        stories = self.store.stories()
        texts = {s.id: " ".join([s.headline or "", *s.outlets]).lower() for s in stories}
        return search(stories, texts, words, since, until)

    def resolve(self, story_id: str) -> str | None:
        """The id a story now goes by (a merged story's redirect), or None."""
        return self.store.resolve(story_id)

    def digest(self, story_id: str) -> dict | None:
        """A story's digest (made now if none is fresh), or None for an unknown id."""
        if self.store.resolve(story_id) is None:
            return None
        return self.digester.digest_story(story_id, self.words).to_json()

    def warm(self) -> list[Problem]:
        """Digest every story that has no fresh digest, latest first, so an editor opening
        it waits for none (a server runs this in the background; a request waits at most
        for the one digest under way). A story that cannot be digested is a problem."""
        problems = []
        for story in self.store.stories():
            if story.stale:
                try:
                    self.digest(story.id)
                except Exception as err:  # one story's failure must not stop the rest
                    problems.append(Problem(story.id, unexpected(err)))
        return problems

    def ingest(self, articles: list[Article], problems: list[Problem]) -> dict:
        """Store the articles in stories; `problems` (met reading them) join the answer's."""
        done = self.digester.ingest(articles)
        return {**done, "problems": [str(p) for p in problems] + done["problems"]}
