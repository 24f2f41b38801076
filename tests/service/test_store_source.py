"""Stories served from the corpus store: listed, digested on first request from the raw
text, the digest kept until an article changes, merged ids redirected."""
import json

import pytest
from fastapi.testclient import TestClient

from storyweave.ingest import read_paths
from storyweave.nlp import text_key
from storyweave.service import create_app
from storyweave.service.sources import StoreSource
from storyweave.store import Store
from tests.paths import EXAMPLES


@pytest.fixture()
def store(tmp_path):
    """The demo corpus stored as two stories (the JSONL feed, and the other three files),
    its articles as read: what an ingest leaves."""
    store = Store(tmp_path / "corpus.sqlite")
    articles, _ = read_paths([EXAMPLES])
    for article in articles:
        store.put_article(article, article.text, text_key(article.text))
    store.put_story("feed", b"", "Ferry grounding off Port Alder", "2024-09-02", "2024-09-03")
    store.put_story("rest", b"", "Ferry runs aground", "2024-09-02", "2024-09-02")
    for article in articles:
        store.add_to_story(article.id, "feed" if article.format == "jsonl" else "rest")
    return store


def test_stories_are_listed_and_searched(store, digester):
    source = StoreSource(store, digester, words=80)
    assert {s.id for s in source.stories()} == {"feed", "rest"}
    assert [s.id for s in source.search("grounding")] == ["feed"]
    feed = next(s for s in source.stories() if s.id == "feed")
    assert feed.outlets == ["The Northern Ledger", "Meridian Daily"]
    assert feed.disagree is None  # not digested yet


def test_a_story_is_digested_once_until_an_article_changes(store, digester):
    source = StoreSource(store, digester, words=80)
    digest = source.digest("feed")
    assert sorted(a["id"] for a in digest["articles"]) == ["meridian_update", "northern_ledger"]
    assert "Read more" not in json.dumps(digest)  # cleaned from the raw text, as ever
    assert store.story_digest("feed") == digest
    assert store.story("feed").disagree is True
    assert source.digest("feed") == digest
    changed = store.article("meridian_update")
    text = store.raw_text("meridian_update") + "\n\nThe ferry was refloated on Friday."
    store.put_article(changed, text, text_key(text))
    assert store.story_digest("feed") is None
    assert "refloated on Friday" in json.dumps(source.digest("feed"))
    assert source.digest("nope") is None


def test_the_app_over_the_store_redirects_a_merged_story(store, digester):
    client = TestClient(create_app(StoreSource(store, digester, words=80), digester))
    store.merge_stories("rest", "feed")
    response = client.get("/api/stories/feed", follow_redirects=False)
    assert response.status_code == 308 and response.headers["location"] == "/api/stories/rest"
    assert len(client.get("/api/stories/feed").json()["articles"]) == 5
    page = client.get("/stories/feed", follow_redirects=False)
    assert page.headers["location"] == "/stories/rest"
    assert [s["id"] for s in client.get("/api/stories").json()] == ["rest"]
    assert "Ferry runs aground" in client.get("/").text
