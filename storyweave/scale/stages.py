"""The stage functions the local and the Ray path share: read, prepare, order, digest.

Rows are plain dicts (what Ray Data and Parquet carry): an article's fields, its story and
the original it copies once the reduce step has run, and its features until then.
"""
from __future__ import annotations

import json
from pathlib import Path

from storyweave.ingest import read_paths
from storyweave.nlp.sentences import paragraphs, split_sentences
from storyweave.nlp.tokens import content_stems, words
from storyweave.records import Article

# The fields of an article that the articles table keeps (the JSON contract's own).
ARTICLE_FIELDS = ("id", "title", "source", "published", "url", "text", "dateline", "byline")
# Input files a corpus run reads inside folders: JSONL batches, WARC (also gzipped).
INPUT_SUFFIXES = {".jsonl", ".ndjson", ".warc", ".gz"}
# Sentences of the lead that, with the title, describe the event to the clusterer: news
# puts who, what, where and when first.
LEAD_SENTENCES = 3
# Words per shingle of the MinHash: a wire copy with a new headline or a few words changed
# keeps most of its 3-word shingles; two outlets' own reports share few.
SHINGLE = 3
NUM_PERM = 64  # MinHash permutations: Jaccard estimates within about 0.12
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"  # datasketch's default: 32-bit hash values
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


def prepare_file(path: str | Path) -> tuple[list[dict], list[str]]:
    """The prepared rows of one input file: its articles read, cleaned as a digest cleans
    them (`pipeline.clean_all`), with their `features`; and its problems as lines."""
    from storyweave.pipeline import clean_all

    articles, problems = read_paths([path])
    cleaned = clean_all(articles, problems)
    return [features(article) for article in cleaned], [str(p) for p in problems]


def article_row(article: Article) -> dict:
    """An article as a row of the articles table."""
    return {k: getattr(article, k) for k in ARTICLE_FIELDS}


def features(article: Article) -> dict:
    """A cleaned article's row with the features the story decision reads (`stems`:
    content stems of the title and lead; `signature`: MinHash of the text's shingles)."""
    # Only the opening paragraphs are split: a sentence never crosses a paragraph break.
    spans = paragraphs(article.text)[:LEAD_SENTENCES]
    opening = article.text[:spans[-1][1]] if spans else ""
    lead = split_sentences(article.id, opening)[:LEAD_SENTENCES]
    stems = content_stems(" ".join([article.title or ""] + [s.text for s in lead]))
    return {**article_row(article), "stems": stems, "signature": signature(article.text)}


def signature(text: str) -> list[int]:
    """The MinHash of a text's word shingles (`NUM_PERM` unsigned 32-bit values)."""
    from datasketch import MinHash

    tokens = words(text)
    shingles = {" ".join(tokens[i:i + SHINGLE]).encode("utf-8")
                for i in range(max(len(tokens) - SHINGLE + 1, 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    minhash.update_batch(list(shingles))
    return [int(v) for v in minhash.hashvalues]


def order_key(row: dict) -> tuple[str, str]:
    """The reduce step's order: publication time, undated articles last, then id."""
    return (row.get("published") or "9999", row["id"])


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

