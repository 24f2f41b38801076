"""Bad input: one clear line per file, the rest of the batch still read."""
import shutil

import pytest

from storyweave.ingest import files, read_paths
from tests.paths import SEEDS


@pytest.fixture
def batch(tmp_path):
    """A folder holding one good seed article and one bad file of each kind."""
    shutil.copy(SEEDS / "000_23681386da3cda5e.txt", tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   \n\n  ")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "utf16.txt").write_bytes("A soldier ran.\n".encode("utf-16"))
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owners said prices rose.".encode("latin-1"))
    (tmp_path / "broken.jsonl").write_text('{"id": "j1", "text": "A line of news."}\n'
                                           '{"id": "j2", "text": \n'
                                           '["not", "an", "object"]\n')
    (tmp_path / "bad.sgml").write_text("<DOC><DOCNO>X1</DOCNO> no text element </DOC>")
    (tmp_path / "nodoc.sgml").write_text("no doc element at all")
    (tmp_path / "page.html").write_text("<html><body><div></div></body></html>")
    return tmp_path


def test_bad_files_are_named_and_batch_goes_on(batch):
    articles, problems = read_paths([batch])
    ids = {a.id for a in articles}
    assert {"good", "utf16", "latin1", "j1"} <= ids
    reasons = {p.path.rsplit("/", 1)[-1]: p.reason for p in problems}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.txt"] == "empty file"
    assert reasons["binary.txt"].startswith("binary file")
    assert "malformed JSON" in reasons["broken.jsonl"] or "line" in reasons["broken.jsonl"]
    assert "no <TEXT>" in reasons["bad.sgml"]
    assert "no <DOC>" in reasons["nodoc.sgml"]
    assert "no article text" in reasons["page.html"]
    for problem in problems:
        assert "\n" not in problem.reason and problem.path.startswith(str(batch))


def test_jsonl_bad_lines_each_reported(batch):
    articles, problems = read_paths([batch / "broken.jsonl"])
    assert [a.id for a in articles] == ["j1"]
    assert [p.reason for p in problems] == ["line 2: malformed JSON (Expecting value)",
                                            "line 3: not a JSON object"]


def test_latin1_decoded(batch):
    [article], _ = read_paths([batch / "latin1.txt"])
    assert article.text.startswith("Café")


def test_huge_file_refused(batch, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    articles, problems = read_paths([batch / "good.txt"])
    assert articles == []
    assert "over the 1,000-byte limit" in problems[0].reason


def test_missing_path(tmp_path):
    articles, problems = read_paths([tmp_path / "nope"])
    assert articles == [] and problems[0].reason == "no such file or folder"


def test_unsupported_suffix_named(tmp_path):
    (tmp_path / "notes.docx").write_text("hello")
    _, problems = read_paths([tmp_path / "notes.docx"])
    assert "unsupported file type '.docx'" in problems[0].reason
