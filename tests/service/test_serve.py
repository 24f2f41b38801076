"""`storyweave serve`'s set-up: what it serves, and how it refuses to be called wrongly."""
import pytest
from fastapi.testclient import TestClient

from storyweave.cli import EXIT_USAGE, main
from storyweave.errors import UsageError
from storyweave.service.serve import build_app
from tests.paths import EXAMPLES


def test_serve_needs_paths_or_a_store(capsys):
    assert main(["serve"]) == EXIT_USAGE
    assert "give PATH... to serve, or --store FILE" in capsys.readouterr().err


def test_serving_folders_and_a_store(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYWEAVE_TOKEN", "t")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    app, problems = build_app([str(EXAMPLES), str(bad)], tmp_path / "cache.sqlite", 60,
                              embeddings=False)
    assert [str(p) for p in problems] == [f"{bad}: line 1: malformed JSON (Expecting "
                                          "property name enclosed in double quotes)"]
    client = TestClient(app)
    assert [s["id"] for s in client.get("/api/stories").json()] == ["examples"]
    refused = client.post("/api/articles", json={"articles": [{"text": "x"}]},
                          headers={"Authorization": "Bearer t"})
    assert refused.status_code == 409
    app, problems = build_app([], tmp_path / "cache.sqlite", 60, embeddings=False,
                              store=tmp_path / "corpus.sqlite")
    assert TestClient(app).get("/api/stories").json() == [] and problems == []
    with pytest.raises(UsageError):
        build_app([str(bad)], tmp_path / "cache.sqlite", 60, embeddings=False)
