"""The `storyweave digest` command end to end: real files, real models, real process."""
import json
import re
import subprocess
import sys

import pytest

from storyweave.cli import main
from storyweave.nlp import text_key
from storyweave.nlp.parse import model_name
from storyweave.store import Store
from tests.paths import EVAL, EXAMPLES, SEEDS

SEED_IDS = ["000_23681386da3cda5e", "003_3ed83b411920e6fd", "004_756a3012894d7d36"]


def run(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "storyweave", *map(str, args)],
                          capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def seeds_json(tmp_path_factory):
    out = tmp_path_factory.mktemp("digest") / "seeds.json"
    result = run("digest", SEEDS, "--format", "json", "--out", out, "--no-cache")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(out.read_text())


def test_seed_digest_contract(seeds_json):
    articles = {a["id"]: a for a in seeds_json["articles"]}
    assert sorted(articles) == SEED_IDS
    assert articles["000_23681386da3cda5e"]["published"] == "2017-11-22"
    for article in articles.values():
        assert set(article) >= {"id", "title", "source", "published", "url", "text"}
        for noise in ("newsletter", "Getty Images", "/ EPA", "Reuters", "contributed to"):
            assert noise not in article["text"]


def test_seed_summary_is_checkable_and_cited(seeds_json):
    texts = {a["id"]: a["text"] for a in seeds_json["articles"]}
    summary = seeds_json["summary"]
    assert summary
    assert sum(len(s["text"].split()) for s in summary) <= 120
    for item in summary:
        assert item["sources"] and item["article"] in item["sources"]
        assert set(item["sources"]) <= set(texts)
        sentence = texts[item["article"]][item["start"]:item["end"]]
        kept = item["text"].split()
        # The item is its sentence, or that sentence with words deleted.
        words = iter(sentence.split())
        assert all(any(w == x for x in words) for w in kept)
    assert any(len(item["sources"]) >= 2 for item in summary)


def test_seed_entities(seeds_json):
    names = {e["text"] for e in seeds_json["entities"]}
    assert {"North Korea", "Seoul"} <= names
    assert any("Carroll" in n for n in names)


def test_markdown_cites_numbered_sources(capsys):
    assert main(["digest", str(SEEDS), "--no-cache"]) == 0
    out = capsys.readouterr().out
    summary = out.split("## Summary", 1)[1].split("##", 1)[0]
    lines = [line for line in summary.splitlines() if line.strip()]
    assert lines and all(re.search(r"(\[\d\])+$", line) for line in lines)
    sources = out.split("## Sources", 1)[1]
    for number, article_id in enumerate(SEED_IDS, 1):
        assert f"{number}." in sources and article_id.replace("_", "\\_") in sources


@pytest.mark.parametrize("folder", [EVAL / "duc2004/docs/d30001t",
                                    EVAL / "tac2010/docs_tokenized/D1001A-A"])
def test_digest_eval_clusters(folder, tmp_path):
    assert main(["digest", str(folder), "--format", "json", "--out", str(tmp_path / "d.json"),
                 "--no-cache"]) == 0
    digest = json.loads((tmp_path / "d.json").read_text())
    assert len(digest["articles"]) == 10
    assert 0 < sum(len(s["text"].split()) for s in digest["summary"]) <= 120
    assert any(len(s["sources"]) >= 2 for s in digest["summary"])


def test_html_is_standalone_and_escaped(tmp_path):
    (tmp_path / "evil.txt").write_text(
        "Officials said <script>alert('x')</script> was found at the scene on Monday night.\n\n"
        "The mayor said the <b>bold</b> claim & others were false, and police agreed.\n")
    (tmp_path / "feed.jsonl").write_text((EXAMPLES / "feed.jsonl").read_text())
    out = tmp_path / "page.html"
    assert main(["digest", str(tmp_path), "--format", "html", "--out", str(out),
                 "--no-cache"]) == 0
    page = out.read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page
    assert "<mark>" in page  # cited sentences highlighted by their offsets


def test_exit_codes(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    bad = run("digest", tmp_path, SEEDS / f"{SEED_IDS[0]}.txt", "--no-cache")
    assert bad.returncode == 1
    assert bad.stderr.strip() == f"storyweave: {tmp_path / 'empty.txt'}: empty file"
    assert "# " in bad.stdout  # the rest of the batch was still digested
    nothing = run("digest", tmp_path / "empty.txt", "--no-cache")
    assert nothing.returncode == 1 and "no articles to digest" in nothing.stderr
    usage = run("digest", SEEDS, "--words", "zero")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_cache_reused(tmp_path, capsys):
    db = str(tmp_path / "cache.sqlite")
    assert main(["digest", str(SEEDS), "--format", "json", "--db", db]) == 0
    first = capsys.readouterr().out
    assert main(["digest", str(SEEDS), "--format", "json", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(first)
    cached = Store(db).get(f"parse:{model_name()}",
                           text_key(json.loads(first)["articles"][0]["text"]))
    assert cached is not None
