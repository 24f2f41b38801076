"""Word tokens, stems and content words: the lexical view every scorer shares."""
from __future__ import annotations

import re
from functools import lru_cache

from nltk.stem.porter import PorterStemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyweave.nlp.lexicon import NUMBER_WORDS

WORD = re.compile(r"[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*")
# Newswire words that carry no content of their own: attribution verbs and the like.
NEWS_STOP_WORDS = {"said", "says", "say", "told", "according", "also", "would", "could",
                   "mr", "ms", "mrs", "s", "t", "just", "like", "including"}
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | NEWS_STOP_WORDS
_stemmer = PorterStemmer()


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
