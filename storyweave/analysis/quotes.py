"""Direct quotations and who said them, from the text, the sentences and spaCy's entities.

Quotation marks (straight, curly, and DUC's converted ``...'') are paired within a
paragraph; a quote left open when the next one opens (a reflowed multi-paragraph quote) or
at the paragraph's end stops there, so each paragraph of a long quote is one entry.

The speaker of a quote that opens its sentence is named by the attribution after the
closing mark ('," Carroll said', '," said Petra Vane, a teacher'), else before it; words
quoted inside a sentence belong to that sentence's own attribution ('Hun Sen said the
concerns were "just an excuse"'). A quote with neither continues the previous quote or
the sentence before ("X said: ... "Second sentence.""). Pronouns go to the subject of the
nearest sentence naming a person of the right sex, "the spokeswoman" to the person last
described as one, "the statement" to its issuer; every person is reported under the
fullest name the cluster uses (`canonical_person`), organisations as named ("U.N.
command"). Short quoted words nobody is said to have said (scare quotes) and titles are
not quotes.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from storyweave.analysis.entities import (ROLE_REACH, canonical_name, canonical_person,
                                          display_name, label_index, merge_entities,
                                          name_key, name_mentions)
from storyweave.nlp.sentences import paragraphs
from storyweave.records import Doc, Entity, Quote

# --- attribution -----------------------------------------------------------------------
# Verbs and phrases that attribute speech. Participles ("saying", "calling") take the
# subject of their clause; "according to" and inverted verbs ("said Moy") take the name
# that follows.
SPEECH_VERBS = (
    r"said|says|say|told|tells|added|adds|asked|asks|ask|stated|states|announced|announces|"
    r"declared|declares|insisted|insists|warned|warns|urged|urges|noted|notes|explained|"
    r"replied|wrote|writes|recalled|stressed|argued|acknowledged|admitted|complained|"
    r"promised|vowed|predicted|commented|continued|concluded|responded|shouted|yelled|"
    r"cried|chanted|screamed|whispered|joked|quipped|conceded|confirmed|claimed|charged|"
    r"accused|accuse|accuses|called|calls|described|describes|branded|labeled|labelled|"
    r"termed|criticized|criticised|condemned|denounced|pledged|demanded|expressed|"
    r"reported|reports|remarked|observed|reflected|sighed|mused|boasted|cautioned|"
    r"lamented|retorted|countered|pleaded|testified|exclaimed|emphasized|emphasised|"
    r"maintained|repeated|recounted|radioed|"
    r"saying|adding|calling|accusing|describing|insisting|warning|urging|telling|"
    r"according\s+to")
SPEECH = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
PARTICIPLE = re.compile(r"ing$")
# An attribution whose subject follows the verb, in a sentence used to find who "he" is:
# "..., said its director general, Muttaleb."
INVERTED = re.compile(r"[,\"”]\s*(?:said|says|added|adds|told|asked|according\s+to)\s")
# "the Bernama news agency quoted Mahathir as saying": the one quoted speaks.
REPORTED_SPEECH = re.compile(r"\b(?:quoted|cited)\s+(.{1,80}?)\s+as\s*$")
# "the Labor Party government, which ... promised": the verb's subject is before the comma.
RELATIVE = re.compile(r"\s*(?:who|which)\b")
# "... and said": the verb is coordinated with an earlier one and shares its subject.
COORDINATED = re.compile(r"\b(?:and|but)\s*,?\s*$")
# Words that may sit between a subject and its verb without changing who speaks: "Hun Sen
# said on Friday", "Carroll also told", "Castro, in a statement, said", "Orrell has said".
ADVERBIAL = re.compile(
    r"(?:\s+|,\s*)(?:on\s+|last\s+|this\s+|early\s+|late\s+)?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|"
    r"tonight|later|also|then|again|earlier|recently|further|once|repeatedly|"
    r"previously|however|meanwhile|still|had|has|have|would|will|was|were|is|"
    r"in\s+a\s+statement|in\s+an\s+interview|in\s+a\s+speech|in\s+a\s+letter)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\s*$", re.I)
# "a spokesperson for Nordstrom rather blandly confirmed": a manner adverb, in lower case
# (so "Italy said" keeps its subject).
MANNER = re.compile(r"\s+(?:rather\s+|very\s+|quite\s+)?[a-z]+ly\s*$")
# A relative clause inside the subject: its words name someone else.
RELATIVE_INSIDE = re.compile(r"\s(?:who|whose|which)\s")
# Characters before a verb searched for those words: the longest is a weekday with "on",
# "early" and "morning", or "in an interview" with a comma.
ADVERBIAL_REACH = 40
# Linking words before a subject: "But he also said".
LEADING_LINKS = re.compile(r"\s*(?:(?:and|but|so|yet|then|however|meanwhile)\b[\s,]*)+", re.I)
# A time adverbial before a subject, without a comma: "Last week he said".
LEADING_TIME = re.compile(
    r"\s*(?:(?:last|this|next|earlier\s+this|later\s+that|on)\s+)?"
    r"(?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"yesterday|today)(?:\s+(?:morning|afternoon|evening|night))?\s+(?-i:(?=[a-z]))", re.I)
# Words that open an adverbial, not a subject, at the start of a clause part.
ADVERBIAL_STARTS = {"in", "on", "at", "after", "before", "however", "meanwhile", "but",
                    "and", "as", "when", "while", "although", "though", "if", "during",
                    "despite", "since", "with", "without", "for", "from", "to", "by",
                    "under", "until", "asked", "like", "unlike", "according", "earlier",
                    "later", "also", "still", "instead", "now", "then", "so", "yet"}

# --- who a phrase names -------------------------------------------------------------------
PRONOUNS = {"he": "PERSON", "she": "PERSON", "they": "GROUP", "it": "ORG", "we": "GROUP"}
# Nouns naming someone by role. "the spokeswoman said" goes to the person the article
# last called a spokeswoman.
ROLE_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "doctor", "surgeon", "official",
              "minister", "ambassador", "president", "premier", "leader", "chairman",
              "director", "commander", "general", "colonel", "captain", "envoy",
              "negotiator", "secretary", "governor", "mayor", "chief", "officer",
              "prosecutor", "lawyer", "attorney", "judge", "diplomat", "aide", "adviser",
              "advisor", "head", "manager", "skipper", "inspector", "king", "prince",
              "senator"}
# A source document: "the statement said" goes to its issuer.
DOCUMENT_NOUNS = {"statement", "letter", "release", "report", "communique", "note",
                  "declaration", "announcement", "message"}
# Nouns for an organisation: "the group said" goes to the organisation last called one.
GROUP_NOUNS = {"group", "company", "firm", "agency", "ministry", "organization",
               "organisation", "party", "council", "board", "union", "league", "movement",
               "committee", "commission", "newspaper", "paper", "network", "station",
               "government", "cabinet", "court", "bank", "institute", "association"}
# Nouns that may name a speaker without a name: "officials said", "a young volunteer said".
SPEAKER_NOUNS = ROLE_NOUNS | DOCUMENT_NOUNS | GROUP_NOUNS | {
    "police", "witness", "resident", "villager", "shopper", "woman", "man", "volunteer",
    "soldier", "worker", "source", "analyst", "expert", "observer", "crowd",
    "demonstrator", "protester", "people", "family", "student", "teacher",
    "farmer", "survivor", "victim", "passenger", "fan", "player", "coach"}
DETERMINERS = {"the", "a", "an", "one", "another", "some", "its", "his", "her", "their"}
NP_BREAKS = {"that", "who", "which", "and", "but", "of", "to", "for", "with", "in", "on",
             "at", "from", "by", "as", "when", "while", "where"}
AUXILIARIES = {"is", "was", "were", "are", "has", "have", "had", "will", "would", "could",
               "can", "may", "might", "should", "must", "did", "does", "do"}
NOT_NOUNS = "|".join(sorted(NP_BREAKS | AUXILIARIES))
# Words of what a possessive names: "Malaysia's most prominent dissident", up to a verb
# or one of these adverbs ("Hun Sen's party recently said").
POSSESSED_WORDS = 4
TIME_ADVERBS = "recently|also|again|still|once|later|earlier|often|repeatedly|previously"
# Lower-case words that may sit in a clause's opening noun phrase between names: "U.S.
# Olympic Committee deputy secretary general John Krimsky", "the Israeli cabinet".
LEAD_WORDS = ROLE_NOUNS | GROUP_NOUNS | {
    "the", "a", "an", "of", "and", "deputy", "senior", "former", "top", "acting", "vice",
    "foreign", "defense", "defence", "interior", "finance", "trade", "state", "special",
    "opposition", "military", "army", "rebel", "national", "regional", "local",
    "team", "executive", "managing"}
# Words that tell a person's sex when next to the name; "he"/"she" must then agree.
GENDERED = {w: "f" for w in (
    "she", "wife", "mother", "daughter", "sister", "woman", "girl", "spokeswoman",
    "chairwoman", "mrs", "ms", "miss", "queen", "princess", "lady", "dame", "actress",
    "widow", "grandmother", "aunt", "niece", "businesswoman", "congresswoman")}
GENDERED.update({w: "m" for w in (
    "he", "husband", "father", "son", "brother", "man", "boy", "spokesman", "chairman",
    "mr", "king", "prince", "lord", "sir", "widower", "grandfather", "uncle", "nephew",
    "businessman", "congressman")})
APPOSITION = re.compile(r",\s+(?:a|an|the|his|her|its|their)\s+(?:[\w’'.-]+\s+){0,4}?("
                        + "|".join(GENDERED) + r")\b", re.I)
MERGED_TO_SPACY = {"ORG": "ORG", "PLACE": "GPE", "GROUP": "NORP"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
CAPITALISED = re.compile(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*")

# --- distances, calibrated on the dev clusters and the demo corpus --------------------------
# How far back (in sentences) a quote without attribution takes the last speaker: a quote
# continues the one just before; two sentences back it is as often someone else's.
CARRY_SENTENCES = 1
# How far back pronouns look for the person they stand for (DUC pronoun chains reach 3-4
# sentences; further back the nearest person is rarely the one meant).
LOOKBACK_SENTENCES = 6
# Characters after a name within which "he"/"she"/"his"/"her" is taken to refer to it
# ("Lee said he had been able", "Orrell said her crews").
PRONOUN_REACH = 60
# Words between a closing mark and an attribution verb ('," Hun Sen told reporters') when
# no comma sets them off; longer runs are a new clause, not an attribution.
TAIL_WORDS = 8

# --- what is not a quote -----------------------------------------------------------------
# A quote of at most this many words inside a sentence is kept only when the sentence
# attributes it ("accusing them of trying to "internationalize""), not when it is scare
# quotes ("dubbed the "iron lady""); the dev labels keep every attributed one.
SHORT_QUOTE_WORDS = 4
# Function words a title may leave in lower case ("Notice of Intent to Terminate ...").
TITLE_SMALL = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "from",
               "with", "by"}
# Quotation marks: a straight one opens after these and closes before CLOSE_AFTER.
STRAIGHT_OPEN_BEFORE = set(" \n\t([{—–-/")
CLOSE_AFTER = set(" \n\t.,;:!?)]}—–-'’")


@dataclass
class _Mention:
    start: int
    end: int
    label: str
    text: str


def extract_quotes(docs: list[Doc], entities: list[Entity] | None = None) -> list[Quote]:
    """Direct quotations of every article with their speakers, in text order.

    `entities` (from `merge_entities`) folds speakers to the cluster's fullest names; it is
    computed when not given.
    """
    if entities is None:
        entities = merge_entities(docs)
    labels = label_index(entities)
    canonical: dict[str, str] = {}
    quotes = []
    for doc in docs:
        quotes.extend(_DocQuotes(doc, entities, labels, canonical).extract())
    return quotes


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quotation marks, marks excluded."""
    spans = []
    for p_start, p_end in paragraphs(text):
        opened = None
        for m in re.finditer(r'["“”]', text[p_start:p_end]):
            i = p_start + m.start()
            kind = _mark_kind(text, i, p_start, p_end, opened is not None)
            if kind == "open":
                if opened is not None:
                    spans.append((opened + 1, _last_stop(text, opened + 1, i)))
                opened = i
            elif kind == "close" and opened is not None:
                spans.append((opened + 1, i))
                opened = None
        if opened is not None:
            spans.append((opened + 1, p_end))
    result = []
    for start, end in spans:
        inner = text[start:end]
        left = len(inner) - len(inner.lstrip())
        right = len(inner.rstrip())
        if right > left and re.search(r"\w", inner):
            result.append((start + left, start + right))
    return result


