"""Lexical classes of English nouns, from WordNet 3.0 (Debian's wordnet-base, which `make
setup` installs): whether a noun names a person ("governor", "staffer", "wife") rather than
a body, a text or a thing ("agency", "statement"). A noun's class is the lexicographer file
of its most frequent sense, the order WordNet lists senses in.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from storyweave.errors import E_WORDNET

WORDNET = Path(os.environ.get("STORYWEAVE_WORDNET", "/usr/share/wordnet"))
# WordNet's lexicographer file numbers (its documentation, lexnames(5WN)).
PERSON_FILE = 18  # noun.person


@lru_cache(maxsize=1)
def _first_senses() -> dict[str, int]:
    """Noun lemma -> byte offset of its most frequent sense in data.noun."""
    path = WORDNET / "index.noun"
    if not path.exists():
        raise RuntimeError(E_WORDNET.format(path=WORDNET))
    first = {}
    with path.open(encoding="utf-8") as index:
        for line in index:
            if line.startswith(" "):  # the licence at the top of the file
                continue
            fields = line.split()
            senses = int(fields[2])
            first[fields[0]] = int(fields[-senses])
    return first


@lru_cache(maxsize=4096)
def _first_sense(lemma: str) -> tuple[int, bool] | None:
    """The lexicographer file of the most frequent sense of a noun lemma, and whether that
    sense is one named thing (an instance: "Ambrose", "Lincoln"); None: unknown."""
    offset = _first_senses().get(lemma.lower().replace(" ", "_"))
    if offset is None:
        return None
    with (WORDNET / "data.noun").open("rb") as data:
        data.seek(offset)
        fields = data.readline().split()
    return int(fields[1]), b"@i" in fields


def is_person_noun(lemma: str) -> bool:
    """Whether a noun lemma's most frequent sense is a kind of person ("governor", "aide"),
    not one person WordNet knows by name ("Ambrose")."""
    return _first_sense(lemma) == (PERSON_FILE, False)
