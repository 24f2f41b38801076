"""SQLite storage: the NLP cache and the corpus (articles, stories, membership, digests).

Writes happen in transactions under WAL journaling, so a crash or a bad input mid-batch
never leaves a half-written row or loses what was stored before. The schema carries a
version (`PRAGMA user_version`); opening an older file runs the migrations it lacks, so a
cache made before the corpus tables existed keeps working.

`Store` is one connection (`core`: schema, transactions, the stories' clock) with a part
per concern: the NLP cache (`cache`), the corpus's articles (`articles`), and its stories
with their digests (`stories`).
"""
from __future__ import annotations

from storyweave.store.articles import ARTICLE_FIELDS, Articles, StoredArticle
from storyweave.store.cache import Cache
from storyweave.store.core import BUSY_TIMEOUT, DEFAULT_PATH, MIGRATIONS, SCHEMA_VERSION
from storyweave.store.stories import Stories

__all__ = ["ARTICLE_FIELDS", "BUSY_TIMEOUT", "DEFAULT_PATH", "MIGRATIONS", "SCHEMA_VERSION",
           "Store", "StoredArticle"]


class Store(Cache, Articles, Stories):
    """A SQLite file (or `:memory:`): the NLP cache (`get`, `put`) and the corpus:
    articles, stories and their digests."""
