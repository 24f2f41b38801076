"""Who said a quote, read from spaCy's parse of the article (`Doc.parse`).

The speaker is the subject of the speech verb that governs the quote (a verb whose lemma is
in the lexicon's speech list, in any tense: '," Havel said', '," said Petra Vane', 'she
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

import itertools
from bisect import bisect_right
from collections import Counter

from storyweave.analysis.entities import (canonical_name, canonical_person, is_institution,
                                          label_index, name_key, name_mentions)
from storyweave.nlp.lexicon import (ACCORDING, DOCUMENT_NOUNS, GENDERED_NOUNS, PRONOUN_KINDS,
                                    SPEECH_IDIOMS, SPEECH_LEMMAS, SPOKESPERSON_NOUNS)
from storyweave.nlp.wordnet import is_person_noun
from storyweave.records import Doc, Entity

# Sentences back within which a quote with no attribution of its own continues the last
# quote's speaker, and within which a pronoun looks for its person. Chosen by grouped
# cross-validation over the dev clusters (bench/quotes.py --cv).
CARRY_SENTENCES = 0
LOOKBACK_SENTENCES = 1
# Sentences back within which such a quote continues the last quote's speaker when no
# speech verb stands between them. Chosen by grouped cross-validation (as above).
QUIET_SENTENCES = 2
# Sentences back within which a gendered pronoun stands for the last quote's speaker when
# the article tells that speaker's sex and it agrees ('"...," Quill said.' | two sentences
# about her siblings | '"...," she added.'). Chosen by grouped cross-validation (as above).
SPEAKER_SENTENCES = 6
SUBJECTS = {"nsubj", "nsubjpass"}
# Links between a noun and the name it stands beside: "spokeswoman Nadia Brisk", "Nadia
# Brisk, a spokeswoman", "the group Free Coast Front", "Dag Orvik's party", "a Harbour
# Authority (HA) spokesman" (parsed as a noun modifier).
LINKS = {"appos", "compound", "poss", "nmod"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
# Labels of places: a place in apposition inside a subject ("Sydney, Australia") is said of
# the place before it, never of the speaker.
PLACE_LABELS = {"GPE", "LOC"}
# The longest aside between a speaker and "said" that is skipped ("Mensah, R-Wis., said" is
# 3 tokens; "Maas, the island's harbour master, said" 5). Not tuned.
ASIDE_TOKENS = 6
# Entity types of proper nouns that name no one.
NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
CLUSTER_TO_SPACY = {"PERSON": "PERSON", "ORG": "ORG", "PLACE": "GPE", "GROUP": "NORP"}


class _Article:
    """One article as speaker attribution sees it: sentences, quotes, names and the parse."""

    def __init__(self, doc: Doc, spans: list[tuple[int, int, bool]], entities: list[Entity],
                 names: dict[str, str], roles: dict[str, set[str]]):
        self.text = doc.article.text
        self.parse = doc.parse
        self.spans = spans
        self.span_starts = [s for s, _, _ in spans]
        self.sentences = [(s.start, s.end) for s in doc.sentences] or [(0, len(self.text))]
        self.sentence_starts = [s for s, _ in self.sentences]
        self.entities = entities
        self.names = names
        self.roles = roles  # role noun -> the cluster's persons it is used of, shared
        self.persons = {e.text for e in entities if e.label == "PERSON"}
        labels = self.labels = label_index(entities)
        self.mentions = sorted((s, e, CLUSTER_TO_SPACY.get(labels.get(name_key(t)), lab), t)
                               for s, e, lab, t in name_mentions(doc))
        self.mention_starts = [m[0] for m in self.mentions]
        # (sentence, speaker, end of its sentences) of the last quote
        self.last: tuple[int, str | None, int] | None = None
        self.quote_sentence = len(self.sentences)  # where the quote being attributed starts

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
    """Who a word names: names, groups, "X's noun"; pronouns, role nouns and documents
    through `_Referents`."""

    def __init__(self, *args):
        super().__init__(*args)
        self.resolving: set[int] = set()  # documents whose issuer is being looked up
        self.genders: dict[str, str] = {}
        self.genders = _genders(self)  # by the names as spaCy labels them ("Lyle", ORG)
        self.genders.update(_genders(self))  # and as the persons these are ("Snoop Lyle")
        self.persons |= set(self.genders)
        self.mention_counts = Counter(self._named(self.parse.char_span(
            s, e, alignment_mode="expand").root) for s, e, _, _ in self.mentions)
        self._note_roles()

    def _note_roles(self) -> None:
        """Add to the cluster's role index the nouns this article uses of its persons:
        titles ("Gov. Rick Perry"), appositions ("Weiner, the congressman") and predicates
        ("Perry is the governor")."""
        for s, e, _, _ in self.mentions:
            span = self.parse.char_span(s, e, alignment_mode="expand")
            named = self._named(span.root) if span is not None else None
            if named not in self.persons:
                continue
            head = span.root
            nouns = [c for c in head.children if c.dep_ in ("compound", "appos")]
            nouns += [head.head] if head.dep_ in ("appos", "compound") else []
            if head.dep_ in SUBJECTS:
                nouns += [c for c in head.head.children if c.dep_ == "attr"]
            for noun in nouns:
                if noun not in span and noun.ent_type_ == "" and noun.pos_ in ("NOUN", "PROPN"):
                    self.roles.setdefault(noun.lemma_.lower(), set()).add(named)

    def name_of(self, token) -> str | None:
        """The speaker a subject token names: a name (with any coordinated names), a
        resolved pronoun or role noun, "X's noun", or None."""
        named = self._titled(token) or self._together(token)
        if named:
            return named
        if token.pos_ == "PRON" and token.text.lower() in PRONOUN_KINDS:
            return self._pronoun(token)
        # a name in apposition to a clause inside the subject is that clause's ("X, who
        # met Y, a doctor, said"), unless the subject is a bare number or pronoun ("One
        # of those who came on Monday, Farid, told the radio"); a place's apposition is
        # the place's ("an executive in Sydney, Australia": no speaker)
        bare = token.pos_ in ("NUM", "PRON")
        appositions = [t for t in token.subtree if t.dep_ == "appos" and self._named(t) and
                       self._label(t) not in PLACE_LABELS and
                       (bare or not any(a.dep_ == "relcl" for a in t.ancestors
                                        if a in token.subtree))]
        if appositions:  # "Hale's wife, Ingrid Solberg"; "One of them, Farid"
            return self._together(appositions[0])
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        for child in token.children:
            if child.dep_ in LINKS and self._named(child):
                if child.dep_ == "poss":  # "Lund's family", "Dag Orvik's party"
                    return f"{self._named(child)}'s {token.text}"
                if child.dep_ in ("compound", "nmod"):  # "the U.N. command", "a Vane source"
                    return self._group(token, child)
                return self._named(child)
        owners = [c for c in token.children if c.dep_ == "amod" and self._named(c)]
        if owners and self._label(owners[0]) != "PERSON":
            return self._group(token, owners[0])
        if token.lemma_ in DOCUMENT_NOUNS:
            return self._issuer(token)
        if _definite(token):
            return self._role(token) or self._described(token)
        return None

    def _titled(self, token) -> str | None:
        """The person a bare title stands before, where the parse made the title the head:
        "Senate Republican Whip John Cornyn" (the name its apposition), "senior surgeon and
        author Ama Mensah" (the name coordinated with it)."""
        mention = self.mention(token)
        if mention is not None and mention[2] == "PERSON" or \
                any(c.dep_ == "det" for c in token.children):
            return None
        if token.pos_ == "PROPN":
            people = [c for c in token.children if c.dep_ == "appos" and self._named(c) and
                      self._label(c) == "PERSON"]
        elif token.pos_ == "NOUN" and is_person_noun(token.lemma_.lower()):
            people = [c for c in token.children if c.dep_ == "conj" and self._named(c)]
        else:
            return None
        return self._together(people[0]) if people else None

    def _together(self, token) -> str | None:
        """The name holding `token` with the names coordinated with it ("Ruth Okafor and
        Declan Moy"), or None."""
        named = self._named(token)
        if named:
            more = [self._titled_conj(c) or self._named(c) for c in token.children
                    if c.dep_ == "conj"]
            return " and ".join([named] + [m for m in more if m])
        return None

    def _titled_conj(self, token) -> str | None:
        """The person a coordinated title stands before, where the parse hung the name
        elsewhere ("Nancy Mensah and Senate Democratic Leader Chuck Maas": "Leader" the
        conjunct, "Maas" an apposition of "Mensah"), or None."""
        after = token.i + 1
        if not is_person_noun(token.lemma_.lower()) or after >= len(token.doc):
            return None
        mention = self.mention(token.doc[after])
        return self._named(token.doc[after]) if mention and mention[2] == "PERSON" else None

    def _label(self, token) -> str:
        """The entity label of the name holding `token`: "PERSON" for a name the article
        gives a sex, else its mention's, else the cluster's for that name, else spaCy's
        when it is a kind of name, else "PERSON"."""
        if self._named(token) in self.genders:
            return "PERSON"  # the article calls them "she" or "Mr": a person, whatever spaCy says
        mention = self.mention(token)
        if mention:
            return mention[2]
        if is_institution(self._named(token) or ""):
            return "ORG"
        label = CLUSTER_TO_SPACY.get(self.labels.get(name_key(token.text)))
        return label or (token.ent_type_ if token.ent_type_ in NAME_LABELS else "PERSON")

    def _group(self, noun, owner) -> str | None:
        """A body named by an organisation, place or people and a common noun ("the U.N.
        command", "Chilean demonstrators"); when indefinite, the organisation ("a Skerrow
        spokesman") or None ("a U.S. official", "a ministry official")."""
        if any(c.dep_ == "det" and c.morph.get("Definite") == ["Ind"] for c in noun.children) \
                or noun.morph.get("Number") == ["Sing"] and not _definite(noun):
            # "a Skerrow spokesman", "a ministry statement" speak for their body; "one ministry
            # adviser" for nobody
            speaks_for = noun.lemma_.lower() in SPOKESPERSON_NOUNS | DOCUMENT_NOUNS
            return self._named(owner) if speaks_for and self._label(owner) == "ORG" else None
        lemma = noun.lemma_.lower()
        if is_person_noun(lemma) and lemma not in SPOKESPERSON_NOUNS and \
                noun.morph.get("Number") != ["Plur"]:
            if self._brought_in_unnamed(noun):
                return None  # "A senior Democratic staffer ..." | "said the Democratic staffer"
            described = self._role(noun) or self._described(noun)  # "the Texas governor"
            if described:
                return described
        name = self._named(owner)
        if name_key(name).split()[-1:] == [noun.text.lower()]:
            return name  # "the U.N. command", the owner read as the cluster's "U.N. Command"
        phrase = f"{name} {noun.text}"
        named = self._name(phrase, False)  # "the Tarn commission": the cluster's "Tarn Commission"
        return named if named.lower() == phrase.lower() else phrase

    def _named(self, token) -> str | None:
        """The cluster's name for the mention holding `token` (None: not in a name); a
        proper noun spaCy left out of its entities is a name too ("Dr Vask said")."""
        mention = self.mention(token)
        if mention is None and _bare_name(token):
            first = token
            while first.i > 0 and first.nbor(-1).head == token and \
                    first.nbor(-1).dep_ == "compound" and _bare_name(first.nbor(-1)):
                first = first.nbor(-1)
            surface = self.text[first.idx:token.idx + len(token)]
            acronym = first == token and token.text.isupper() and len(token.text) > 1
            if first == token and not acronym and is_person_noun(token.lemma_.lower()) and \
                    not any(p.split()[-1] == token.text for p in self.persons):
                return None  # a title alone ("the President-elect"), not a surname ("Baker")
            body = acronym or is_institution(surface)  # "HWU", "Harbour Authority"
            mention = (first.idx, token.idx + len(token), "ORG" if body else "PERSON", surface)
        if mention is not None and mention[2] not in NAME_LABELS and _bare_name(token):
            mention = (*mention[:2], "PERSON", mention[3])
        if mention is None or mention[2] not in NAME_LABELS:
            return None
        person = mention[2] == "PERSON" or self._name(mention[3], False) in self.genders
        return self._name(mention[3], person)

    def _name(self, text: str, person: bool) -> str:
        """The cluster's name for a mention's text: the fullest person name it is part of
        when a person, else the entity holding it."""
        key = ("P:" if person else "N:") + text
        if key not in self.names:
            find = canonical_person if person else canonical_name
            self.names[key] = find(text, self.entities)
        return self.names[key]