def _mark_kind(text: str, i: int, p_start: int, p_end: int, is_open: bool) -> str | None:
    """Whether the quotation mark at `i` opens or closes a quote (None: neither)."""
    before = text[i - 1] if i > p_start else " "
    after = text[i + 1] if i + 1 < p_end else " "
    opens = before in STRAIGHT_OPEN_BEFORE and not after.isspace()
    closes = not before.isspace() and (after in CLOSE_AFTER or after == '"' or i + 1 == p_end)
    if text[i] == "“" and not closes:
        return "open"
    if text[i] == "”" and not opens:
        return "close"
    if opens and closes:
        return "close" if is_open else "open"
    return "open" if opens else "close" if closes else None


def _last_stop(text: str, start: int, end: int) -> int:
    """End of the last full sentence in text[start:end] (or `end`): where an unclosed
    quote that runs into the next one stops."""
    cut = max(text.rfind(". ", start, end), text.rfind("? ", start, end),
              text.rfind("! ", start, end))
    return cut + 1 if cut > start else end


class _DocQuotes:
    """Quote extraction for one article: the mentions, sentences and quotes it shares."""

    def __init__(self, doc: Doc, entities: list[Entity], labels: dict[str, str],
                 canonical: dict[str, str]):
        self.doc = doc
        self.text = doc.article.text
        self.entities = entities
        self.spans = quote_spans(self.text)
        self.starts = [s.start for s in doc.sentences]
        self.quoted = _Spans(self.spans)
        self.canonical = canonical  # name -> cluster name, shared by the cluster's articles
        self.mentions = [_Mention(s, e, _relabel(label, labels.get(name_key(t))), t)
                         for s, e, label, t in name_mentions(doc)
                         if label in NAME_LABELS and not self._in_quote(s, e)]
        self.mentions += self._missed_names(labels)
        self.mentions.sort(key=lambda m: m.start)
        self.named = _Spans([(m.start, m.end) for m in self.mentions])
        self.gender = self._genders()
        # (sentence where the quote's attribution ends, speaker) of the quotes so far
        self.speakers: list[tuple[int, str | None]] = []

    def _missed_names(self, labels: dict[str, str]) -> list[_Mention]:
        """Known persons' names spaCy did not tag in this spot ("Saqib, who heads ...")."""
        taken = _Spans(sorted((m.start, m.end) for m in self.mentions))
        missed = []
        for m in CAPITALISED.finditer(self.text):
            if labels.get(name_key(m.group())) == "PERSON" and \
                    not taken.overlaps(m.start(), m.end()) and \
                    not self._in_quote(m.start(), m.end()):
                missed.append(_Mention(m.start(), m.end(), "PERSON", m.group()))
        return missed

    def _in_quote(self, start: int, end: int) -> bool:
        """Whether text[start:end] lies inside a quotation (its marks included)."""
        span = self.quoted.at(start + 1) or self.quoted.at(start)
        return span is not None and span[0] - 1 <= start and end <= span[1] + 1

    def _genders(self) -> dict[str, str]:
        """Person -> "m" or "f" where the article says: a gendered word next to the name
        ("his wife, Azizah Ismail", "Nadia Brisk, a spokeswoman") or the first personal
        pronoun after it in its sentence ("Orrell said her crews")."""
        votes: dict[str, list[str]] = {}
        people = [m for m in self.mentions if m.label == "PERSON"]
        for i, m in enumerate(people):
            found = []
            word = re.search(r"(\w+)[,.]?\s+$", self.text[max(0, m.start - 20):m.start])
            if word and word.group(1).lower() in GENDERED:
                found.append(GENDERED[word.group(1).lower()])
            apposition = APPOSITION.match(self.text, m.end, m.end + ROLE_REACH)
            if apposition and apposition.group(1).lower() in GENDERED:
                found.append(GENDERED[apposition.group(1).lower()])
            if not found:
                limit = min(people[i + 1].start if i + 1 < len(people) else len(self.text),
                            self.sentence_span(self.sentence_at(m.start))[1],
                            m.end + PRONOUN_REACH)
                pronoun = re.search(r"\b(he|his|him|she|her)\b", self.text[m.end:limit])
                if pronoun and not self._quoted(m.end + pronoun.start()):
                    found.append("f" if pronoun.group(1) in ("she", "her") else "m")
            votes.setdefault(self._person(m), []).extend(found)
        return {name: max(set(v), key=v.count) for name, v in votes.items() if v}

    def extract(self) -> list[Quote]:
        """The article's quotes in text order."""
        quotes = []
        for start, end in self.spans:
            sentence = self.sentence_at(start)
            speaker, attributed = self.speaker_of(start, end)
            whole = self._is_whole_sentence(start, end)
            if not attributed and not whole and \
                    len(self.text[start:end].split()) <= SHORT_QUOTE_WORDS:
                continue  # scare quotes, not speech
            if speaker is None and _title_like(self.text[start:end]):
                continue  # a title: "Notice of Intent to Terminate License Agreement."
            self.speakers.append((self.sentence_at(self._sentence_end(end) - 1), speaker))
            quotes.append(Quote(article=self.doc.article.id, quote=self.text[start:end],
                                speaker=speaker, sentence=sentence, start=start, end=end))
        return quotes

    # --- where things are -------------------------------------------------------------

    def sentence_at(self, pos: int) -> int:
        return max(bisect_right(self.starts, pos) - 1, 0)

    def sentence_span(self, index: int) -> tuple[int, int]:
        s = self.doc.sentences[index] if self.doc.sentences else None
        return (s.start, s.end) if s else (0, len(self.text))

    def _is_whole_sentence(self, start: int, end: int) -> bool:
        """Whether the quote opens its sentence (rather than quoting words inside one)."""
        s_start, _ = self.sentence_span(self.sentence_at(start))
        lead = self.text[s_start:max(start - 1, s_start)].strip()
        return not lead or lead.endswith(":")

    def _quoted(self, pos: int) -> bool:
        return self.quoted.at(pos) is not None

    # --- attribution -------------------------------------------------------------------

    def speaker_of(self, start: int, end: int) -> tuple[str | None, bool]:
        """The speaker of the quote text[start:end] and whether its own sentence says so.

        Words quoted inside a sentence belong to that sentence's attribution ('Ivanov said
        the strikes could occur "if ...," a spokesman told Tass' is Ivanov's), a quote that
        opens its sentence to the attribution after it.
        """
        if self._is_whole_sentence(start, end):
            found = self._after(end)
            if found is None:
                found = self._before(start)
            return (found, True) if found else (self._carried(start), False)
        found = self._before(start) or self._after(end)
        if found:
            return found, True
        s_start, _ = self.sentence_span(self.sentence_at(start))
        return self._clause_subject(s_start, max(start - 1, s_start)), False

    def _after(self, end: int) -> str | None:
        """Speaker from the attribution following the closing mark, in the same sentence
        ('," Carroll said'; 'and "deescalated ..." at the border, he said')."""
        close = end + 1 if end < len(self.text) and self.text[end] in '"”' else end
        limit = self._sentence_end(max(close - 1, 0))
        verbs = self._verbs(close, limit)
        if not verbs:
            return None
        verb = verbs[0]
        lead = self._unquoted(close, close + verb.start()).strip(" ,\n")
        if not lead or verb.group().startswith("according"):
            # '," said Petra Vane, a teacher', '," according to a Cabinet statement'
            return self._subject_after(close + verb.end(), limit)
        if len(lead.split()) > TAIL_WORDS and "," not in lead:
            return None
        return self._subject_before(close, close + verb.start(), verb.group())

    def _before(self, start: int) -> str | None:
        """Speaker from the last attribution verb before the opening mark in its sentence,
        or the subject of a clause that introduces the quote with a colon ("He began by
        praising Livingston: "..."")."""
        s_start, _ = self.sentence_span(self.sentence_at(start))
        verbs = self._verbs(s_start, max(start - 1, s_start))
        if not verbs:
            if self.text[s_start:max(start - 1, s_start)].rstrip().endswith(":"):
                return self._clause_subject(s_start, start - 1)
            return None
        verb = verbs[-1]
        lead = self._unquoted(s_start, s_start + verb.start()).strip(" ,\n")
        if verb.group().startswith("according") or not lead or \
                self._inverted(s_start + verb.start(), s_start + verb.end(), start - 1):
            # "according to X", or '"...," said Traci Gere, an analyst. "The market..."'
            return self._subject_after(s_start + verb.end(), start - 1)
        return self._subject_before(s_start, s_start + verb.start(), verb.group())

    def _inverted(self, verb_start: int, verb_end: int, hi: int) -> bool:
        """Whether the verb's subject follows it: ", said Wang, a former surgeon," (a comma
        before, a person's name and then a comma or the end after)."""
        if not self.text[:verb_start].rstrip().endswith(","):
            return False
        people = self._persons(verb_end, hi)
        return bool(people) and not self.text[verb_end:people[0].start].strip() and \
            re.match(r"\s*(?:[,.;]|$)", self.text[people[0].end:hi]) is not None

    def _verbs(self, lo: int, hi: int) -> list[re.Match]:
        """Attribution verbs in text[lo:hi] outside quotation marks (match offsets from lo)."""
        return [m for m in SPEECH.finditer(self.text[lo:hi])
                if not self._quoted(lo + m.start())]

    def _unquoted(self, lo: int, hi: int) -> str:
        """text[lo:hi] with quoted passages left out."""
        parts, pos = [], lo
        for s, e in self.spans:
            if e + 1 <= lo or s - 1 >= hi:
                continue
            parts.append(self.text[pos:max(s - 1, pos)])
            pos = min(e + 1, hi)
        parts.append(self.text[pos:hi])
        return " ".join(parts)

    def _sentence_end(self, pos: int) -> int:
        """End of the sentence at `pos`, joined to the next one when the splitter stopped
        before a lower-case continuation ('"Death to Arafat!" | a crowd shouted')."""
        index = self.sentence_at(pos)
        end = self.sentence_span(index)[1]
        while index + 1 < len(self.doc.sentences):
            following = self.doc.sentences[index + 1]
            if not following.text[:1].islower():
                break
            index, end = index + 1, following.end
        return end

    def _carried(self, start: int) -> str | None:
        """Speaker of a quote that continues the previous one or the sentence before."""
        sentence = self.sentence_at(start)
        if self.speakers and self.speakers[-1][1] and \
                sentence - self.speakers[-1][0] <= CARRY_SENTENCES:
            return self.speakers[-1][1]
        if sentence == 0:
            return None
        p_start, p_end = self.sentence_span(sentence - 1)
        verbs = self._verbs(p_start, p_end)
        if not verbs:
            return None
        verb = verbs[0]
        return self._subject_before(p_start, p_start + verb.start(), verb.group())

    # --- subjects ----------------------------------------------------------------------

    def _subject_after(self, lo: int, hi: int) -> str | None:
        """The speaker named after an inverted verb or "according to": up to the first
        comma, relative pronoun or preposition."""
        m = re.search(r",|;|\s(?:who|which|that|in|at|on|during|after|when|as|from)\s",
                      self.text[lo:hi] + " ")
        stop = lo + m.start() if m else hi
        while stop > lo and self.text[stop - 1] in ". ":
            stop -= 1  # the sentence's full stop, not an abbreviation's inside the name
        if m and m.group() == ",":
            # "said the NBA commissioner, David Stern": the name in apposition
            following = self._segments(stop + 1, hi)[0]
            if not self._persons(lo, stop) and self._is_name(*following):
                return self._np_speaker(*following, adjacent=True)
        return self._np_speaker(lo, stop, adjacent=False)

    def _subject_before(self, lo: int, verb: int, verb_text: str) -> str | None:
        """The subject of the attribution verb at `verb`, looking back no further than lo."""
        cut = verb
        while True:
            m = ADVERBIAL.search(self.text, max(lo, cut - ADVERBIAL_REACH), cut) or \
                MANNER.search(self.text, max(lo, cut - ADVERBIAL_REACH), cut)
            if not m:
                break
            cut = m.start()
        reported = REPORTED_SPEECH.search(self.text, lo, cut)
        if reported and reported.end() == cut:
            # "the Bernama news agency quoted Mahathir as saying": the one quoted speaks
            return self._np_speaker(reported.start(1), reported.end(1), adjacent=False)
        segments = self._segments(lo, cut)
        relative = RELATIVE.match(self.text, *segments[-1])
        if relative and len(segments) >= 2:
            # "the Labor Party government, which ... promised an "ethical" policy"
            return self._np_speaker(*segments[-2], adjacent=True)
        if PARTICIPLE.search(verb_text) or COORDINATED.search(self.text, lo, cut):
            # "..., calling it "meddling"", "Estrada called Anwar his friend and said":
            # the verb shares the subject of its clause.
            return self._clause_subject(lo, cut)
        s0, e0 = segments[-1]
        lead = LEADING_LINKS.match(self.text, s0, e0)
        s0 = lead.end() if lead else s0
        time = LEADING_TIME.match(self.text, s0, e0)
        s0 = time.end() if time else s0
        clause = RELATIVE_INSIDE.search(self.text, s0, e0)
        e0 = clause.start() if clause else e0  # "His associate| who was operating the camera"
        if self.text[s0:e0].strip():
            if not self._persons(s0, e0) and len(segments) >= 2 and \
                    self._is_name(*segments[-2]):
                # "Gen. Vincent K. Brooks, UNC Commander said": a title after the name
                return self._np_speaker(*segments[-2], adjacent=True)
            speaker = self._np_speaker(s0, e0, adjacent=True)
            if speaker:
                return speaker
        if len(segments) >= 2:
            # "Carroll, a spokesman for the U.N. command, told": the appositive is skipped
            # unless it is itself the name ("A Skerrow Line spokeswoman, Nadia Brisk, said").
            candidates = segments[-3:-1] if len(segments) >= 3 else segments[-2:-1]
            for s, e in reversed(candidates):
                if self._is_name(s, e):
                    return self._np_speaker(s, e, adjacent=True)
            for s, e in candidates:
                if self._persons(s, e):
                    return self._np_speaker(s, e, adjacent=False)
            for s, e in candidates:
                if self.text[s:e].strip()[:1].isupper():
                    speaker = self._np_speaker(s, e, adjacent=False)
                    if speaker:
                        return speaker
        return self._clause_subject(lo, cut)

    def _clause_subject(self, lo: int, hi: int) -> str | None:
        """The subject of the sentence part text[lo:hi]: its first noun phrase that is
        not a leading adverbial ("In London, ...", "Speaking after a meeting, ...")."""
        for s, e in self._segments(lo, hi):
            link = LEADING_LINKS.match(self.text, s, e)
            s = link.end() if link else s
            if self._adverbial(s, e) or self._quote_opens(s, e):
                continue
            return self._np_speaker(s, e, adjacent=False, clause=True)
        return None

    def _adverbial(self, lo: int, hi: int) -> bool:
        first = self.text[lo:hi].split()[:1]
        return not first or first[0].lower() in ADVERBIAL_STARTS or \
            first[0].lower().endswith("ing")

    def _segments(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Comma-separated parts of text[lo:hi] (commas inside numbers do not count)."""
        bounds = [lo] + [lo + m.start() + 1 for m in
                         re.finditer(r",(?!\d)", self.text[lo:hi])] + [hi + 1]
        return [(a, b - 1 if b - 1 >= a else a) for a, b in zip(bounds, bounds[1:])]

    def _persons(self, lo: int, hi: int) -> list[_Mention]:
        return [m for m in self.mentions if lo <= m.start and m.end <= hi
                and m.label == "PERSON" and not self._possessive(m)]

    def _is_name(self, lo: int, hi: int) -> bool:
        """Whether text[lo:hi] is nothing but one person's name."""
        people = self._persons(lo, hi)
        return len(people) == 1 and _name_only(self.text[lo:hi]) == _name_only(people[0].text)

    def _possessive(self, m: _Mention) -> bool:
        return bool(re.match(r"['’]s?\s", self.text[m.end:m.end + 3])) or \
            m.text.endswith(("'s", "’s"))

    def _np_speaker(self, lo: int, hi: int, adjacent: bool, clause: bool = False
                    ) -> str | None:
        """Who the noun phrase region text[lo:hi] names, as a speaker string.

        `adjacent`: the region ends at the verb, so its last name is the subject ("Cambodian
        leader Hun Sen"); otherwise the subject is at its start ("The U.S. National Weather
        Service in Miami said Mitch could weaken"). `clause`: the region is a whole clause,
        whose opening words name a speaker only when they are a name or a speaker noun.
        """
        region = self.text[lo:hi]
        if not region.strip():
            return None
        people = self._persons(lo, hi)
        if people and adjacent:
            # "Opposition leaders Prince Norodom Ranariddh and Sam Rainsy said"
            tail = [people[-1]]
            for m in reversed(people[:-1]):
                if re.fullmatch(r"\s*(?:and|&)\s*", self.text[m.end:tail[0].start]):
                    tail.insert(0, m)
            return " and ".join(self._person(m) for m in tail)
        if adjacent:
            others = [m for m in self.mentions if lo <= m.start and m.end <= hi]
            if others:
                return self._named_group(others[-1], hi, adjacent)
        else:
            head = self._lead_mention(lo, hi)
            if head:
                return self._named_group(head, hi, adjacent)
        words = re.findall(r"[\w’'.-]+", region)
        if not words:
            return None
        if words[-1 if adjacent else 0].lower() in PRONOUNS and \
                (len(words) <= 2 or not adjacent):
            return self._resolve_pronoun(lo, words[-1 if adjacent else 0].lower())
        np, determiner = _noun_phrase(words) if adjacent else _leading_noun_phrase(words)
        if not np:
            return None
        head = np[-1].lower()
        if head in DOCUMENT_NOUNS and len(np) == 1:
            return self._last_speaker(lo) or self._resolve_role(lo, head, "PERSON", "ORG") \
                or self._resolve_pronoun(lo, "it")
        definite = determiner in {"the", "its", "his", "her", "their"}
        if head.rstrip("s") in ROLE_NOUNS and definite:
            resolved = self._resolve_role(lo, head)
            if resolved:
                return resolved
        if head in GROUP_NOUNS and definite:
            # "the group said" after "The radical group Islamic Jihad claimed ..."
            resolved = self._resolve_role(lo, head, "ORG", "NORP", "GPE")
            if resolved:
                return resolved
        if all(w[:1].isupper() for w in np):
            return self._name(" ".join(np), person=True)
        if clause and not ({head, head.rstrip("s")} & SPEAKER_NOUNS):
            return None  # a clause's opening words that name nobody ("bigger surprise")
        return " ".join(np)

    def _lead_mention(self, lo: int, hi: int) -> _Mention | None:
        """The head name of the noun phrase text[lo:hi] starts with: its last person
        ("U.S. Olympic Committee deputy secretary general John Krimsky"), else its last
        name ("The U.S. National Weather Service| in Miami"); None when it has neither."""
        end = lo
        for word in re.finditer(r"[^\s,;:]+", self.text[lo:hi]):
            token = word.group().strip("\"“”()")
            plain = re.sub(r"['’]s?$", "", token).lower()
            if not token:
                continue  # a closing quotation mark before the attribution
            if not (token[:1].isupper() or token[:1].isdigit() or plain in LEAD_WORDS or
                    self._in_mention(lo + word.start())):
                break
            end = lo + word.end()
        inside = [m for m in self.mentions if lo <= m.start and m.end <= end]
        people = [m for m in inside if m.label == "PERSON" and not self._possessive(m)]
        return people[-1] if people else inside[-1] if inside else None

    def _in_mention(self, pos: int) -> bool:
        return self.named.at(pos) is not None

    def _named_group(self, m: _Mention, hi: int, adjacent: bool) -> str:
        """A speaker named by a mention and the nouns after it: "the U.N. command",
        "Pinochet's family", "Serb reports"; a person mention gives the person."""
        rest = self.text[m.end:hi]
        if self._possessive(m):
            # "Yugoslavia's prime minister", "Malaysia's sole Internet provider": the words
            # up to the verb or a clause break.
            noun = re.match(rf"(?:['’]s?)?((?:\s+(?!(?:[a-z]+ed|{TIME_ADVERBS}|"
                            rf"{NOT_NOUNS}|{SPEECH_VERBS})\b)[\w-]+){{1,{POSSESSED_WORDS}}})", rest)
            named = self._persons(m.end, m.end + noun.end()) if noun else []
            if named:  # "Bruce Guy's son Mark Guy"
                return self._person(named[-1])
            if noun and noun.group(1).split()[0][:1].islower():
                return f"{display_name(m.text)}'s {noun.group(1).strip()}"
            return self._person(m)
        if adjacent:
            extra = re.match(r"(?:\s+[a-z][\w-]*){1,3}\s*$", rest)
        else:  # "the Israeli cabinet suspended ...": one noun, not the verb after it
            extra = re.match(rf"\s+(?!(?:[a-z]+ed|{NOT_NOUNS})\b)[a-z][\w-]*", rest)
        if extra and m.label != "PERSON":
            return f"{self._name(m.text)} {extra.group().strip()}"
        if m.label == "PERSON":
            return self._person(m)
        return self._name(m.text)

    def _person(self, m: _Mention) -> str:
        return self._name(m.text, person=True)

    def _name(self, text: str, person: bool = False) -> str:
        """The cluster's name for a mention (memoised: the lookup scans all entities)."""
        key = ("P:" if person else "N:") + text
        if key not in self.canonical:
            find = canonical_person if person else canonical_name
            self.canonical[key] = find(text, self.entities)
        return self.canonical[key]

    # --- reference resolution ---------------------------------------------------------

    def _last_speaker(self, pos: int) -> str | None:
        """The previous quote's speaker when its attribution is at most a sentence back."""
        if self.speakers and self.speakers[-1][1] and \
                self.sentence_at(pos) - self.speakers[-1][0] <= CARRY_SENTENCES:
            return self.speakers[-1][1]
        return None

    def _resolve_pronoun(self, pos: int, pronoun: str) -> str | None:
        """The person (or organisation) a pronoun at `pos` stands for, from the nearest
        sentence, this one included, that names one: its subject ("Castro joked that ...
        the arrest of Pinochet ... "...," he said" is Castro), else the first one it names;
        a sentence whose subject is someone else ("The Taliban have refused to turn over bin
        Laden") is passed over while an earlier one has a fitting subject."""
        kind = PRONOUNS[pronoun]
        gender = {"he": "m", "she": "f"}.get(pronoun)
        if kind == "GROUP" and self._last_speaker(pos):
            return self._last_speaker(pos)
        sentence = self.sentence_at(pos)
        nearest = None
        for index in range(sentence, max(sentence - LOOKBACK_SENTENCES, -1), -1):
            s_start, s_end = self.sentence_span(index)
            hi = pos if index == sentence else s_end
            wanted = [m for m in self.mentions if s_start <= m.start and m.end <= hi
                      and not self._possessive(m)
                      and (m.label == "PERSON") == (kind == "PERSON")
                      and self.gender.get(self._person(m), gender) == gender]
            if not wanted:
                continue
            subject, someone_else = self._subject_mention(s_start, hi, wanted)
            if subject or not someone_else:
                return self._name((subject or wanted[0]).text)
            nearest = nearest or wanted[0]
        return self._name(nearest.text) if nearest else None

    def _subject_mention(self, lo: int, hi: int, wanted: list[_Mention]
                         ) -> tuple[_Mention | None, bool]:
        """The mention among `wanted` that is the subject of text[lo:hi], and whether the
        subject is known to be someone else (an organisation opening the clause: its
        persons are objects, "The Taliban have refused to turn over bin Laden").

        The subject is the speaker of an inverted attribution (", said its director
        general, Muttaleb"), a bare name set off by commas before the verb ("the prayer
        leader, Yousef Abu Sneineh, spoke"), or the head of the clause's opening phrase.
        """
        for verb in INVERTED.finditer(self.text, lo, hi):
            after = [m for m in wanted if verb.end() <= m.start]
            if after and not self._quoted(verb.start()):
                return after[0], False
        segments = [(s, e) for s, e in self._segments(lo, hi) if not self._quote_opens(s, e)]
        for (s, e), (next_s, next_e) in zip(segments, segments[1:] + [(hi, hi)]):
            if self._is_name(s, e) and self.text[next_s:next_e].strip()[:1].islower():
                return next((m for m in wanted if s <= m.start < e), None), False
        for s, e in segments:
            link = LEADING_LINKS.match(self.text, s, e)
            s = link.end() if link else s
            if self._adverbial(s, e):
                continue
            head = self._lead_mention(s, e)
            if head is None:
                return None, False
            return (head if head in wanted else None), head not in wanted
        return None, False

    def _quote_opens(self, lo: int, hi: int) -> bool:
        """Whether text[lo:hi] starts inside a quotation (its attribution comes after)."""
        region = self.text[lo:hi]
        first = lo + len(region) - len(region.lstrip())
        return any(s - 1 <= first < e for s, e in self.spans)

    def _resolve_role(self, pos: int, role: str, *labels: str) -> str | None:
        """The person (or, for a document, the issuer) last described with `role` before
        `pos`: "Nadia Brisk, a spokeswoman for the company", "Chilean Ambassador Mario
        Artaza", "The EU statement"."""
        labels = labels or ("PERSON",)
        pattern = re.compile(rf"\b{re.escape(role.rstrip('s'))}", re.I)
        for m in sorted((m for m in self.mentions if m.end <= pos and m.label in labels
                         and not self._possessive(m)), key=lambda m: -m.start):
            s_start, s_end = self.sentence_span(self.sentence_at(m.start))
            lo, hi = max(s_start, m.start - ROLE_REACH), min(s_end, m.end + ROLE_REACH)
            if pattern.search(self.text[lo:hi]):
                return self._name(m.text)
        return None


def _relabel(label: str, merged: str | None) -> str:
    """spaCy's label of one mention, overruled by the cluster's majority for persons."""
    if merged == "PERSON":
        return "PERSON"
    if label == "PERSON" and merged in MERGED_TO_SPACY:
        return MERGED_TO_SPACY[merged]
    return label


def _name_only(text: str) -> str:
    """A name without titles or punctuation, to compare spans."""
    return " ".join(re.findall(r"[\w-]+", display_name(text))).lower()


def _noun_phrase(words: list[str]) -> tuple[list[str], str]:
    """The trailing noun phrase of a word list and its determiner: after the last
    determiner, at most five words ("One young woman shopper" -> young woman shopper)."""
    tail: list[str] = []
    for w in reversed(words):
        if w.lower() in DETERMINERS:
            return tail, w.lower()
        if w.lower() in NP_BREAKS and tail:
            break
        tail.insert(0, w)
        if len(tail) == 5:
            break
    return tail, ""


def _leading_noun_phrase(words: list[str]) -> tuple[list[str], str]:
    """The noun phrase a clause starts with and its determiner ("a senior U.N. aid
    official ..." -> senior U.N. aid official): up to the first function word or verb."""
    determiner = words[0].lower() if words[0].lower() in DETERMINERS else ""
    head: list[str] = []
    for w in words[1 if determiner else 0:]:
        low = w.lower()
        if low in NP_BREAKS or low in AUXILIARIES or (w.islower() and low.endswith("ed")):
            break
        head.append(w)
        if len(head) == 5:
            break
    return head, determiner


def _title_like(quote: str) -> bool:
    """Whether every word but short function words is capitalised ("Blindness,")."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", quote) if w.lower() not in TITLE_SMALL]
    return bool(words) and all(w[0].isupper() for w in words)


class _Spans:
    """Sorted, non-overlapping (start, end) spans with lookups by position."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def at(self, pos: int) -> tuple[int, int] | None:
        """The span holding `pos`, if any."""
        i = bisect_right(self.starts, pos) - 1
        return self.spans[i] if i >= 0 and pos < self.spans[i][1] else None

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span shares a character with [start, end)."""
        i = bisect_left(self.starts, end) - 1
        return i >= 0 and self.spans[i][1] > start
