"""Bad input: one clear line per file, the rest of the batch still read."""
import os
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


# --- issue 13: inputs lost or accepted silently ---------------------------------------------

STORY = ("The harbour board said on Monday that the new pier would open in the spring, after "
         "two years of work and a long dispute over its cost.")


@pytest.mark.parametrize("special", ["/dev/null", "fifo"])
def test_device_or_fifo_given_directly_is_named(tmp_path, special):
    if special == "fifo":
        special = tmp_path / "pipe.txt"
        os.mkfifo(special)  # opening it would wait for a writer forever
    articles, problems = read_paths([special])
    assert articles == []
    assert [p.path for p in problems] == [str(special)]
    assert problems[0].reason.startswith("not a regular file (a ")


def test_unclosed_doc_does_not_swallow_the_next(tmp_path):
    (tmp_path / "two.sgml").write_text(
        f"<DOC><DOCNO>A1</DOCNO><TEXT>{STORY}</TEXT>\n"
        f"<DOC><DOCNO>B2</DOCNO><TEXT>{STORY.replace('pier', 'quay')}</TEXT></DOC>\n")
    articles, problems = read_paths([tmp_path / "two.sgml"])
    assert [a.id for a in articles] == ["B2"] and "quay" in articles[0].text
    assert [p.reason for p in problems] == [
        "malformed SGML: A1 has no </DOC>; that <DOC> skipped"]


def test_doc_without_docno_skips_only_itself(tmp_path):
    (tmp_path / "three.sgml").write_text(
        f"<DOC><DOCNO>A1</DOCNO><TEXT>{STORY}</TEXT></DOC>\n"
        f"<DOC><TEXT>{STORY}</TEXT></DOC>\n"
        f"<DOC><DOCNO>C3</DOCNO><TEXT>{STORY}</TEXT></DOC>\n")
    articles, problems = read_paths([tmp_path / "three.sgml"])
    assert [a.id for a in articles] == ["A1", "C3"]
    assert [p.reason for p in problems] == [
        "malformed SGML: <DOC> number 2 has no <DOCNO>; that <DOC> skipped"]


def test_stray_byte_keeps_utf8_and_warns(tmp_path):
    text = f"{STORY} — the board’s chair, Zoë Hart, agreed.\n"
    (tmp_path / "stray.txt").write_bytes(text.encode() + b"\xff tail.\n")
    [article], [problem] = read_paths([tmp_path / "stray.txt"])
    assert "— the board’s chair, Zoë Hart" in article.text and "\ufffd tail" in article.text
    assert "â€" not in article.text
    assert problem.reason.startswith("1 byte(s) not valid UTF-8")


def test_windows_1252_file_still_read_without_warning(tmp_path):
    (tmp_path / "cp.txt").write_bytes(f"{STORY} Zoë’s café — open.".encode("cp1252"))
    [article], problems = read_paths([tmp_path / "cp.txt"])
    assert "Zoë’s café — open." in article.text and problems == []


def test_renamed_duplicate_ids_never_collide(tmp_path):
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
    (tmp_path / "a" / "x~2.txt").write_text(STORY)
    (tmp_path / "b" / "x.txt").write_text(STORY)
    (tmp_path / "c" / "x.txt").write_text(STORY)
    articles, problems = read_paths([tmp_path])
    ids = [a.id for a in articles]
    assert ids == ["x~2", "x", "x~3"] and len(problems) == 1


def test_odd_file_names_are_shown_escaped_on_one_line(tmp_path):
    names = [b"caf\xff.txt", b"two\nlines.txt", b"tab\there.txt"]
    for name in names:
        with open(os.path.join(bytes(tmp_path), name), "wb") as out:
            out.write(b"")
    _, problems = read_paths([tmp_path])
    shown = sorted(p.path.rsplit("/", 1)[-1] for p in problems)
    assert shown == ["caf\\xff.txt", "tab\\there.txt", "two\\nlines.txt"]
    for problem in problems:
        str(problem).encode("utf-8")  # printable: no surrogates left
        assert "\n" not in str(problem)


def test_lone_surrogates_in_jsonl_are_replaced(tmp_path):
    (tmp_path / "s.jsonl").write_text('{"id": "a\\ud800", "text": "%s \\udfff"}\n' % STORY)
    [article], _ = read_paths([tmp_path / "s.jsonl"])
    (article.id + article.text).encode("utf-8")
    assert article.text.endswith("\ufffd")


def test_parser_bug_is_that_files_line(tmp_path, monkeypatch):
    def broken(path, text):
        raise RuntimeError("boom\nsecond line")
    monkeypatch.setitem(files.PARSERS, ".txt", broken)
    (tmp_path / "a.txt").write_text(STORY)
    articles, [problem] = read_paths([tmp_path / "a.txt"])
    assert articles == []
    assert problem.reason == "could not be processed (RuntimeError: boom second line)"


@pytest.mark.parametrize("controls, binary", [
    ("\t\n\r\f" * 50, False),  # layout characters are text
    ("\x0b", False),  # one stray control character among 200 letters
    ("\x01\x07\x0b\x0e\x1f", True),  # five: above the share
])
def test_control_characters_above_their_share_make_a_file_binary(tmp_path, controls, binary):
    (tmp_path / "a.txt").write_bytes(("The ferry ran late. " * 10 + controls).encode("utf-8"))
    articles, problems = read_paths([tmp_path / "a.txt"])
    assert bool(problems) == binary
    assert (problems[0].reason.startswith("binary file") if binary else len(articles) == 1)