class _Referents(_Namer):
    """What role nouns, documents and pronouns stand for (`_Namer.name_of` asks)."""

    def _issuer(self, document, earlier: bool = True) -> str | None:
        """Who a document speaks for: a name in its phrase ("the main headline in the
        As-Safir daily", "Vane's filing"), else the subject of the verb it is the
        object of ("The board released a statement saying ...", "it said in a statement");
        for "the statement", the
        issuer of the same document named before, else the last quote's speaker a few
        sentences back ('"...," said a spokesman for the firm.' | '"...," the statement
        added.')."""
        if document.i in self.resolving:  # "... from a statement": the origin is itself
            return None
        self.resolving.add(document.i)
        try:
            return self._issuer_of(document, earlier)
        finally:
            self.resolving.discard(document.i)

    def _issuer_of(self, document, earlier: bool) -> str | None:
        """`_issuer`, each document asked once per resolution (see there)."""
        said = {t for c in document.children if c.dep_ in ("acl", "relcl") for t in c.subtree}
        issuers = [t for t in document.subtree if t != document and t not in said and
                   not self.quoted(t.idx) and self._named(t)]
        if issuers:
            return self._named(issuers[0])
        if document.dep_ in ("dobj", "pobj"):  # "X released a statement", "said in a note"
            verb = document.head if document.dep_ == "dobj" else document.head.head
            origins = [t for c in verb.children if c.dep_ == "prep" and c.text.lower() == "from"
                       for t in c.children if t.dep_ == "pobj"]
            origin = self.name_of(origins[0]) if origins else None
            if origin:  # "issued a statement from its pollster, Neil Okafor"
                return origin
            subject = _subject(verb, self.quoted)  # "Moody wrote ... and left a note"
            if subject is not None or document.dep_ == "dobj":
                return self.name_of(subject) if subject is not None else None
        if not earlier or not _definite(document):
            return None
        for prior in reversed(self.parse[:document.i]):
            if prior.lemma_ == document.lemma_ and not self.quoted(prior.idx):
                found = _linked(self, prior) or self._issuer(prior, earlier=False)
                if found:
                    return found
        if self.last and self.sentence_index(document.idx) - self.last[0] <= QUIET_SENTENCES:
            return self.last[1]
        return None

    def _role(self, token) -> str | None:
        """The name the article earlier linked to this noun ("the spokeswoman" after
        "Nadia Brisk, a spokeswoman"; "the statement" after "The party, in a statement,
        accused"), the nearest first."""
        spokes = token.lemma_ in SPOKESPERSON_NOUNS
        for earlier in reversed(self.parse[:token.i]):
            same = earlier.lemma_ == token.lemma_ or spokes and \
                earlier.lemma_ in SPOKESPERSON_NOUNS  # "Bright's rep" | "the spokesperson"
            if not same or self.quoted(earlier.idx):
                continue
            bodies = [c for c in earlier.children if c.dep_ in ("compound", "nmod") and
                      self._named(c) and self._label(c) != "PERSON"]
            # "the judges" after "the Harlow Court judges": the court's judges, not the court
            owners = [c for c in earlier.children if c.dep_ == "poss" and self._named(c)]
            linked = self._group(earlier, bodies[0]) if bodies else _linked(self, earlier) or \
                (f"{self._named(owners[0])}'s {earlier.text}" if owners else None)
            if linked:
                return linked
        return None

    def _described(self, noun) -> str | None:
        """The person a definite description stands for ("the Texas governor", "the
        congressman"): one the cluster calls by that noun ("Texas Gov. Rick Perry", "Weiner,
        the New York congressman"), the one named last before it when several are. None for
        a singular person noun (WordNet) the article brought in unnamed ("a senior staffer
        ... the staffer"), or one used of nobody named ("the victim")."""
        lemma = noun.lemma_.lower()
        if noun.morph.get("Number") == ["Plur"] or not is_person_noun(lemma) or \
                any(c.dep_ == "poss" for c in noun.children):
            return None  # "his mother" is someone else than "he"
        if self._brought_in_unnamed(noun):
            return None
        holders = {person for role, people in self.roles.items() if _same_role(role, lemma)
                   for person in people}
        if len(holders) <= 1:
            return next(iter(holders), None)
        before = [self._name(m[3], True) for m in self.mentions if m[0] < noun.idx]
        return next((name for name in reversed(before) if name in holders), None)

    def _brought_in_unnamed(self, noun) -> bool:
        """Whether the article first used a person noun indefinitely ("a senior staffer"):
        "the staffer" is then that person, whom it never names."""
        lemma = noun.lemma_.lower()
        first = next((t for t in self.parse[:noun.i] if t.lemma_.lower() == lemma), noun)
        return is_person_noun(lemma) and any(
            c.dep_ == "det" and c.morph.get("Definite") == ["Ind"] for c in first.children)

    def _pronoun(self, token) -> str | None:
        """The person (or organisation) a third-person pronoun stands for: the last quote's
        speaker when it is near and fits and no new speaker came between, else the nearest
        name of the right kind (`_antecedent`)."""
        kind = PRONOUN_KINDS[token.text.lower()]
        here = min(self.sentence_index(token.idx), self.quote_sentence)
        found = self._antecedent(token, kind)
        if self.last and self.last[1] in self.persons and kind in ("m", "f"):
            gender = self.genders.get(self.last[1])
            distance = here - self.last[0]
            near = distance <= CARRY_SENTENCES or distance <= SPEAKER_SENTENCES and \
                gender == kind
            if gender in (kind, None) and near and not (found and found[1] > self.last[0]):
                return self.last[1]
        return found[0] if found else None

    def _antecedent(self, token, kind: str) -> tuple[str, int] | None:
        """The name a pronoun stands for and, when it is a speech verb's subject (a new
        speaker), its sentence (else -1): in the nearest sentence before it naming one of
        the right kind, the likeliest (`_salience`), or what an earlier pronoun of that kind
        stands for; a name the article makes no person of that sex and names once ("Dinner
        with Harlow") only when nothing else is in reach. A subject pronoun never stands
        for a name inside its own clause ("In Harlow's office, she ...")."""
        here = self.sentence_index(token.idx)
        clause = {t for t in token.head.subtree if t.dep_ not in SUBJECTS} \
            if token.dep_ in SUBJECTS else set()
        seen, weak = 0, None
        for index in range(here, -1, -1):
            lo, hi = self.sentences[index]
            outside = [t for t in self.tokens(lo, token.idx if index == here else hi)
                       if t not in clause]
            fits = [t for t in outside if self._fits(t, kind) or _unnamed(t, kind)]
            chain = [t for t in outside if t.dep_ in SUBJECTS and t.pos_ == "PRON" and
                     PRONOUN_KINDS.get(t.text.lower()) == kind]
            if chain and not any(f.i > chain[-1].i and f.dep_ in SUBJECTS for f in fits):
                found = self._antecedent(chain[-1], kind)  # "he began by" | '"...," he added'
                if found and _salience(chain[-1])[0] == 3:
                    found = (found[0], index)
                return found
            strong = [t for t in fits if _unnamed(t, kind) or not self._weak(t, kind)]
            if strong:
                best = max(strong, key=_salience)
                return self.name_of(best), index if _salience(best)[0] == 3 else -1
            weak = weak or ((self.name_of(max(fits, key=_salience)), -1) if fits else None)
            seen += bool(outside)
            if seen > LOOKBACK_SENTENCES:
                break
        return weak

    def _weak(self, token, kind: str) -> bool:
        """Whether a person fits a gendered pronoun only by default: the article tells no
        sex for them, names them once and not as a subject."""
        named = self._named(token)
        return kind in ("m", "f") and named not in self.genders and \
            self.mention_counts[named] < 2 and token.dep_ not in SUBJECTS

    def _fits(self, token, kind: str) -> bool:
        """Whether `token` is the head of a name a pronoun of `kind` may stand for."""
        if token.dep_ in ("compound", "poss") or not _bare_name(token) and \
                self.mention(token) is None:
            return False
        label = self._label(token)
        if kind in ("m", "f"):
            return label == "PERSON" and self.genders.get(self._named(token), kind) == kind
        # "they": a body, or people named together ("Judge Amal Haddad and Judge Ruth Okafor")
        return label in ("ORG", "GPE", "NORP") or label == "PERSON" and any(
            c.dep_ == "conj" and self._named(c) for c in token.children)


