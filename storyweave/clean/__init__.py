"""Clean: keep the story, move datelines, bylines and titles to metadata, drop the rest."""
from __future__ import annotations

import dataclasses
import re
import unicodedata

from storyweave.clean import lines as rules
from storyweave.clean.language import foreign_language
from storyweave.records import Article


# Paragraphs a crawl glued together lose the space after a full stop ("...for the harbour.Given
# that", "...the island state."Brisk"), and the sentence splitter then sees one sentence.
# Not a web address ("www.Ledger.example", "Agency.Com").
GLUED_SENTENCE = re.compile(r"\b(?!www\.)\w*[a-z]{2}[.!?](?P<quote>[\"”“]?)"
                            r"(?!(?:Com|Org|Net|Gov|Edu)\b)[A-Z][a-z]")


def _space_glued(text: str) -> str:
    """`text` with a space between glued sentences, on the side of the quotation mark that
    belongs to the next sentence: an opening one, or a straight one after an even number of
    them in its paragraph."""
    def space(match: re.Match) -> str:
        quote, cut = match.group("quote"), match.start("quote")
        paragraph = text.rfind("\n", 0, cut) + 1
        if quote == "”" or (quote == '"' and text.count('"', paragraph, cut) % 2 == 1):
            cut += 1
        return f"{text[match.start():cut]} {text[cut:match.end()]}"
    return GLUED_SENTENCE.sub(space, text)


def normalise(text: str) -> str:
    """Unicode NFC, one kind of newline, no non-breaking or zero-width spaces, no stray
    Windows-1252 bytes, a space between sentences glued together."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u00a0\u2007\u202f\t]", " ", text)
    text = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text)
    # C1 control characters are Windows-1252 bytes read as Latin-1 ("\x97" for "—").
    text = re.sub(r"[\x80-\x9f]", lambda m: bytes([ord(m.group())]).decode("cp1252", "ignore"),
                  text)
    text = _space_glued(text)
    return re.sub(r" {2,}", " ", text)


def clean_article(article: Article) -> Article:
    """Return a copy of `article` whose text is only the story's paragraphs.

    Every line is a paragraph candidate (crawls keep no blank-line discipline). Dropped
    lines are kept in `removed` as "reason: line" so a user can audit what went.
    """
    lines = [line.strip() for line in normalise(article.text).split("\n")]
    lines = [line for line in lines if line]
    title, byline, dateline = article.title, article.byline, article.dateline
    title_key = rules.key(title) if title else None
    removed: list[str] = list(article.removed)
    body: list[str] = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        reason = _noise(line, following, seen, title_key, body_started=bool(body))
        if reason == "headline" and title is None:
            title = rules.MEDIA_HEADER.sub("", line).strip()
            title_key = rules.key(title)
        if reason == "byline":
            byline = line if byline is None else f"{byline} {line}"
        seen.add(rules.key(line))
        if reason:
            removed.append(f"{reason}: {line}")
            continue
        line, cut = rules.strip_inline(line)
        removed += cut
        if not line:
            continue
        if not body and dateline is None:
            dateline, line = rules.split_dateline(line)
            if not line:  # the dateline had a line of its own ("London (CNN)")
                continue
        body.append(line)
    return dataclasses.replace(article, text="\n\n".join(body), title=title, byline=byline,
                               dateline=dateline, removed=removed)


def _noise(line: str, following: str, seen: set[str], title_key: str | None,
           body_started: bool) -> str | None:
    """Why `line` is not story text, or None when it is."""
    if rules.is_promo(line) or rules.is_related_link(line):
        return "promo"
    if rules.is_embed(line):
        return "embed"
    if rules.is_update_line(line):
        return "update note"
    if rules.is_share_widget(line) or rules.is_navigation(line):
        return "share widget"
    if rules.is_caption(line):
        return "caption"
    if following and rules.is_caption(following) and rules.is_caption_title(line):
        return "caption title"
    if rules.is_contributor(line):
        return "byline"
    key = rules.key(line)
    if key in seen or (title_key and key == title_key):
        return "repeated headline" if rules.is_headline_like(line) else "repeated line"
    language = foreign_language(line)
    if language:
        return f"not English ({language})"
    if rules.MEDIA_HEADER.match(line) and (rules.is_headline_like(line) or line[0] == "("):
        return "headline" if not body_started else "media header"
    if not body_started and rules.is_headline_like(line):
        return "headline"
    if rules.is_subheading(line):
        return "subheading"
    return None
