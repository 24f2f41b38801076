"""Fixtures of the service tests: a digester and the demo and seed stories, made once."""
import json

import pytest
from fastapi.testclient import TestClient

from storyweave.service import Digester, FolderSource, create_app
from storyweave.store import Store
from tests.paths import EXAMPLES, SEEDS

TOKEN = "test-token-4f1c"
# Markup a hostile article carries; if it ever ran, it would mark the page's body.
PAYLOAD = "document.body.setAttribute('data-pwned','1')"
HOSTILE = f"<img src=x onerror=\"{PAYLOAD}\"><script>{PAYLOAD}</script>"


def hostile_article(number: int = 1) -> dict:
    """An article of our own writing whose every field carries markup."""
    return {"id": f"hostile-{number}", "source": f"Outlet {HOSTILE}",
            "title": f"Ferry {HOSTILE}", "url": f"javascript:{PAYLOAD}",
            "published": "2024-09-03",
            "text": "The Corran Light ferry ran aground off Port Alder on Saturday with 212 "
                    f"passengers aboard, the harbour office said {HOSTILE}.\n\n"
                    f"Rescue crews reached the ship within the hour {HOSTILE}."}


@pytest.fixture(scope="session")
def digester(tmp_path_factory):
    """The real pipeline (word-overlap alignment: no MiniLM in these in-process tests)."""
    store = Store(tmp_path_factory.mktemp("service") / "cache.sqlite")
    return Digester(store, embeddings=False)


@pytest.fixture(scope="session")
def hostile_feed(tmp_path_factory):
    """A JSONL story of two hostile articles."""
    feed = tmp_path_factory.mktemp("hostile") / "hostile.jsonl"
    feed.write_text("".join(json.dumps(hostile_article(n)) + "\n" for n in (1, 2)),
                    encoding="utf-8")
    return feed


@pytest.fixture(scope="session")
def source(digester, hostile_feed):
    """Three stories: the demo corpus, the seeds, the hostile feed."""
    return FolderSource([str(EXAMPLES), str(SEEDS), str(hostile_feed)], digester, words=120)


@pytest.fixture(scope="session")
def app(source, digester):
    return create_app(source, digester, token=TOKEN)


@pytest.fixture()
def client(app):
    return TestClient(app)