class Attributor(_Referents):
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
        self.quote_sentence = self.sentence_index(start)
        found = self._attribution(start, end)
        inner = self._inner_attribution(start, end)
        if inner is not None:
            speaker = inner
        elif found is not None:
            speaker = self.speaker_of(found)
        elif self.last and (continued or self._carries(start)):
            speaker = self.last[1]
        else:
            speaker = self._previous_sentence(lo) or self._next_sentence(hi)
        self.last = (self.sentence_index(hi - 1), speaker, hi)
        return speaker

    def _inner_attribution(self, start: int, end: int) -> str | None:
        """The name a quoted passage itself ends by attributing it to: a quoted report
        ('"..., said Ada Bell, the firm's marketing chief."'), or words a stray mark
        took in ('"within the week, Home Secretary Jack Harlow has said.'): the last
        sentence inside is a speech verb's main clause with a named subject and what was
        said before it."""
        inside = self.parse.char_span(start, end, alignment_mode="expand")
        if inside is None:
            return None
        last = list(inside.sents)[-1]
        verb = last.root
        if not inside.start <= verb.i < inside.end or not _is_speech_verb(verb) or \
                verb.i == last.start or \
                not any(c.dep_ in ("ccomp", "parataxis") and c.i < verb.i
                        for c in verb.children):
            return None
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"]
        return self._together(subjects[0]) if subjects else None

    def _carries(self, start: int) -> bool:
        """Whether a quote with no attribution of its own continues the last quote's
        speaker: it is at most CARRY_SENTENCES after it, or at most QUIET_SENTENCES with no
        speech verb between (a line of narration, a caption)."""
        distance = self.sentence_index(start) - self.last[0]
        if distance <= CARRY_SENTENCES:
            return True
        return distance <= QUIET_SENTENCES and \
            not any(_is_speech_verb(t) for t in self.tokens(self.last[2], start))

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
        before it ('GM Ivo Brandt: "..."'), else the subject of the lead's main verb ('He
        began by praising Ostrova: "..."'); None without a colon."""
        lead = self.tokens(lo, start)
        while lead and lead[-1].pos_ == "PUNCT" and lead[-1].text != ":":
            lead.pop()
        if len(lead) < 2 or lead[-1].text != ":":
            return None
        about = lead[-2].dep_ in ("pobj", "dobj", "iobj") and lead[-2].head in lead
        if self._named(lead[-2]) and not about:
            return lead[-2]  # not a name the lead is about ("On how he would punish X:")
        documents = [t for t in lead if t.lemma_ in DOCUMENT_NOUNS and t.pos_ == "NOUN"]
        if documents:  # "Police released a page of Moody's letter:"
            return documents[-1]
        roots = [t for t in lead if t.pos_ in ("VERB", "AUX") and t.head not in lead[:-1]]
        return roots[0] if roots else None

    def _previous_sentence(self, lo: int) -> str | None:
        """Speaker named by the attribution of the sentence before a quote that has none
        ('It is a worrying figure, said Elsa Morrow.' | '"It means ..."';
        'Ferris said:' | '"The treaty ..."')."""
        index = self.sentence_index(lo)
        if index == 0:
            return None
        p_lo, p_hi = self.sentences[index - 1]
        verbs = [t for t in self.tokens(p_lo, p_hi) if _is_speech_verb(t)]
        lead = self._colon_lead(p_lo, p_hi) or (verbs[0] if verbs else None)
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
            to = [c for c in verb.children if c.text.lower() == "to"]
            objects = [t for t in to[0].children if t.dep_ == "pobj"]
            if not objects:  # the parse took the source for the next clause's subject
                after = itertools.takewhile(lambda t: t.pos_ != "PUNCT",
                                            self.parse[to[0].i + 1:])
                objects = [t for t in after if t.pos_ in ("NOUN", "PROPN")][-1:]
            return self.name_of(objects[0]) if objects else None
        if self._named(verb):
            return self._named(verb)  # 'Ferris: "..."': the lead is the name itself
        if verb.pos_ == "NOUN" and verb.lemma_ in DOCUMENT_NOUNS:
            return self._issuer(verb)
        if any(c.dep_ == "nsubjpass" for c in verb.children) and _is_speech_verb(verb):
            # "Vance is said to be 'furious'": the speaker is the agent, if any
            agents = [t for c in verb.children if c.dep_ == "agent" for t in c.children
                      if t.dep_ == "pobj"]
            return self.name_of(agents[0]) if agents else None
        subject = _subject(verb, self.quoted)
        if _is_speech_verb(verb) and (subject is None or self.sentence_index(subject.idx) !=
                                      self.sentence_index(verb.idx)):
            subject = self._left_subject(verb)
        return self.name_of(subject) if subject is not None else None

    def _left_subject(self, verb):
        """The word next to a speech verb in its sentence when the parse gave the verb no
        subject there (a parse run across a sentence end): a noun or pronoun just before it
        ('Okafor said:'), else a name just after it ('said Haddad.')."""
        lo, hi = self.sentences[self.sentence_index(verb.idx)]
        before = [t for t in self.tokens(lo, verb.idx) if t.i < verb.i and t.pos_ != "ADV"]
        trimmed = _before_aside(before)
        if trimmed is not before and not self._attached_here(trimmed[-1]):
            before = trimmed  # not "the mayor of Ashford, Kent, suggested"
        if before and before[-1].pos_ in ("PROPN", "PRON", "NOUN"):
            if not self._attached_here(before[-1]):
                return before[-1]
            phrase = _phrase_head(before[-1])  # "a source close to Vance| told"
            if phrase is not before[-1] and phrase.pos_ in ("PROPN", "PRON", "NOUN"):
                return phrase
        after = [t for t in self.tokens(verb.idx, hi) if t.i > verb.i]
        if after and _bare_name(after[0]) and after[0].dep_ not in ("dobj", "dative"):
            names = [t for t in after if t.pos_ == "PROPN"]
            return next((t for t in names if t.dep_ != "compound"), after[0])
        return None

    def _attached_here(self, token) -> bool:
        """Whether the parse makes `token` a modifier or object inside its own sentence
        ("a source close to Vance| told"), so it cannot be the subject that follows."""
        same = self.sentence_index(token.head.idx) == self.sentence_index(token.idx)
        if token.dep_ == "compound" and _is_speech_verb(token.head):
            return False  # "Lane| sings" parsed as a noun compound
        return token.dep_ in ("pobj", "poss", "compound", "amod") or \
            token.dep_ in ("dobj", "iobj") and same


