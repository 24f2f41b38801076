"""Who said a quote, read from spaCy's parse of the article (`Doc.parse`).

The speaker is the subject of the speech verb that governs the quote (a verb whose lemma is
in the lexicon's speech list, in any tense: '," Carroll said', '," said Petra Vane', 'she
told reporters "..."'), following the parse through coordinated verbs ("smiled and said"),
participles (", adding"), "quoted X as saying" and relative clauses (", who told"); or the
object of "according to"; or the name before a colon that introduces the quote. A quote
with none continues the quote or attribution just before it. Names are reported as the
cluster's fullest form (`canonical_person`, `canonical_name`); a pronoun goes to the nearest
earlier person of its sex, the subject of its sentence first; a definite role noun ("the
spokeswoman", "the agency", "the statement") to the name the article linked that noun to
(apposition, compound, possessive); "X's family" stays so; an indefinite one ("an official
said") or anything unresolved is None: no name is better than a wrong one.
"""
from __future__ import annotations

from bisect import bisect_right

from storyweave.analysis.entities import (canonical_name, canonical_person, label_index,
                                          name_key, name_mentions)
from storyweave.nlp.lexicon import (ACCORDING, DOCUMENT_NOUNS, GENDERED_NOUNS, PRONOUN_KINDS,
                                    SPEECH_LEMMAS)
from storyweave.records import Doc, Entity

