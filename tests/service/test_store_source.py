"""The web app over the corpus store: `serve --store FILE PATH...` ingests the demo corpus
and the seeds into stories, digests a story when first opened and keeps it until an
article changes, ingests articles sent to POST /api/articles, redirects a merged id."""
import pytest
from fastapi.testclient import TestClient

from storyweave.corpus import ingest_paths
from storyweave.nlp.embed import default_encoder
from storyweave.pipeline import code_stamp
from storyweave.service import Digester
from storyweave.service.serve import build_app
from storyweave.service.sources import StoreSource
from storyweave.store import Store
from tests.paths import EXAMPLES, SEEDS

TOKEN = "store-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FERRY = {"vpa_wire", "coastline24", "alder_gazette", "northern_ledger", "meridian_update"}
# A follow-up of our own writing on the demo corpus' ferry grounding.
FOLLOW_UP = {"id": "ledger_refloat", "source": "The Northern Ledger", "published": "2024-09-06",
             "title": "Corran Light refloated off Greyshank Reef",
             "text": "PORT ALDER, Velmark - Salvage crews refloated the ferry Corran Light from "
                     "the Greyshank Reef off Port Alder on Friday, six days after it ran "
                     "aground in a gale with 212 passengers aboard, the Skerrow Line said.\n\n"
                     "Tugs towed the ferry to the Brightwater Salvage yard, where divers will "
                     "inspect the hull, a company spokeswoman said. The Velmark Marine Safety "
                     "Board said its hearing on the grounding would open on Sept. 9."}


@pytest.fixture(scope="module")
def served(tmp_path_factory, monkeypatch_module):
    folder = tmp_path_factory.mktemp("store")
    monkeypatch_module.setenv("STORYWEAVE_TOKEN", TOKEN)
    app, problems = build_app([str(EXAMPLES), str(SEEDS)], folder / "cache.sqlite", 120,
                              embeddings=False, store=folder / "corpus.sqlite", warm=False)
    assert problems == []
    return TestClient(app), Store(folder / "corpus.sqlite")


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def ferry_id(client) -> str:
    return next(s["id"] for s in client.get("/api/stories").json() if s["articles"] >= 5)


def test_the_paths_are_ingested_into_stories(served):
    client, _ = served
    stories = client.get("/api/stories").json()
    assert sorted(s["articles"] for s in stories) == [3, 5]
    assert [s["articles"] for s in client.get("/api/stories", params={"q": "Meridian"})
            .json()] == [5]
    assert "Stories" in client.get("/").text


def test_a_story_is_digested_when_opened_and_kept(served):
    client, store = served
    story = ferry_id(client)
    digest = client.get(f"/api/stories/{story}").json()
    assert {a["id"] for a in digest["articles"]} == FERRY and digest["summary"]
    assert store.story_digest(story, code_stamp()) == digest
    listed = next(s for s in client.get("/api/stories").json() if s["id"] == story)
    assert listed["disagree"] is True
    page = client.get(f"/stories/{story}").text
    assert "Where the sources disagree" in page and page.count('<article class="source"') == 5


def test_articles_sent_join_their_story(served):
    client, store = served
    story = ferry_id(client)
    client.get(f"/api/stories/{story}")
    response = client.post("/api/articles", json={"articles": [FOLLOW_UP]}, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json() == {"stored": 1, "stories": [story], "problems": []}
    assert store.story_digest(story, code_stamp()) is None  # its digest is stale now
    digest = client.get(f"/api/stories/{story}").json()
    assert "ledger_refloat" in {a["id"] for a in digest["articles"]}
    again = client.post("/api/articles", json={"articles": [FOLLOW_UP]}, headers=AUTH).json()
    assert again["stored"] == 0 and again["stories"] == [story]
    refused = client.post("/api/articles", json={"articles": [FOLLOW_UP]})
    assert refused.status_code == 401


def test_warming_digests_every_stale_story(tmp_path):
    store = Store(tmp_path / "corpus.sqlite")
    ingest_paths([str(EXAMPLES), str(SEEDS)], store, default_encoder())
    assert all(s.stale for s in store.stories())
    assert StoreSource(Digester(store, embeddings=False), 120).warm() == []
    assert not any(s.stale for s in store.stories())
    assert all(store.story_digest(s.id, code_stamp()) for s in store.stories())


def test_a_merged_story_redirects(served):
    client, store = served
    keep = ferry_id(client)
    gone = next(s["id"] for s in client.get("/api/stories").json() if s["id"] != keep)
    store.merge_stories(keep, gone)
    response = client.get(f"/api/stories/{gone}", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == f"/api/stories/{keep}"
    page = client.get(f"/stories/{gone}", follow_redirects=False)
    assert page.headers["location"] == f"/stories/{keep}"
    assert [s["id"] for s in client.get("/api/stories").json()] == [keep]
    assert client.get("/api/stories/nope").status_code == 404
