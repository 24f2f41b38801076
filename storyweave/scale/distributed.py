"""The Ray path of `storyweave scale run`: Ray Data maps the per-article and per-story
stages over workers (models loaded once per worker, in actor classes), and the reduce
step runs on the driver over the features Ray sorts.

Stages and tables are those of the local path (`run.py`); only the plumbing differs.
"""
from __future__ import annotations

import time
from pathlib import Path

import pyarrow as pa

from storyweave.pipeline import DEFAULT_WORDS
from storyweave.scale import run as local
from storyweave.scale.stages import (digest_row, input_files, order_key, order_text,
                                     prepare_file, reduce_stories)

# The map step's rows: a prepared article with its features and sort key, or a problem.
PREPARED = pa.schema([*((name, pa.string()) for name in local.ARTICLE_FIELDS),
                      ("features", pa.binary()), ("order", pa.string()),
                      ("problem", pa.string())])


class PrepareFiles:
    """Ray actor: reads input files and prepares their articles (the map step), the
    encoder of the story features loaded once per worker."""

    def __init__(self):
        from storyweave.nlp.embed import bulk_encoder

        self.encoder = bulk_encoder()

    def __call__(self, batch: dict) -> pa.Table:
        rows, problems = [], []
        for path in batch["path"]:
            prepared, trouble = prepare_file(path, self.encoder)
            rows += [{**row, "order": order_text(row)} for row in prepared]
            problems += trouble
        rows += [{"problem": p} for p in problems]
        return pa.Table.from_pylist(rows, schema=PREPARED)


class AddStories:
    """Ray actor: the reduce step's story and copy columns, from a broadcast mapping."""

    def __init__(self, assigned: list):
        import ray

        self.assigned = ray.get(assigned[0])  # in a list, so that Ray passes the reference

    def __call__(self, batch: pa.Table) -> pa.Table:
        pairs = [self.assigned[i] for i in batch.column("id").to_pylist()]
        columns = {k: batch.column(k).to_pylist() for k in local.ARTICLE_FIELDS}
        columns["story"] = [p[0] for p in pairs]
        columns["copy_of"] = [p[1] for p in pairs]
        return pa.Table.from_pydict(columns, schema=local.ARTICLES)


class DigestStories:
    """Ray actor: digests stories, the parser and the encoder loaded once per worker."""

    def __init__(self, words: int):
        from storyweave.nlp.embed import default_encoder
        from storyweave.nlp.parse import load_parser

        load_parser()
        self.encoder = default_encoder()
        self.words = words

    def __call__(self, group: pa.Table) -> pa.Table:
        rows = group.to_pylist()
        digest = digest_row(rows[0]["story"], rows, self.words, self.encoder)
        return pa.Table.from_pylist([digest], schema=local.DIGESTS)


def run_ray(paths: list[str | Path], out: str | Path, address: str | None = None,
            words: int = DEFAULT_WORDS, digests: bool = True) -> dict:
    """The whole corpus run on Ray (a local one of `LOCAL_CPUS` cores unless `address`)."""
    import ray

    start = time.perf_counter()
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
                         batch_format="default").materialize()
        problems = [r["problem"] for r in prepared.filter(
            lambda r: r["problem"] is not None).select_columns(["problem"]).iter_rows()]
        articles = prepared.filter(lambda r: r["problem"] is None)
        mapped = time.perf_counter()
        # The reduce step: every article's features in publication order, through the one
        # story step (the same, in the same order, as the local path's and ingest's).
        keys = articles.select_columns([*local.ARTICLE_FIELDS, "features", "order"]) \
            .sort("order")
        assigned = reduce_stories(keys.iter_rows())
        reduced = time.perf_counter()
        with_story = articles.map_batches(AddStories, fn_constructor_args=([ray.put(assigned)],),
                                          concurrency=(1, cpus), batch_format="pyarrow")
        with_story = with_story.materialize()
        digest_rows = []
        out = Path(out)
        local.fresh_folder(out / "articles")
        with_story.write_parquet(str(out / "articles"))
        rows = [{k: r[k] for k in ("id", "title", "source", "published", "copy_of")} |
                {"story": r["story"]} for r in with_story.select_columns(
                    ["id", "title", "source", "published", "story", "copy_of"]).iter_rows()]
        rows.sort(key=order_key)
        local.write_table(out / "stories", local.story_rows(rows), local.STORIES)
        if digests:
            sizes: dict[str, int] = {}
            for story, _ in assigned.values():
                sizes[story] = sizes.get(story, 0) + 1
            wanted = {s for s, n in sizes.items() if n >= local.MIN_DIGEST_ARTICLES}
            table = with_story.filter(lambda r: r["story"] in wanted).groupby("story") \
                .map_groups(DigestStories, fn_constructor_args=(words,),
                            concurrency=(1, cpus), batch_format="pyarrow")
            digest_rows = sorted(table.take_all(), key=lambda r: r["story"])
        local.write_table(out / "digests", digest_rows, local.DIGESTS)
        end = time.perf_counter()
        counts = {"articles": len(rows), "stories": len({r["story"] for r in rows}),
                  "copies": sum(1 for r in rows if r["copy_of"]), "digests": len(digest_rows)}
        return local.summary(counts, problems,
                             {"map": mapped - start, "reduce": reduced - mapped,
                              "digests_and_write": end - reduced, "total": end - start})
    finally:
        if started_here:
            ray.shutdown()
