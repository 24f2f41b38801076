"""Entities merged across articles: one record per person, place or organisation.

Mentions are grouped by a normalised key (no titles, possessives, dots or leading "the"),
so "U.N. Mission", "UN Mission" and "the U.N. mission" are one group. Each group takes the
majority label of its mentions, where the words around a mention also vote: a title
("Gen.", "Prince"), "who" or an age after the name, or a role in apposition ("Nadia Brisk,
a spokeswoman") say PERSON; a last word such as "Line" or "Hospital" says ORG. Person
names then fold into the unique longer name they are part of: "Havel", "Marek Havel"
and "Col. Marek T. Havel" are one person when the cluster names no other Havel, and a
lone "Havel" tagged ORG or GPE becomes that person; a short given name is the full one's
person ("Dag Orvik" of "Dagfinn Orvik"). Acronyms fold into the name they
abbreviate ("UNM", "U.N. Mission", "United Nations Mission"), across ORG and GPE.

The parse votes too (`_gather`, analysis/kinds.py): a spatial preposition ("across the
MDL") says a place; a common noun describing a name ("the cargo ship X", "X, a research
group", "the X Reef") votes for its kind as MiniLM places it among lexicon.NAME_KINDS,
when that is a place, an organisation or a made thing ("NONE": not listed). "The U.N.
command" is "U.N. Command", "Americans" the group "American", "MV X" is "X"; a capitalised
common word at a sentence's start ("Insulin was ...") is no name.

`canonical_person` / `canonical_name` give the cluster's name for any mention, and
`name_mentions` the repaired spaCy mentions of one article, for the other analyses.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any, NamedTuple

from storyweave.analysis.kinds import BODY_LABELS, add_noun_votes, describing_nouns, spatial_votes
from storyweave.records import Doc, Entity

# The kinds a reader asks "who" or "where" about; dates and numbers go to the timeline
# and the claims instead.
KEPT_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE",
               "FAC": "PLACE", "NORP": "GROUP", "EVENT": "EVENT"}
# Words placed before a person's name, stripped from the start of any mention. Words that
# also start organisation names ("General Motors", "Justice Department", "St. Brennan's")
# are left out: spaCy keeps such titles outside PERSON spans anyway.
PERSON_TITLES = (
    r"mr|mrs|ms|miss|dr|col|colonel|gen|lt|lieutenant|capt|captain|cmdr|commander|"
    r"sgt|sergeant|maj|adm|admiral|sen|senator|rep|gov|governor|pres|president|"
    r"prof|professor|judge|rev|reverend|sir|dame|lord|lady|"
    r"king|queen|prince|princess|pope|sheik|sheikh|ayatollah|cardinal|bishop|archbishop|"
    r"prime minister|minister|premier|chancellor|ambassador|mayor|"
    r"crown prince|vice president|foreign minister|defense minister|interior minister")
# "Said Varga", "Added Holm": spaCy takes a sentence-initial speech verb into the name.
TITLES = re.compile(rf"^(?:(?:{PERSON_TITLES}|the|said|says|added|adds|told|asked)\.?\s+)+",
                    re.I)
TITLED = re.compile(rf"^(?i:{PERSON_TITLES})\.?\s+[A-Z]")
# "U.S.-led U.N. Mission": a hyphenated modifier in front of the name is not part of it.
LED_PREFIX = re.compile(r"^\S+-(?:led|backed|based|owned|run|controlled)\s+", re.I)
POSSESSIVE = re.compile(r"['’]s?$")
# Longest plausible personal name in tokens; longer PERSON spans are spaCy run-ons.
MAX_NAME_TOKENS = 5
# Last words that make a name an institution, whatever spaCy says ("Skerrow Line").
INSTITUTION_WORDS = {
    "line", "lines", "group", "company", "co", "corp", "corporation", "inc", "ltd", "llc",
    "party", "council", "board", "agency", "association", "bank", "hospital", "university",
    "committee", "ministry", "department", "office", "service", "services", "command",
    "army", "navy", "police", "court", "church", "school", "college", "institute",
    "center", "centre", "foundation", "union", "federation", "league", "club", "network",
    "radio", "television", "airlines", "airways", "authority", "commission",
    "organization", "organisation", "fund", "alliance", "front", "movement", "coastguard",
    "salvage", "press", "news", "times", "post", "journal", "bureau", "parliament",
    "assembly", "senate", "congress", "government", "cabinet", "embassy", "consulate"}
# Role words that, next to a name, say it is a person's ("Nadia Brisk, a spokeswoman").
PERSON_ROLES = (
    r"spokesman|spokeswoman|spokesperson|minister|president|mayor|captain|chairman|"
    r"chairwoman|director|secretary|ambassador|commander|official|leader|skipper|teacher|"
    r"inspector|officer|chief|head|lawyer|attorney|doctor|surgeon|professor|judge|envoy|"
    r"negotiator|adviser|advisor|aide|manager|founder|owner|wife|husband|son|daughter|"
    r"mother|father|brother|sister|resident|witness|student|worker")
PERSON_AFTER = re.compile(rf",\s+(?:who\b|\d{{1,3}},|(?:a|an|the|its|his|her)\s+"
                          rf"(?:[\w’'.-]+\s+){{0,5}}?(?:{PERSON_ROLES})\b)")
PERSON_ROLE_WORDS = set(PERSON_ROLES.split("|"))
# Prepositions that put a "person" in a place: "the landing at Kestrel Bay" (a person's name
# after them is nearly always a possessive: "at Dag Orvik's residence").
PLACE_PREPOSITIONS = {"at", "near", "in", "outside", "inside"}
LAST_WORD = re.compile(r"(\w+),?\s+$")
# The lower-case word right after a name ("U.N.| command").
NEXT_WORD = re.compile(r"\s+([a-z][a-z-]+)\b")
# Longest all-capitals prefix a name may carry before a name of its own ("MV", "HMS"):
# the judged sample's prefixed names ("Rapper Snoop Dogg", "Younger Americans") were the
# shorter name's referent; capitals of two or three letters are a prefix, not a word.
MAX_PREFIX = 3
# What may stand between a sentence's start and a name at its start: opening quotes.
OPENERS = {'"', "“", "'", "‘", '("', "(“"}
# Capitalised words a person's span should have included: "Rhoswen| Tull said".
CUT_OFF_NAME = re.compile(
    r"(?:\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|"
    r"February|March|April|May|June|July|August|September|October|November|December|"
    r"The|But|And)\b)[A-Z][\w’'-]*[a-z][\w’'-]*)+")
# Characters between a name and a role word that describes it ("Nadia Brisk, a
# spokeswoman"; "Danish Ambassador Lars Okholm"): an appositive's first few words.
ROLE_REACH = 40
# Lower-case words a personal name may hold ("Yusuf bin Rashed", "Karim Haddad al-Nouri").
NAME_PARTICLES = {"bin", "bint", "ibn", "al", "el", "de", "da", "di", "du", "dos", "das",
                  "del", "van", "von", "der", "den", "la", "le", "ter", "ten", "zu", "y"}
# Shortest inner name part that may stand for the whole name ("Haddad"): shorter parts
# are particles ("bin", "al", "de", "van").
MIN_INNER_NAME = 4
# Letters a short given name keeps of the full one to be its short form ("Dag" of
# "Dagfinn", "Alex" of "Alexander"); two letters ("Al", "Ed") are often names of their own.
# Not tuned: the value follows from those examples.
MIN_GIVEN = 3
# "the North", "North and South": a direction standing for a country the story names
# elsewhere, not a place a reader can look up.
COMPASS_ONLY = re.compile(r"^(?:north|south|east|west)(?:\s+(?:and|or)\s+"
                          r"(?:north|south|east|west))?$")
# A title in front of a mention counts as this many PERSON votes against spaCy's label:
# a prince's name is tagged ORG in most articles of one DUC cluster, but "Prince" settles it.
TITLE_VOTES = 3


@lru_cache(maxsize=100_000)
def name_key(text: str) -> str:
    """Lower-case name without titles, possessives, leading "the" or initials' dots."""
    text = LED_PREFIX.sub("", TITLES.sub("", text.strip()))
    text = POSSESSIVE.sub("", text)
    return " ".join(re.sub(r"[^\w\s-]", "", text.lower()).split())


