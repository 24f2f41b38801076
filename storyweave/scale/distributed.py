"""The Ray path of `storyweave scale run`: Ray Data maps the per-article and per-story
stages over workers (models loaded once per worker, in actor classes); the driver streams
the prepared articles into the local path's `Spill` and runs the reduce step there.

Stages and tables are those of the local path (`run.py`); only the map steps differ. The
map step's output is never held in the object store: Ray Data charges every live block to
the operator that made it, so a dataset kept whole (`materialize()`) fills the operator's
object-store budget (half the store) as the corpus grows; past it the executor starts a
task only when none runs, and one core idles for the rest of the map step.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from storyweave.pipeline import DEFAULT_WORDS
from storyweave.scale import run as local
from storyweave.scale.stages import digest_row, input_files, order_key, prepare_file

# The map step's rows: a prepared article with its features, or a problem.
PREPARED = pa.schema([*((name, pa.string()) for name in local.ARTICLE_FIELDS),
                      ("features", pa.binary()), ("problem", pa.string())])


class PrepareFiles:
    """Ray actor: reads input files and prepares their articles (the map step), the
    encoder of the story features loaded once per worker."""

    def __init__(self):
        from storyweave.nlp.onnx_minilm import bulk_encoder

        self.encoder = bulk_encoder()

    def __call__(self, batch: dict) -> pa.Table:
        rows, problems = [], []
        for path in batch["path"]:
            prepared, trouble = prepare_file(path, self.encoder)
            rows += prepared
            problems += trouble
        rows += [{"problem": p} for p in problems]
        return pa.Table.from_pylist(rows, schema=PREPARED)


class DigestStories:
    """Ray actor: digests stories, the parser and the encoder loaded once per worker."""

    def __init__(self, words: int):
        from storyweave.nlp.embed import default_encoder
        from storyweave.nlp.parse import load_parser

        load_parser()
        self.encoder = default_encoder()
        self.words = words

    def __call__(self, group: pa.Table) -> pa.Table:
        # A story's members in the reduce step's order, as the local path digests them.
        rows = sorted(group.to_pylist(), key=order_key)
        digest = digest_row(rows[0]["story"], rows, self.words, self.encoder)
        return pa.Table.from_pylist([digest], schema=local.DIGESTS)


def run_ray(paths: list[str | Path], out: str | Path, address: str | None = None,
            words: int = DEFAULT_WORDS, digests: bool = True) -> dict:
    """The whole corpus run on Ray (a local one of `LOCAL_CPUS` cores unless `address`);
    returns its counts and timings (CPU seconds: the driver's)."""
    import ray

    clock = local.Stopwatch()
    started_here = not ray.is_initialized()
    if started_here:
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=local.LOCAL_CPUS, object_store_memory=local.OBJECT_STORE_BYTES,
                     include_dashboard=False, log_to_driver=False)
    try:
        cpus = max(int(ray.cluster_resources().get("CPU", 1)), 1)
        files = [str(f) for f in input_files(paths)]
        # A fixed pool of one actor per core (or file): an autoscaling one starts with one
        # and left the second core idle for most of a 2,000-article run.
        prepared = ray.data.from_items([{"path": f} for f in files],
                                       override_num_blocks=max(len(files), 1)) \
            .map_batches(PrepareFiles, batch_size=1, concurrency=min(cpus, max(len(files), 1)),
                         batch_format="default")
        problems, out = [], Path(out)
        with local.spilled(out) as (spill, scratch):
            # Each file's block is freed once in the spill: the object store holds only
            # the blocks in flight, whatever the corpus size.
            for block in prepared.iter_batches(batch_size=None, batch_format="pyarrow"):
                rows = block.to_pylist()
                problems += [r["problem"] for r in rows if r["problem"] is not None]
                spill.add([r for r in rows if r["problem"] is None])
            clock.lap("map")
            local.reduce_spill(spill, scratch)
            clock.lap("reduce")
            counts = local.write_tables(spill, out)
            if digests:
                counts["digests"] = digest_stories(out, words, cpus)
            else:  # the table, empty
                counts["digests"] = local.write_digests(spill, out, words, encoder=None)
        clock.lap("digests_and_write")
        return local.summary(counts, problems, clock.seconds())
    finally:
        if started_here:
            ray.shutdown()


def digest_stories(out: Path, words: int, cpus: int) -> int:
    """The digests table of the stories of `MIN_DIGEST_ARTICLES` or more in the articles
    and stories tables under `out`, each story digested on a Ray worker; how many."""
    import ray

    stories = pq.read_table(out / "stories", columns=["story", "articles"]).to_pylist()
    wanted = {s["story"] for s in stories if s["articles"] >= local.MIN_DIGEST_ARTICLES}
    table = ray.data.read_parquet(str(out / "articles")) \
        .filter(lambda r: r["story"] in wanted).groupby("story") \
        .map_groups(DigestStories, fn_constructor_args=(words,), concurrency=(1, cpus),
                    batch_format="pyarrow")
    made = 0
    with local.TableWriter(out / "digests", local.DIGESTS) as digested:
        for row in table.sort("story").iter_rows():
            digested.add(row)
            made += 1
    return made
