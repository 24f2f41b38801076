"""The digest engine of a server: models loaded once, digests made one at a time."""
from __future__ import annotations

import threading

from storyweave.nlp.embed import Encoder, default_encoder
from storyweave.pipeline import DEFAULT_WORDS, digest_articles
from storyweave.records import Article, Digest, Problem
from storyweave.store import Store

# A short text that goes through every model a digest may use, so the first request does
# not pay for loading them.
WARM_UP = ["The ferry ran aground on Saturday, the harbour office said.",
           "Rescue crews reached the ship within the hour."]


class Digester:
    """Digests articles with a process-wide parser and encoder (verbs `warm`, `digest`,
    and for the corpus store `digest_story`, `ingest`).

    One digest or ingest runs at a time: the stages share models and caches written for
    one caller, and on a two-core machine a second digest in parallel would only halve the
    speed of the first."""

    def __init__(self, store: Store, encoder: Encoder | None = None, embeddings: bool = True):
        self.store = store
        self.encoder = (encoder or default_encoder()) if embeddings else None
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Load spaCy and, when used, MiniLM now rather than on the first request."""
        from storyweave.nlp.parse import load_parser

        load_parser()
        if self.encoder is not None:
            self.encoder.encode(WARM_UP)

    def digest_story(self, story_id: str, words: int = DEFAULT_WORDS) -> Digest:
        """The digest of a story of the store (InputError for an unknown id): the stored
        one while its articles are unchanged, else made now (and stored)."""
        from storyweave.corpus import digest_story

        with self._lock:
            return digest_story(self.store, story_id, self.encoder, words)

    def ingest(self, articles: list[Article]) -> dict:
        """Add raw articles to the store, in stories: what was stored, where, the problems."""
        from storyweave.corpus import ingest_articles

        with self._lock:
            return ingest_articles(self.store, articles, self.encoder)

    def digest(self, articles: list[Article], words: int = DEFAULT_WORDS,
               problems: list[Problem] | None = None) -> Digest:
        """The digest of raw articles about one story (nothing but the NLP cache is kept);
        `problems` met while reading them are carried into it."""
        with self._lock:
            return digest_articles(articles, words=words, store=self.store,
                                   encoder=self.encoder, problems=problems)
