"""Direct quotations: where they are in the text and which of them are speech.

Every quotation style is paired within a paragraph: straight and curly double marks,
British single marks (told from apostrophes by what stands on either side), doubled
apostrophes (DUC's ``...'') and guillemets. Marks of another style inside an open quote
are nested quotes and stay part of it. A quote still open at a paragraph's end stops there
and, when the next paragraph opens with a mark of its style, continues into it as one more
entry (the way long quotes run over paragraphs). Quoted words are speech when they form a
clause or when a speech verb of the sentence governs them; otherwise (scare quotes, titles:
"dubbed the "iron lady"", "her novel "Blindness"") they are not quotes. Who said each one
is `speakers.Attributor`'s business.
"""
from __future__ import annotations

import re

from storyweave.analysis.entities import merge_entities
from storyweave.analysis.speakers import Attributor
from storyweave.nlp.sentences import paragraphs
from storyweave.records import Doc, Entity, Quote

# Opening mark -> closing marks, by style. The double marks close one another (crawls mix
# straight and curly ones, and type ’’ or '' for a closing mark); a curly closing mark may
# open too, in crawls that use one glyph for both.
DOUBLE_CLOSES = ('"', "”", "''", "’’")
STYLES = {'"': DOUBLE_CLOSES, "“": DOUBLE_CLOSES, "”": DOUBLE_CLOSES, "``": DOUBLE_CLOSES,
          "«": ("»",), "‹": ("›",), "'": ("'", "’"), "‘": ("’", "'")}
MARK = re.compile(r"``|''|’’|[\"“”«»‹›'‘’]")
# A mark opens after the start of a paragraph, a space, an opening bracket or a dash.
OPEN_BEFORE = set(" \n\t([{—–-/")
# Single marks are apostrophes too: they quote only when both ends sit between a word
# and a non-word.
SINGLE = set("'‘’")


def extract_quotes(docs: list[Doc], entities: list[Entity] | None = None) -> list[Quote]:
    """Direct quotations of every article with their speakers, in text order.

    `entities` (from `merge_entities`) folds speakers to the cluster's fullest names; it is
    computed when not given.
    """
    if entities is None:
        entities = merge_entities(docs)
    names: dict[str, str] = {}  # memo of the cluster's names, shared by its articles
    roles: dict[str, set[str]] = {}  # what the cluster calls its persons, read by them all
    attributors = [Attributor(doc, quote_spans(doc.article.text), entities, names, roles)
                   for doc in docs]
    quotes = []
    for doc, attributor in zip(docs, attributors):
        for start, end, continued in attributor.spans:
            if not continued and not attributor.is_speech(start, end):
                continue
            quotes.append(Quote(article=doc.article.id, quote=doc.article.text[start:end],
                                speaker=attributor.speaker(start, end, continued),
                                sentence=attributor.sentence_index(start),
                                start=start, end=end))
    return quotes


def quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, continued) of the words inside each pair of quotation marks, marks
    excluded; `continued` marks a paragraph that carries on the previous paragraph's quote."""
    spans, carried = [], None
    for p_start, p_end in paragraphs(text):
        found, open_style = _paragraph_quotes(text, p_start, p_end)
        if carried and found and found[0][2] in STYLES[carried] + (carried,) and \
                not text[p_start:found[0][0] - len(found[0][2])].strip():
            found[0] = (*found[0][:3], True)
        carried = open_style
        spans.extend((s, e, cont) for s, e, _, cont in found)
    return [span for span in (_trimmed(text, s, e, c) for s, e, c in spans) if span]


def _paragraph_quotes(text: str, lo: int, hi: int) -> tuple[list, str | None]:
    """The quotes of text[lo:hi] as (start, end, opening mark, False), and the opening mark
    of a quote still open at its end (None if all closed)."""
    found, opened, style = [], None, None
    for m in MARK.finditer(text, lo, hi):
        mark, i = m.group(), m.start()
        if opened is not None and mark in STYLES[style] and _closes(text, i, m.end(), hi):
            found.append((opened, i, style, False))
            opened = None
        elif _opens(text, i, m.end(), lo, hi) and _closes_later(text, m, lo, hi) and \
                (opened is None or mark == style):
            if opened is not None:  # a new quote opens before the last one closed
                found.append((opened, _last_stop(text, opened, i), style, False))
            opened, style = m.end(), mark
    if opened is not None:
        found.append((opened, hi, style, False))
        return found, style
    return found, None


def _last_stop(text: str, start: int, end: int) -> int:
    """End of the last full sentence in text[start:end] (or `end`): where an unclosed
    quote that runs into the next one stops."""
    cut = max(text.rfind(". ", start, end), text.rfind("? ", start, end),
              text.rfind("! ", start, end))
    return cut + 1 if cut > start else end


def _opens(text: str, i: int, j: int, lo: int, hi: int) -> bool:
    """Whether the mark text[i:j] can open a quote: after a space or the paragraph's
    start, before a word."""
    before = text[i - 1] if i > lo else " "
    after = text[j] if j < hi else " "
    if text[i:j] not in STYLES or after.isspace() and text[i] not in "«‹":
        return False
    if text[i] in SINGLE and not after.isalpha():
        return False  # an elision: "the '90s"
    if text[i] == '"' and before in ".!?" and after.isupper():
        return True  # glued to the last sentence by a crawl: 'excellent."I've'
    return before in OPEN_BEFORE or (text[i] in "“«‹`" and not before.isalnum())


def _closes(text: str, i: int, j: int, hi: int) -> bool:
    """Whether the mark text[i:j] can close a quote: after a non-space, not inside a word."""
    before = text[i - 1]
    if text[i] in "»›":
        return True
    after = text[j] if j < hi else " "
    if before.isspace():
        return False
    return not (text[i] in SINGLE and after.isalnum())


def _closes_later(text: str, m: re.Match, lo: int, hi: int) -> bool:
    """Whether a single mark at m is a quote's opening: a closing mark follows in its
    paragraph, or the quote opens the paragraph or follows a colon (and may run over into
    the next paragraph). Double marks always count."""
    if m.group() not in SINGLE or text[lo:m.start()].rstrip()[-1:] in ("", ":"):
        return True  # a double mark, or a single one opening a paragraph or after a colon
    closes = STYLES[m.group()]
    return any(c.group() in closes and _closes(text, c.start(), c.end(), hi)
               for c in MARK.finditer(text, m.end(), hi))


def _trimmed(text: str, start: int, end: int, continued: bool):
    """The span without surrounding spaces, or None when it holds no word."""
    inner = text[start:end]
    if not re.search(r"\w", inner):
        return None
    left = len(inner) - len(inner.lstrip())
    return start + left, start + len(inner.rstrip()), continued
