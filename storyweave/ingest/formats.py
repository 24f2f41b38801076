"""One parser per input format: (path, decoded text) -> (raw `Article`s, skipped parts).

The second element names parts of a file that could not be used while the rest could
(a malformed line of a JSONL batch); a file that yields nothing raises `InputError`.

Parsers only read what the format states (ids, titles, dates, outlets); deciding which
lines are the story is `clean`'s job.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from storyweave.errors import (E_EMPTY, E_JSON_FIELD, E_JSON_LINE, E_NO_TEXT, E_SGML,
                               E_SGML_PART, E_TAC, E_TOO_LARGE, E_WARC, E_WARC_RECORD,
                               InputError)
from storyweave.records import Article, Problem

Parsed = tuple[list[Article], list[str]]

# Crawled plain text may open with " date YYYY-MM-DD" before the first sentence.
DATE_PREFIX = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
# A <DOC> runs to its </DOC> or, when that is missing, up to the next <DOC> (never across it).
DOC_OPEN = re.compile(r"<DOC>", re.I)
DOC_CLOSE = re.compile(r"</DOC>", re.I)
# DUC/TREC document numbers carry the date: APW19981016.0240, NYT19981026.0292.
# JSON's "\\ud800" escapes can give a string half a surrogate pair, which no file can hold.
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Characters of the longest DOCNO accepted (TREC's and TAC's are under 30).
MAX_DOCNO = 100
DOCNO_DATE = re.compile(r"[A-Z_]{2,}(\d{4})(\d{2})(\d{2})")


def parse_text(path: Path, text: str) -> Parsed:
    """Plain text as crawled: an optional ` date YYYY-MM-DD` prefix, then lines."""
    published = None
    match = DATE_PREFIX.match(text)
    if match:
        published = _iso_date(match.group(1))
        text = text[match.end():]
    if not text.strip():
        raise InputError(E_EMPTY)
    return [Article(id=path.stem, text=text, published=published, format="txt", path=str(path))], []


def parse_html(path: Path, text: str) -> Parsed:
    """HTML through trafilatura (main text, title, site name, URL) and htmldate (date)."""
    import trafilatura
    from htmldate import find_date
    from trafilatura.metadata import extract_metadata

    try:
        body = trafilatura.extract(text, include_comments=False, include_tables=False,
                                   favor_precision=True, deduplicate=False)
    except Exception as err:  # lxml raises many types on broken markup
        raise InputError(E_NO_TEXT.format(detail=f"HTML not parsable: {err}")) from None
    if not body or not body.strip():
        raise InputError(E_NO_TEXT.format(detail="HTML has no main text"))
    meta = extract_metadata(text)
    try:
        published = find_date(text, outputformat="%Y-%m-%dT%H:%M:%S", original_date=True,
                              extensive_search=False)
    except Exception:  # htmldate is best effort; no date is an honest answer
        published = None
    if published and published.endswith("T00:00:00"):
        published = published[:10]
    return [Article(id=path.stem, text=body, title=meta.title if meta else None,
                    source=meta.sitename if meta else None,
                    url=meta.url if meta else None, published=published,
                    format="html", path=str(path))], []


# Articles handed on at a time from a web archive: a CC-NEWS file holds tens of thousands.
WARC_CHUNK = 64
CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)


def iter_warc(path: Path, max_bytes: int) -> Iterator[tuple[list[Article], list[Problem]]]:
    """A web archive (CC-NEWS style, gzipped or not), streamed: each HTML response or resource
    record through `parse_html`; id from the URL (the same page crawled twice is one
    article), date from the page or else the crawl. A bad record is one problem."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    articles: list[Article] = []
    problems: list[Problem] = []
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type not in ("response", "resource"):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                try:
                    articles.append(_warc_article(path, record, uri, max_bytes))
                except InputError as err:
                    problems.append(Problem(str(path), E_WARC_RECORD.format(uri=uri,
                                                                            detail=err)))
                if len(articles) >= WARC_CHUNK:
                    yield articles, problems
                    articles, problems = [], []
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as err:
        problems.append(Problem(str(path), E_WARC.format(detail=str(err).splitlines()[0])))
    if articles or problems:
        yield articles, problems


