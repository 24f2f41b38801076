"""`storyweave scale run`: the local path and the Ray path over the same stage functions.

Both write the same three Parquet tables under `out`, each a folder of Parquet files:
`articles/` (the cleaned articles, with their `story` and the `copy_of` original of a
syndicated copy), `stories/` (id, headline, article count, outlets, first and last date,
member ids, copies) and `digests/` (story, articles, summary words, the digest's JSON).
"""
from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from storyweave.nlp.embed import default_encoder
from storyweave.nlp.onnx_minilm import bulk_encoder
from storyweave.pipeline import DEFAULT_WORDS
from storyweave.scale.spill import Spill
from storyweave.scale.stages import (ARTICLE_FIELDS, MIN_DIGEST_ARTICLES, digest_row,
                                     place_rows, prepare_paths)
from storyweave.store import Store

# A local Ray: this machine's two cores; a modest object store (it holds the blocks in
# flight, a file's prepared articles each, 9 MB a 1,000 generated), and no dashboard.
LOCAL_CPUS = 2
OBJECT_STORE_BYTES = 512 * 2 ** 20
# Rows per Parquet row group: a few MB of articles, few enough groups for fast reading.
WRITE_ROWS = 2_000


def run_local(paths: list[str | Path], out: str | Path, words: int = DEFAULT_WORDS,
              digests: bool = True, workers: int | None = None) -> dict:
    """The whole corpus run on this machine (the map step in `workers` processes, one per
    core by default, as ingest's); returns its counts and timings. Articles stream through
    a `Spill` file in `out`, deleted at the end: memory stays flat in the corpus size."""
    from storyweave.corpus import default_workers

    clock, problems, out = Stopwatch(), [], Path(out)
    with spilled(out) as (spill, scratch):
        # The features' encoder (Ray's workers load the same); digests are made with the
        # float encoder, as `storyweave digest` and Ray's digest workers make them.
        encoder = bulk_encoder()
        for rows, trouble in prepare_paths(paths, workers or default_workers(), encoder):
            spill.add(rows)
            problems += trouble
        clock.lap("map")
        reduce_spill(spill, scratch)
        clock.lap("reduce")
        counts = write_tables(spill, out)
        counts["digests"] = write_digests(spill, out, words,
                                          default_encoder() if digests else None)
        clock.lap("digests_and_write")
    return summary(counts, problems, clock.seconds())


@contextmanager
def spilled(out: Path) -> Iterator[tuple[Spill, Path]]:
    """An empty `Spill` and the scratch folder it is in, inside `out` (created), both
    deleted at the end."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".scale-", dir=out) as scratch:
        spill = Spill(Path(scratch) / "spill.sqlite")
        try:
            yield spill, Path(scratch)
        finally:
            spill.close()


def reduce_spill(spill: Spill, scratch: Path) -> None:
    """The reduce step over every prepared article in `spill`: ingest's story step in
    publication order (`place_rows`, over a store in `scratch`) sets each one's copy and
    story (after every merge)."""
    store = Store(scratch / "stories.sqlite")
    try:
        # The copies are a few in a hundred: kept until the reading is done.
        spill.set_copies([(i, original) for i, original in
                          place_rows(spill.in_order(), store) if original])
        spill.set_stories((r["id"], store.resolve(store.story_of(r["id"])))
                          for r in spill.articles(("id",)))
    finally:
        store.close()


def write_tables(spill: Spill, out: Path) -> dict:
    """The articles and stories tables from a reduced `Spill`, streamed; the counts of
    articles, stories and copies."""
    counts = {"articles": 0, "stories": 0, "copies": 0}
    with TableWriter(out / "articles", ARTICLES) as articles:
        for row in spill.articles(ARTICLE_COLUMNS):
            articles.add(row)
            counts["articles"] += 1
            counts["copies"] += row["copy_of"] is not None
    with TableWriter(out / "stories", STORIES) as stories:
        for story, members in spill.stories(STORY_COLUMNS):
            stories.add(story_row(story, members))
            counts["stories"] += 1
    return counts


def write_digests(spill: Spill, out: Path, words: int, encoder) -> int:
    """The digests table from a reduced `Spill`, a story at a time (digests made with
    `encoder`; none, and the table empty, when it is None); how many were made."""
    made = 0
    with TableWriter(out / "digests", DIGESTS) as digested:
        wanted = spill.stories(ARTICLE_COLUMNS) if encoder is not None else ()
        for story, members in wanted:
            if digest_wanted(members):
                digested.add(digest_row(story, members, words, encoder))
                made += 1
    return made


class Stopwatch:
    """Wall and CPU seconds (of this process: the cost on a machine shared with others) of a
    run's steps, each from the end of the one before (verbs `lap`, `seconds`)."""

    def __init__(self):
        self._marks = [(time.perf_counter(), time.process_time())]
        self._laps: dict[str, float] = {}

    def lap(self, step: str) -> None:
        """End `step` now."""
        (wall, cpu), now = self._marks[-1], (time.perf_counter(), time.process_time())
        self._laps |= {step: now[0] - wall, f"{step}_cpu": now[1] - cpu}
        self._marks.append(now)

    def seconds(self) -> dict:
        """Every step's wall and CPU seconds, and the `total` wall seconds."""
        return {**self._laps, "total": self._marks[-1][0] - self._marks[0][0]}


ARTICLE_COLUMNS = ARTICLE_FIELDS + ("story", "copy_of")
# What the stories table reads of its members.
STORY_COLUMNS = ("id", "title", "source", "published", "copy_of")
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


def story_row(story: str, members: list[dict]) -> dict:
    """A story's row of the stories table, from its members' rows (in `order_key` order,
    which is the order of a story's article ids)."""
    dates = sorted(r["published"] for r in members if r["published"])
    return {"story": story, "headline": members[0]["title"], "articles": len(members),
            "outlets": sorted({r["source"] for r in members if r["source"]}),
            "first": dates[0] if dates else None, "last": dates[-1] if dates else None,
            "article_ids": [r["id"] for r in members],
            "copies": [r["id"] for r in members if r["copy_of"]]}


class TableWriter:
    """A table written as one Parquet file in `folder` (emptied first), `WRITE_ROWS` rows at
    a time (verbs `add`, and `with` to finish); written with no rows, it has the schema."""

    def __init__(self, folder: Path, schema: pa.Schema):
        fresh_folder(folder)
        self.schema = schema
        self._writer = pq.ParquetWriter(folder / "part-0.parquet", schema)
        self._rows: list[dict] = []

    def __enter__(self) -> TableWriter:
        return self

    def add(self, row: dict) -> None:
        """Write a row (with the next `WRITE_ROWS`)."""
        self._rows.append(row)
        if len(self._rows) >= WRITE_ROWS:
            self._write()

    def __exit__(self, *error) -> None:
        self._write()
        self._writer.close()

    def _write(self) -> None:
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []


def fresh_folder(folder: Path) -> None:
    """`folder`, created, or emptied of the Parquet files of an earlier run."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.parquet"):
        old.unlink()


def summary(counts: dict, problems: list[str], seconds: dict) -> dict:
    """The counts and timings a run returns (and the CLI prints): `counts` of articles,
    stories, copies and digests; problems in file order."""
    return {**counts, "problems": sorted(problems), "seconds": seconds,
            "articles_per_second": counts["articles"] / seconds["total"]
            if seconds["total"] else 0.0}
