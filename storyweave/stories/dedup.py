"""Syndicated copies: wire stories run by several outlets and their light rewrites.

Each article's word 3-shingles are summarised by a MinHash; an LSH index finds earlier
articles whose shingle sets overlap enough, in time independent of the corpus size. The
index holds the articles of a window of time only, so its memory is flat in the corpus
size. A copy keeps its place in its story but never counts as independent support.
"""
from __future__ import annotations

from collections import deque
from functools import lru_cache

import numpy as np

from storyweave.nlp.tokens import words

# Words per shingle: 3-word shingles survive a rewrite that changes a word in every
# sentence or so; single words would match any two articles on one topic.
SHINGLE = 3
# Permutations of the MinHash: the Jaccard estimate's standard error is about
# 1/sqrt(128) = 0.09 at worst, small beside the gap between copies and other articles.
NUM_PERM = 128
# Estimated Jaccard of the shingle sets from which an article is a copy: the middle of the
# gap between a wire story rerun with a new headline, a cut last paragraph or a few words
# changed (well above 0.5: tests/test_corpus.py) and two outlets' own reports of one event,
# which share few 3-word runs. Not calibrated on labelled copies (no dev set has them); on
# the DUC+TAC stream it marks AP's re-sent versions of one dispatch.
COPY_JACCARD = 0.5
# The MinHash hash functions are fixed by this seed: stored signatures stay comparable.
SEED = 1
SCHEME = "affine32"
# Days an article stays in the index after the latest publication date seen: wire copies
# and rewrites run within a day or two of the original; a week also keeps a weekend's
# late reruns. At 1M articles a day that is 7M signatures of 1 KB: the bound is the
# feed's rate times this window, not the corpus.
COPY_WINDOW_DAYS = 7
# An article also stays while it is among the last COPY_LIVE_ARTICLES indexed, whatever
# its date: an undated article, or one ingested out of order, can still be copied.
# Like the clusterer's LIVE_ARTICLES (stories/cluster.py): 2,000 signatures are 2 MB.
COPY_LIVE_ARTICLES = 2000


def signature(text: str) -> np.ndarray:
    """The MinHash (NUM_PERM unsigned 64-bit values) of a text's word shingles."""
    return signature_of_words(words(text))


def signature_of_words(tokens: list[str]) -> np.ndarray:
    """`signature` of a text already split into `words`."""
    from datasketch import MinHash

    shingles = {" ".join(tokens[i:i + SHINGLE]).encode("utf-8")
                for i in range(max(len(tokens) - SHINGLE + 1, 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch(shingles)
    return minhash.hashvalues.astype(np.uint64)


class CopyFinder:
    """Finds, for each new article, the earlier original it copies (verbs `add`, `find`);
    holds the articles of the last COPY_WINDOW_DAYS and the last COPY_LIVE_ARTICLES."""

    def __init__(self, threshold: float = COPY_JACCARD):
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, np.ndarray] = {}
        self._days: dict[str, int | None] = {}
        self._original: dict[str, str] = {}
        self._added: deque[tuple[int, int | None, str]] = deque()  # (count, day, id)
        self._entries: dict[str, int] = {}  # entries of an id in `_added`
        self._count = 0
        self._today: int | None = None  # the latest publication day indexed

    def find(self, minhash: np.ndarray, day: int | None = None) -> str | None:
        """The original (never itself a copy) an article with this signature, published on
        `day`, copies, or None; of several candidates the most similar, then the first
        added. A dated article copies none dated more than COPY_WINDOW_DAYS away from it
        (a rerun years later is news again, or a feed's replay)."""
        query = _minhash(minhash)
        best, best_score = None, self.threshold
        for key in sorted(self._lsh.query(query)):
            other = self._days[key]
            if day is not None and other is not None and abs(day - other) > COPY_WINDOW_DAYS:
                continue
            score = float(np.mean(self._signatures[key] == minhash))
            if score >= best_score and (best is None or score > best_score):
                best, best_score = key, score
        return self._original.get(best, best) if best else None

    def add(self, article_id: str, minhash: np.ndarray, copy_of: str | None = None,
            day: int | None = None) -> None:
        """Index an article published on `day` (a proleptic ordinal, None when undated; a
        copy is indexed too: a later copy may match it better), and drop the articles
        that fell out of the window."""
        if article_id in self._signatures:
            self._lsh.remove(article_id)
        self._signatures[article_id] = minhash
        self._days[article_id] = day
        if copy_of:
            self._original[article_id] = copy_of
        self._lsh.insert(article_id, _minhash(minhash))
        self._count += 1
        self._added.append((self._count, day, article_id))
        self._entries[article_id] = self._entries.get(article_id, 0) + 1
        if day is not None and (self._today is None or day > self._today):
            self._today = day
        self._retire()

    def __len__(self) -> int:
        return len(self._signatures)

    def _retire(self) -> None:
        """Drop the oldest articles that are past both bounds (in the order indexed: an
        article re-indexed later keeps its place until its newer entry retires)."""
        while self._added:
            count, day, article_id = self._added[0]
            if self._count - count <= COPY_LIVE_ARTICLES or (
                    day is not None and self._today is not None
                    and self._today - day <= COPY_WINDOW_DAYS):
                return
            self._added.popleft()
            self._entries[article_id] -= 1
            if self._entries[article_id]:
                continue  # indexed again since: its newer entry decides
            del self._entries[article_id]
            self._lsh.remove(article_id)
            del self._signatures[article_id]
            del self._days[article_id]
            self._original.pop(article_id, None)


def _minhash(values: np.ndarray):
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=values, scheme=SCHEME,
                   permutations=_permutations())


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    """The hash functions of SEED, made once: datasketch draws them again for every MinHash
    it makes (0.17 ms, a third of an article's MinHash work)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
