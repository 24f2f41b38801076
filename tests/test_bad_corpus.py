"""The bad-input corpus (tests/data/bad, plus huge files, a FIFO and odd names made here)
digested with the demo corpus: one stderr line per unusable file, exit 1, the good ones
digested, every output format valid."""
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from storyweave.cli import main
from storyweave.ingest import files
from tests.paths import EXAMPLES, ROOT

BAD = ROOT / "tests" / "data" / "bad"
# What each file of the corpus gives: the start of its stderr reason, or None when it is read.
EXPECTED = {
    "binary.txt": "binary file", "nul.txt": "binary file", "blank.txt": "empty file",
    "empty.txt": "empty file", "broken.jsonl": "line 1: malformed JSON",
    "broken.sgml": "malformed SGML: LV001 has no </DOC>",
    "nodocno.sgml": "malformed SGML: <DOC> number 1 has no <DOCNO>",
    "deep.html": "no article text found", "laughs.html": "no article text found",
    "script_only.html": "no article text found",
    "noheader.tac": "unsupported file type '.tac'",
    "russian.txt": "no article text found (not English (ru))",
    "chinese.txt": "no article text found (not English (zh))",
    "paywall.txt": "too little story text",
    "stray_byte.txt": "1 byte(s) not valid UTF-8",
    "huge.txt": "file is 300,000 bytes, over the 200,000-byte limit",
    "long_story.txt": "story too long",
    "pipe.txt": "not a regular file (a FIFO)",
    "odd\\nname\\xff.txt": "empty file",
    "cp1252.txt": None, "utf16.txt": None,
}
READ = {"cp1252", "utf16", "stray_byte", "long_story", "alder_gazette", "vpa_wire",
        "northern_ledger", "meridian_update", "coastline24"}
LIMIT = 200_000


def make_batch(folder: Path) -> Path:
    """`folder` filled with the bad corpus (under bad/) and the demo corpus (under good/)."""
    shutil.copytree(BAD, folder / "bad")
    shutil.copytree(EXAMPLES, folder / "good")
    (folder / "bad" / "huge.txt").write_text("The river rose. " * (300_000 // 16))
    (folder / "bad" / "long_story.txt").write_text(
        "\n\n".join(f"Crews cleared road {i} after the storm, the council said." for i in
                    range(LIMIT // 60)))
    os.mkfifo(folder / "bad" / "pipe.txt")
    with open(os.path.join(bytes(folder / "bad"), b"odd\nname\xff.txt"), "wb"):
        pass
    return folder


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    return make_batch(tmp_path_factory.mktemp("bad"))


def problems_by_file(stderr: str, folder: Path) -> dict[str, str]:
    found = {}
    for line in stderr.splitlines():
        assert line.startswith(f"storyweave: {folder}/"), line
        path, reason = line[len("storyweave: "):].split(": ", 1)
        name = path.rsplit("/", 1)[-1]
        assert name not in found, f"two lines for {name}"
        found[name] = reason
    return found


def check_problems(stderr: str, folder: Path) -> None:
    found = problems_by_file(stderr, folder)
    assert set(found) == {n for n, r in EXPECTED.items() if r}
    for name, reason in found.items():
        assert reason.startswith(EXPECTED[name]), (name, reason)


def test_cli_process_digests_the_good_and_names_each_bad_file(batch, tmp_path):
    out = tmp_path / "digest.json"
    env = {**os.environ, "STORYWEAVE_MAX_BYTES": str(LIMIT), "STORYWEAVE_MAX_CHARS": "5000"}
    result = subprocess.run([sys.executable, "-m", "storyweave", "digest", str(batch),
                             "--format", "json", "--out", str(out), "--no-cache"],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 1 and result.stdout == ""
    check_problems(result.stderr, batch)
    digest = json.loads(out.read_text(encoding="utf-8"))
    assert {a["id"] for a in digest["articles"]} == READ
    assert digest["summary"]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_every_format_is_valid(batch, fmt, monkeypatch, capsys):
    monkeypatch.setattr(files, "MAX_BYTES", LIMIT)
    monkeypatch.setattr("storyweave.pipeline.MAX_CHARS", 5000)
    assert main(["digest", str(batch), "--format", fmt, "--no-cache", "--no-embeddings"]) == 1
    captured = capsys.readouterr()
    check_problems(captured.err, batch)
    captured.out.encode("utf-8")
    if fmt == "markdown":
        tokens = MarkdownIt("commonmark").parse(captured.out)
        headings = [t for t in tokens if t.type == "heading_open"]
        assert headings[0].tag == "h1" and all(h.tag == "h2" for h in headings[1:])
        sources = captured.out.split("## Sources\n\n", 1)[1].splitlines()
        assert len(sources) == len(READ)
    else:
        parser = HTMLParser()
        parser.feed(captured.out)
        parser.close()
        assert captured.out.rstrip().endswith("</html>")
        assert captured.out.count("<li id=\"src-") == len(READ)