def display_name(text: str) -> str:
    """A surface form as shown to readers: no title, leading "the" or possessive."""
    shown = POSSESSIVE.sub("", LED_PREFIX.sub("", TITLES.sub("", text.strip()))).strip()
    return shown or text.strip()


def merge_entities(docs: list[Doc]) -> list[Entity]:
    """Entities of all articles merged by name variant and majority label, most cited first.

    Names whose majority says they are no person, place or organisation ("NONE": a ship, a
    rifle) are left out."""
    surfaces, votes, articles = _gather(docs)
    labels = {k: v.most_common(1)[0][0] for k, v in votes.items()}
    for doc in docs:  # a dateline names places ("PORT ALDER, Velmark"), whatever spaCy says
        for part in (doc.article.dateline or "").split(","):
            if name_key(part) in labels:
                labels[name_key(part)] = "GPE"
    for key in _relatives(labels):
        labels[key] = "PERSON"
    persons = {k for k, label in labels.items()
               if label == "PERSON" and len(k.split()) <= MAX_NAME_TOKENS}
    target = _fold_persons(persons, set(labels))
    for key in target:
        labels[key] = "PERSON"
    target.update(_fold_acronyms({k: labels[k] for k in labels if k not in target},
                                 surfaces))
    groups: dict[str, list[str]] = defaultdict(list)
    for key in labels:
        root = key
        while root in target:
            root = target[root]
        groups[root].append(key)
    entities = []
    for root, keys in groups.items():
        label = labels[root]
        if label != "PERSON" and len(keys) > 1:  # an acronym and its name vote together
            label = sum((votes[k] for k in keys), Counter()).most_common(1)[0][0]
        if label not in KEPT_LABELS or (KEPT_LABELS[label] == "PLACE" and
                                        COMPASS_ONLY.match(root)):
            continue
        seen = Counter()
        for k in keys:
            seen.update(surfaces[k])
        entities.append(Entity(text=_best_name(seen, label), label=KEPT_LABELS[label],
                               articles=sorted(set().union(*(articles[k] for k in keys))),
                               variants=sorted(seen)))
    entities.sort(key=lambda e: (-len(e.articles), e.label, e.text))
    return entities