def _warc_article(path: Path, record, uri: str, max_bytes: int) -> Article:
    headers = record.http_headers
    kind = (headers.get_header("Content-Type") if headers else None) or \
        record.rec_headers.get_header("Content-Type") or ""
    if "html" not in kind.lower():
        raise InputError(E_NO_TEXT.format(detail=f"content type {kind or 'unknown'}, not HTML"))
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(E_TOO_LARGE.format(size=len(data), limit=max_bytes))
    charset = CHARSET.search(kind)
    try:
        text = data.decode(charset.group(1) if charset else "utf-8", errors="replace")
    except LookupError:  # an unknown charset name
        text = data.decode("utf-8", errors="replace")
    [article], _ = parse_html(path, text)
    article.id = "warc-" + hashlib.sha1(uri.encode("utf-8")).hexdigest()[:16]
    article.url = uri or article.url
    article.format = "warc"
    if not article.published:
        article.published = _iso(record.rec_headers.get_header("WARC-Date") or "")
    return article


def parse_jsonl(path: Path, text: str) -> Parsed:
    """One JSON object per line: `text` required; `id`, `title`, `url`, `source`, `published`."""
    articles, errors = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            errors.append(E_JSON_LINE.format(line=number, detail=err.msg))
            continue
        if not isinstance(record, dict):
            errors.append(E_JSON_FIELD.format(line=number, detail="not a JSON object"))
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            errors.append(E_JSON_FIELD.format(line=number, detail="missing or empty 'text'"))
            continue
        published = record.get("published")
        articles.append(Article(
            id=_str(record.get("id")) or f"{path.stem}-{number}", text=_str(body),
            title=_str(record.get("title")), source=_str(record.get("source")),
            url=_str(record.get("url")), published=_iso(published) if published else None,
            format="jsonl", path=str(path)))
    if errors and not articles:
        raise InputError("; ".join(errors[:3]))
    return articles, errors


def parse_sgml(path: Path, text: str) -> Parsed:
    """TREC/DUC SGML: one or more `<DOC>` with DOCNO, optional HEADLINE/DATE_TIME, TEXT.

    A <DOC> that is not closed, or has no DOCNO or TEXT, is skipped with its reason; the
    others are read."""
    starts = [m.end() for m in DOC_OPEN.finditer(text)]
    if not starts:
        raise InputError(E_SGML.format(detail="no <DOC>...</DOC> element"))
    articles, errors = [], []
    for number, (start, end) in enumerate(zip(starts, starts[1:] + [len(text)]), 1):
        block = text[start:end]
        close = DOC_CLOSE.search(block)
        docno = _docno(block[:close.start()] if close else block)
        name = docno or f"<DOC> number {number}"
        if close is None:
            errors.append(E_SGML_PART.format(detail=f"{name} has no </DOC>"))
            continue
        block = block[:close.start()]
        body = _tag(block, "TEXT")
        if not docno:
            errors.append(E_SGML_PART.format(detail=f"{name} has no <DOCNO>"))
            continue
        if body is None or not body.strip():
            errors.append(E_SGML_PART.format(detail=f"{docno} has no <TEXT>"))
            continue
        paragraphs = re.split(r"\s*<P>\s*|\n\s*\n|\n(?=\t|  )", body, flags=re.I)
        paragraphs = [" ".join(re.sub(r"</?P>", " ", p, flags=re.I).split()) for p in paragraphs]
        stamp = _tag(block, "DATE_TIME") or _tag(block, "DATE")
        published = (_iso(stamp) if stamp else None) or _docno_date(docno)
        articles.append(Article(
            id=docno, text=_untokenize_quotes("\n\n".join(p for p in paragraphs if p)),
            title=_clean_tag(_tag(block, "HEADLINE")), published=published,
            source=_outlet(docno), format="sgml", path=str(path)))
    if not articles:
        raise InputError("; ".join(errors[:3]))
    return articles, errors


