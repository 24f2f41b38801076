"""Walk paths, read bytes safely, decode, and hand each file to its format's parser.

Every file either yields articles or one `Problem` naming it and the reason; one bad file
never stops the batch.
"""
from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from storyweave.errors import (E_BINARY, E_DUPLICATE_ID, E_EMPTY, E_ENCODING, E_GZIP,
                               E_NOT_FOUND, E_TOO_LARGE, E_UNSUPPORTED, InputError)
from storyweave.ingest import formats
from storyweave.records import Article, Problem

# A news article is rarely over 200 KB; 20 MB leaves room for a JSONL batch or an SGML
# bundle of many documents while refusing dumps that would exhaust memory downstream.
MAX_BYTES = int(os.environ.get("STORYWEAVE_MAX_BYTES", 20_000_000))

# Share of control characters (other than tab/newline/CR/form feed) above which decoded
# "text" is really binary; real articles carry none, mojibake a few.
MAX_CONTROL_SHARE = 0.01

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
                new = f"{article.id}~{len(seen)}"
                problems.append(Problem(article.path or "", E_DUPLICATE_ID.format(
                    id=article.id, other=seen[article.id], new=new)))
                article.id = new
            seen[article.id] = article.path or ""
            articles.append(article)
    return articles, problems


def iter_files(paths: list[str | Path]) -> Iterator[tuple[list[Article], list[Problem]]]:
    """The articles and problems of each file under `paths`, one file at a time, so a corpus
    of any size is read in constant memory."""
    for path in map(Path, paths):
        if not path.exists():
            yield [], [Problem(str(path), E_NOT_FOUND)]
            continue
        for file in _files(path):
            if file.name.lower().endswith(WARC_SUFFIXES):
                yield from formats.iter_warc(file, MAX_BYTES)
                continue
            try:
                found, skipped = read_file(file)
            except InputError as err:
                yield [], [Problem(str(file), str(err))]
                continue
            except OSError as err:
                yield [], [Problem(str(file), f"cannot read: {err.strerror or err}")]
                continue
            yield found, [Problem(str(file), reason) for reason in skipped]


def _files(path: Path):
    if path.is_file():
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
    size = path.stat().st_size
    if size == 0:
        raise InputError(E_EMPTY)
    if size > MAX_BYTES:
        raise InputError(E_TOO_LARGE.format(size=size, limit=MAX_BYTES))
    data, name = path.read_bytes(), path
    if path.suffix.lower() == ".gz":
        data, name = _gunzip(data), path.with_suffix("")
    text = decode(data)
    if not text.strip():
        raise InputError(E_EMPTY)
    parser = PARSERS.get(name.suffix.lower())
    if parser is None:
        parser = _sniff(name, text)
    articles, skipped = parser(name, text)  # ids from the name within the .gz
    for article in articles:
        article.path = str(path)
    return articles, skipped


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


def decode(data: bytes) -> str:
    """Decode bytes as UTF-8 (BOM allowed), UTF-16 with a BOM, or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise InputError(E_ENCODING) from None
    if b"\x00" in data:
        raise InputError(E_BINARY)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return _check_text(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise InputError(E_ENCODING)


def _check_text(text: str) -> str:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > MAX_CONTROL_SHARE * len(text):
        raise InputError(E_BINARY)
    return text
