"""Paragraphs in another language than English: the summarizer and the analyses read English.

Identified by langid (the `py3langid` package, whose model ships inside it), one paragraph
at a time, because crawled pages mix languages: a Dutch broadcaster's blurb above an
English story, an Indonesian abstract after an English one. English is written in the Latin
script, so a paragraph whose letters are mostly of another script (Cyrillic, Han, Arabic,
...) is not English however few words it has: its words are not `[A-Za-z]` words at all,
and Chinese has no spaces to count words by.
"""
from __future__ import annotations

import re
from functools import lru_cache

from storyweave.nlp.lexicon import ENGLISH_STOP_WORDS
from storyweave.nlp.tokens import words

# Shorter paragraphs are mostly names and numbers, too little to tell a language by.
MIN_WORDS = 6
# langid's normalised probability a non-English label needs. At 0.8 it flags the Dutch and
# Indonesian paragraphs of the Multi-News dev sample and no paragraph of DUC 2004, TAC 2010,
# the seeds or the demo corpus; English crowded with foreign names stays below it.
MIN_CONFIDENCE = 0.8
# Letters a paragraph in another script needs before it is judged: fewer are a name or a
# term quoted in its own script ("Xi Jinping (习近平)" is 3 Han letters among 11 Latin ones).
MIN_LETTERS = 4
# Share of a paragraph's letters outside the Latin script above which it is not English.
# English quoting a foreign phrase stays far below one half; a paragraph in Russian or
# Chinese with English names in it stays far above.
MAX_OTHER_SCRIPT = 0.5
# Characters of a paragraph langid reads: its probabilities drift with length (a 100,000-
# character English line of wire copy scores 0.79 "zxx", its first 2,000 0.99 "en"), and a
# paragraph's opening tells its language.
SAMPLE_CHARS = 2_000
# English function words that tell English at a glance: the stop words of three letters or
# more ("the", "and", "that", "with"); shorter ones ("a", "in", "is", "de", "on") are words
# of Dutch, French or Spanish too.
MARKERS = frozenset(w for w in ENGLISH_STOP_WORDS if len(w) >= 3)
# Share of a paragraph's words among MARKERS from which it is English without asking langid
# (langid was 2 ms of an article's 6 ms of cleaning). Calibrated on the 12,933 paragraphs
# of DUC 2004, TAC 2010, BASIL, the Multi-News dev sample, the seeds and examples/: 94% of
# English ones reach 0.15, and langid's decision on every paragraph stays the same; on
# sentences written in 12 other Latin-script languages (tests/clean/test_language.py) it is 0.06 at
# most ("per", "for", "most" are words of Italian, Swedish, Polish).
ENGLISH_SHARE = 0.15
# ... unless it has a run of more words than this without a marker: a passage in another
# language (a long quotation) may be enough for langid to call the paragraph foreign, with
# English markers around it. 85% of the English paragraphs above have no longer run (names
# and figures make the long ones); a quotation of a sentence in Dutch has one of 14.
MAX_UNMARKED_RUN = 12
# Latin letters: Basic Latin to Latin Extended-B, IPA, and Latin Extended Additional.
LATIN_RANGES = ((0, 0x2AF), (0x1E00, 0x1EFF))
# Characters outside those ranges, found by one regular expression: a test of each letter
# in Python was 0.4 ms of an article's cleaning (curly quotes and accented names make most
# news paragraphs non-ASCII); of those found, only letters count.
OUTSIDE_LATIN = re.compile("[^" + "".join(rf"\u{low:04x}-\u{high:04x}"
                                          for low, high in LATIN_RANGES) + "]")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def foreign_language(paragraph: str) -> str | None:
    """The ISO 639-1 code of `paragraph`'s language when it is surely not English, else None
    ("und" for a paragraph in another script that langid takes for English)."""
    paragraph = paragraph[:SAMPLE_CHARS]
    if not paragraph.isascii():  # ASCII is all Latin: most paragraphs skip the letter count
        other = sum(1 for c in OUTSIDE_LATIN.findall(paragraph) if c.isalpha())
        if other >= MIN_LETTERS and other > MAX_OTHER_SCRIPT * sum(map(str.isalpha, paragraph)):
            language, _ = _identifier().classify(paragraph)
            return language if language != "en" else "und"
    tokens = words(paragraph)
    if len(tokens) < MIN_WORDS:
        return None
    if _surely_english(tokens):
        return None
    return identified(paragraph)


def _surely_english(tokens: list[str]) -> bool:
    """Whether words are English by their share of MARKERS, with no long run without one.
    A paragraph half in English and half in another language may be kept where langid
    would have dropped it."""
    marked, run = 0, 0
    for token in tokens:
        if token in MARKERS:
            marked, run = marked + 1, 0
        else:
            run += 1
            if run > MAX_UNMARKED_RUN:
                return False
    return marked >= ENGLISH_SHARE * len(tokens)


def identified(paragraph: str) -> str | None:
    """langid's language of a paragraph when it is not English and langid is sure of it,
    else None (`foreign_language` after its cheap checks)."""
    language, probability = _identifier().classify(paragraph)
    return language if language != "en" and probability >= MIN_CONFIDENCE else None
