"""Claims read from the parse as frames: a value an article states, what it counts or
measures, the predicate and its arguments, and the sentence's other content.

A value is a span spaCy types as a number (CARDINAL, QUANTITY, MONEY, PERCENT), a DATE that
is an age or a duration, or a bare number token it left untyped. One reader per value kind
turns the span into a comparable value (`values.read_value` for figures, `read_duration` for
spans of time, `read_age`); spans no reader understands ("last week", "the end of the
month") make no claim. Calendar dates are no claims here: in the labelled dev clusters 5 of
1,290 candidate pairs of dates were disagreements and none was found, while dates made most
of the false ones ("released Friday" / "released Monday": two statements, two days); the
timeline (analysis/timeline.py) resolves them instead. The frame around the value comes from
the dependency tree only: the noun the figure quantifies (`nummod`, "percent of", "10 of the
20"), the verb that governs it, that verb's subject and object, and whether the figure
counts a part of a larger whole ("among", "including", "of the", "other"). Nothing here
knows any story's words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from storyweave.analysis.values import Value, read_value, share_link
from storyweave.nlp.lexicon import (ENGLISH_STOP_WORDS, INCREMENTS, PART_FOLLOWS, PART_OF,
                                    UNITS)
from storyweave.records import Claim, Doc, Sentence

FIGURE_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
NAMED_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT"}
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj", "expl"}
OBJECTS = {"dobj", "obj", "attr", "oprd", "dative"}
# How a value completes its verb when the verb's subject is what it counts: "the toll is
# 26" (attr), "the toll reached 26" (dobj), "the toll rose to 26" (prep "to").
COMPLEMENTS = {"attr", "dobj", "prep", "oprd"}
YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
# The longest clause kept as a frame's text: a value's verb subtree past this many tokens
# is cut to the words around the value (what the reader sees as "about").
MAX_CLAUSE_TOKENS = 24
# Parts of speech that cannot end a phrase (nor, but determiners, start one): a clause cut
# at `MAX_CLAUSE_TOKENS`, or a conjunct the parse hung elsewhere, leaves them at its ends.
DANGLING_POS = {"CCONJ", "SCONJ", "PUNCT", "DET", "ADP", "PART", "SPACE"}
# Links walked from an age to its person's name: age -> noun -> name ("Brandt, a 52-year-old
# ferryman") is two; one more allows a title between (not tuned).
HOLDER_STEPS = 3


@dataclass
class Frame:
    """A claim with the parse around it: the pieces pairing and judging compare."""

    claim: Claim
    kind: str  # "figure", "duration", "age"
    value: Value
    head: str = ""  # lemma of what the value counts or measures ("", when nothing)
    modifiers: frozenset[str] = frozenset()  # lemmas qualifying the head
    unit: str = ""  # the measure ("percent", "month", "dollar"), "" for a plain count
    predicate: str = ""  # lemma of the verb governing the value
    arguments: frozenset[str] = frozenset()  # lemmas and names of the verb's subject, object
    context: frozenset[str] = frozenset()  # content lemmas of the sentence but the value's
    names: frozenset[str] = frozenset()  # named entities of the sentence, lower case
    places: frozenset[str] = frozenset()  # the sentence's places (GPE, LOC), lower case
    part: bool = False  # counts a part of a larger whole
    negated: bool = False
    quoted: bool = False  # the value stands inside quotation marks
    clause: str = ""  # the value's clause with the value masked
    clause_words: frozenset[str] = frozenset()  # content lemmas of that clause
    published: str | None = None
    converted: bool = False  # the value converts another to other units: "180 mph (289 kph)"
    role: str = ""  # the value's dependency label ("nummod", "nsubj", "pobj", ...)
    holder: str = ""  # the name of a person the value describes ("vance", "karl vance")
    past: bool = False  # the sentence dates itself to a year before the article's
    core: bool = False  # what is counted is its verb's subject or object ("killed 12 people")


def read_frames(doc: Doc) -> list[Frame]:
    """Every claim of an article, as frames (empty when the article is not parsed)."""
    if doc.parse is None:
        return []
    frames = []
    for sentence in doc.sentences:
        span = doc.parse.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if span is None:
            continue
        values = _values(span)
        for value_span, kind, value in values:
            frame = _frame(doc, sentence, span, value_span, kind, value)
            # A span of time that measures no named thing ("nine years ago", "the highest
            # in a decade") dates an event: 2 of 255 dev duration pairs were disagreements,
            # both of a thing ("a three-week strike", "a two-hour drive").
            if kind != "duration" or frame.head:
                frames.append(frame)
    return frames


def _values(span) -> list[tuple[object, str, Value]]:
    """The value spans of a sentence with their kind and reading, in text order (the "ten"
    of "one in ten" is part of a share, no count of its own)."""
    found, taken = [], set()
    for ent in span.ents:
        if ent.start in taken:
            continue
        end = _share_end(ent) if ent.label_ in FIGURE_LABELS else ent.end
        whole = ent.doc[ent.start:end]
        reading = _read(ent, whole.text)
        if reading:
            found.append((whole, *reading))
            taken.update(range(ent.start, end))
    for token in span:
        if token.i not in taken and token.pos_ == "NUM" and token.ent_type_ == "":
            value = read_value(token.text)
            if value is not None and not _is_year(token):
                found.append((token.doc[token.i:token.i + 1], "figure", value))
    return sorted(found, key=lambda f: f[0].start)


def _read(ent, text: str) -> tuple[str, Value] | None:
    """The kind and reading of an entity span (`text`: with a share's "in ten"), None when
    it states no comparable value."""
    if ent.label_ in FIGURE_LABELS:
        value = read_value(text)
        return ("figure", value) if value is not None else None
    if ent.label_ == "DATE":
        return read_age(ent.text) or read_duration(ent.text)
    if ent.label_ == "TIME":  # spaCy types spans of hours and minutes TIME: "a two-hour walk"
        return read_duration(ent.text)
    return None


def _share_end(ent) -> int:
    """Where a figure ends with the "in ten" of a share after it ("one in ten",
    "two-in-three", "one out of every eight": spaCy makes two numbers of it)."""
    doc, k = ent.doc, ent.end
    k += k < len(doc) and doc[k].text == "-"
    link = share_link([t.lower_ for t in doc[k:k + 3]])
    if link:
        k += link
        k += k < len(doc) and doc[k].text == "-"
        if k < len(doc) and doc[k].like_num:
            return k + 1
    return ent.end


def read_age(text: str) -> tuple[str, Value] | None:
    """An age as spaCy types it, a DATE: a bare number ("Zayed, 22,") or "33-year-old"."""
    words = re.findall(r"[A-Za-z]+|\d+", text.lower())
    if len(words) == 1 and words[0].isdigit() and not YEAR.fullmatch(words[0]):
        return "age", read_value(words[0])
    if words[-1:] == ["old"] and len(words) > 2 and words[-2] in ("year", "years"):
        value = read_value(" ".join(words[:-2]))
        return ("age", value) if value is not None else None
    return None


def read_duration(text: str) -> tuple[str, Value] | None:
    """A DATE span as a duration ("16 months", "two weeks"); None for anything else."""
    lowered = [w.lower() for w in re.findall(r"[A-Za-z]+|\d+", text)]
    if lowered[-1:] == ["old"] or not any(w.rstrip("s") in UNITS and
                                          UNITS[w.rstrip("s")][0] == "duration" for w in lowered):
        return None
    value = read_value(text)
    return ("duration", value) if value is not None else None


def _is_year(token) -> bool:
    """A bare four-digit year is a date, never a count."""
    return bool(YEAR.fullmatch(token.text))


def _frame(doc: Doc, sentence: Sentence, span, value_span, kind: str,
           value: Value) -> Frame:
    """The frame of one value in its sentence."""
    head, modifiers, unit, part = _counted(value_span)
    verb = _governor(value_span.root)
    value_tokens = set(range(value_span.start, value_span.end))
    text = doc.article.text
    claim = Claim(doc.article.id, value_span.text, text[sentence.start:sentence.end],
                  sentence=sentence.index)
    return Frame(
        claim=claim, kind=kind, value=value, head=head, modifiers=modifiers, unit=unit,
        predicate=verb.lemma_.lower() if verb is not None else "",
        arguments=_arguments(verb, value_tokens) if verb is not None else frozenset(),
        context=frozenset(t.lemma_.lower() for t in span if t.i not in value_tokens and
                          t.pos_ in CONTENT_POS and t.lemma_.lower() not in ENGLISH_STOP_WORDS),
        names=frozenset(e.text.lower() for e in span.ents if e.label_ in NAMED_LABELS),
        places=frozenset(e.text.lower() for e in span.ents if e.label_ in ("GPE", "LOC")),
        part=part or _increment(value_span),
        negated=verb is not None and any(c.dep_ == "neg" for c in verb.children),
        quoted=_inside_quotes(text, sentence.start, value_span.start_char),
        clause=_clause(value_span, verb), clause_words=_clause_words(value_span, verb),
        published=doc.article.published,
        converted=value_span.start > 0 and doc.parse[value_span.start - 1].text == "(",
        role=value_span.root.dep_,
        holder=_holder(value_span.root),
        past=_past(span, doc.article.published) or _then(value_span),
        core=_core(value_span.root))


def _core(root) -> bool:
    """Whether the value, or the noun it counts, is its verb's subject or object: the verb
    then says what is counted ("killed 12", "injured 30"), not so in an adjunct ("ran
    aground with 212 passengers aboard")."""
    noun = root.head if root.dep_ == "nummod" else root
    return noun.dep_ in SUBJECTS | OBJECTS


def _past(span, published: str | None) -> bool:
    """Whether a sentence names a year before its article's ("Fifi in 1974 ... killing
    2,000 people" in a report of 1998): history, not the story's own figures."""
    if not published or not published[:4].isdigit():
        return False
    return any(int(y) < int(published[:4]) for e in span.ents if e.label_ == "DATE"
               for y in YEAR.findall(e.text))


def _then(value_span) -> bool:
    """A figure "then" qualifies ("Vance, then 41,"): true of an earlier time."""
    start = value_span.start
    return start > 0 and value_span.doc[start - 1].lower_ == "then"


def _holder(token) -> str:
    """The lower-case name (given names and surname, as written) of the person a value
    describes, up from the value through the noun it modifies and the name that noun stands
    beside ("Brandt, a 52-year-old ferryman", "Karl Vance, 72,": ages, spaCy's DATE or a bare
    CARDINAL), "" when no name is reached."""
    node = token
    for _ in range(HOLDER_STEPS):
        if node.pos_ == "PROPN":
            return _full_name(node)
        if node.dep_ not in ("amod", "appos", "nummod", "npadvmod") or node.head.i == node.i:
            return ""
        node = node.head
    return _full_name(node) if node.pos_ == "PROPN" else ""


def _full_name(token) -> str:
    """A name's head word with the given names before it ("karl vance"; titles, outside
    the person's entity, are left out: "Captain Vance" is "vance")."""
    given = [c.lower_ for c in token.lefts if c.dep_ == "compound" and c.ent_type_ == "PERSON"]
    return " ".join(given + [token.lower_])


def _counted(value_span) -> tuple[str, frozenset[str], str, bool]:
    """What a value counts: (head lemma, its modifiers' lemmas, unit, counts a part)."""
    root = value_span.root
    unit = ""
    if root.pos_ == "NOUN" and root.lemma_.lower() not in ("", "one"):
        unit = _unit(root)  # "16 months", "67 percent", "$4.9 million" -> dollar
    noun, part = root, False
    if root.dep_ == "nummod" or (unit and root.dep_ in ("npadvmod", "amod", "compound")):
        noun = root.head
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in PART_OF:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                noun, part = objects[0], child.lower_ != "of" or unit == ""
    if noun.i == root.i:
        noun = _subject_counted(root)
    if noun is not None and not unit and _unit_name(noun.lemma_) and root.dep_ == "nummod":
        # A bare number before its unit ("43 lbs. of e-waste"): the unit is no head; what
        # it measures is the noun after "of", if any.
        unit = _unit_name(noun.lemma_)
        noun = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"), root)
    if noun is None or noun.i == root.i:
        return "", frozenset(), unit, part
    modifiers = frozenset(c.lemma_.lower() for c in noun.children
                          if c.dep_ in ("amod", "compound") and c.i not in
                          range(value_span.start, value_span.end))
    per = _per(value_span.doc, max(noun.i, value_span.end - 1) + 1)
    if per:  # "3.2 wolves per 100 square km" is a density, no count
        unit = f"{unit} per {per}".strip()
    return noun.lemma_.lower(), modifiers, unit, part or _part(noun)


def _per(doc, at: int) -> str:
    """What a rate is per when "per" comes at token `at` ("per day", "per 100 square km")."""
    if at >= len(doc) or doc[at].lower_ != "per":
        return ""
    return " ".join(t.lemma_.lower() for t in doc[at + 1:at + 4] if t.pos_ in ("NOUN", "NUM"))


def _unit(root) -> str:
    """A measure's unit: its noun, or with the modifier that makes it another unit
    ("nautical miles", "square miles")."""
    lemma = root.lemma_.lower()
    for child in root.children:
        if child.dep_ in ("amod", "compound") and f"{child.lower_} {lemma}" in UNITS:
            return f"{child.lower_} {lemma}"
    return lemma


def _unit_name(lemma: str) -> str:
    """The unit a noun's lemma names, as `UNITS` spells it ("lbs." -> "lb"), else ""."""
    word = lemma.lower().rstrip(".")
    return next((w for w in (word, word[:-1]) if w in UNITS), "")


def _part(noun) -> bool:
    """Whether the counted noun is a part of a whole the sentence names: it has "among"
    after it ("three Danes among the climbers"), is what "including" introduces, is the
    subject of a verb "among" follows ("three Danes are among the 17 stranded"), or is a
    nationality (within a total of all)."""
    among = PART_OF - {"of"}  # "five members of the crew" is no part of a count
    verb = noun.head if noun.dep_ in SUBJECTS else None
    return any(c.dep_ == "prep" and c.lower_ in among for c in noun.children) or \
        (noun.dep_ == "pobj" and noun.head.lower_ in PART_FOLLOWS) or \
        (verb is not None and any(c.dep_ == "prep" and c.lower_ in among
                                  for c in verb.children)) or noun.ent_type_ == "NORP"


def _subject_counted(root):
    """For a value its verb predicates of a subject ("the toll rose to 26", "casualties
    were 12"), that subject, or what it is "the number of" ("the number of people treated
    rose to 26": people); None when the value is no such complement."""
    verb = _governor(root)
    target = root.head if root.dep_ == "pobj" and root.head.lower_ == "to" else root
    if verb is None or target.dep_ not in COMPLEMENTS or target.head.i != verb.i:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
        return None
    of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    counted = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
    return counted if counted is not None and counted.pos_ == "NOUN" else subject


def _increment(value_span) -> bool:
    """A figure of "other", "more" or "additional" things counts a part of a total."""
    doc = value_span.doc
    near = doc[max(value_span.start - 1, 0):min(value_span.end + 2, len(doc))]
    return any(t.lower_ in INCREMENTS for t in near if t.i not in
               range(value_span.start, value_span.end))


def _governor(token):
    """The nearest verb above a token (itself excluded), or the sentence's root."""
    node = token
    while node.head.i != node.i:  # spaCy makes a new Token object at every access
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return node if node.pos_ in ("VERB", "AUX") else None


def _arguments(verb, value_tokens: set[int]) -> frozenset[str]:
    """Lemmas (and entity names) of a verb's subject and object heads."""
    found = set()
    for child in verb.children:
        if child.i in value_tokens:
            continue
        if child.dep_ in SUBJECTS | OBJECTS or child.dep_ == "agent":
            target = child
            if child.dep_ == "agent":
                target = next((c for c in child.children if c.dep_ == "pobj"), child)
            found.add(target.lemma_.lower())
    return frozenset(found - ENGLISH_STOP_WORDS)


def _inside_quotes(text: str, start: int, at: int) -> bool:
    """Whether an odd number of double quotation marks precede a position in its sentence."""
    before = text[start:at]
    return (before.count('"') + before.count("\u201c") + before.count("\u201d")) % 2 == 1


def _clause_span(value_span, verb) -> tuple[int, int]:
    """Token bounds of a value's clause: its verb's subtree, cut to `MAX_CLAUSE_TOKENS`
    around the value when longer."""
    top = verb if verb is not None else value_span.root
    lo, hi = top.left_edge.i, top.right_edge.i + 1
    if hi - lo > MAX_CLAUSE_TOKENS:
        half = MAX_CLAUSE_TOKENS // 2
        lo, hi = max(lo, value_span.start - half), min(hi, value_span.end + half)
    return lo, hi


def _clause_words(value_span, verb) -> frozenset[str]:
    """Content lemmas of a value's clause, the value's own words left out."""
    lo, hi = _clause_span(value_span, verb)
    return frozenset(t.lemma_.lower() for t in value_span.doc[lo:hi]
                     if not value_span.start <= t.i < value_span.end and
                     t.pos_ in CONTENT_POS and t.lemma_.lower() not in ENGLISH_STOP_WORDS)


def _clause(value_span, verb) -> str:
    """The value's clause, the value itself replaced by "…": what the figures are about.
    Words a cut or the parse leaves dangling at its ends ("carrying … passengers and")
    go: a label reads as a phrase."""
    doc = value_span.doc
    lo, hi = _clause_span(value_span, verb)
    while lo < value_span.start and doc[lo].pos_ in DANGLING_POS - {"DET"}:
        lo += 1
    while hi > value_span.end and doc[hi - 1].pos_ in DANGLING_POS:
        hi -= 1
    words = []
    for token in doc[lo:hi]:
        if value_span.start <= token.i < value_span.end:
            if token.i == value_span.start:
                words.append("…" + token.whitespace_)
        else:
            words.append(token.text_with_ws)
    return "".join(words).strip()
