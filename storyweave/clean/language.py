"""Paragraphs in another language than English: the summarizer and the analyses read English.

Identified by langid (the `py3langid` package, whose model ships inside it), one paragraph
at a time, because crawled pages mix languages: a Dutch broadcaster's blurb above an
English story, an Indonesian abstract after an English one.
"""
from __future__ import annotations

from functools import lru_cache

from storyweave.nlp.tokens import words

# Shorter paragraphs are mostly names and numbers, too little to tell a language by.
MIN_WORDS = 6
# langid's normalised probability a non-English label needs. At 0.8 it flags the Dutch and
# Indonesian paragraphs of the Multi-News dev sample and no paragraph of DUC 2004, TAC 2010,
# the seeds or the demo corpus; English crowded with foreign names stays below it.
MIN_CONFIDENCE = 0.8


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def foreign_language(paragraph: str) -> str | None:
    """The ISO 639-1 code of `paragraph`'s language when it is surely not English, else None."""
    if len(words(paragraph)) < MIN_WORDS:
        return None
    language, probability = _identifier().classify(paragraph)
    return language if language != "en" and probability >= MIN_CONFIDENCE else None
