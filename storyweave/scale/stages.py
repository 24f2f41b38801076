"""The stage functions the local and the Ray path share: read, prepare, order, reduce,
digest.

Rows are plain dicts (what Ray Data and Parquet carry): an article's fields, its story and
the original it copies once the reduce step has run, and its features until then.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from pathlib import Path

from storyweave.ingest import read_paths
from storyweave.records import Article
from storyweave.stories.cluster import Clusterer
from storyweave.stories.dedup import CopyFinder
from storyweave.stories.features import Features, extract
from storyweave.store import Store

# The fields of an article that the articles table keeps (the JSON contract's own).
ARTICLE_FIELDS = ("id", "title", "source", "published", "url", "text", "dateline", "byline")
# Input files a corpus run reads inside folders: JSONL batches, WARC (also gzipped).
INPUT_SUFFIXES = {".jsonl", ".ndjson", ".warc", ".gz"}
# Fewest articles of a story that get a digest: one article alone is no multi-source story.
MIN_DIGEST_ARTICLES = 2


def input_files(paths: list[str | Path]) -> list[Path]:
    """The files under `paths` in name order (folders walked for `INPUT_SUFFIXES`)."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*")
                            if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
        else:
            files.append(path)
    return files


def prepare_file(path: str | Path, encoder) -> tuple[list[dict], list[str]]:
    """The prepared rows of one input file: its articles read, cleaned as a digest cleans
    them (`pipeline.clean_all`), with their story `features` (`stories.features.extract`,
    serialised: the embedding of title and lead, the word counts, the MinHash); and its
    problems as lines."""
    from storyweave.pipeline import clean_all

    articles, problems = read_paths([path])
    cleaned = clean_all(articles, problems)
    return [{**article_row(a), "features": f.to_bytes()}
            for a, f in zip(cleaned, extract(cleaned, encoder))], [str(p) for p in problems]


def article_row(article: Article) -> dict:
    """An article as a row of the articles table."""
    return {k: getattr(article, k) for k in ARTICLE_FIELDS}


def order_key(row: dict) -> tuple[str, str]:
    """The reduce step's order: publication time, undated articles last, then id."""
    return (row.get("published") or "9999", row["id"])


def reduce_stories(rows: Iterable[dict]) -> dict[str, tuple[str, str | None]]:
    """The reduce step: prepared rows, in `order_key` order, through ingest's story step
    (`corpus.place`: `CopyFinder` and `Clusterer`, over a store in memory); each article's
    (story after every merge, id of the original it copies or None)."""
    from storyweave.corpus import place

    store = Store(":memory:")
    clusterer, copies = Clusterer(store), CopyFinder()
    copy_of: dict[str, str | None] = {}
    with store.transaction():
        for row in rows:
            article = Article(**{k: row[k] for k in ARTICLE_FIELDS})
            # Stored without its text: the store only links articles, copies and stories.
            store.put_article(dataclasses.replace(article, text=""), "", "")
            copy_of[article.id] = place(store, copies, clusterer, article,
                                        Features.from_bytes(row["features"]))
    return {i: (store.resolve(store.story_of(i)), original) for i, original in copy_of.items()}


def digest_story(rows: list[dict], words: int, encoder=None) -> dict:
    """The digest (JSON contract) of one story's cleaned article rows."""
    from storyweave.pipeline import digest_cleaned

    articles = [Article(**{k: r[k] for k in ARTICLE_FIELDS}, copy_of=r.get("copy_of"))
                for r in rows]
    digest = digest_cleaned(articles, words=words, encoder=encoder)
    return digest.to_json()


def digest_row(story: str, rows: list[dict], words: int, encoder=None) -> dict:
    """A row of the digests table: the story and its digest as JSON text."""
    digest = digest_story(rows, words, encoder)
    return {"story": story, "articles": len(rows), "summary_words":
            sum(len(item["text"].split()) for item in digest["summary"]),
            "digest": json.dumps(digest)}

