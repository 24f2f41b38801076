"""The `storyweave digest` command end to end: real files, real models, real process."""
import json
import os
import re
import stat
import subprocess
import sys

import pytest

from storyweave.cli import main
from storyweave.nlp import text_key
from storyweave.nlp.parse import model_name
from storyweave.store import Store
from tests.paths import EVAL, EXAMPLES, SEEDS
from tests.read_only import read_only

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
    gold = json.loads((EVAL / "disagreements_dev" / "seed.json").read_text())
    surnames = {q["speaker"].split()[-1] for q in gold["quotes"] if q["speaker"]}
    assert any(s in n for s in surnames for n in names)  # a labelled speaker is an entity


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


# --- issue 13: no path, store or output problem stops a batch; outputs are whole ------------

def test_non_utf8_file_name_is_shown_escaped(tmp_path):
    folder = bytes(tmp_path)
    with open(os.path.join(folder, b"r\xe9sum\xe9\nnote.txt"), "wb") as out:
        out.write((EXAMPLES / "vpa_wire.txt").read_bytes())
    with open(os.path.join(folder, b"empty\xff.txt"), "wb"):
        pass
    out = tmp_path / "d.md"
    result = run("digest", tmp_path, "--out", out, "--no-cache", "--no-embeddings")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"storyweave: {tmp_path}/empty\\xff.txt: empty file"]
    assert "r\\xe9sum\\xe9\\nnote" in out.read_text(encoding="utf-8")
    shown = run("digest", tmp_path, "--no-cache", "--no-embeddings")
    assert shown.stdout == out.read_text(encoding="utf-8")


def test_unusable_cache_is_one_warning_and_the_run_goes_on(tmp_path, capsys):
    db = tmp_path / "cache.sqlite"
    db.write_text("not a database " * 200)
    assert main(["digest", str(EXAMPLES / "vpa_wire.txt"), "--db", str(db),
                 "--no-embeddings", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == (f"storyweave: {db}: cache not usable (file is not a database); "
                            "running without it\n")
    assert json.loads(captured.out)["articles"][0]["id"] == "vpa_wire"


@pytest.fixture
def old_out(tmp_path):
    out = tmp_path / "digest.md"
    out.write_text("the previous digest\n")
    return out


def _digest_to(out, *extra):
    return ["digest", str(EXAMPLES / "vpa_wire.txt"), "--no-cache", "--no-embeddings",
            "--out", str(out), *extra]


def test_out_written_atomically(old_out, capsys):
    assert main(_digest_to(old_out)) == 0
    assert old_out.read_text().startswith("# ")
    assert [p.name for p in old_out.parent.iterdir()] == [old_out.name]  # no temporary left


def test_out_is_a_folder(tmp_path, capsys):
    assert main(_digest_to(tmp_path)) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"storyweave: {tmp_path}: cannot write the output (")
    assert err.count("\n") == 1


def test_out_in_a_read_only_folder_leaves_the_old_file(old_out, capsys):
    with read_only(old_out.parent):
        assert main(_digest_to(old_out)) == 3
    assert capsys.readouterr().err.count("\n") == 1
    assert old_out.read_text() == "the previous digest\n"


@pytest.fixture
def full_disk(tmp_path):
    """A folder on a 16 KB file system (a tmpfs: mounting needs root)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    folder = tmp_path / "small"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(folder)], check=True)
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_out_on_a_full_disk_leaves_the_old_file(full_disk, capsys):
    old = full_disk / "digest.html"
    old.write_text("the previous digest\n")
    assert main(["digest", str(EXAMPLES), "--no-cache", "--no-embeddings", "--format", "html",
                 "--out", str(old)]) == 3
    err = capsys.readouterr().err
    assert err == (f"storyweave: {old}: cannot write the output (No space left on device); "
                   "nothing was written\n")
    assert old.read_text() == "the previous digest\n"
    assert [p.name for p in full_disk.iterdir()] == [old.name]


def test_stdout_holds_only_the_json():
    """DUC 2004 d30015t once made HiGHS print a log line before the JSON."""
    result = run("digest", EVAL / "duc2004/docs/d30015t", "--format", "json", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]


def test_a_bug_is_one_line_not_a_traceback(monkeypatch, capsys):
    def broken(digest, fmt):
        raise KeyError("no such section")
    monkeypatch.setattr("storyweave.cli.render", broken)
    assert main(["digest", str(EXAMPLES / "vpa_wire.txt"), "--no-cache",
                 "--no-embeddings"]) == 70
    assert capsys.readouterr().err == (
        "storyweave: internal error (KeyError: 'no such section'); please report it\n")


@pytest.mark.parametrize("dataset", ["duc2004", "tac2010", "multinews", "analysis"])
def test_evaluate_on_a_bad_data_folder_is_one_line(tmp_path, dataset):
    (tmp_path / "notes.txt").write_text("not a dataset")
    result = run("evaluate", dataset, "--data", tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("storyweave: ")
    assert "Traceback" not in result.stderr


def test_evaluate_on_a_malformed_multinews_csv_is_one_line(tmp_path):
    (tmp_path / "multinews_dev.csv").write_text("documents,summary\n\"['unclosed\",A sum.\n")
    result = run("evaluate", "multinews", "--data", tmp_path)
    assert result.returncode == 2
    assert result.stderr == (f"storyweave: {tmp_path / 'multinews_dev.csv'}: not a multinews "
                             "data folder (row 1: SyntaxError in 'documents'/'summary')\n")


def test_out_to_a_device_or_a_link_writes_through(tmp_path, capsys):
    """A device is written, never renamed over (root could replace /dev/null with a file);
    a link's target gets the digest and the link stays a link."""
    assert main(_digest_to("/dev/null")) == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    target = tmp_path / "digest.md"
    target.write_text("old\n")
    (tmp_path / "link.md").symlink_to(target)
    assert main(_digest_to(tmp_path / "link.md")) == 0
    assert (tmp_path / "link.md").is_symlink() and target.read_text().startswith("# ")