class _Mention(NamedTuple):
    doc: Doc
    start: int
    end: int
    label: str
    text: str
    key: str
    span: Any  # the mention's spaCy Span, None when the article has no parse


def _gather(docs: list[Doc]) -> tuple[dict[str, Counter], dict[str, Counter], dict[str, set]]:
    """Surface forms, label votes and articles of every name key of the cluster.

    A mention followed by a lower-case word that makes a longer name of the cluster is that
    name ("the U.N. command" of "U.N. Command"); a plural group is its singular ("Americans",
    "American"); a capitalised common noun only ever seen at a sentence's start and written
    in lower case elsewhere is no name ("Insulin was discovered in 1921").
    """
    mentions = []
    for doc in docs:
        for start, end, label, text in name_mentions(doc):
            key = name_key(text)
            if len(key) >= 2 and any(c.isalpha() for c in key) and not _lower_case(text):
                span = None if doc.parse is None else \
                    doc.parse.char_span(start, end, alignment_mode="expand")
                mentions.append(_Mention(doc, start, end, label, text, key, span))
    keys = {m.key for m in mentions}
    common = _capitalised_common_words(mentions)
    surfaces: dict[str, Counter] = defaultdict(Counter)  # key -> surface -> mentions
    votes: dict[str, Counter] = defaultdict(Counter)  # key -> label -> votes
    articles: dict[str, set[str]] = defaultdict(set)
    described = defaultdict(list)  # key -> (span, describing nouns) of its mentions
    for m in mentions:
        if m.key in common and not common[m.key]:
            continue
        key = common.get(m.key) or _longer_name(m, keys)
        surfaces[key][m.text.strip()] += 1
        votes[key].update(_votes(m.doc.article.text, m.start, m.end, m.label, m.text))
        if m.span is not None and m.label in BODY_LABELS:
            votes[key].update(spatial_votes(m.span))
            if nouns := describing_nouns(m.span):
                described[key].append((m.span, nouns))
        articles[key].add(m.doc.article.id)
    add_noun_votes(votes, described)
    return surfaces, votes, articles


