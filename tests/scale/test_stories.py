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


DUC_ARTICLES = 100  # DUC 2004's first in publication order: a refinement moves one at 100


def test_the_scale_run_refines_as_an_ingest_does(tmp_path, monkeypatch):
    """Where a refinement moves an article (counted on the ingest's side), the scale run's
    reduce step gives the same stories."""
    from storyweave.evaluate.clustering import load_stream
    from storyweave.nlp.onnx_minilm import bulk_encoder
    from storyweave.stories.cluster import Clusterer

    articles = load_stream([EVAL / "duc2004" / "docs"])[0][:DUC_ARTICLES]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": a.id, "title": a.title, "text": a.text,
                                          "source": a.source, "published": a.published})
                              + "\n" for a in articles))
    run_local([corpus], tmp_path / "out", digests=False)
    scaled = {r["id"]: r["story"]
              for r in pq.read_table(tmp_path / "out" / "articles").to_pylist()}

    moved, refine = [], Clusterer.refine
    monkeypatch.setattr(Clusterer, "refine",
                        lambda self: moved.append(refine(self)) or moved[-1])
    store = Store(tmp_path / "store.sqlite")
    # the bulk encoder, as `storyweave ingest` and the scale run's map step encode (with
    # the float one, six of these articles' stories differ, refinement or not)
    ingest_paths([str(corpus)], store, bulk_encoder())
    assert sum(moved) >= 1
    assert scaled == {a.id: store.resolve(store.story_of(a.id)) for a in articles}
