"""Walk paths, read bytes safely, decode, and hand each file to its format's parser.

Every file either yields articles or one `Problem` naming it and the reason; one bad file
never stops the batch.
"""
from __future__ import annotations

import os
import re
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path

from storyweave.errors import (E_BAD_BYTES, E_BINARY, E_DUPLICATE_ID, E_EMPTY, E_ENCODING,
                               E_GZIP, E_NOT_FOUND, E_NOT_REGULAR, E_TOO_LARGE, E_UNEXPECTED,
                               E_UNSUPPORTED, InputError, shown)
from storyweave.ingest import formats
from storyweave.records import Article, Problem

# A news article is rarely over 200 KB; 20 MB leaves room for a JSONL batch or an SGML
# bundle of many documents while refusing dumps that would exhaust memory downstream.
MAX_BYTES = int(os.environ.get("STORYWEAVE_MAX_BYTES", 20_000_000))

# A well-formed multi-byte UTF-8 sequence (a lead byte and its continuation bytes). Text in
# Windows-1252 almost never holds one ("Ã©" would have to stand next to each other), so a file
# holding more of them than invalid bytes is UTF-8 with stray bytes, not Windows-1252.
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|"
                           rb"[\xf0-\xf4][\x80-\xbf]{3}")

# Share of control characters (other than tab/newline/CR/form feed) above which decoded
# "text" is really binary; real articles carry none, mojibake a few.
MAX_CONTROL_SHARE = 0.01
# Control characters (below 32) that text has no use for: all but tab, newline, form feed
# and carriage return. Counted by a regular expression: a loop over the characters cost
# 0.6 ms an article of a JSONL feed, a tenth of the ingest's main process.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")

PARSERS = {
    ".txt": formats.parse_text, ".text": formats.parse_text,
    ".html": formats.parse_html, ".htm": formats.parse_html, ".xhtml": formats.parse_html,
    ".jsonl": formats.parse_jsonl, ".ndjson": formats.parse_jsonl,
    ".sgml": formats.parse_sgml, ".sgm": formats.parse_sgml,
}
# Web archives, read as a stream of records (gzipped or not) whatever their size.
WARC_SUFFIXES = (".warc", ".warc.gz")
# Inside a folder, files that are plainly not articles are passed over without complaint.
SKIPPED_IN_FOLDERS = {".md", ".json", ".py", ".csv", ".tsv", ".yaml", ".yml", ".toml", ".cfg",
                      ".png", ".jpg", ".jpeg", ".gif", ".svg", ".pdf", ".zip", ".db",
                      ".sqlite", ".pyc", ".log"}


def read_paths(paths: list[str | Path]) -> tuple[list[Article], list[Problem]]:
    """Read every article under `paths` (files, or folders walked recursively in name order);
    an id read twice is renamed (one story's digest needs every id once)."""
    articles: list[Article] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for found, trouble in iter_files(paths):
        problems.extend(trouble)
        for article in found:
            if article.id in seen:
                new = unused_id(article.id, seen)
                problems.append(Problem(article.path, E_DUPLICATE_ID.format(
                    id=article.id, other=seen[article.id], new=new)))
                article.id = new
            seen[article.id] = article.path
            articles.append(article)
    return articles, problems


def iter_files(paths: list[str | Path]) -> Iterator[tuple[list[Article], list[Problem]]]:
    """The articles and problems of each file under `paths`, one file (or a web archive's
    chunk of records) at a time, so a corpus of any size is read in constant memory."""
    for path in map(Path, paths):
        if not os.path.lexists(path):
            yield [], [Problem(shown(path), E_NOT_FOUND)]
            continue
        for file in _files(path):
            name = shown(file)
            if file.name.lower().endswith(WARC_SUFFIXES):
                parts = formats.iter_warc(file, MAX_BYTES)
            else:
                try:
                    found, skipped = read_file(file)
                except InputError as err:
                    found, skipped = [], [str(err)]
                except OSError as err:
                    found, skipped = [], [f"cannot read: {err.strerror or err}"]
                except Exception as err:  # a bug in a parser must not stop the batch
                    found, skipped = [], [unexpected(err)]
                parts = [(found, [Problem(name, reason) for reason in skipped])]
            for found, trouble in parts:
                for article in found:
                    article.id, article.path = shown(article.id), name
                yield found, trouble


