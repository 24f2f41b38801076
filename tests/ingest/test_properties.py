"""Every reader, on any bytes: articles, or one clear line, never another exception."""
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from storyweave.errors import InputError
from storyweave.ingest import files, formats

# Bytes that look like each format, then broken anywhere: tags, fields, encodings, controls.
PIECES = [b"<DOC>", b"</DOC>", b"<DOCNO>", b"</DOCNO>", b"<TEXT>", b"</TEXT>", b"<P>",
          b"<HEADLINE>", b"<DATE_TIME>", b"2024-09-02", b"HEADLINE:", b"DATE_TIME:", b"\n\n",
          b"{", b"}", b'"text":', b'"id":', b'"published":', b"\\ud800", b"[", b"]", b",",
          b"<html>", b"<body>", b"<p>", b"</p>", b"<!DOCTYPE html>", b"&amp;", b"&#0;",
          b" date ", b"The river rose. ", b"\xff", b"\xe2\x80\x94", b"\x00", b"\xfe\xff",
          b"\r\n", b"\x97", b"\x1b"]
DOCUMENTS = st.lists(st.one_of(st.sampled_from(PIECES), st.binary(max_size=8)),
                     max_size=40).map(b"".join)
SUFFIXES = [".txt", ".html", ".jsonl", ".sgml", "", ".0240"]


def check(parsed) -> None:
    """What a reader returns: articles with printable text, reasons of one line each."""
    articles, skipped = parsed
    for article in articles:
        assert isinstance(article.text, str) and article.text.strip()
        (article.id + article.text + (article.title or "")).encode("utf-8")
    for reason in skipped:
        assert reason and "\n" not in reason


@given(DOCUMENTS, st.sampled_from(SUFFIXES))
def test_read_file_on_any_bytes(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("f") / f"doc{suffix}"
    path.write_bytes(data)
    try:
        check(files.read_file(path))
    except InputError as err:
        assert str(err) and "\n" not in str(err)


@given(st.text(max_size=300), st.sampled_from([formats.parse_text, formats.parse_jsonl,
                                               formats.parse_sgml, formats.parse_tac,
                                               formats.parse_html]))
def test_every_parser_on_any_text(text, parser):
    try:
        check(parser(Path("doc.x"), text))
    except InputError as err:
        assert str(err) and "\n" not in str(err)


@given(DOCUMENTS)
def test_decode_gives_text_or_one_reason(data):
    try:
        text, warnings = files.decode(data)
    except InputError as err:
        assert "\n" not in str(err)
        return
    text.encode("utf-8")
    assert all("\n" not in w for w in warnings)