def _lower_case(name: str) -> bool:
    """Whether a name starts in lower case, no name particle first ("obese", "anti-American",
    "mosques"; not "el-Bashir", "bin Laden"): no proper name."""
    first = display_name(name)[:1]
    return first.islower() and display_name(name).split()[0].lower().split("-")[0] \
        not in NAME_PARTICLES


def _longer_name(mention: _Mention, keys: set[str]) -> str:
    """The key of the name a mention stands for: the longer name it makes with the lower-case
    word after it when the cluster has that name ("U.N." of "the U.N. command"), the name
    after a short capitals prefix when the cluster has it ("MV Corran Light"), the singular
    of a plural group name when the cluster uses it ("Americans"), else its own key."""
    words = display_name(mention.text).split()
    if len(words) > 2 and words[0].isalpha() and words[0].isupper() and \
            len(words[0]) <= MAX_PREFIX and name_key(" ".join(words[1:])) in keys:
        return name_key(" ".join(words[1:]))  # "MV Corran Light" of "the Corran Light"
    span = mention.span
    if span is None:  # no parse: nothing tells how the name stands in its sentence
        return mention.key
    after = NEXT_WORD.match(mention.doc.article.text, mention.end)
    if after and f"{mention.key} {after.group(1)}" in keys and \
            span.root.dep_ == "compound" and span.root.head.i == span.end:
        return f"{mention.key} {after.group(1)}"
    if mention.label == "NORP" and span[-1].tag_ == "NNPS" and mention.key[:-1] in keys:
        return mention.key[:-1]
    return mention.key


def _capitalised_common_words(mentions: list[_Mention]) -> dict[str, str | None]:
    """Keys whose first word is a common word capitalised at a sentence's start: every
    mention starts a sentence and the cluster writes the word in lower case elsewhere.
    A one-word key is no name ("Insulin" of "a vial of insulin"): None; a longer one is the
    rest, when the cluster names that ("Plus Obama" is "Obama"). Words of longer names
    ("Rice" of "Condoleezza Rice") are kept."""
    at_start: dict[str, bool] = {}
    for m in mentions:
        starts = {s.start for s in m.doc.sentences}
        first = m.start in starts or any(m.start - k in starts and
                                         m.doc.article.text[m.start - k:m.start] in OPENERS
                                         for k in (1, 2))
        at_start[m.key] = at_start.get(m.key, True) and first
    inner = {w for k in at_start if " " in k for w in k.split()}
    texts = {m.doc.article.id: m.doc.article.text for m in mentions}
    common = {}
    for key, first in at_start.items():
        word, _, rest = key.partition(" ")
        if not first or not word.isalpha() or (not rest and word in inner) or \
                (rest and rest not in at_start):
            continue
        if any(re.search(rf"\b{word}\b", t) for t in texts.values()):
            common[key] = rest or None
    return common


def canonical_person(name: str, entities: list[Entity]) -> str:
    """The fullest name the cluster uses for the person `name` refers to, without title.

    "Col. Havel", "Havel" or "Marek Havel" give "Marek T. Havel" when the merged
    entities hold that person; words up to a lower-case one are tried away ("Coastguard
    commander Orrell"); an unknown name comes back without its title.
    """
    words = display_name(name).split()
    lower = [i for i, w in enumerate(words) if w[:1].islower()]
    keys = [name_key(name)] + ([name_key(" ".join(words[lower[-1] + 1:]))] if lower else [])
    people = [e for e in entities if e.label == "PERSON"]
    for key in filter(None, keys):
        for entity in people:
            if any(name_key(v) == key for v in entity.variants):
                return entity.text
        matches = [e for e in people if any(_part_of(key, name_key(v)) for v in e.variants)]
        cited = sorted((len(e.articles) for e in matches), reverse=True) + [0]
        if matches and cited[0] > cited[1]:
            # the one person of that name the cluster cites most: a bare "Vane" in a
            # story about Petra Vane, whose brother and niece are named too
            return max(matches, key=lambda e: len(e.articles)).text
    return display_name(name)


