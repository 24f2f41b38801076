"""Syndicated copies: wire stories run by several outlets and their light rewrites.

Each article's word 3-shingles are summarised by a MinHash; an LSH index finds earlier
articles whose shingle sets overlap at all, in time independent of the corpus size, and an
article copies one that holds most of its own shingles (`covered`: a wire story a site cuts
to its first paragraphs is a copy; the longer version that follows a brief is not). The
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
# Estimated share of a new article's shingles that an earlier one holds, from which the new
# one is that article's copy: it adds (almost) nothing of its own. A site's cut of a dispatch
# is a copy (Jaccard misses it); an agency's later, longer version of its own brief is not,
# since a copy is never analysed and its new paragraphs would vanish from the digest (the
# shared shingles over the smaller article, "containment", marked 15 such expansions among
# the 96 judged pairs it flags at 0.7, and 19 of the 84 copies of the DUC 2004 + TAC 2010
# stream were over 30% longer than their original). Chosen on 329 pairs of articles judged
# by reading (bench/copy_verdicts.json: DUC 2004, TAC 2010, BASIL, Multi-News, the seeds)
# by cross-validation across data sets, the threshold with the best F0.25 (precision first:
# a false copy silences an outlet): 0.7 on all families, 0.55 to 0.7 on the held-out folds.
# On all pairs: precision 1.00, recall 0.53 of "copy or rewrite" (the estimated Jaccard >= 0.5
# before: the same), 0.66 of those that are no expansion. bench/copies.py, RESULTS.md.
COPY_SHARE = 0.7
# Jaccard at which the LSH index is queried for candidates, which are then scored by
# `covered`: low enough that a copy cut to a quarter of its original (share 0.7, Jaccard
# 0.7 * 0.25 / (1.25 - 0.7 * 0.25) = 0.16) is a candidate.
LSH_JACCARD = 0.15
# The MinHash hash functions are fixed by this seed: stored signatures stay comparable.
SEED = 1
SCHEME = "affine32"
MAX_HASH = float((1 << 32) - 1)  # the largest hash value of SCHEME
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

    def __init__(self, threshold: float = COPY_SHARE, candidates: float = LSH_JACCARD):
        """`threshold`: the `score` from which an article is a copy; `candidates`: the
        Jaccard at which the LSH index is queried."""
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=candidates, num_perm=NUM_PERM)
        self._signatures: dict[str, np.ndarray] = {}
        self._sizes: dict[str, float] = {}  # estimated shingle counts
        self._days: dict[str, int | None] = {}
        self._original: dict[str, str] = {}
        self._added: deque[tuple[int, int | None, str]] = deque()  # (count, day, id)
        self._entries: dict[str, int] = {}  # entries of an id in `_added`
        self._count = 0
        self._today: int | None = None  # the latest publication day indexed

    def find(self, minhash: np.ndarray, day: int | None = None) -> str | None:
        """The original (never itself a copy) an article with this signature, published on
        `day`, copies, or None; of several candidates the best `score`, then the first
        added. A dated article copies none dated more than COPY_WINDOW_DAYS away from it
        (a rerun years later is news again, or a feed's replay)."""
        query, size = _minhash(minhash), cardinality(minhash)
        best, best_score = None, self.threshold
        for key in sorted(self._lsh.query(query)):
            other = self._days[key]
            if day is not None and other is not None and abs(day - other) > COPY_WINDOW_DAYS:
                continue
            score = self.score(key, minhash, size)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = key, score
        return self._original.get(best, best) if best else None

    def score(self, key: str, minhash: np.ndarray, size: float) -> float:
        """How far an article with this signature and shingle count copies the indexed
        article `key`: the estimated share of its shingles `key` holds (`covered`)."""
        return covered(self._signatures[key], self._sizes[key], minhash, size)

    def add(self, article_id: str, minhash: np.ndarray, copy_of: str | None = None,
            day: int | None = None) -> None:
        """Index an article published on `day` (a proleptic ordinal, None when undated; a
        copy is indexed too: a later copy may match it better), and drop the articles
        that fell out of the window."""
        if article_id in self._signatures:
            self._lsh.remove(article_id)
        self._signatures[article_id] = minhash
        self._sizes[article_id] = cardinality(minhash)
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
            del self._sizes[article_id]
            del self._days[article_id]
            self._original.pop(article_id, None)


def cardinality(minhash: np.ndarray) -> float:
    """The number of distinct shingles a signature summarises, estimated from its minima
    (datasketch's `MinHash.count`: about 9% error at 128 permutations)."""
    return NUM_PERM / float(np.sum(minhash / MAX_HASH)) - 1.0


def shared(a: np.ndarray, size_a: float, b: np.ndarray, size_b: float) -> float:
    """The estimated number of shingles two articles share: the MinHash's Jaccard J turned
    into the intersection J (|A| + |B|) / (1 + J)."""
    jaccard = float(np.mean(a == b))
    return jaccard * (size_a + size_b) / (1.0 + jaccard)


def covered(earlier: np.ndarray, size_earlier: float, later: np.ndarray,
            size_later: float) -> float:
    """The estimated share of the later article's shingles the earlier one holds: how
    little the later one adds of its own."""
    return min(shared(earlier, size_earlier, later, size_later) / max(size_later, 1.0), 1.0)


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
