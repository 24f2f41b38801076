"""Corpus mode end to end on real text: ingest into stories, copies, digests of a story."""
import json
import shutil

import pytest

from storyweave import corpus as corpus_module
from storyweave import pipeline
from storyweave.corpus import digest_story, ingest_paths
from storyweave.errors import InputError
from storyweave.nlp.embed import default_encoder
from storyweave.nlp.onnx_minilm import bulk_encoder
from storyweave.pipeline import code_hash, code_stamp
from storyweave.store import Store
from tests.paths import EVAL, EXAMPLES, SEEDS

FERRY = {"vpa_wire", "coastline24", "alder_gazette", "northern_ledger", "meridian_update"}
SEED_IDS = {"000_23681386da3cda5e", "003_3ed83b411920e6fd", "004_756a3012894d7d36"}


def rewrite(tmp_path):
    """A wire copy of the demo's VPA report as another outlet runs it: its own headline,
    a changed opening word and its last paragraph cut (JSONL, one line)."""
    text = (EXAMPLES / "vpa_wire.txt").read_text(encoding="utf-8")
    body = text.split(" ", 3)[3].replace("A passenger ferry", "The passenger ferry", 1)
    body = body.rsplit("\n\n", 1)[0]
    path = tmp_path / "copy.jsonl"
    path.write_text(json.dumps({"id": "harbor_copy", "source": "Harbor Daily (wire)",
                                "title": "Ferry aground off Port Alder, all rescued",
                                "published": "2024-09-02", "text": body}) + "\n")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    store = Store(folder / "store.sqlite")
    report = ingest_paths([EXAMPLES, SEEDS, rewrite(folder)], store, default_encoder())
    return store, report


def test_two_events_make_two_stories(corpus):
    store, report = corpus
    assert report.problems == [] and report.new == 9
    stories = {frozenset(s.articles) for s in store.stories()}
    assert stories == {frozenset(FERRY | {"harbor_copy"}), frozenset(SEED_IDS)}


def test_a_wire_copy_is_marked_and_joins_its_original(corpus):
    store, report = corpus
    assert report.copies == 1
    assert store.article("harbor_copy").copy_of == "vpa_wire"
    assert all(store.article(i).copy_of is None for i in FERRY | SEED_IDS)


def test_ingest_again_stores_nothing_twice(corpus, tmp_path):
    store, _ = corpus
    again = ingest_paths([EXAMPLES, SEEDS], store, default_encoder())
    assert (again.read, again.same, again.new, again.changed) == (8, 8, 0, 0)
    assert store.count_articles() == 9
    assert store.integrity() == "ok"


def test_a_story_digest_is_kept_until_an_article_changes(corpus, tmp_path):
    store, _ = corpus
    story = store.story_of("vpa_wire")
    digest = digest_story(store, story, default_encoder())
    listed = {a.id: a for a in digest.articles}
    assert listed["harbor_copy"].copy_of == "vpa_wire"
    # The copy is no second source: no summary sentence or fact cites it.
    assert all("harbor_copy" not in item.sources for item in digest.summary)
    assert all("harbor_copy" not in fact.articles for fact in digest.facts)
    assert all(c.article != "harbor_copy" for d in digest.disagreements for c in d.claims)
    assert store.story_digest(story, code_stamp()) is not None
    assert store.story(story).disagree is True  # the demo's planted 212/218 contradiction
    assert digest_story(store, story).to_json() == digest.to_json()  # no encoder: the cache

    changed = tmp_path / "meridian_update.jsonl"
    line = next(line for line in (EXAMPLES / "feed.jsonl").read_text().splitlines()
                if '"meridian_update"' in line)
    record = json.loads(line)
    record["text"] += "\n\nThe ferry was refloated on Thursday."
    changed.write_text(json.dumps(record) + "\n")
    report = ingest_paths([changed], store, default_encoder())
    assert report.changed == 1
    assert store.story_digest(story, code_stamp()) is None
    assert store.story(story).stale


def test_a_digest_made_by_other_code_is_made_again(corpus, monkeypatch):
    # A store kept over an upgrade: its digest was made by the old code, which summarised
    # nothing, and its articles have not changed since.
    store, _ = corpus
    story = store.story_of("vpa_wire")
    made = digest_story(store, story, default_encoder()).to_json()
    assert made["summary"]
    members = store.story(story).articles
    assert store.put_story_digest(story, {**made, "summary": []}, members, "0ld0c0de")
    assert not store.story(story).stale
    again = digest_story(store, story, default_encoder()).to_json()
    assert again == made
    assert store.story_digest(story, code_stamp()) == made
    assert store._value("SELECT digest_code FROM stories WHERE id=?", story) == code_stamp()

    def not_again(*args, **kwargs):
        raise AssertionError("a fresh digest of this code was made again")

    monkeypatch.setattr(pipeline, "digest_articles", not_again)
    assert digest_story(store, story).to_json() == made


def test_the_code_stamp_changes_with_the_code_that_makes_digests(tmp_path):
    assert code_stamp() == code_stamp() == code_hash()
    copy = tmp_path / "storyweave"
    shutil.copytree(pipeline.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    seen = [code_hash(copy)]
    assert seen == [code_stamp()]  # the same files wherever the package lies
    with open(copy / "render" / "html.py", "a") as page:
        page.write("# the web page changed\n")
    assert code_hash(copy) == seen[0]  # the page does not shape a digest
    model = copy / "analysis" / "disagreement_model.json"
    model.write_text(model.read_text().replace("1", "2", 1))  # a data file of a stage
    seen.append(code_hash(copy))
    (copy / "nlp" / "extra.py").write_text("WORDS = 1\n")  # a new module of a stage
    seen.append(code_hash(copy))
    with open(copy / "records.py", "a") as records:  # a module of the flow
        records.write("# a new field\n")
    seen.append(code_hash(copy))
    assert len(set(seen)) == len(seen)


def test_an_unknown_story_is_a_clear_error(corpus):
    store, _ = corpus
    with pytest.raises(InputError, match="no story 'nope'"):
        digest_story(store, "nope")



def test_worker_processes_give_the_stories_of_one_process(tmp_path, monkeypatch):
    # Small batches, so that several are under way in the workers at once.
    monkeypatch.setattr(corpus_module, "BATCH", 8)
    paths = [EXAMPLES, *sorted((EVAL / "duc2004" / "docs").iterdir())[:3]]
    found = []
    for workers in (1, 2):
        store = Store(tmp_path / f"store-{workers}.sqlite")
        # The workers' encoder in this process too: only the processes differ.
        report = ingest_paths(paths, store, bulk_encoder(), workers=workers)
        found.append(({frozenset(s.articles) for s in store.stories()},
                      {a: store.article(a).copy_of for s in store.stories() for a in s.articles},
                      (report.read, report.new, report.copies, len(report.problems))))
    assert found[0][2][0] > 3 * 8
    assert found[0] == found[1]
