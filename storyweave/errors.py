"""Errors a user can cause, as named messages: one line each, naming the reason.

Stages raise `InputError(MESSAGE.format(...))`; the CLI prints `path: message` and goes on
with the rest of the batch. Anything else is a bug and keeps its traceback.
"""


class InputError(Exception):
    """An input file (or part of one) that cannot be used; the message is one line."""


class UsageError(Exception):
    """The command was called wrongly (exit code 2)."""


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
E_NO_STORY = "no story {id!r} in the store (storyweave stories lists them)"
