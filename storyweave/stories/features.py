"""What story clustering reads of an article: its date, an embedding of its title and lead,
the weighted words of its text, and the MinHash that finds copies.

No parse: the full spaCy parse costs about 0.09 s an article, ten times the budget of an
ingest at 100 articles a second. The encoder reads only the title and lead (where news
states its event), the word weights are a regular expression and a dictionary.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
import struct
import zlib
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from storyweave.nlp.tokens import STOP_WORDS, words
from storyweave.records import Article
from storyweave.stories.dedup import NUM_PERM, signature_of_words

# Characters of the body read as the lead, after the title: two or three news sentences,
# where the event is stated; more dilutes the embedding with background.
LEAD_CHARS = 600
SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s")
# Word buckets of the hashed term vectors: at 2^20 two words of a vocabulary of 100,000
# share a bucket rarely enough (about 5%) not to matter to a cosine.
BUCKETS = 1 << 20
DIMENSIONS = 384  # all-MiniLM-L6-v2's


def lead(article: Article) -> str:
    """Title and the opening of the body, cut at a sentence end."""
    body = " ".join(article.text.split())
    cut = body[:LEAD_CHARS]
    if len(body) > LEAD_CHARS:
        ends = [m.end() for m in SENTENCE_END.finditer(cut)]
        cut = cut[:ends[-1]] if ends else cut
    return f"{article.title}. {cut}".strip() if article.title else cut.strip()


def day(published: str | None) -> int | None:
    """The proleptic ordinal of an ISO date (None when undated or unreadable)."""
    try:
        return dt.date.fromisoformat(published[:10]).toordinal() if published else None
    except ValueError:
        return None


def term_counts(tokens: list[str]) -> dict[int, int]:
    """Content words of a text's `words` (stop words and numbers out), hashed to buckets,
    counted."""
    counts = Counter(zlib.crc32(w.encode("utf-8")) % BUCKETS for w in tokens
                     if len(w) > 2 and w not in STOP_WORDS and not w[0].isdigit())
    return dict(counts)


@dataclass
class Features:
    """An article as the clusterer and the copy finder see it."""

    day: int | None
    vector: np.ndarray  # unit embedding of title + lead (float32)
    terms: dict[int, int] = field(default_factory=dict)  # bucket -> count, whole text
    minhash: np.ndarray = field(default_factory=lambda: np.zeros(NUM_PERM, np.uint64))

    def to_bytes(self) -> bytes:
        """Serialised for the store: a JSON head, then the two arrays."""
        head = json.dumps({"day": self.day, "terms": self.terms}).encode("utf-8")
        return (struct.pack("<I", len(head)) + head + self.vector.astype(np.float32).tobytes()
                + self.minhash.astype(np.uint64).tobytes())

    @staticmethod
    def minhash_of(data: bytes) -> np.ndarray:
        """The MinHash alone of serialised features (the copy finder's input), read
        without decoding the rest."""
        return np.frombuffer(data[len(data) - NUM_PERM * 8:], np.uint64)

    @classmethod
    def from_bytes(cls, data: bytes) -> Features:
        """The inverse of `to_bytes`."""
        (size,) = struct.unpack_from("<I", data)
        head = json.loads(data[4:4 + size])
        vector_end = 4 + size + DIMENSIONS * 4
        return cls(head["day"], np.frombuffer(data[4 + size:vector_end], np.float32),
                   {int(k): v for k, v in head["terms"].items()},
                   np.frombuffer(data[vector_end:], np.uint64))


def extract(articles: list[Article], encoder) -> list[Features]:
    """The features of cleaned articles (the leads embedded in one batch)."""
    vectors = encoder.encode([lead(a) for a in articles]) if articles else []
    found = []
    for article, vector in zip(articles, vectors):
        tokens = words(article.text)  # split once for both
        found.append(Features(day(article.published), np.asarray(vector, np.float32),
                              term_counts(tokens), signature_of_words(tokens)))
    return found


def tfidf(terms: dict[int, int], df: dict[int, int], seen: int) -> dict[int, float]:
    """Unit TF-IDF weights of counted terms given document frequencies over `seen` articles
    (sublinear term frequency, smoothed inverse document frequency)."""
    weights = {t: (1 + math.log(c)) * math.log((seen + 1) / (df.get(t, 0) + 1))
               for t, c in terms.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items() if w > 0}