def canonical_name(name: str, entities: list[Entity]) -> str:
    """The cluster's name for the entity `name` refers to ("UN Mission" -> "U.N. Mission"),
    the fullest name for a person; unknown names come back without title or "the"."""
    key = name_key(name)
    bodies = [e for e in entities if e.label in ("ORG", "GROUP", "PLACE")]
    for entity in bodies:
        if any(name_key(v) == key for v in entity.variants):
            whole = _whole_body(entity, bodies, key)
            # a group as the text names it: "Serbs said", not the more frequent "Serb"
            return display_name(name) if entity.label == "GROUP" and whole == entity.text \
                else whole
    if _is_acronym(name) and " " not in name.strip():  # "HWU" left out of spaCy's names
        spelt = {e.text for e in bodies for v in e.variants
                 if not _is_acronym(v) and _signature(v) == _signature(name)}
        if len(spelt) == 1:
            return spelt.pop()
    return canonical_person(name, entities)


def _whole_body(entity: Entity, bodies: list[Entity], word: str) -> str:
    """The organisation a one-word organisation or group name (`word`, the key of the form
    the text uses) is the head of, when the cluster names exactly one ("Council" of "Harlow
    District Council"); else the entity's name."""
    if entity.label == "PLACE" or " " in word:
        return entity.text
    wider = {e.text for e in bodies if e.label == "ORG" and e is not entity and
             word in name_key(e.text).split()}
    return wider.pop() if len(wider) == 1 else entity.text


def name_mentions(doc: Doc) -> list[tuple[int, int, str, str]]:
    """The article's name entities (start, end, spaCy label, text), repaired.

    Spans running across a sentence end are dropped ("Dag Orvik. Events"), and so are
    "persons" with lower-case words that are not name particles ("Nordic knitwear"); a person's span
    takes in capitalised words spaCy cut off ("Rhoswen" of "Mayor Rhoswen Tull said"); a
    "person" whose last word names an institution ("Skerrow Line", "St. Brennan's
    Hospital") becomes an ORG.
    """
    text = doc.article.text
    ends = [s.end for s in doc.sentences]
    starts = sorted(e[0] for e in doc.entities)
    kept = []
    for start, end, label, surface in doc.entities:
        if label not in KEPT_LABELS:
            continue
        i = bisect_right(ends, start)
        sentence_end = ends[i] if i < len(ends) else len(text)
        if end > sentence_end:
            continue  # syntok knows the sentence ended, spaCy did not
        if label == "PERSON" and any(w[:1].islower() and
                                     w.lower().split("-")[0] not in NAME_PARTICLES
                                     for w in surface.split()):
            continue  # "pro-Western", "Nordic knitwear": no one's name
        if label == "PERSON":
            following = bisect_right(starts, end)
            limit = min(starts[following] if following < len(starts) else len(text),
                        sentence_end)
            more = CUT_OFF_NAME.match(text, end, limit)
            if more:
                end = more.end()
                surface = text[start:end]
            if is_institution(surface):
                label = "ORG"
        kept.append((start, end, label, surface))
    return kept


def is_institution(name: str) -> bool:
    """Whether a name's last word names an institution ("Skerrow Line", "Harbour
    Authority"), whatever spaCy says."""
    return bool(name.split()) and name.split()[-1].lower().strip(".") in INSTITUTION_WORDS


def _votes(text: str, start: int, end: int, label: str, surface: str) -> Counter:
    """Label votes of one mention: spaCy's label, plus what the words around it say.

    A title before the name, "who" or an age after it, or a role in apposition ("Nadia
    Brisk, a spokeswoman for", "spokeswoman, Nadia Brisk") mean a person; a place
    preposition before a "person" ("at Kestrel Bay") means a place.
    """
    votes = Counter({label: 1})
    key = name_key(surface)
    before, after = text[max(0, start - ROLE_REACH):start], text[end:end + ROLE_REACH]
    word_before = LAST_WORD.search(before)
    word_before = word_before.group(1).lower() if word_before else ""
    if (TITLED.match(surface.strip()) and len(key.split()) > 1) or \
            PERSON_AFTER.match(after) or word_before in PERSON_ROLE_WORDS:
        votes["PERSON"] += TITLE_VOTES
    elif label == "PERSON" and word_before in PLACE_PREPOSITIONS and \
            not POSSESSIVE.search(surface) and not after.startswith(("'s", "’s")):
        votes["GPE"] += TITLE_VOTES  # "the landing at Kestrel Bay"
    return votes