# Sentences back within which a quote with no attribution of its own continues the last
# quote's speaker, and within which a pronoun looks for its person. Chosen by grouped
# cross-validation over the dev clusters (bench/quotes.py --cv).
CARRY_SENTENCES = 1
LOOKBACK_SENTENCES = 2
SUBJECTS = {"nsubj", "nsubjpass"}
# Links between a noun and the name it stands beside: "spokeswoman Nadia Brisk", "Nadia
# Brisk, a spokeswoman", "the group Islamic Jihad", "Hun Sen's party".
LINKS = {"appos", "compound", "poss"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
# Entity types of proper nouns that name no one.
NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
CLUSTER_TO_SPACY = {"PERSON": "PERSON", "ORG": "ORG", "PLACE": "GPE", "GROUP": "NORP"}


class _Article:
    """One article as speaker attribution sees it: sentences, quotes, names and the parse."""

    def __init__(self, doc: Doc, spans: list[tuple[int, int, bool]], entities: list[Entity],
                 names: dict[str, str]):
        self.text = doc.article.text
        self.parse = doc.parse
        self.spans = spans
        self.span_starts = [s for s, _, _ in spans]
        self.sentences = [(s.start, s.end) for s in doc.sentences] or [(0, len(self.text))]
        self.sentence_starts = [s for s, _ in self.sentences]
        self.entities = entities
        self.names = names
        self.persons = {e.text for e in entities if e.label == "PERSON"}
        labels = label_index(entities)
        self.mentions = sorted((s, e, CLUSTER_TO_SPACY.get(labels.get(name_key(t)), lab), t)
                               for s, e, lab, t in name_mentions(doc))
        self.mention_starts = [m[0] for m in self.mentions]
        self.last: tuple[int, str | None] | None = None  # (sentence, speaker) of last quote

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence holding character `pos`."""
        return max(bisect_right(self.sentence_starts, pos) - 1, 0)

    def quoted(self, pos: int) -> bool:
        """Whether character `pos` is inside a quotation (its marks included)."""
        i = bisect_right(self.span_starts, pos + 2) - 1
        return i >= 0 and self.spans[i][0] - 2 <= pos < self.spans[i][1] + 2

    def mention(self, token) -> tuple | None:
        """The name mention holding `token`, if any."""
        i = bisect_right(self.mention_starts, token.idx) - 1
        if i >= 0 and token.idx < self.mentions[i][1]:
            return self.mentions[i]
        return None

    def frame(self, start: int, end: int) -> tuple[int, int]:
        """Character range of the sentences a quote lies in, with a following sentence
        that starts in lower case ('"Death to Arafat!" | a crowd shouted')."""
        first, last = self.sentence_index(start), self.sentence_index(max(end - 1, start))
        while last + 1 < len(self.sentences) and \
                self.text[self.sentences[last + 1][0]:][:1].islower():
            last += 1
        return self.sentences[first][0], self.sentences[last][1]

    def tokens(self, lo: int, hi: int) -> list:
        """Parse tokens in text[lo:hi] outside quotations."""
        span = self.parse.char_span(lo, hi, alignment_mode="expand")
        return [t for t in span if not self.quoted(t.idx)] if span is not None else []

class _Namer(_Article):
    """Who a word names: names, pronouns, role nouns, groups."""

    def __init__(self, *args):
        super().__init__(*args)
        self.genders = _genders(self)

    def name_of(self, token) -> str | None:
        """The speaker a subject token names: a name (with any coordinated names), a
        resolved pronoun or role noun, "X's noun", or None."""
        named = self._named(token)
        if named:
            more = [self._named(c) for c in token.children if c.dep_ == "conj"]
            return " and ".join([named] + [m for m in more if m])
        lemma = token.text.lower()
        if token.pos_ == "PRON":
            return self._pronoun(token) if lemma in PRONOUN_KINDS else None
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        appositions = [t for t in token.subtree if t.dep_ == "appos" and
                       not any(a.dep_ == "relcl" for a in t.ancestors if a in token.subtree)]
        for child in list(token.children) + appositions:
            if child.dep_ in LINKS and self._named(child):
                if child.dep_ == "poss":  # "Pinochet's family", "Hun Sen's party"
                    return f"{self._named(child)}'s {token.text}"
                if self._label(child) != "PERSON" and child.dep_ == "compound":
                    return self._group(token, child)
                return self._named(child)
        owners = [c for c in token.children if c.dep_ == "amod" and self._named(c)]
        if owners and self._label(owners[0]) != "PERSON":
            return self._group(token, owners[0])
        if token.lemma_ in DOCUMENT_NOUNS:  # "the main headline in the As-Safir daily"
            issuers = [t for t in token.subtree if t != token and self._named(t)]
            if issuers:
                return self._named(issuers[0])
        if _definite(token):
            return self._role(token)
        return None

    def _label(self, token) -> str:
        """The entity label of the name holding `token` ("PERSON" for a bare name)."""
        mention = self.mention(token)
        return mention[2] if mention else "PERSON"

    def _group(self, noun, owner) -> str | None:
        """A body named by an organisation, place or people and a common noun ("the U.N.
        command", "Chilean demonstrators"); when indefinite, the organisation ("a BA
        spokesman") or None ("a U.S. official")."""
        if any(c.dep_ == "det" and c.morph.get("Definite") == ["Ind"] for c in noun.children) \
                or noun.morph.get("Number") == ["Sing"] and not _definite(noun):
            # "a BA spokesman" speaks for the company; "a U.S. official" for nobody named
            return self._named(owner) if self._label(owner) == "ORG" else None
        return f"{self._named(owner)} {noun.text}"

    def _named(self, token) -> str | None:
        """The cluster's name for the mention holding `token` (None: not in a name); a
        proper noun spaCy left out of its entities is a name too ("Dr Rowe said")."""
        mention = self.mention(token)
        if mention is None and _bare_name(token):
            first = token
            while first.i > 0 and first.nbor(-1).head == token and \
                    first.nbor(-1).dep_ == "compound" and _bare_name(first.nbor(-1)):
                first = first.nbor(-1)
            mention = (first.idx, token.idx + len(token), "PERSON",
                       self.text[first.idx:token.idx + len(token)])
        if mention is not None and mention[2] not in NAME_LABELS and _bare_name(token):
            mention = (*mention[:2], "PERSON", mention[3])
        if mention is None or mention[2] not in NAME_LABELS:
            return None
        key = ("P:" if mention[2] == "PERSON" else "N:") + mention[3]
        if key not in self.names:
            find = canonical_person if mention[2] == "PERSON" else canonical_name
            self.names[key] = find(mention[3], self.entities)
        return self.names[key]

    def _role(self, token) -> str | None:
        """The name the article earlier linked to this noun ("the spokeswoman" after
        "Nadia Brisk, a spokeswoman"; "the statement" after "The party, in a statement,
        accused"), the nearest first."""
        for earlier in reversed(self.parse[:token.i]):
            if earlier.lemma_ != token.lemma_ or self.quoted(earlier.idx):
                continue
            linked = _linked(self, earlier)
            if linked:
                return linked
        return None

    def _pronoun(self, token) -> str | None:
        """The person (or organisation) a third-person pronoun stands for: the last quote's
        speaker when it is a sentence away and fits, else, in the nearest sentence before it
        naming one of the right kind, its subject, else its last name."""
        kind = PRONOUN_KINDS[token.text.lower()]
        here = self.sentence_index(token.idx)
        if self.last and self.last[1] in self.persons and kind in ("m", "f") and \
                here - self.last[0] <= CARRY_SENTENCES and \
                self.genders.get(self.last[1], kind) == kind:
            return self.last[1]
        seen = 0
        for index in range(here, -1, -1):
            lo, hi = self.sentences[index]
            hi = token.idx if index == here else hi
            outside = self.tokens(lo, hi)
            fits = [t for t in outside if self._fits(t, kind)]
            chain = [t for t in outside if t.dep_ in SUBJECTS and t.pos_ == "PRON" and
                     PRONOUN_KINDS.get(t.text.lower()) == kind]
            if chain and (not fits or fits[-1].i < chain[-1].i):
                return self._pronoun(chain[-1])  # "he began by ..." | '"...," he added'
            if fits:
                return self._named(max(fits, key=_salience))
            seen += bool(outside)
            if seen > LOOKBACK_SENTENCES:
                break
        return None

    def _fits(self, token, kind: str) -> bool:
        """Whether `token` is the head of a name a pronoun of `kind` may stand for."""
        if token.dep_ in ("compound", "poss") or not _bare_name(token) and \
                self.mention(token) is None:
            return False
        if self.mention(token):
            label = self.mention(token)[2]
        else:  # a proper noun outside spaCy's entities: a person unless typed otherwise
            label = "PERSON" if token.ent_type_ in ("PERSON", "") else token.ent_type_
        if kind in ("m", "f"):
            return label == "PERSON" and self.genders.get(self._named(token), kind) == kind
        return label in ("ORG", "GPE", "NORP")


class Attributor(_Namer):
    """Speakers of one article's quotes, in text order (each may continue the last)."""

    def is_speech(self, start: int, end: int) -> bool:
        """Whether the quoted words are speech: a clause of their own, or governed by a
        speech verb or "according to" of their sentence, or introduced by a colon."""
        inside = self.parse.char_span(start, end, alignment_mode="expand")
        if inside is None:
            return False
        if any(t.morph.get("VerbForm") == ["Fin"] for t in inside):
            return True
        return self._attribution(start, end, governing=True) is not None

    def speaker(self, start: int, end: int, continued: bool = False) -> str | None:
        """The speaker of the quote text[start:end]; `continued` when the quote carries
        on the previous paragraph's."""
        lo, hi = self.frame(start, end)
        found = self._attribution(start, end)
        if found is not None:
            speaker = self.speaker_of(found)
        elif self.last and (continued or
                            self.sentence_index(start) - self.last[0] <= CARRY_SENTENCES):
            speaker = self.last[1]
        else:
            speaker = self._previous_sentence(lo) or self._next_sentence(hi)
        self.last = (self.sentence_index(hi - 1), speaker)
        return speaker

    def _attribution(self, start: int, end: int, governing: bool = False):
        """The token that introduces the quote: a speech verb (the one governing the quote
        first, else the nearest), "according", or the head of a "Name:" lead; None."""
        lo, hi = self.frame(start, end)
        inside = self.parse.char_span(start, end, alignment_mode="expand")
        words = set(inside) if inside is not None else set()
        verbs = [t for t in self.tokens(lo, hi) if _is_speech_verb(t)]
        # a verb governing the quote's words, or "according to", which scopes its sentence
        ruling = [v for v in verbs if v.text.lower() == ACCORDING or
                  any(v in w.ancestors for w in words)]
        if ruling or governing:
            return min(ruling, key=lambda v: abs(v.idx - start)) if ruling else \
                self._colon_lead(lo, start)
        if verbs:
            return min(verbs, key=lambda v: min(abs(v.idx - start), abs(v.idx - end)))
        return self._colon_lead(lo, start)

    def _colon_lead(self, lo: int, start: int):
        """The speaker token of words before a quote that end in a colon: the name just
        before it ('GM Tom Raponi: "..."'), else the subject of the lead's main verb ('He
        began by praising Livingston: "..."'); None without a colon."""
        lead = self.tokens(lo, start)
        while lead and lead[-1].pos_ == "PUNCT" and lead[-1].text != ":":
            lead.pop()
        if len(lead) < 2 or lead[-1].text != ":":
            return None
        if self._named(lead[-2]):
            return lead[-2]
        roots = [t for t in lead if t.pos_ in ("VERB", "AUX") and t.head not in lead[:-1]]
        return roots[0] if roots else None

    def _previous_sentence(self, lo: int) -> str | None:
        """Speaker named by the attribution of the sentence before a quote that has none
        ('It is a disheartening number, said Miriam Diamond.' | '"It represents ..."';
        'Brooks said:' | '"The agreement ..."')."""
        index = self.sentence_index(lo)
        if index == 0:
            return None
        p_lo, p_hi = self.sentences[index - 1]
        verbs = [t for t in self.tokens(p_lo, p_hi) if _is_speech_verb(t)]
        lead = verbs[0] if verbs else self._colon_lead(p_lo, p_hi)
        return self.speaker_of(lead) if lead is not None else None

    def _next_sentence(self, hi: int) -> str | None:
        """Speaker named by a bare attribution in the sentence after a quote that has none
        ('"So you think ...?"' | 'Anderson asked.'): a speech verb with nothing said in its
        own sentence (no clause, object or quote of its own)."""
        index = self.sentence_index(max(hi - 1, 0)) + 1
        if index >= len(self.sentences):
            return None
        n_lo, n_hi = self.sentences[index]
        if any(n_lo <= s < n_hi for s, _, _ in self.spans):
            return None
        verbs = [t for t in self.tokens(n_lo, n_hi) if _is_speech_verb(t) and
                 not any(c.dep_ in ("ccomp", "dobj", "xcomp", "advcl") for c in t.children)]
        return self.speaker_of(verbs[0]) if verbs else None

    # --- from a verb to a name -----------------------------------------------------------

    def speaker_of(self, verb) -> str | None:
        """The speaker named by an attribution token (see `_attribution`)."""
        if verb.text.lower() == ACCORDING:
            objects = [t for c in verb.children if c.text.lower() == "to" for t in c.children
                       if t.dep_ == "pobj"]
            return self.name_of(objects[0]) if objects else None
        if self._named(verb):
            return self._named(verb)  # 'Brooks: "..."': the lead is the name itself
        subject = _subject(verb, self.quoted)
        if _is_speech_verb(verb) and (subject is None or self.sentence_index(subject.idx) !=
                                      self.sentence_index(verb.idx)):
            subject = self._left_subject(verb)
        return self.name_of(subject) if subject is not None else None

    def _left_subject(self, verb):
        """The word next to a speech verb in its sentence when the parse gave the verb no
        subject there (a parse run across a sentence end): a noun or pronoun just before it
        ('Conner said:'), else a name just after it ('said Fraschetti.')."""
        lo, hi = self.sentences[self.sentence_index(verb.idx)]
        before = [t for t in self.tokens(lo, verb.idx) if t.i < verb.i and t.pos_ != "ADV"]
        if before and before[-1].pos_ in ("PROPN", "PRON", "NOUN") and \
                not self._attached_here(before[-1]):
            return before[-1]
        after = [t for t in self.tokens(verb.idx, hi) if t.i > verb.i]
        if after and _bare_name(after[0]):
            names = [t for t in after if t.pos_ == "PROPN"]
            return next((t for t in names if t.dep_ != "compound"), after[0])
        return None

    def _attached_here(self, token) -> bool:
        """Whether the parse makes `token` a modifier or object inside its own sentence
        ("a source close to Julia| told"), so it cannot be the subject that follows."""
        same = self.sentence_index(token.head.idx) == self.sentence_index(token.idx)
        return token.dep_ in ("pobj", "poss", "compound", "amod") or \
            token.dep_ in ("dobj", "iobj") and same


def _salience(token) -> tuple[int, int]:
    """How likely a name is what a later pronoun stands for: a speech verb's subject, then
    the main clause's, then any subject, then any name; the later the likelier."""
    head = token.head
    while head.dep_ in ("conj", "appos") and head.head != head:
        head = head.head
    if token.dep_ in ("appos", "compound"):
        token, head = head, head.head
    rank = 0
    if token.dep_ in SUBJECTS:
        rank = 3 if _is_speech_verb(head) else 2 if head.dep_ == "ROOT" else 1
    return rank, token.i


def _bare_name(token) -> bool:
    """A proper noun (or a capitalised word in an entity, whatever its tag) that is no
    date, time or number ("Thursday", "Oct.")."""
    named = token.pos_ == "PROPN" or token.ent_type_ != "" and token.text.istitle()
    return named and token.ent_type_ not in NOT_NAMES and \
        not token.whitespace_.count("\n")


def _is_speech_verb(token) -> bool:
    """A speech verb by lemma ("said", "Tweeted", "adding"), or "according" (to)."""
    if token.text.lower() == ACCORDING:
        return any(c.text.lower() == "to" for c in token.children)
    return token.pos_ == "VERB" and token.lemma_.lower() in SPEECH_LEMMAS


def _subject(verb, quoted) -> object | None:
    """The subject of a verb outside quotations (`quoted(pos)`), through coordination,
    participles, adjectives ("felt compelled to respond"), relative clauses and "quoted X
    as saying"."""
    for _ in range(4):  # a chain of at most this many links
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS and not quoted(c.idx)]
        if subjects:
            subject = subjects[0]
            if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return verb.head  # "Carroll, who told reporters"
            return subject
        if verb.dep_ == "pcomp" and verb.head.text.lower() == "as":
            objects = [c for c in verb.head.head.children if c.dep_ in ("dobj", "nsubjpass")]
            return objects[0] if objects else None
        if verb.dep_ == "pcomp":  # "began by announcing"
            verb = verb.head
        elif verb.dep_ not in ("conj", "advcl", "xcomp", "acomp") or verb.head == verb:
            return None
        verb = verb.head
    return None


def _definite(token) -> bool:
    """Whether a noun is definite: "the", a possessive ("its spokesman")."""
    return any(c.dep_ in ("det", "poss") and (c.morph.get("Definite") == ["Def"] or
                                             c.morph.get("Poss") == ["Yes"])
               for c in token.children)


def _linked(attributor: _Namer, noun) -> str | None:
    """The name a noun is tied to by the parse: apposition either way, a compound, or,
    for a document ("in a statement"), the subject of the verb it depends on."""
    candidates = [c for c in noun.children if c.dep_ in ("appos", "compound")]
    if noun.dep_ in ("appos", "compound"):
        candidates.append(noun.head)
    candidates += [t for t in noun.subtree if t.dep_ == "appos" and t not in candidates]
    if noun.lemma_ in DOCUMENT_NOUNS and noun.dep_ == "pobj":
        candidates += [c for c in noun.head.head.children if c.dep_ in SUBJECTS]
    for candidate in candidates:
        named = attributor._named(candidate)
        if named:
            return named
    return None


def _genders(attributor: _Namer) -> dict[str, str]:
    """Person -> "m" or "f" where the article tells: a gendered noun or title linked to
    the name ("Ms. Brisk", "his wife, Azizah Ismail", "Brisk, a spokeswoman"), or the
    pronoun ("he", "her") that first follows the name, when it is a subject, in its
    sentence before any other name."""
    votes: dict[str, list[str]] = {}
    parse = attributor.parse
    for s, e, label, _ in attributor.mentions:
        if label != "PERSON":
            continue
        span = parse.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        near = [t for t in [parse[span.start - 1]] if span.start > 0] + \
            [c for c in head.children if c.dep_ in ("appos", "compound")] + \
            ([head.head] if head.dep_ in ("appos", "compound") else [])
        found = [GENDERED_NOUNS[t.text.lower().rstrip(".")] for t in near
                 if t.text.lower().rstrip(".") in GENDERED_NOUNS]
        if not found and head.dep_ in SUBJECTS:
            found = _next_pronoun(attributor, span)
        named = attributor._named(head)
        if named:
            votes.setdefault(named, []).extend(found)
    return {name: max(set(v), key=v.count) for name, v in votes.items() if v}


def _next_pronoun(attributor: _Namer, span) -> list[str]:
    """The sex of the first personal pronoun after a name in its sentence, when no other
    name comes between ("Orrell said her crews")."""
    for token in span.doc[span.end:span.sent.end]:
        if attributor.mention(token) is not None:
            return []
        kind = PRONOUN_KINDS.get(token.text.lower())
        if token.pos_ == "PRON" and kind in ("m", "f") and not attributor.quoted(token.idx) \
                and token.dep_ in SUBJECTS | {"poss"}:
            return [kind]
    return []
