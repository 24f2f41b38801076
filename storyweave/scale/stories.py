"""The reduce step: one online pass over every article's features, in publication order,
that marks syndicated copies and assigns each article to a story.

`OnlineStories` is the clusterer the scale paths share (verbs `add`, `stories`). An article
that copies an earlier one (MinHash Jaccard of word shingles) joins that article's story
as a copy; any other joins the story of the most similar recent lead (TF-IDF cosine of
title-and-lead stems against the story's centroid, IDF counted over the articles seen so
far), or opens a story. Stories silent for `WINDOW_DAYS` leave the index, so the cost per
article stays flat as the corpus grows; so do articles' signatures, a copy running within
days of its original. Undated articles come last and are compared with every story and
signature still in the index.
"""
from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import Counter

import numpy as np

from storyweave.scale.stages import MINHASH_SCHEME, MINHASH_SEED, NUM_PERM

# Estimated Jaccard of the word-shingle sets from which an article is a copy: a wire story
# with a new headline or a few words changed stays far above, two outlets' own reports of
# one event far below (BASIL's three outlets per event: under 0.1).
COPY_JACCARD = 0.5
# Cosine of an article's lead to a story's centroid from which it joins the story. Set on
# BASIL (100 events, three outlets each) and the demo corpus: lower merged unrelated
# political stories that share names, higher split outlets' differently worded leads.
JOIN_COSINE = 0.3
# Days a story stays open to new articles after its latest one: news events are covered
# within days; longer-running topics come back as new stories.
WINDOW_DAYS = 7
# The rarest stems of a lead that look up candidate stories: common words would make
# every story a candidate.
LOOKUP_STEMS = 12


class OnlineStories:
    """Copies and stories of articles added in publication order."""

    def __init__(self):
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=COPY_JACCARD, num_perm=NUM_PERM)
        self._signatures: dict[str, np.ndarray] = {}
        self._position: dict[str, int] = {}
        self._story_of: dict[str, str] = {}
        self._copy_of: dict[str, str] = {}
        self._df: Counter = Counter()
        self._seen = 0
        self._centroid: dict[str, Counter] = {}
        self._last: dict[str, dt.date | None] = {}
        self._index: dict[str, set[str]] = {}  # stem -> open stories whose centroid has it
        self._expiry: list[tuple[dt.date, str]] = []  # (a latest date, story), a heap
        self._dated: list[tuple[dt.date, str]] = []  # (date, article) of indexed signatures
        self.members: dict[str, list[str]] = {}

    def add(self, article_id: str, published: str | None, stems: list[str],
            signature: list[int]) -> tuple[str, str | None]:
        """(story id, id of the article it copies or None) of the next article."""
        day = _date(published)
        self._close(day)
        minhash = np.asarray(signature, dtype=np.uint32)
        original = self._original(minhash)
        tf = Counter(stems)
        self._seen += 1
        self._df.update(tf.keys())
        vector = self._weigh(tf)
        if original:
            story = self._story_of[original]
        else:
            story = self._closest(vector) or f"story-{article_id}"
        self._join(story, article_id, vector, day)
        from datasketch import MinHash

        self._signatures[article_id] = minhash
        self._position[article_id] = len(self._position)
        self._lsh.insert(article_id, MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED,
                                             scheme=MINHASH_SCHEME, hashvalues=minhash))
        if day is not None:
            heapq.heappush(self._dated, (day, article_id))
        if original:
            self._copy_of[article_id] = original
        return story, original

    def copies(self) -> dict[str, str]:
        """Each syndicated copy's id and the id of the original it copies."""
        return dict(self._copy_of)

    def _original(self, minhash: np.ndarray) -> str | None:
        """The earliest-added article this signature copies (the most similar first)."""
        from datasketch import MinHash

        query = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME,
                        hashvalues=minhash)
        scored = [(float(np.mean(self._signatures[k] == minhash)), k)
                  for k in self._lsh.query(query)]
        scored = [(s, k) for s, k in scored if s >= COPY_JACCARD]
        if not scored:
            return None
        best = max(scored, key=lambda x: (x[0], -self._position[x[1]]))[1]
        return self._copy_of.get(best, best)

    def _weigh(self, tf: Counter) -> dict[str, float]:
        """TF-IDF of a lead, unit length, with document frequencies of the articles so far."""
        weights = {s: n * math.log(1 + self._seen / self._df[s]) for s, n in tf.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {s: w / norm for s, w in weights.items()}

    def _closest(self, vector: dict[str, float]) -> str | None:
        """The open story whose centroid is most similar, if similar enough."""
        rare = sorted(vector, key=lambda s: (-vector[s], s))[:LOOKUP_STEMS]
        candidates = set().union(*(self._index.get(s, ()) for s in rare))
        best, best_score = None, JOIN_COSINE
        for story in sorted(candidates):
            centroid = self._centroid[story]
            norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
            score = sum(w * centroid.get(s, 0.0) for s, w in vector.items()) / norm
            if score >= best_score and (best is None or score > best_score):
                best, best_score = story, score
        return best

    def _join(self, story: str, article_id: str, vector: dict, day: dt.date | None) -> None:
        centroid = self._centroid.setdefault(story, Counter())
        centroid.update(vector)
        for stem in vector:
            self._index.setdefault(stem, set()).add(story)
        if day is not None:
            last = self._last.get(story)
            self._last[story] = day if last is None else max(last, day)
            heapq.heappush(self._expiry, (self._last[story], story))
        else:
            self._last.setdefault(story, None)
        self._story_of[article_id] = story
        self.members.setdefault(story, []).append(article_id)

    def _close(self, day: dt.date | None) -> None:
        """Drop stories whose latest article is more than `WINDOW_DAYS` before `day`, and
        the signatures of articles as old: a copy runs within days of its original."""
        if day is None:
            return
        while self._dated and (day - self._dated[0][0]).days > WINDOW_DAYS:
            _, article_id = heapq.heappop(self._dated)
            self._lsh.remove(article_id)
            del self._signatures[article_id]
        while self._expiry and (day - self._expiry[0][0]).days > WINDOW_DAYS:
            last, story = heapq.heappop(self._expiry)
            if self._last.get(story) != last:
                continue  # the story has a later article: a later entry stands for it
            for stem in self._centroid.pop(story):
                holders = self._index.get(stem)
                if holders is not None:
                    holders.discard(story)
                    if not holders:
                        del self._index[stem]
            del self._last[story]


def _date(published: str | None) -> dt.date | None:
    """The day of an ISO date or datetime, None when missing or unreadable."""
    try:
        return dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None
