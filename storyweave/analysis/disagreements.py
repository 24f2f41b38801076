"""Disagreements: articles giving different values for the same thing.

Claims of different articles are paired when they measure the same thing: same kind of
value, compatible counted noun, events, place, year and side, and either shared evidence
(an event class such as deaths, a named place, a verb) or similar wording around the value
(or aligned sentences). Dates need aligned sentences, or one named actor and two words of
what it did near both (`_same_event`), or to be ranges of one named event. A pair is
dropped when either article also gives the other's value for such a thing (then they are
two things), or when the figures are too far apart to be one. Pairs are grouped
greedily, most evidence and most similar first, one claim per article per group. A group
whose values differ beyond rounding is a disagreement: an `update` when later reports
replace an earlier figure (dated, a clean break in time, and wording, a forecast or an
evolving count that says so), else a `contradiction`.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from difflib import SequenceMatcher

from storyweave.analysis.claims import (EVENT_NOUNS, EVENT_OF, PERSON, POPULATION, REGION,
                                       Reading, content_words, extract_claims, lemma)
from storyweave.analysis.entities import name_key
from storyweave.records import Disagreement, Doc, Fact

# Nouns that count the same kind of thing whatever the word: "2,000 fighters" and "3,500
# rebel troops" are one force; "18-nation summit" and "21-nation forum" one membership.
MEASURE_CLASSES = {
    PERSON: {"person", "civilian", "resident", "villager", "victim", "man", "woman",
             "citizen", "individual", "other"},
    "troop": {"troop", "soldier", "fighter", "force", "guerrilla", "militiaman", "rebel"},
    "nation": {"nation", "country", "state", "member", "economy"},
}
CLASS_OF = {lemma(w): cls for cls, words in MEASURE_CLASSES.items() for w in words}
# Counts that grow or shrink as reports come in: a later different figure of these is an
# update when the figures move one way.
EVOLVING_EVENTS = {"death", "injury", "hospital", "missing", "homeless", "arrest", "rescue"}
EVOLVING_MEASURES = {"troop"}
# Values that do not change between reports days apart: an age, where a country lies.
FIXED_KINDS = {"age", "region"}
# Similarity (IDF-weighted cosine of the stems around each value, or of their sentences,
# event words left out) from which two claims measure the same thing. Measured on the
# differing-value pairs of the 12 DUC 2004 dev clusters: with no shared evidence, pairs of
# one labelled disagreement have a median of 0.23 and a quartile of 0.39, other pairs a
# 90th percentile of 0.27; so a bare counted noun ("games", "seats") needs 0.35. With one
# piece of evidence (an event class, a named place, a verb) wording hardly separates them
# (medians 0.07 and 0.06): it only has to be more than nothing; two pieces need none.
SAME_THING_WITH_EVIDENCE = 0.1
SAME_THING = {"count": 0.35, "percent": 0.35}
# Ratio from which two figures cannot be one fixed number reported twice. The dev
# disagreements differ by at most 1.75 times (2,000 and 3,500 rebel troops, forecast
# 10,000 and actual 6,000 athletes); parts against wholes by 10 times and more.
FAR_APART = 4.0
# Figures from which equal values are unlikely to be chance: not small, not round.
DISTINCT_FIGURE = 11
# How an event class reads in `about`.
EVENT_WORDS = {"death": "killed", "injury": "injured", "hospital": "treated in hospital",
               "missing": "missing", "homeless": "displaced", "arrest": "arrested",
               "rescue": "rescued"}
PARTICIPLES = {"shot", "taken", "held", "sent", "made", "given", "seen", "lost", "won",
               "thrown", "flown", "driven"}
ALIGNED_BONUS = 0.2  # sentences the alignment grouped as the same content
# A weekday or "yesterday" only contradicts another day in the same statement: on the
# non-dev DUC 2004 clusters, aligned sentences with different relative days were reports
# of ongoing events ("searching today" / "searching Friday") or a quote reprinted a day
# later; copies of one statement score 0.6 and more (the `LEXICAL_SURE` of alignment).
SAME_STATEMENT = 0.6
# Two dates of one event told in unlike sentences ("broadcast on television Tuesday, Hun
# Sen said that guarantees of safety ..." / "Hun Sen announced a government guarantee
# Wednesday of all politicians' safety"): the same named actor (a person or organisation
# of two or more words) near both dates, and at least this many other words of what was
# done in common, titles and reporting verbs aside ("Prime Minister Mahathir said Friday"
# and "... Wednesday" share only a name and a title: two statements).
SAME_EVENT_WORDS = 2
ACTOR_LABELS = {"PERSON", "ORG"}
# Words before a name that describe the actor: two reports of "outgoing President Elias
# Hrawi" (or of "chief of staff Erskine Bowles") at different meetings share them.
DESCRIBED_BY = 3
NOT_EVENT_WORDS = {lemma(w) for w in (
    "said", "say", "told", "tell", "announced", "reported", "added", "prime", "minister",
    "president", "deputy", "leader", "spokesman", "official", "chairman", "secretary",
    "general", "opposition", "party", "government", "expected")}
# Two names are spellings of one ("Zughayar", "Zughayer") from this character similarity.
SAME_NAME = 0.8


def find_disagreements(docs: list[Doc], facts: list[Fact]) -> list[Disagreement]:
    """Cross-article disagreements: contradictions and updates, most articles first."""
    everything = [r for doc in docs for r in extract_claims(doc)]
    readings = [r for r in everything if not r.superseded and not r.partial]
    if len({r.claim.article for r in readings}) < 2:
        return []
    groups = _merge(_group(_pairs(docs, facts, readings, everything), readings), readings)
    replaced = [r for r in everything if r.superseded]
    order = {d.article.id: n for n, d in enumerate(docs)}
    found = []
    for members in groups:
        group = [readings[i] for i in members]
        if len(_value_classes(group)) > 1:
            group.sort(key=lambda r: (r.published or "9999", order[r.claim.article]))
            found.append(Disagreement(about=_about(group), kind=classify(group, replaced),
                                      claims=[r.claim for r in group]))
    found.sort(key=lambda d: -len(d.claims))
    return found


def _pairs(docs: list[Doc], facts: list[Fact], readings: list[Reading],
           everything: list[Reading]) -> list[tuple[int, float, int, int]]:
    """(evidence, similarity, i, j) of every two claims of different articles that measure
    the same thing; `everything` adds what each article states in parts of counts."""
    idf = _idf(docs)
    fact_of = {key: n for n, f in enumerate(facts) for key in f.sentences if len(f.articles) > 1}
    bags = [_bag(r.context, idf) for r in readings]
    sentence_bags = {(d.article.id, s.index): _bag(content_words(s.text), idf)
                     for d in docs for s in d.sentences}
    by_kind = defaultdict(list)
    for i, r in enumerate(readings):
        by_kind[r.kind].append(i)
    stated = defaultdict(list)
    for r in everything:
        if not r.superseded:
            stated[r.claim.article].append(r)
    per_sentence = Counter((r.claim.article, r.claim.sentence, r.kind) for r in readings)
    actors = _actors(docs)
    pairs = []
    for kind, members in by_kind.items():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                a, b = readings[i], readings[j]
                if a.claim.article == b.claim.article or not same_thing(a, b):
                    continue
                ka, kb = (a.claim.article, a.claim.sentence), (b.claim.article, b.claim.sentence)
                aligned = ka in fact_of and fact_of.get(ka) == fact_of.get(kb)
                sentences = _cosine(sentence_bags[ka], sentence_bags[kb])
                if kind in ("date", "quantity", "money"):
                    # Only where each sentence has one such value is the pairing sure.
                    aligned = aligned and per_sentence[ka + (kind,)] == 1 == \
                        per_sentence[kb + (kind,)]
                event = kind == "date" and not aligned and (
                    a.measure == b.measure != "date" or  # the dates of one named event
                    _same_event(a, b, actors[ka], actors[kb]))
                if event:
                    aligned = True  # one actor doing one thing: the same event
                elif kind == "date" and _relative(a, b) and sentences < SAME_STATEMENT:
                    continue
                score = max(_cosine(bags[i], bags[j]), sentences)
                evidence = _evidence(a, b) + _same_figure(a, b)
                if not _enough(kind, score, evidence, aligned):
                    continue
                if event:
                    # Other dates of the article count only when they are of this event.
                    of_event = [r for r in stated[a.claim.article] + stated[b.claim.article]
                                if r.kind == "date" and agree(r, a if r.claim.article ==
                                                               b.claim.article else b)]
                    if any(r.measure == a.measure != "date" or
                           _same_event(r, a if r.claim.article == b.claim.article else b,
                                       actors[(r.claim.article, r.claim.sentence)],
                                       actors[ka if r.claim.article == b.claim.article
                                              else kb]) for r in of_event):
                        continue
                elif not agree(a, b) and (_states(stated[b.claim.article], a) or
                                          _states(stated[a.claim.article], b) or
                                          _far_apart(a, b)):
                    continue  # an article also gives the other's value: two things
                pairs.append((min(evidence, 2), score + ALIGNED_BONUS * aligned, i, j))
    return pairs


def _actors(docs: list[Doc]) -> dict[tuple[str, int], tuple[dict[str, set[str]], set[str]]]:
    """(article, sentence) -> the names of people and organisations of two or more words it
    mentions (`name_key`), each with the stems of the words right before it (descriptions:
    "outgoing President", "chief of staff"), and the stems of its capitalised words but
    the first (names and titles: "Prince", "Chilean"): words that say who, not what was
    done."""
    found: dict[tuple[str, int], tuple[dict[str, set[str]], set[str]]] = {}
    for d in docs:
        for s in d.sentences:
            names: dict[str, set[str]] = defaultdict(set)
            for start, _, label, text in d.entities:
                if label in ACTOR_LABELS and s.start <= start < s.end and \
                        len(name_key(text).split()) > 1:
                    before = d.article.text[s.start:start].split()[-DESCRIBED_BY:]
                    names[name_key(text)] |= set(content_words(" ".join(before)))
            words = s.text.split()[1:]
            proper = set(content_words(" ".join(w for w in words if w[:1].isupper())))
            found[(d.article.id, s.index)] = (names, proper)
    return found


def _same_event(a: Reading, b: Reading,
                actors_a: tuple[dict[str, set[str]], set[str]],
                actors_b: tuple[dict[str, set[str]], set[str]]) -> bool:
    """Whether two dates are of one event however unlike their sentences: one named actor
    in both clauses and `SAME_EVENT_WORDS` other words of what it did in common."""
    ca, cb = set(a.context), set(b.context)
    named = [n for n in actors_a[0].keys() & actors_b[0].keys()
             if set(content_words(n)) <= ca and set(content_words(n)) <= cb]
    if not named:
        return False
    who = {w for n in actors_a[0].keys() | actors_b[0].keys() for w in content_words(n)}
    who |= {w for n in actors_a[0].keys() & actors_b[0].keys()
            for w in actors_a[0][n] | actors_b[0][n]}
    done = (ca & cb) - who - actors_a[1] - actors_b[1] - NOT_EVENT_WORDS
    return len(done) >= SAME_EVENT_WORDS


def _evidence(a: Reading, b: Reading) -> int:
    """How much shared evidence: an event class, a named place, a verb that is not an event
    word, the same counted noun when it names an event ("refugees") or a population, forces
    of the same side."""
    return bool(a.events & b.events) + (a.scope == b.scope and a.scope not in ("", REGION)) \
        + bool(a.verb and a.verb == b.verb and a.verb not in EVENT_OF) \
        + (a.measure == b.measure and (a.measure in EVENT_NOUNS or a.measure == POPULATION)) \
        + (CLASS_OF.get(a.measure) == CLASS_OF.get(b.measure) == "troop" and
           a.side == b.side != "")


def _relative(a: Reading, b: Reading) -> bool:
    """Whether either date is written relative to its report ("Monday", "yesterday")."""
    return not any(ch.isdigit() for ch in a.claim.value) or \
        not any(ch.isdigit() for ch in b.claim.value)


def _far_apart(a: Reading, b: Reading) -> bool:
    """Figures too far apart to be two reports of one fixed number ("10 gold medals" in
    snooker, "377 gold medals" in all): a part against a whole. Tolls of deaths and
    injuries can grow that much between reports, so they are exempt."""
    if a.number is None or b.number is None or a.events & EVOLVING_EVENTS or \
            b.events & EVOLVING_EVENTS:
        return False
    low, high = sorted((abs(a.number), abs(b.number)))
    return high > FAR_APART * max(low, 1e-9)


def _same_figure(a: Reading, b: Reading) -> bool:
    """The same uncommon figure for the same counted noun ("wounding 21" and "wounded 21
    Israelis"): rarely a coincidence, so evidence that both state one fact."""
    return a.kind in ("count", "percent") and a.number is not None and \
        a.number >= DISTINCT_FIGURE and a.number % 10 != 0 and agree(a, b) and \
        CLASS_OF.get(a.measure, a.measure) == CLASS_OF.get(b.measure, b.measure)


def _enough(kind: str, score: float, evidence: int, aligned: bool) -> bool:
    """Whether the similarity of two compatible claims shows they measure one thing."""
    if kind in ("age", "role", "title", "region"):
        return True  # same person, same role, the story's country: nothing else to check
    if kind in ("date", "quantity", "money"):
        return aligned
    if aligned:
        return True
    if evidence and kind in ("count", "percent"):
        return evidence > 1 or score >= SAME_THING_WITH_EVIDENCE
    return score >= SAME_THING[kind]


def _states(readings: list[Reading], claim: Reading) -> bool:
    """Whether one of `readings` gives `claim`'s value for a compatible thing."""
    return any(r.kind == claim.kind and same_thing(r, claim) and agree(r, claim)
               for r in readings)


def same_thing(a: Reading, b: Reading) -> bool:
    """Whether two claims (of one kind) can be values of the same thing."""
    if a.scope and b.scope and a.scope != b.scope:
        return False  # Honduras's toll is not the region's
    if a.side and b.side and a.side != b.side:
        return False  # the rebels' troops are not the government's
    if a.group and b.group and a.group != b.group:
        return False  # "nine Serb prisoners" are not "12 Muslims and Croats"
    if _other_years(a, b):
        return False  # last year's harvest is not this year's; Fifi's 1974 toll is not Mitch's
    if a.kind in ("role", "region"):
        return a.measure == b.measure
    if a.kind == "title":
        return a.measure == b.measure and _same_subject(a.subject, b.subject)
    if a.kind == "age":
        return _same_subject(a.subject, b.subject)
    if a.kind == "quantity" and a.unit != b.unit:
        return False
    if (a.events or b.events) and not a.events & b.events:
        return False
    if a.verb and b.verb and a.verb != b.verb and not (
            EVENT_OF.get(a.verb) and EVENT_OF.get(a.verb) == EVENT_OF.get(b.verb)):
        return False  # "evacuated 72,000" and "housing 4,000"; "killing" and "died" are one
    ma, mb = CLASS_OF.get(a.measure, a.measure), CLASS_OF.get(b.measure, b.measure)
    if ma != mb and ma and mb:
        return False
    if a.kind == "percent" and not (a.measure_of and b.measure_of):
        return False  # "rose 14 percent", "3 percent": a share of what is unsaid
    return not (a.measure_of and b.measure_of and a.measure_of != b.measure_of)


def _other_years(a: Reading, b: Reading) -> bool:
    """Whether two figures are for different years: years their clauses name, or one
    named year against the other report's year; a report can speak of the turn of the
    year, so a named year must be two or more off (an undated report fits any year)."""
    if a.period and b.period:
        return a.period != b.period
    named, other = (a, b) if a.period else (b, a)
    year = (other.published or "")[:4]
    return bool(named.period.isdigit() and year.isdigit() and
                abs(int(named.period) - int(year)) >= 2)


def _same_subject(a: str, b: str) -> bool:
    """Same person ("yusef ali mohammed zughayar" and "youssef zughayer"), or same noun."""
    wa, wb = a.split(), b.split()
    if len(wa) < 2 or len(wb) < 2:
        return a == b
    return _similar(wa[0], wb[0]) and _similar(wa[-1], wb[-1])


def _similar(a: str, b: str) -> bool:
    return a == b or SequenceMatcher(None, a, b).ratio() >= SAME_NAME


def agree(a: Reading, b: Reading) -> bool:
    """Whether two values of the same thing are compatible: equal, a rounding of one
    another ("about 40" and "40", "more than 200" and "213"), a unit conversion ("3km" and
    "just under two miles"), bounds that overlap ("at least 1 million", "as many as three
    million"), or a spelling variant of a name. Two different bounds of one kind are not
    ("at least five" and "at least four")."""
    if a.kind == "role":
        ka, kb = name_key(a.claim.value), name_key(b.claim.value)
        return ka in kb or kb in ka or _similar(ka, kb)
    if a.kind in ("title", "region"):
        return a.claim.value == b.claim.value
    if a.kind == "date":
        if _relative(a, b) and a.claim.value.lower() == b.claim.value.lower():
            return True  # one wording ("yesterday") reprinted a day later is one statement
        if a.unit and b.unit and not a.unit.startswith("-") and not b.unit.startswith("-"):
            if a.qualifier == "before" or b.qualifier == "before":
                bound, other = (a, b) if a.qualifier == "before" else (b, a)
                return other.unit < bound.unit
            return a.unit == b.unit
        return a.claim.value.lower().rstrip(".") == b.claim.value.lower().rstrip(".")
    x, y = a.number, b.number
    if x is None or y is None:
        return False
    if math.isclose(x, y, rel_tol=1e-6):
        return True
    if "about" in (a.qualifier, b.qualifier) or a.kind == "quantity":
        return abs(x - y) <= max(a.precision, b.precision) / 2  # measures are all rounded
    sides = {a.qualifier: a, b.qualifier: b}
    low = sides.get("at least") or sides.get("more than")
    high = sides.get("up to")
    if low and high:
        return low.number <= high.number
    exact = sides.get("")
    if exact and low:
        return low.number <= exact.number < low.number + low.precision
    if exact and high:
        return high.number - high.precision < exact.number <= high.number
    return False


def _value_classes(group: list[Reading]) -> list[list[Reading]]:
    """Claims split into groups of agreeing values."""
    classes: list[list[Reading]] = []
    for r in group:
        for cls in classes:
            if any(agree(r, other) for other in cls):
                cls.append(r)
                break
        else:
            classes.append([r])
    return classes


def classify(group: list[Reading], replaced: list[Reading] = ()) -> str:
    """`update` when later reports replace an earlier value, else `contradiction`.

    An update needs every report dated, a point in time before which one value is given and
    after which it never is, and a reason to expect change: wording that presents the later
    value as the latest ("rose to 26 by Tuesday", "now"), an earlier forecast ("expected to
    attract"), a later report saying an earlier value was replaced (`replaced`: "Hamas
    initially claimed responsibility"), or a count that evolves (deaths, troops) moving one
    way.
    """
    if any(not r.published for r in group) or group[0].kind in FIXED_KINDS:
        return "contradiction"
    classes = _value_classes(group)
    day = {id(r): r.published[:10] for r in group}
    first = min(day.values())
    old = next(c for c in classes if any(day[id(r)] == first for r in c))
    old_last = max(day[id(r)] for r in old)
    newer = [r for c in classes if c is not old for r in c]
    if any(day[id(r)] <= old_last for r in newer):
        return "contradiction"  # the old value outlives a new one, or both on one day
    later = {r.claim.article for r in newer}
    if any(r.revision for r in newer) or any(r.forecast for r in old) or any(
            r.claim.article in later and same_thing(r, old[0]) and agree(r, old[0])
            for r in replaced if r.kind == old[0].kind):
        return "update"
    evolving = all(r.events & EVOLVING_EVENTS or
                   CLASS_OF.get(r.measure, r.measure) in EVOLVING_MEASURES for r in group)
    if evolving and all(r.number is not None for r in group):
        series = [r.number for r in sorted(group, key=lambda r: day[id(r)])]
        steps = [b - a for a, b in zip(series, series[1:]) if b != a]
        if all(s > 0 for s in steps) or all(s < 0 for s in steps):
            return "update"
    return "contradiction"


def _about(group: list[Reading]) -> str:
    """A neutral description of what the claims measure: "number of times shot", "number
    of people killed in Honduras", "age of Youssef Zughayer"."""
    r = next((r for r in group if r.events), None) or \
        next((r for r in group if _participle(r.event_word)), None) or \
        next((r for r in group if r.verb), group[0])
    if r.kind in ("role", "region"):
        return r.measure
    if r.kind == "title":
        return f"office of {r.subject.title()}"
    if r.kind == "age":
        return f"age of {r.subject.title() if ' ' in r.subject else 'the ' + r.subject}"
    if r.kind == "date":
        return f"when: {r.claim.quote}"
    what = r.measure_of if r.kind == "percent" else r.measure
    noun = {PERSON: "people", POPULATION: "people living"}.get(what) or \
        _surface(group, what)
    if what == POPULATION:
        event = ""
    elif r.events:
        event = EVENT_WORDS[sorted(r.events)[0]]
    elif _participle(r.event_word):
        event = r.event_word
    else:
        event = f"({r.event_word})" if r.event_word else ""
    scopes = Counter(x.scope for x in group if x.scope).most_common(1)
    scope = scopes[0][0] if scopes and 2 * scopes[0][1] >= len(group) else ""
    where = " in the region" if scope == REGION else (f" in {scope.title()}" if scope else "")
    head = {"percent": "share of", "quantity": r.unit, "money": "sum"}.get(r.kind, "number of")
    return " ".join(w for w in (head, noun, event) if w) + where


def _participle(word: str) -> bool:
    return word.endswith(("ed", "en")) or word in PARTICIPLES


def _surface(group: list[Reading], stem_: str) -> str:
    """The word of a quote whose lemma is `stem_`, as written ("passengers", "times")."""
    for r in group:
        for word in r.claim.quote.replace("-", " ").split():
            word = word.strip(",.;:\"'()").lower()
            if word and lemma(word) == stem_:
                return word
    return stem_


def _group(pairs: list[tuple[int, float, int, int]],
           readings: list[Reading]) -> list[list[int]]:
    """Greedy grouping from the best pair (most evidence, then most similar wording): one
    claim per article, one place. Evidence first, so "rose to 26" (hospital, Port Alder)
    joins the hospital count before a more similarly worded "two admitted in serious
    condition" can take its article's place."""
    group_of: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    for *_, i, j in sorted(pairs, reverse=True):
        gi, gj = group_of.get(i), group_of.get(j)
        if gi is not None and gi == gj:
            continue
        left = members[gi] if gi is not None else [i]
        right = members[gj] if gj is not None else [j]
        if {readings[k].claim.article for k in left} & {readings[k].claim.article for k in right}:
            continue
        scopes = {readings[k].scope for k in left + right} - {""}
        if len(scopes) > 1:
            continue
        new = min(k for k in (gi, gj, i) if k is not None)
        merged = left + right
        for k in (gi, gj):
            if k is not None:
                members.pop(k)
        members[new] = merged
        for k in merged:
            group_of[k] = new
    return [m for m in members.values() if len(m) > 1]


def _merge(groups: list[list[int]], readings: list[Reading]) -> list[list[int]]:
    """Join groups of one thing that one article kept apart by stating it twice (the same
    figure in two sentences): every pair across them compatible, shared articles agreeing."""
    merged: list[list[int]] = []
    for group in groups:
        for target in merged:
            shared = {readings[i].claim.article for i in target} & \
                {readings[j].claim.article for j in group}
            if all(same_thing(readings[i], readings[j]) for i in target for j in group
                   if readings[i].kind == readings[j].kind) and \
                    all(readings[i].kind == readings[j].kind for i in target for j in group) \
                    and all(agree(readings[i], readings[j]) for i in target for j in group
                            if readings[i].claim.article == readings[j].claim.article) and shared:
                target.extend(j for j in group if readings[j].claim.article not in shared)
                break
        else:
            merged.append(list(group))
    return merged


def _idf(docs: list[Doc]) -> dict[str, float]:
    bags = [set(content_words(s.text)) for d in docs for s in d.sentences]
    df = Counter(t for bag in bags for t in bag)
    n = max(len(bags), 1)
    return {t: math.log(1 + n / c) for t, c in df.items()}


def _bag(stems: list[str], idf: dict[str, float]) -> dict[str, float]:
    vec = {t: c * idf.get(t, 1.0) for t, c in Counter(stems).items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())
