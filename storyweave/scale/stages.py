"""The stage functions the local and the Ray path share: read, prepare, order, reduce,
digest.

Rows are plain dicts (what Ray Data and Parquet carry): an article's fields, its story and
the original it copies once the reduce step has run, and its features until then.
"""
from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyweave.ingest import read_paths
from storyweave.records import Article
from storyweave.stories.cluster import Clusterer
from storyweave.stories.dedup import CopyFinder
from storyweave.stories.features import Features
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


def read_file(path: str | Path) -> tuple[list[tuple[Article, str]], list[str]]:
    """The raw articles of one input file, each with its content hash, as `corpus.prepare`
    takes them, and its problems as lines."""
    from storyweave.corpus import content_hash

    articles, problems = read_paths([path])
    return [(a, content_hash(a)) for a in articles], [str(p) for p in problems]


def prepared_rows(prepared: tuple) -> tuple[list[dict], list[str]]:
    """`corpus.prepare`'s result as rows with their serialised story `features` (the
    embedding of title and lead, the word counts, the MinHash), and problems as lines."""
    todo, features, problems = prepared
    return [{**article_row(a), "features": f.to_bytes()}
            for (_, _, a), f in zip(todo, features)], [str(p) for p in problems]


def prepare_file(path: str | Path, encoder) -> tuple[list[dict], list[str]]:
    """The prepared rows of one input file (the map step on Ray): its articles read,
    cleaned and their story features computed as ingest does (`corpus.prepare`); and its
    problems as lines."""
    from storyweave.corpus import prepare

    raws, problems = read_file(path)
    rows, trouble = prepared_rows(prepare(raws, encoder))
    return rows, problems + trouble


def prepare_paths(paths: list[str | Path], workers: int, encoder
                  ) -> Iterator[tuple[list[dict], list[str]]]:
    """The prepared rows of every input file under `paths` and the problems, a batch at a
    time (the map step of the local path): ingest's batches and worker processes
    (`corpus.Preparer`), so memory holds a few batches whatever the corpus size."""
    from storyweave.corpus import BATCH, Preparer

    preparer, batch = Preparer(workers, encoder), []
    try:
        for file in input_files(paths):
            raws, problems = read_file(file)
            yield [], problems
            for start in range(0, len(raws), BATCH):
                preparer.send(raws[start:start + BATCH])
                yield from (prepared_rows(p) for _, p in preparer.ready())
        yield from (prepared_rows(p) for _, p in preparer.drain())
    finally:
        preparer.close()


def article_row(article: Article) -> dict:
    """An article as a row of the articles table."""
    return {k: getattr(article, k) for k in ARTICLE_FIELDS}


def order_key(row: dict) -> tuple[str, str]:
    """The reduce step's order: publication time, undated articles last, then id."""
    return (row.get("published") or "9999", row["id"])


def order_text(row: dict) -> str:
    """`order_key` as one string that sorts the same (what Ray and SQLite sort on)."""
    return "\0".join(order_key(row))


# Articles placed per transaction of the reduce step's store: commits keep its journal
# small, and at this size they cost under 1% of the step.
REDUCE_BATCH = 1_000


def place_rows(rows: Iterable[dict], store: Store) -> Iterator[tuple[str, str | None]]:
    """The reduce step: prepared rows, in `order_key` order, through ingest's story step
    (`corpus.place`: `CopyFinder` and `Clusterer`) over `store` (empty; articles are kept
    there without their text: it only links articles, copies and stories). Yields each
    article's id and the id of the original it copies or None; an article's story, after
    every merge, is `store.resolve(store.story_of(id))` once all are placed."""
    from storyweave.corpus import place

    clusterer, copies = Clusterer(store), CopyFinder()
    rows = iter(rows)
    while True:
        with store.transaction():
            placed = []
            for row in itertools.islice(rows, REDUCE_BATCH):
                article = Article(**{k: row[k] for k in ARTICLE_FIELDS})
                store.put_article(dataclasses.replace(article, text=""), "", "")
                placed.append((article.id, place(store, copies, clusterer, article,
                                                 Features.from_bytes(row["features"]))))
        yield from placed
        if len(placed) < REDUCE_BATCH:
            return


def digest_story(rows: list[dict], words: int, encoder=None) -> dict:
    """The digest (JSON contract) of one story's cleaned article rows."""
    from storyweave.pipeline import MAX_CHARS, cut, digest_cleaned

    # Cut as a digest of raw articles cuts them (`pipeline.clean_all`): the map step keeps
    # ingest's whole cleaned text.
    articles = [Article(**{k: r[k] for k in ARTICLE_FIELDS if k != "text"},
                        text=cut(r["text"], MAX_CHARS), copy_of=r.get("copy_of"))
                for r in rows]
    digest = digest_cleaned(articles, words=words, encoder=encoder)
    return digest.to_json()


def digest_row(story: str, rows: list[dict], words: int, encoder=None) -> dict:
    """A row of the digests table: the story and its digest as JSON text."""
    digest = digest_story(rows, words, encoder)
    return {"story": story, "articles": len(rows), "summary_words":
            sum(len(item["text"].split()) for item in digest["summary"]),
            "digest": json.dumps(digest)}

