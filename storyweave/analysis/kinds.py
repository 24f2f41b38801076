"""What the parse around a name's mentions says of its kind, beside spaCy's label (the
votes `entities.merge_entities` counts): a spatial preposition ("across the MDL") says a
place; a common noun describing a name ("the cargo ship X", "X, a 26-year-old ship", "the
X Reef") votes for its kind as the sentence encoder places it among the general
class descriptions of `lexicon.NAME_KINDS`, when that is a place, an organisation or a made
thing ("NONE": a name not listed).
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from storyweave.nlp.lexicon import NAME_KINDS, SPATIAL_PREPOSITIONS

# What the parse around a mention says counts as this many votes against spaCy's label (one
# a mention): a spatial preposition ("across the MDL") and a describing noun ("the cargo
# ship X").
# Chosen on the judged sample of bench/entities.py (1, 2 and 3 tried).
PARSE_VOTES = 3
# Least lead of the nearest kind description over the next for a describing noun to vote:
# set above the largest lead of a person or organisation noun of the judged sample ("trade"
# of "trade minister", 0.055) under the first descriptions; with the general ones shipped
# (lexicon.NAME_KINDS) "trade" leads by 0.033, "ship" by 0.18, "rifle" by 0.11. Not re-tuned:
# the judged lists moved by one entry (bench/entities.py).
KIND_MARGIN = 0.06
# spaCy labels whose mentions the parse around them may retype: a ship or a reef is tagged
# as a body, a place or a group ("The Yonhap news agency"), hardly ever as a person (whose
# describing nouns, "leader", "official", are most of them and need no encoding).
BODY_LABELS = {"ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"}


def add_noun_votes(votes: dict[str, Counter], described: dict[str, list]) -> None:
    """Add to `votes` (name key -> label -> votes) the votes of the nouns describing each
    key's mentions (`described`: key -> [(mention span, its `describing_nouns`)]), encoded
    only for the keys they may retype: a lead of the first label over the second above what
    they could add is kept."""
    for key, spans in list(described.items()):
        top = votes[key].most_common(2) + [("", 0)]
        if top[0][1] - top[1][1] > PARSE_VOTES * sum(len(n) for _, n in spans):
            del described[key]
    kinds = noun_kinds({n.lemma_.lower() for spans in described.values()
                        for _, nouns in spans for n in nouns})
    for key, spans in described.items():
        for span, nouns in spans:
            votes[key].update(_noun_votes(span, nouns, kinds))


def spatial_votes(span) -> Counter:
    """A spatial preposition governing a mention ("across the MDL") says a place."""
    root = span.root
    return Counter({"GPE": PARSE_VOTES}) if root.dep_ == "pobj" and \
        root.head.lower_ in SPATIAL_PREPOSITIONS else Counter()


def _noun_votes(span, nouns: list, kinds: dict[str, str | None]) -> Counter:
    """Votes of the common nouns describing a mention ("the cargo ship X", "X, a 26-year-old
    ship", "AK rifles"), each for its kind (`noun_kinds`)."""
    votes: Counter = Counter()
    for noun in nouns:
        kind = kinds.get(noun.lemma_.lower())
        # a noun before a name may say what it belongs to rather than what it is ("state
        # Supreme Court"): there only a made thing counts ("the cargo ship X", "its sister ship,
        # the Y"); after it any kind ("X, a research group", "the Yonhap news agency")
        if kind == "NONE" or (kind and noun.i >= span.start):
            votes[kind] += PARSE_VOTES
    return votes


def describing_nouns(span) -> list:
    """Nouns that say what a name is: lower-case ones in apposition either way ("its sister
    ship, the Inchvane Maid"; "X, a ship") or a compound before it ("the cargo ship X"), and
    the noun it is a compound of right after it ("AK rifles", "the X Reef")."""
    root = span.root
    nouns = [t for t in root.children if t.dep_ == "appos" or
             (t.dep_ == "compound" and t.i < span.start)]
    if root.dep_ == "appos" or (root.dep_ == "compound" and root.head.i == span.end):
        nouns.append(root.head)
    return [n for n in nouns if n.pos_ == "NOUN" and n.text.islower() or
            n.i == span.end and n.pos_ == "PROPN"]


_KINDS_SEEN: dict[str, str | None] = {}


def noun_kinds(lemmas: set[str]) -> dict[str, str | None]:
    """Each noun's kind, "NONE" (a made thing: no person, place or organisation), "GPE" (a
    place) or "ORG", when the sentence encoder puts it nearest that kind's
    description (lexicon.NAME_KINDS) by KIND_MARGIN at least; else None (persons too: on
    role nouns the encoder is right 7 times in 10, and titles and roles vote already;
    events: the name of an event is seldom described by a noun beside it).
    Cached for the process."""
    new = sorted(lemmas - _KINDS_SEEN.keys())
    if new:
        from storyweave.nlp.embed import default_encoder

        encoder = default_encoder()
        kinds = list(NAME_KINDS)
        scores = encoder.encode(new) @ _kind_vectors(encoder).T
        for lemma, row in zip(new, scores):
            order = row.argsort()[::-1]
            kind = kinds[order[0]]
            sure = row[order[0]] - row[order[1]] >= KIND_MARGIN
            _KINDS_SEEN[lemma] = kind if sure and kind in ("NONE", "GPE", "ORG") else None
    return {lemma: _KINDS_SEEN[lemma] for lemma in lemmas}


@lru_cache(maxsize=1)
def _kind_vectors(encoder):
    return encoder.encode(list(NAME_KINDS.values()))