def _relatives(labels: dict[str, str]) -> set[str]:
    """Keys tagged ORG of a given name and the family name of a person the cluster names
    ("Amadou Diallo" beside "Kadiadou Diallo", "Dikemebe Mutombo" beside "Dikembe
    Mutombo"): persons too. Institutions ("Diallo Foundation") are not."""
    families = {k.split()[-1] for k, label in labels.items()
                if label == "PERSON" and len(k.split()) > 1}
    return {k for k, label in labels.items() if label == "ORG" and len(k.split()) == 2 and
            k.split()[-1] in families and k.replace(" ", "").isalpha() and
            not is_institution(k)}


def _part_of(short: str, long: str) -> bool:
    """Whether the name `short` is a shorter form of `long`.

    Surname ("havel"), family name first ("vang" of "vang mei-lin"), an inner part of
    a long name, or first and last name of a name with middle parts ("marek havel" of
    "marek t havel").
    """
    a, b = short.split(), long.split()
    if len(a) >= len(b):
        return False
    if b[-len(a):] == a or b[:len(a)] == a:
        return True
    if len(a) == 1:
        # "Haddad" of "Karim Haddad al-Nouri": Arabic and Spanish names are often cut
        # to an inner part; short particles ("bin", "de") never stand for a name alone.
        return len(a[0]) >= MIN_INNER_NAME and a[0] in b
    return a[0] == b[0] and a[-1] == b[-1]


def _fold_persons(persons: set[str], keys: set[str]) -> dict[str, str]:
    """Short key -> the unique longer person key it abbreviates.

    A single-token key folds whatever its label (a lone "Lindahl" tagged GPE); a longer
    one only when it is a person itself, so "Dag Orvik Party" never joins "Dag Orvik".
    """
    by_token: dict[str, set[str]] = defaultdict(set)
    for p in persons:
        for token in p.split():
            by_token[token].add(p)
    target = {}
    for person in persons:  # "doug owsley" -> "douglas owsley"
        fuller = [p for p in persons if _short_given(person, p)]
        if len(fuller) == 1:
            target[person] = fuller[0]
    for key in keys:
        if len(key.split()) > 1 and key not in persons:
            continue
        longer = [p for p in by_token.get(key.split()[0], ()) if _part_of(key, p)]
        if not longer:
            continue
        # Fold into the longest names only; those that are themselves shorter forms of
        # another candidate ("marek havel" of "marek t havel", "dag orvik" of "dagfinn
        # orvik") are the same person.
        tops = [p for p in longer if not any(_part_of(p, q) for q in longer) and
                p not in target]
        if len(tops) == 1:
            target[key] = tops[0]
    return target


def _short_given(short: str, long: str) -> bool:
    """Whether `short` is `long` with a short form of its given name ("dag orvik" of
    "dagfinn orvik"): same other words, the given name a prefix of the fuller one."""
    a, b = short.split(), long.split()
    return len(a) == len(b) > 1 and a[1:] == b[1:] and a[0] != b[0] and \
        len(a[0]) >= MIN_GIVEN and b[0].startswith(a[0])


def _signature(surface: str) -> str | None:
    """Initials of a name with acronym words spelt out: "U.N. Mission" and "UNM" -> "unm"."""
    parts = []
    for word in re.findall(r"[\w.’'-]+", LED_PREFIX.sub("", TITLES.sub("", surface))):
        letters = word.replace(".", "")
        if not letters:
            continue
        if letters.isupper() and 1 < len(letters) <= 5:
            parts.append(letters.lower())
        elif all(p[:1].isupper() for p in word.split("-")):  # "Asia-Pacific ..." is "AP..."
            parts.extend(p[0].lower() for p in word.split("-"))
        elif word[0].isupper():
            parts.append(word[0].lower())
        elif word.lower() not in {"of", "and", "for", "the", "de"}:
            return None  # a lower-case content word: not a proper name to abbreviate
    sig = "".join(parts)
    return sig if len(sig) >= 2 else None


