"""Word tokens, stems and content words: the lexical view every scorer shares."""
from __future__ import annotations

import importlib.util
import re
import sys
from functools import lru_cache

from storyweave.nlp.lexicon import ENGLISH_STOP_WORDS, NUMBER_WORDS

WORD = re.compile(r"[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*")
# Newswire words that carry no content of their own: attribution verbs and the like.
NEWS_STOP_WORDS = {"said", "says", "say", "told", "according", "also", "would", "could",
                   "mr", "ms", "mrs", "s", "t", "just", "like", "including"}
STOP_WORDS = ENGLISH_STOP_WORDS | NEWS_STOP_WORDS


def porter_stemmer():
    """NLTK's Porter stemmer (its default mode, NLTK_EXTENSIONS), loaded without running
    `nltk/__init__.py`: that imports scipy.stats and scikit-learn for modules we never use
    (2 s of a cold start), while the stemmer's module needs only three small NLTK modules.

    Bare package objects stand in for `nltk` and `nltk.stem` while it loads and are
    removed afterwards, so a later `import nltk` (sumy's peers) gets the real package.
    """
    if "nltk" in sys.modules:  # already imported whole: use it
        from nltk.stem.porter import PorterStemmer
        return PorterStemmer()
    before = set(sys.modules)
    try:
        for name in ("nltk", "nltk.stem"):
            spec = importlib.util.find_spec(name)
            package = importlib.util.module_from_spec(spec)  # its __init__ is not run
            sys.modules[name] = package
        module = importlib.import_module("nltk.stem.porter")
    finally:
        for name in set(sys.modules) - before:
            del sys.modules[name]
    return module.PorterStemmer()


_stemmer = porter_stemmer()


def words(text: str) -> list[str]:
    """Lower-cased word tokens (numbers and hyphenated words kept whole)."""
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Porter stem, as ROUGE uses."""
    return _stemmer.stem(word)


def content_stems(text: str) -> list[str]:
    """Stems of the words that are not stop words, in order."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS and len(w) > 1]


def word_count(text: str) -> int:
    """Words as a reader counts them (whitespace separated)."""
    return len(text.split())


DIGITS = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")


def numbers(text: str) -> set[float]:
    """Numbers a text states, in digits or as words ("four", "1,400", "2.5")."""
    found = {float(m.group().replace(",", "")) for m in DIGITS.finditer(text)}
    found |= {float(NUMBER_WORDS[w]) for w in words(text) if w in NUMBER_WORDS}
    return found