def unexpected(err: Exception) -> str:
    """The one-line reason for an error no stage foresaw."""
    return E_UNEXPECTED.format(**unexpected_detail(err))


def unexpected_detail(err: Exception) -> dict[str, str]:
    """An unforeseen error's kind and message, the message on one line of printable text."""
    return {"kind": type(err).__name__,
            "detail": shown(" ".join(str(err).split())[:200]) or "no message"}


def unused_id(article_id: str, seen: dict[str, str]) -> str:
    """`article_id~n` with the smallest n from 2 that no article read so far has."""
    n = 2
    while f"{article_id}~{n}" in seen:
        n += 1
    return f"{article_id}~{n}"


def _files(path: Path):
    if not path.is_dir():  # a file, a device or a FIFO: read_file says what it is
        yield path
        return
    for root, dirs, names in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            file = Path(root) / name
            if name.startswith(".") or name.lower().startswith("readme"):
                continue
            if file.suffix.lower() in SKIPPED_IN_FOLDERS:
                continue
            yield file


def read_file(path: Path) -> formats.Parsed:
    """Parse one file into articles and skipped parts; `InputError` when nothing is usable."""
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):  # never opened: reading a FIFO would wait for a writer
        raise InputError(E_NOT_REGULAR.format(kind=_kind(mode)))
    with open(path, "rb") as handle:  # read at most one byte over the limit, whatever stat said
        data = handle.read(MAX_BYTES + 1)
    if not data:
        raise InputError(E_EMPTY)
    if len(data) > MAX_BYTES:
        raise InputError(E_TOO_LARGE.format(size=max(path.stat().st_size, len(data)),
                                            limit=MAX_BYTES))
    if path.suffix.lower() == ".gz":  # parsed by the name within: ids, formats
        return parse_bytes(path.with_suffix(""), _gunzip(data))
    return parse_bytes(path, data)


def _gunzip(data: bytes) -> bytes:
    """The content of a gzip file (all its members), refused when it is not gzip or past
    the size limit once unpacked (a small file may unpack to gigabytes)."""
    out = b""
    try:
        while data:
            reader = zlib.decompressobj(wbits=31)
            out += reader.decompress(data, MAX_BYTES + 1 - len(out))
            if len(out) > MAX_BYTES:
                raise InputError(E_TOO_LARGE.format(size=len(out), limit=MAX_BYTES))
            data = reader.unused_data.lstrip(b"\0")
    except zlib.error as err:
        raise InputError(E_GZIP.format(detail=err)) from None
    return out


def parse_bytes(path: Path, data: bytes) -> formats.Parsed:
    """Decode a file's bytes and parse them in the format its name (or content) says."""
    text, warnings = decode(data)
    if not text.strip():
        raise InputError(E_EMPTY)
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        parser = _sniff(path, text)
    articles, skipped = parser(path, text)
    return articles, warnings + skipped


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a file"


def _sniff(path: Path, text: str):
    """Pick a parser for files whose suffix says nothing (DUC's `APW19981016.0240`)."""
    head = text.lstrip()[:200].lower()
    if head.startswith("<doc"):
        return formats.parse_sgml
    if head.startswith("headline:") or head.startswith("date_time:"):
        return formats.parse_tac
    if head.startswith("<!doctype html") or head.startswith("<html"):
        return formats.parse_html
    if head.startswith("{"):
        return formats.parse_jsonl
    suffix = path.suffix
    if suffix and not suffix[1:].isdigit():
        raise InputError(E_UNSUPPORTED.format(suffix=suffix))
    return formats.parse_text


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes decoded as UTF-8 (BOM allowed), UTF-16 with a BOM, or Windows-1252, and a
    warning when bytes were replaced: a UTF-8 file with a few stray bytes stays UTF-8 (the
    stray ones shown as U+FFFD) rather than turning into mojibake ("—" as "â€”")."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16")), []
        except UnicodeDecodeError:
            raise InputError(E_ENCODING) from None
    if b"\x00" in data:
        raise InputError(E_BINARY)
    try:
        return _check_text(data.decode("utf-8-sig")), []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if len(UTF8_SEQUENCE.findall(data)) > bad:
        return _check_text(text), [E_BAD_BYTES.format(count=bad)]
    try:
        return _check_text(data.decode("cp1252")), []
    except UnicodeDecodeError:
        raise InputError(E_ENCODING) from None


def _check_text(text: str) -> str:
    if len(CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise InputError(E_BINARY)
    return text