def _is_acronym(surface: str) -> bool:
    return any(len(w.replace(".", "")) > 1 and w.replace(".", "").isupper()
               for w in surface.split())


def _fold_acronyms(labels: dict[str, str], surfaces: dict[str, Counter]) -> dict[str, str]:
    """Key -> key of the name it shares its initials with, when one side is an acronym.

    A set of keys sharing initials folds only when at most one of them is spelt out, so
    "NA" never joins "National Assembly" and "North America" together.
    """
    by_sig: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, label in labels.items():
        if label in KEPT_LABELS and label != "PERSON":
            # spaCy calls one body ORG here and GPE there ("NRA", "the National Rifle
            # Association"): organisations and places share initials across the two kinds
            kind = "BODY" if KEPT_LABELS[label] in ("ORG", "PLACE") else KEPT_LABELS[label]
            for surface in surfaces[key]:
                sig = _signature(surface)
                if sig:
                    by_sig[(kind, sig)].add(key)
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    for keys in by_sig.values():
        short = {k for k in keys if any(_is_acronym(s) for s in surfaces[k])}
        if len(keys) < 2 or not short or len(keys - short) > 1:
            continue
        roots = sorted({find(k) for k in keys})
        for r in roots[1:]:
            parent[r] = roots[0]
    members: dict[str, list[str]] = defaultdict(list)
    for key in parent:
        members[find(key)].append(key)
    target = {}
    for root, keys in members.items():
        keys = set(keys) | {root}
        best = max(keys, key=lambda k: (sum(surfaces[k].values()), len(k), k))
        target.update({k: best for k in keys if k != best})
    return target


def _best_name(seen: Counter, label: str) -> str:
    """Fullest person name, or the most used spelt-out surface form for anything else."""
    shown: Counter = Counter()
    for surface, count in seen.items():
        shown[display_name(surface)] += count
    if label == "PERSON":
        names = [n for n in shown if len(name_key(n).split()) <= MAX_NAME_TOKENS] or list(shown)
        names = [n for n in names if not any(_typo_of(n, m, shown) for m in names)]
        return max(names, key=lambda n: (len(name_key(n).split()), shown[n], len(n)))
    # Forms of one key ("U.N. Mission", "U.N. mission", "UN Mission") count together; the
    # most used key wins, spelt out rather than as a bare acronym, in its fullest form.
    by_key: Counter = Counter()
    for n, count in shown.items():
        by_key[name_key(n)] += count
    return max(shown, key=lambda n: (not _is_acronym(n) or " " in n, by_key[name_key(n)],
                                     sum(w[:1].isupper() for w in n.split()), shown[n],
                                     len(n), n))


def _typo_of(name: str, other: str, counts: Counter) -> bool:
    """"Lina Lisa Ostrova" seen once against "Lina Ostrova" seen often: a middle word one letter
    away from a neighbour, rarer than the shorter form, is a slip, not a fuller name
    ("Maria Helene Stoltz" is fuller than "Maria Stoltz")."""
    a, b = name_key(name).split(), name_key(other).split()
    if len(a) != len(b) + 1 or a[0] != b[0] or a[-1] != b[-1] or counts[name] >= counts[other]:
        return False
    return any(one_edit(a[i], a[i - 1]) or one_edit(a[i], a[i + 1])
               for i in range(1, len(a) - 1))


def one_edit(a: str, b: str) -> bool:
    """Whether two words differ by one substituted, added or dropped letter."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def label_index(entities: list[Entity]) -> dict[str, str]:
    """name_key of every variant -> the merged entity's label ("PERSON", "ORG", "PLACE",
    "GROUP", "EVENT"), to correct one article's spaCy label by the cluster's majority."""
    return {name_key(v): e.label for e in entities for v in e.variants}