def _before_aside(tokens: list) -> list:
    """The tokens before a speech verb without an aside set off by commas just before it
    ('Mensah, R-Wis., said': the party-state tag the parse took for the verb's subject;
    'Maas, the harbour master, said'); the same list when they end with no such aside."""
    if not tokens or tokens[-1].text != ",":
        return tokens
    for k in range(len(tokens) - 2, max(len(tokens) - 2 - ASIDE_TOKENS, 0), -1):
        if tokens[k].text == ",":
            return tokens[:k] if k > 0 and tokens[k - 1].pos_ != "PUNCT" else tokens
        if tokens[k].tag_ in ("``", "''"):  # never back into the quotation
            break
    return tokens


def _unnamed(token, kind: str) -> bool:
    """Whether `token` is a subject a pronoun of `kind` may stand for that is no name:
    "his mother" for "she", "the judges" for "they"."""
    if token.dep_ not in SUBJECTS or token.pos_ != "NOUN":
        return False
    if kind in ("m", "f"):
        return GENDERED_NOUNS.get(token.lemma_.lower()) == kind
    return kind == "group" and token.morph.get("Number") == ["Plur"]


def _same_role(role: str, lemma: str) -> bool:
    """Whether a noun the cluster uses of a person ("gov.", "senator") is the role noun
    `lemma` ("governor", "senator"): the same lemma, or an abbreviation of it."""
    return role == lemma or role.endswith(".") and lemma.startswith(role[:-1])