def parse_tac(path: Path, text: str) -> Parsed:
    """TAC 2010 tokenized docs: `HEADLINE:` and `DATE_TIME:` lines, then a sentence a line."""
    header, _, body = text.partition("\n\n")
    fields = dict(line.split(":", 1) for line in header.splitlines() if ":" in line)
    if "HEADLINE" not in fields and "DATE_TIME" not in fields:
        raise InputError(E_TAC.format(detail="no HEADLINE:/DATE_TIME: header"))
    paragraphs = [" ".join(untokenize(line) for line in p.splitlines() if line.strip())
                  for p in re.split(r"\n\s*\n", body)]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise InputError(E_TAC.format(detail="no text after the header"))
    # DATE_TIME is sometimes a dateline ("BERLIN, Jan 12"): the file name (the DOCNO) dates it.
    stamp = fields.get("DATE_TIME", "").strip()
    return [Article(id=path.name, text="\n\n".join(paragraphs),
                    title=untokenize(fields.get("HEADLINE", "").strip()) or None,
                    published=(_iso(stamp) if stamp else None) or _docno_date(path.name),
                    source=_outlet(path.name),
                    format="tac", path=str(path))], []


def untokenize(line: str) -> str:
    """Undo Penn-Treebank-style tokenization (`( AP ) --`, `did n't`, `` `` x '' ``)."""
    line = re.sub(r"``\s*", '"', line)  # opening quotes hug the next word
    line = re.sub(r"\s*''", '"', line)  # closing quotes hug the previous one
    line = re.sub(r"\s+([,.;:!?%)\]}])", r"\1", line)
    line = re.sub(r"([(\[{$])\s+", r"\1", line)
    line = re.sub(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", line, flags=re.I)
    return re.sub(r"\s{2,}", " ", line).strip()


def _untokenize_quotes(text: str) -> str:
    return text.replace("``", '"').replace("''", '"')


def _docno(block: str) -> str | None:
    """The DOCNO of a <DOC>: one word. Anything else (an unclosed tag that ran into the
    text, found by fuzzing) is no DOCNO, so an id or a reason never spans lines."""
    value = _tag(block, "DOCNO")
    return value if value and len(value.split()) == 1 and len(value) <= MAX_DOCNO else None


def _tag(block: str, name: str) -> str | None:
    match = re.search(rf"<{name}>(.*?)</{name}>", block, re.S | re.I)
    return match.group(1).strip() if match else None


def _clean_tag(value: str | None) -> str | None:
    return " ".join(re.sub(r"<[^>]+>", " ", value).split()) or None if value else None


def _docno_date(docno: str) -> str | None:
    """The date a DOCNO carries after its outlet (`AFP_ENG_20041001.0699`), if any."""
    match = DOCNO_DATE.match(docno)
    return _iso_date("-".join(match.groups())) if match else None


def _outlet(docno: str) -> str | None:
    match = re.match(r"([A-Z]{2,})", docno)
    return {"APW": "Associated Press", "NYT": "New York Times", "XIE": "Xinhua",
            "AFP": "Agence France-Presse"}.get(match.group(1)) if match else None


def _str(value) -> str | None:
    return LONE_SURROGATE.sub("\ufffd", str(value).strip()) or None if value is not None \
        else None


def _iso_date(value: str) -> str | None:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _iso(value) -> str | None:
    """Normalise a date or datetime string to ISO 8601; None when it is not one."""
    value = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return _iso_date(value)
    for parse in (dt.datetime.fromisoformat, dt.date.fromisoformat):
        try:
            return parse(value.replace("Z", "+00:00")).isoformat()
        except ValueError:
            continue
    match = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value)
    return _iso_date("-".join(match.groups())) if match else None
