"""The reduce step is ingest's story step: `storyweave scale run` and `storyweave ingest` of
the same articles, in publication order, give the same stories and copies (BASIL's first
ten events, read from ../shared at run time, with a light rewrite of a wire story and an
undated article added)."""
import json

import pyarrow.parquet as pq

from storyweave.corpus import ingest_paths
from storyweave.nlp.embed import default_encoder
from storyweave.scale.run import run_local
from storyweave.scale.stages import order_key
from storyweave.store import Store
from tests.paths import EVAL

# ten events, three outlets each: past REFINE_EVERY articles, so a refinement runs in both
BASIL_ARTICLES = 30


def test_the_scale_run_gives_the_stories_and_copies_of_an_ingest(tmp_path):
    lines = (EVAL / "basil" / "articles.jsonl").read_text().splitlines()[:BASIL_ARTICLES]
    records = [json.loads(line) for line in lines]
    copy = dict(records[0], id="wire-copy", source="Wire",
                text=records[0]["text"].replace(" said", " says", 3))
    undated = dict(records[1], id="undated", published=None)
    records = sorted(records + [copy, undated], key=order_key)  # ingest reads in this order
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records))

    run_local([corpus], tmp_path / "out", digests=False)
    scaled = {r["id"]: (r["story"], r["copy_of"])
              for r in pq.read_table(tmp_path / "out" / "articles").to_pylist()}

    store = Store(tmp_path / "store.sqlite")
    ingest_paths([str(corpus)], store, default_encoder())
    ingested = {r["id"]: (store.resolve(store.story_of(r["id"])), store.article(r["id"]).copy_of)
                for r in records}

    assert scaled == ingested
    story, original = scaled["wire-copy"]
    assert original and scaled[original] == (story, None)
    assert len({story for story, _ in scaled.values()}) < len(scaled)
