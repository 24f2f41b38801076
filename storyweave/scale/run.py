"""`storyweave scale run`: the local path and the Ray path over the same stage functions.

Both write the same three Parquet tables under `out`, each a folder of Parquet files:
`articles/` (the cleaned articles, with their `story` and the `copy_of` original of a
syndicated copy), `stories/` (id, headline, article count, outlets, first and last date,
member ids, copies) and `digests/` (story, articles, summary words, the digest's JSON).
"""
from __future__ import annotations

import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from storyweave.nlp.embed import bulk_encoder
from storyweave.pipeline import DEFAULT_WORDS
from storyweave.scale.stages import (ARTICLE_FIELDS, MIN_DIGEST_ARTICLES, digest_row,
                                     input_files, order_key, prepare_file, reduce_stories)

# A local Ray: this machine's two cores; a modest object store (articles and their features
# are a few KB each; Ray spills to disk past it), and no dashboard.
LOCAL_CPUS = 2
OBJECT_STORE_BYTES = 512 * 2 ** 20
# Article rows per block on the way to the reduce step's sort: large enough that Ray's
# per-block overhead is small, small enough to keep many blocks in flight.
SORT_BATCH = 2_000


def run_local(paths: list[str | Path], out: str | Path, words: int = DEFAULT_WORDS,
              digests: bool = True) -> dict:
    """The whole corpus run in this process; returns its counts and timings."""
    start, cpu = time.perf_counter(), time.process_time()
    # One encoder for the features and the digests (each Ray worker loads the same model).
    encoder = bulk_encoder()
    rows, problems = [], []
    for file in input_files(paths):
        prepared, trouble = prepare_file(file, encoder)
        rows += prepared
        problems += trouble
    mapped, mapped_cpu = time.perf_counter(), time.process_time()
    rows.sort(key=order_key)
    assigned = reduce_stories(rows)
    for row in rows:
        del row["features"]
        row["story"], row["copy_of"] = assigned[row["id"]]
    reduced, reduced_cpu = time.perf_counter(), time.process_time()
    by_story: dict[str, list[dict]] = {}
    for row in rows:
        by_story.setdefault(row["story"], []).append(row)
    digested = [digest_row(story, members, words, encoder)
                for story, members in sorted(by_story.items())
                if digest_wanted(members)] if digests else []
    out = Path(out)
    write_table(out / "articles", [{k: r[k] for k in ARTICLE_COLUMNS} for r in rows],
                ARTICLES)
    write_table(out / "stories", story_rows(rows), STORIES)
    write_table(out / "digests", digested, DIGESTS)
    end = time.perf_counter()
    return summary(rows, len(digested), problems,
                   {"map": mapped - start, "reduce": reduced - mapped,
                    "digests_and_write": end - reduced, "total": end - start,
                    # CPU seconds of this process: the cost on a machine shared with others
                    "map_cpu": mapped_cpu - cpu, "reduce_cpu": reduced_cpu - mapped_cpu,
                    "digests_and_write_cpu": time.process_time() - reduced_cpu})


ARTICLE_COLUMNS = ARTICLE_FIELDS + ("story", "copy_of")
# Every table's types stated, so that no batch's missing values decide a column's type.
ARTICLES = pa.schema([(name, pa.string()) for name in ARTICLE_COLUMNS])
STORIES = pa.schema([("story", pa.string()), ("headline", pa.string()),
                     ("articles", pa.int64()), ("outlets", pa.list_(pa.string())),
                     ("first", pa.string()), ("last", pa.string()),
                     ("article_ids", pa.list_(pa.string())), ("copies", pa.list_(pa.string()))])
DIGESTS = pa.schema([("story", pa.string()), ("articles", pa.int64()),
                     ("summary_words", pa.int64()), ("digest", pa.string())])


def digest_wanted(members: list[dict]) -> bool:
    """Whether a story gets a digest: `MIN_DIGEST_ARTICLES` articles, copies included."""
    return len(members) >= MIN_DIGEST_ARTICLES


def story_rows(rows: list[dict]) -> list[dict]:
    """The stories table: one row per story, from its members' rows (in `order_key`
    order, which is the order of a story's article ids)."""
    by_story: dict[str, list[dict]] = {}
    for row in rows:
        by_story.setdefault(row["story"], []).append(row)
    table = []
    for story, members in sorted(by_story.items()):
        dates = sorted(r["published"] for r in members if r["published"])
        table.append({"story": story, "headline": members[0]["title"],
                      "articles": len(members), "outlets": sorted({r["source"] for r in members
                                                                  if r["source"]}),
                      "first": dates[0] if dates else None,
                      "last": dates[-1] if dates else None,
                      "article_ids": [r["id"] for r in members],
                      "copies": [r["id"] for r in members if r["copy_of"]]})
    return table


def write_table(folder: Path, rows: list[dict], schema: pa.Schema) -> None:
    """`rows` as one Parquet file in `folder` (emptied first)."""
    fresh_folder(folder)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), folder / "part-0.parquet")


def fresh_folder(folder: Path) -> None:
    """`folder`, created, or emptied of the Parquet files of an earlier run."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.parquet"):
        old.unlink()


def summary(rows: list[dict], digests: int, problems: list[str], seconds: dict) -> dict:
    """The counts and timings a run returns (and the CLI prints), from the article rows
    with their `story` and `copy_of`."""
    return {"articles": len(rows), "stories": len({r["story"] for r in rows}),
            "copies": sum(1 for r in rows if r["copy_of"]), "digests": digests,
            "problems": problems, "seconds": seconds,
            "articles_per_second": len(rows) / seconds["total"] if seconds["total"] else 0.0}