def _phrase_head(token):
    """The noun a modifier or object belongs to within its noun phrase ("source" for
    "Vance" in "a source close to Vance")."""
    while token.dep_ in ("pobj", "prep", "amod", "compound", "poss") and \
            token.head.i < token.i and token.head.pos_ != "VERB":
        token = token.head
    return token


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
    date, time or number ("Thursday", "Oct."). A name starts with a capital: the tagger
    makes a proper noun of a lower-case word at times ("the president", "-elect")."""
    named = token.pos_ == "PROPN" or token.ent_type_ != "" and token.text.istitle()
    return named and token.text[:1].isupper() and token.ent_type_ not in NOT_NAMES and \
        not token.whitespace_.count("\n")


def _is_speech_verb(token) -> bool:
    """A speech verb by lemma ("said", "Tweeted", "adding"), or "according" (to)."""
    if token.text.lower() == ACCORDING:
        return any(c.text.lower() == "to" for c in token.children)
    lemma = token.lemma_.lower()
    if lemma in SPEECH_IDIOMS:  # "as Lindqvist puts it"
        return token.pos_ == "VERB" and any(
            c.dep_ == "dobj" and c.text.lower() == SPEECH_IDIOMS[lemma] for c in token.children)
    if lemma not in SPEECH_LEMMAS:
        return False
    if token.pos_ == "NOUN":  # '"...," Lane sings.': a verb the parse took for a plural
        return token.dep_ == "ROOT" and token.tag_ == "NNS" and \
            any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children)
    # a participle used as an adjective reports nothing: "the written statement"
    return token.pos_ == "VERB" and token.dep_ != "amod"


def _subject(verb, quoted) -> object | None:
    """The subject of a verb outside quotations (`quoted(pos)`), through coordination,
    participles, adjectives ("felt compelled to respond"), relative clauses and "quoted X
    as saying", and a verb the parse left hanging ("Moody wrote ... and, according to
    police, apparently left a note")."""
    for _ in range(4):  # a chain of at most this many links
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS and not quoted(c.idx)]
        if subjects:
            subject = subjects[0]
            if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return verb.head  # "Havel, who told reporters"
            return subject
        if verb.dep_ == "pcomp" and verb.head.text.lower() == "as":
            objects = [c for c in verb.head.head.children if c.dep_ in ("dobj", "nsubjpass")]
            return objects[0] if objects else None
        if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
            return verb.head  # "a statement saying", "a man shouting"
        documents = [c for c in verb.head.children if c.dep_ == "dobj" and
                     c.lemma_ in DOCUMENT_NOUNS] if verb.dep_ == "advcl" else []
        if documents and verb.tag_ == "VBG":
            return documents[0]  # "issued a statement from its pollster, admitting"
        if verb.dep_ == "pcomp":  # "began by announcing"
            verb = verb.head
        elif verb.dep_ not in ("conj", "advcl", "xcomp", "acomp", "dep") or verb.head == verb:
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
        named = attributor._together(candidate)
        if named:
            return named
    return None


def _genders(attributor: _Namer) -> dict[str, str]:
    """Person -> "m" or "f" where the article tells: a gendered noun or title linked to
    the name ("Ms. Brisk", "his wife, Ingrid Solberg", "Brisk, a spokeswoman"), or the
    pronoun ("he", "her") that first follows the name, when it is a subject, in its
    sentence before any other name."""
    votes: dict[str, list[str]] = {}
    parse = attributor.parse
    for s, e, label, _ in attributor.mentions:
        if label not in ("PERSON", "ORG"):  # spaCy's small model takes many people for ORGs
            continue
        span = parse.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        near = [t for t in [parse[span.start - 1]] if span.start > 0]
        if label == "PERSON":  # a body's noun is its employee's: "a Skerrow spokesman"
            near += [c for c in head.children if c.dep_ in ("appos", "compound")] + \
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
