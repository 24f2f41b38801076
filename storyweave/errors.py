"""Errors a user can cause, as named messages: one line each, naming the reason.

Stages raise `InputError(MESSAGE.format(...))`; the CLI prints `path: message` and goes on
with the rest of the batch. Anything else is a bug: the CLI still names it in one line (the
file it happened on, or `E_INTERNAL`) rather than showing a user a traceback.
"""
from __future__ import annotations

import os
import re

# Line breaks and other control characters in a name would split or forge stderr lines and
# Markdown structure; they are shown escaped, as Python writes them in a string literal.
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


class InputError(Exception):
    """An input file (or part of one) that cannot be used; the message is one line."""


class UsageError(Exception):
    """The command was called wrongly (exit code 2)."""


class OutputError(Exception):
    """An output file could not be written (exit code 3); nothing was. One line."""


E_NOT_FOUND = "no such file or folder"
E_EMPTY = "empty file"
E_TOO_LARGE = "file is {size:,} bytes, over the {limit:,}-byte limit (STORYWEAVE_MAX_BYTES)"
E_BINARY = "binary file (holds NUL or control bytes), not text"
E_ENCODING = "cannot be decoded as UTF-8, UTF-16 or Windows-1252"
E_UNSUPPORTED = "unsupported file type {suffix!r} (txt, html, jsonl, sgml, TAC, warc, .gz)"
E_GZIP = "not a readable gzip file ({detail})"
E_WARC = "malformed WARC: {detail}"
E_WARC_RECORD = "WARC record {uri}: {detail}"
E_NO_TEXT = "no article text found ({detail})"
E_JSON_LINE = "line {line}: malformed JSON ({detail})"
E_JSON_FIELD = "line {line}: {detail}"
E_SGML = "malformed SGML: {detail}"
E_TAC = "malformed TAC file: {detail}"
E_NO_ARTICLES = "no articles to digest"
E_DUPLICATE_ID = "article id {id!r} already read from {other}; renamed to {new!r}"
E_READ_ONLY = "this server shows folders and stores nothing: start it with --store FILE to ingest"
E_NO_TOKEN = "writes are disabled: the server was started without STORYWEAVE_TOKEN"
E_BAD_TOKEN = "a write needs the header 'Authorization: Bearer <STORYWEAVE_TOKEN>'"
E_BODY_TOO_LARGE = "request body over the {limit:,}-byte limit"
E_BAD_JSON = "the body is not valid JSON: {detail}"
E_UNKNOWN_STORY = "no story with id {id!r}"
E_NOT_FOUND_PAGE = "no such page"
E_BAD_DATE = "{value!r} is not a date (YYYY-MM-DD)"
E_NOT_UNICODE = "not Unicode text (holds half of a surrogate pair)"
E_NOT_REGULAR = "not a regular file ({kind}); give the file itself"
E_BAD_BYTES = ("{count:,} byte(s) not valid UTF-8 in an otherwise UTF-8 file, shown as "
               "U+FFFD")
E_SGML_PART = "malformed SGML: {detail}; that <DOC> skipped"
E_TOO_SHORT = ("too little story text ({words} words in statements after cleaning; an article "
               "has at least {least})")
E_TRUNCATED = ("story too long: only its first {kept:,} characters are analysed (limit "
               "{limit:,}, STORYWEAVE_MAX_CHARS)")
E_UNEXPECTED = "could not be processed ({kind}: {detail})"
E_INTERNAL = "internal error ({kind}: {detail}); please report it"
E_CACHE = "cache not usable ({detail}); running without it"
E_OUT = "cannot write the output ({detail}); nothing was written"
E_DATA = "{path}: not a {dataset} data folder ({detail})"
E_WORDNET = ("WordNet not found in {path} (Debian package wordnet-base; make setup "
             "installs it)")
E_NO_STORY = "no story {id!r} in the store (storyweave stories lists them)"


def shown(name: str | bytes | os.PathLike) -> str:
    """A file name as it can be printed on one line: bytes that are not UTF-8 (kept by
    `os.fsdecode` as surrogates) and control characters written as escapes ('\\xff', '\\n')."""
    text = os.fsdecode(name)
    return UNPRINTABLE.sub(lambda m: _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape's stand-in for the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")
