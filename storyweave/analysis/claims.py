"""Claims: the values an article states (counts, quantities, shares, money, ages, dates,
names in a role) together with what each one measures, so articles can be compared.

Everything here is rules over word tokens: a tagger or parser costs about 5 ms a sentence on
this CPU, more than the whole analysis may spend on a 10-article cluster. A claim records
what the value counts (the noun after it: "five *times*", "17 *people*"), the events around
it ("*shot* at least five times", "*killing* two people"), where (the nearest place name) and
the clause that states it, which is the quote shown to readers.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from storyweave.analysis.entities import name_key
from storyweave.analysis.timeline import time_mentions
from storyweave.nlp.lexicon import (CURRENCY_NAMES, CURRENCY_SIGNS, FRACTIONS, NUMBER_WORDS,
                                    QUALIFIERS, SCALES, SHOWN_AS_WORDS, UNITS)
from storyweave.nlp.tokens import STOP_WORDS, stem
from storyweave.records import Claim, Doc, Sentence

TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+(?:['’][A-Za-z]+)*|\S")

# Number words that add up ("twenty" "six"); "hundred" and "dozen" multiply instead.
UNIT_WORDS = {w: n for w, n in NUMBER_WORDS.items() if w not in ("hundred", "dozen")}
UNIT_OF = {stem(word): word for word in UNITS}
CURRENCY_WORDS = {stem(w) for w in CURRENCY_NAMES}

MONTHS = {"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
          "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8,
          "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
          "nov": 11, "november": 11, "dec": 12, "december": 12}
DATE_RANGE = re.compile(r"\b(?P<month>Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.\s+(?P<first>\d{1,2})"
                        r"\s*-\s*(?P<last>\d{1,2})\b(?!\s*-)")
REPORTING_VERBS = {stem(w) for w in ("said", "told", "reported", "quoted", "added", "stated",
                                      "says", "tells", "reports", "interviewed")}
PERIOD_EXPRESSION = re.compile(r"week|month|year", re.I)
CLOCK_WORDS = {"am", "pm", "gmt", "edt", "est", "bst", "utc", "o'clock", "local"}

# Words that make a figure a forecast ("expected to attract more than 10,000 athletes"): a
# later actual figure then updates it rather than contradicting it.
FORECAST = {"expect", "expected", "will", "would", "could", "may", "might", "plan", "plans",
            "planned", "projected", "forecast", "likely", "hope", "hopes", "aim", "aims",
            "scheduled", "due", "next"}
# Wording that marks a figure as the latest state of something that changes ("rose to 26 by
# Tuesday", "now agreed", "down from ... 7,000"): a sign of an update of earlier reports.
# It must be close to the value: "climbed down ladders" three clauses away says nothing.
REVISION_BEFORE = re.compile(
    r"\b(?:(?:rose|risen|climbed|increased|jumped|soared|mounted|grown|grew|fell|fallen|"
    r"dropped|declined|lowered|raised|revised)(?:\s+\w+)?\s+to|now|latest|so far|as of|"
    r"from\s+[\d,.]+\s+to)\s+(?:\w+\s+)?$", re.I)
REVISION_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:(?:up|down) from\D{0,40}\d|by (?:late |early )?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|now)\b)", re.I)
REVISION_CLAUSE = re.compile(r"\b(?:now|initially|originally|earlier estimate|later said)\b",
                             re.I)
# A figure the article itself says was replaced: "down from officials' earlier estimate of 7,000".
SUPERSEDED = re.compile(r"\b(?:(?:up|down) from|(?:earlier|previous|initial|original) "
                        r"(?:estimate|figure|count|toll))\b[^.;]*$", re.I)
REVISION_REACH = 40  # characters around a value searched for update wording

# Event words: counts of one thing are worded with different words ("killing", "died",
# "death toll"); a class makes them one event. Keys are Porter stems.
EVENTS = {
    "death": {"kill", "dead", "die", "death", "toll", "fatal", "perish", "buri", "bodi",
              "drown", "casualti"},
    "injury": {"wound", "injur", "hurt", "injuri"},
    "hospital": {"hospit", "admit", "treat", "hospitalis", "hospitaliz"},
    "missing": {"miss"},
    "homeless": {"homeless", "displac", "flee", "evacu", "shelter", "refuge"},
    "arrest": {"arrest", "detain", "jail"},
    "rescue": {"rescu", "winch", "airlift", "lift"},
}
EVENT_OF = {s: cls for cls, stems in EVENTS.items() for s in stems}
# Irregular forms, so "shot" and "shoot", "people" and "person" are one word.
LEMMAS = {"shot": "shoot", "took": "take", "taken": "take", "fled": "flee", "left": "leave",
          "held": "hold", "brought": "bring", "sent": "send", "made": "make", "gave": "give",
          "given": "give", "found": "find", "saw": "see", "seen": "see", "met": "meet",
          "won": "win", "lost": "lose", "drove": "drive", "driven": "drive", "flew": "fly",
          "flown": "fly", "threw": "throw", "thrown": "throw", "fell": "fall",
          "fallen": "fall", "rose": "rise", "risen": "rise", "grew": "grow", "went": "go",
          "people": "person", "men": "man", "women": "woman", "children": "child"}
PERSON = "person"  # the measure of counted people, whatever noun counts them
POPULATION = "population"  # people living somewhere: "its 23 million people"
# Event words that count people when a number is put before them: "174 dead", "231 deaths".
# Other event nouns keep their meaning: "275,000 refugees" are not any 275,000 people.
COUNTED_AS_PEOPLE = {stem(w) for w in ("dead", "death", "wounded", "injured", "missing",
                                       "homeless", "displaced", "casualties", "fatalities")}
EVENT_NOUNS = {stem(w) for w in ("refugees", "evacuees", "hostages", "prisoners", "detainees",
                                 "victims", "survivors")}
PLACE_NOUNS = {"country", "nation", "city", "town", "island", "colony", "state", "province",
               "village", "territory", "region"}
# Words after a number that make it an addition to another count: "nine other deaths".
INCREMENTS = {"other", "others", "more", "additional", "further", "new"}
IRREGULAR_PLURALS = {"people", "men", "women", "children", "police", "staff", "crew",
                     "personnel", "militiamen", "feet", "cattle"}
# Verbs too general to tell two counts apart ("were taken to hospital", "sent three").
LIGHT_VERBS = {stem(w) for w in ("take", "get", "make", "have", "give", "put", "bring",
                                 "send", "leave", "hold", "keep", "see", "find", "go")}
AUXILIARIES = {"was", "were", "is", "are", "be", "been", "being", "had", "has", "have",
               "reportedly", "also", "all", "confirmed", "later", "then", "others"}
PRONOUNS = {"him", "her", "them", "it", "us", "me", "you", "himself", "herself", "themselves"}
DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these",
               "those", "all", "only", "another", "other", "of", "whom", "which"}
# Tokens that end a clause: the quote, the event and the place of a value stay inside one.
HARD_BREAKS = {";", ":", "—", "–", "(", ")", '"', "“", "”", "_"}
# How far (in tokens) event words and the place of a value may be. Set on the seeds and
# the demo: "shoot him at least five times" (2), "people have been confirmed dead in
# Honduras" (5); at 8 a neighbouring clause's words start to attach.
# After a value the reach is longer, for a passive and its complement: "Seventeen people
# were taken to St. Brennan's Hospital" (8).
EVENT_WINDOW = 6
EVENT_WINDOW_AFTER = 8
PLACE_WINDOW = 7
REGION = "(region)"  # a figure for a whole area, not for one of its countries
REGION_WORDS = {"region", "regional", "throughout", "nationwide", "worldwide", "overall",
                "altogether", "elsewhere"}
CONTEXT_WINDOW = 10  # tokens each side whose stems describe a claim for matching
NOUN_REACH = 5  # tokens after a number searched for the noun it counts ("3,500 rebel troops")
# A quote is the comma-delimited clause holding the value, widened to its neighbours until
# it has this many words, so a reader sees what the figure measures.
QUOTE_MIN_WORDS = 9
QUOTE_MAX_WORDS = 25
SUBORDINATORS = {"who", "which", "that", "after", "before", "when", "while", "as", "because",
                 "although", "though", "whereas", "since", "until"}
MAX_AGE = 120
ASIDE_MAX_TOKENS = 15  # a longer "_ ... _" pair is two separate dashes, not one aside
# Words naming the side of a force in a conflict: counts of one side's troops are one thing.
SIDES = {"rebel": "rebels", "rebels": "rebels", "insurgent": "rebels", "insurgents": "rebels",
         "guerrilla": "rebels", "guerrillas": "rebels", "government": "government",
         "army": "government", "military": "government"}
YEAR_OFFSETS = {"last": -1, "this": 0, "next": 1}

# An office written before a person's name; the name must be a PERSON entity.
TITLE = re.compile(
    r"\b(?P<former>former\s+)?(?:(?:union|party|league|team|company|deputy|acting)\s+)?"
    r"(?P<title>(?:vice\s+)?(?:president|chairman|chairwoman|director|secretary|"
    r"minister|commissioner|governor|mayor|spokesman|spokeswoman|commander|chief)s?)\s+"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+)")
# "this vast West African nation": the story's country by its region (a named country,
# "the West African nation of Liberia", is another one and is left out).
REGION_OF_COUNTRY = re.compile(
    r"\bthis\s+(?:[a-z]+\s+){0,2}?(?P<side>(?:[Ww]est|[Ee]ast|[Nn]orth|[Ss]outh|[Cc]entral|"
    r"[Ss]outhern|[Nn]orthern|[Ee]astern|[Ww]estern)(?:-?(?:west|east))?)\s+"
    r"(?P<continent>African|Asian|American|European)\s+(?:nation|country|state)\b"
    r"(?!\s+of\s+[A-Z])")
# Who did it: patterns whose `agent` group must hold a named entity of `AGENT_LABELS`.
NAME = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
AGENT_LABELS = {"ORG", "NORP", "PERSON", "GPE"}
RESPONSIBILITY = "group that claimed responsibility"
ROLE_PATTERNS = [
    re.compile(rf"(?P<agent>{NAME})(?:,[^,]{{3,80}},)?\s+(?P<cue>initially\s+|later\s+|also\s+)?"
               rf"(?:has\s+|had\s+)?claimed\s+responsibility"),
    re.compile(rf"responsibility\s+(?:was\s+|has\s+been\s+)?claimed\s+by\s+(?:the\s+)?"
               rf"(?:\w+\s+){{0,3}}?(?P<agent>{NAME})"),
    re.compile(rf"\bit\s+was\s+(?:the\s+)?(?:\w+\s+){{0,3}}?(?P<agent>{NAME})\s+(?:that|who)\s+"
               rf"(?:carried|staged|was\s+behind)"),
    re.compile(rf"(?P<agent>{NAME})\s+said\s+(?:\w+\s+)?(?:that\s+)?it\s+(?:had\s+)?"
               rf"carried\s+out"),
]


@dataclass
class Token:
    """A word or symbol of a sentence, with offsets into the article text."""

    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        """Lower case with a straight apostrophe."""
        return self.text.lower().replace("’", "'")


@dataclass
class Reading:
    """A claim with what is needed to compare it: what, how much, where, when said."""

    claim: Claim
    kind: str  # count | quantity | percent | money | age | date | role | title | region
    number: float | None = None  # magnitude in the dimension's base unit
    precision: float = 1.0  # place value of the last significant digit (rounding tolerance)
    qualifier: str = ""
    unit: str = ""  # quantity: dimension; money: currency; date: the ISO date
    measure: str = ""  # stem of what is counted; age: "age"; role: the role
    measure_of: str = ""  # "rounds *of surgery*", "percent *of children*"
    events: frozenset[str] = frozenset()  # event classes near the value
    verb: str = ""  # stem of the governing verb
    event_word: str = ""  # the event as written, for `about`
    scope: str = ""  # the place the value is about ("in Honduras")
    subject: str = ""  # age: whose
    context: list[str] = field(default_factory=list)  # stems around the value
    forecast: bool = False
    revision: bool = False
    superseded: bool = False  # "Hamas initially claimed": a value the article says was replaced
    partial: bool = False  # "nine other deaths", "two of whom": part of a count, not the count
    period: str = ""  # the year the figure is for, when the clause says
    side: str = ""  # "rebels" or "government", for counts of forces
    group: str = ""  # who is counted, when named: "nine Serb prisoners", "12 Muslims"
    published: str | None = None


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Word, number and symbol tokens with offsets (shifted by `offset`)."""
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in TOKEN.finditer(text)]


def lemma(word: str) -> str:
    """Porter stem of a word's lemma: "passengers" -> "passeng", "shot" -> "shoot"."""
    word = word.lower().replace("’", "'")
    return stem(LEMMAS.get(word, word))


def format_number(value: float) -> str:
    """How a normalised value is written: small integers as words, others with commas."""
    if value == int(value):
        value = int(value)
        if value < SHOWN_AS_WORDS:
            return next(w for w, n in UNIT_WORDS.items() if n == value)
        for scale, name in ((1_000_000_000, "billion"), (1_000_000, "million")):
            if value >= scale and value % (scale // 100) == 0:
                return f"{value / scale:g} {name}"
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _digits(text: str) -> tuple[float, float] | None:
    """Value of "1,400" or "2.5" and the place value of its last significant digit."""
    if not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", text):
        return None
    plain = text.replace(",", "")
    if "." in plain:
        return float(plain), 10.0 ** -len(plain.split(".")[1])
    significant = plain.rstrip("0")
    return float(plain), 10.0 ** (len(plain) - len(significant)) if significant else 1.0


def _word_precision(value: float) -> float:
    """"forty" is exact to the ten, "seventeen" to the unit."""
    if value < 10 or value != int(value):
        return 1.0
    text = str(int(value))
    return 10.0 ** (len(text) - len(text.rstrip("0")))


def parse_number(tokens: list[Token], i: int) -> tuple[float, float, int, bool] | None:
    """The number starting at token i: (value, precision, tokens used, is a fraction)."""
    parsed = _digits(tokens[i].text)
    if parsed is not None:
        value, precision = parsed
        j = i + 1
        if j + 2 < len(tokens) and tokens[j].text.isdigit() and tokens[j + 1].text == "/":
            value += int(tokens[j].text) / max(int(tokens[j + 2].text), 1)  # "2 1/2"
            j += 3
    elif tokens[i].lower in UNIT_WORDS or (tokens[i].lower in ("a", "an") and i + 1 < len(tokens)
                                           and tokens[i + 1].lower in ("dozen", *SCALES)):
        total, current, j = 0.0, 0.0, i
        while j < len(tokens):
            word = tokens[j].lower
            if word in UNIT_WORDS:
                current += UNIT_WORDS[word]
            elif word in ("a", "an") and j == i:
                current = 1
            elif word in ("dozen", "hundred"):
                current = max(current, 1) * (12 if word == "dozen" else 100)
            elif word in SCALES:
                total, current = total + max(current, 1) * SCALES[word], 0
            elif not (word in ("-", "and") and j + 1 < len(tokens) and j > i and
                      tokens[j + 1].lower in UNIT_WORDS):
                break
            j += 1
        value = total + current
        if j + 1 < len(tokens) and tokens[j].text == "-" and tokens[j + 1].lower in FRACTIONS:
            return 100 * value / FRACTIONS[tokens[j + 1].lower], 1.0, j + 2 - i, True
        return value, _word_precision(value), j - i, False
    else:
        return None
    if j < len(tokens) and tokens[j].lower in SCALES:
        value, precision = value * SCALES[tokens[j].lower], precision * SCALES[tokens[j].lower]
        j += 1
    return value, precision, j - i, False


def _qualifier(tokens: list[Token], i: int) -> tuple[str, int]:
    """The qualifier ending right before token i, normalised, and its first token."""
    for phrase, norm in QUALIFIERS:
        words = phrase.split()
        k = i - len(words)
        if k >= 0 and [t.lower for t in tokens[k:i]] == words:
            return norm, k
    return "", i


def _not_a_claim(tokens: list[Token], i: int, n: int, sentence: Sentence) -> bool:
    """Numbers that state nothing comparable: years, clock times, dates, names, pronouns."""
    tok = tokens[i]
    before = [t.lower for t in tokens[max(0, i - 2):i]]
    after = [t.lower for t in tokens[i + n:i + n + 4]]
    prev = before[-1] if before else ""
    if tok.text.isdigit() and len(tok.text) == 4 and 1800 <= int(tok.text) <= 2100:
        return True  # a year
    if after[:1] and (after[0] in CLOCK_WORDS or after[0] in (":", "-") and tok.text.isdigit()
                      and after[1:2] and after[1][:1].isdigit()):
        return True  # "9:42", "1950-53", "12-18"
    if after[:3] in (["a", ".", "m"], ["p", ".", "m"]) or prev in (":", "past", "quarter") or \
            (prev == "-" and i > 1 and (tokens[i - 2].text[:1].isdigit() or
                                        tokens[i - 2].text.isupper())):
        return True
    if after[:3] in (["in", "the", "morning"], ["in", "the", "afternoon"],
                     ["in", "the", "evening"]):
        return True
    if prev.rstrip(".") in MONTHS or (after[:1] and after[0].rstrip(".") in MONTHS) or \
            (prev == "." and i > 1 and tokens[i - 2].lower in MONTHS):
        return True  # "Nov. 13", "13 November": dates are read by `_dates`
    if after[:1] and after[0] in ("st", "nd", "rd", "th", "north", "south", "east", "west"):
        return True  # "3rd"; "19.1 north, 58.9 west" is a position
    if tok.text[0].isdigit() and i > 0 and tokens[i - 1].start > sentence.start and \
            tokens[i - 1].text[:1].isupper() and tokens[i - 1].text.isalpha() and \
            prev not in dict(QUALIFIERS) and prev not in MONTHS:
        return True  # "Boeing 727", "Resolution 1199": a name, not a quantity
    if prev in ("no", "number") and tok.text[0].isdigit():
        return True
    if tok.lower == "one" and (prev == "no" or after[:1] and after[0] in (
            "of", "by", "another", "day", "time", "way", ",")):
        return True  # "one of its engines", "one by one", "no one"
    depth = 0
    for t in tokens[:i]:
        depth += (t.text == "(") - (t.text == ")")
    return depth > 0  # conversions and asides in parentheses repeat the figure before them


def _clause(tokens: list[Token], i: int) -> tuple[int, int]:
    """Token range of the clause around token i, between hard breaks."""
    lo = i
    while lo > 0 and tokens[lo - 1].text not in HARD_BREAKS:
        lo -= 1
    hi = i
    while hi + 1 < len(tokens) and tokens[hi + 1].text not in HARD_BREAKS:
        hi += 1
    return lo, hi + 1


def _event_class(t: Token) -> str | None:
    return EVENT_OF.get(lemma(t.text)) if t.text[:1].isalpha() else None


def _is_plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith("ss") or word in IRREGULAR_PLURALS


def _noun(tokens: list[Token], j: int, hi: int) -> tuple[str, int]:
    """The noun a number counts, from token j: "3,500 rebel *troops*"; and the index after.
    A capitalised plural is a people ("21 Israelis", "1.5 million Hondurans")."""
    head, k = "", j
    while k < min(hi, j + NOUN_REACH):
        t = tokens[k]
        low = t.lower
        if low in INCREMENTS and not head:  # "nine other deaths": partial, see _read_number
            k += 1
            if low == "others":
                return PERSON, k
            continue
        if t.text == "-" or (t.text[:1].isupper() and t.text.isalpha()):
            k += 1
            if t.text != "-" and _is_plural(low):
                return PERSON, k
            continue
        if not t.text.isalpha() or low in STOP_WORDS or low in AUXILIARIES or \
                (_event_class(t) and low.endswith(("ed", "ing"))):
            break
        head = low
        k += 1
        if _is_plural(low):
            break
    return (lemma(head) if head else ""), k


def _of_noun(tokens: list[Token], k: int, hi: int) -> str:
    """The noun of "of ...", last of its run: "two rounds of major *surgeries*"."""
    if not (k < hi and tokens[k].lower == "of"):
        return ""
    noun, k = "", k + 1
    while k < hi and tokens[k].lower in DETERMINERS:
        k += 1
    while k < hi and tokens[k].text.isalpha() and tokens[k].lower not in STOP_WORDS:
        noun = tokens[k].text
        k += 1
    return lemma(noun) if noun else ""


def _event(tokens: list[Token], lo: int, hi: int, a: int, b: int,
           own: tuple[int, int], spans: list[tuple[int, int]]
           ) -> tuple[frozenset[str], str, str]:
    """The events of a value at tokens [a, b): the event classes of the words near it that
    no other number is closer to, its governing verb, and the word to show."""
    classes, nearest = set(), None
    for k in range(max(lo, a - EVENT_WINDOW), min(hi, b + EVENT_WINDOW_AFTER)):
        if a <= k < b or _owner(k, spans, own) != own:
            continue
        cls = _event_class(tokens[k])
        if cls:
            classes.add(cls)
            dist = a - k if k < a else k - b + 1
            if nearest is None or dist < nearest[0]:
                nearest = (dist, tokens[k].text)
    verb = ""
    k = a - 1  # governing verb on the left: "shoot him at least five times"
    while k >= lo and (tokens[k].lower in PRONOUNS or tokens[k].lower in DETERMINERS or
                       tokens[k].lower in AUXILIARIES):
        k -= 1
    has_object = k + 1 < a and tokens[k + 1].lower in PRONOUNS  # only a verb takes "him"
    if k >= lo and _verb_like(tokens[k], ("ed", "ing") if not has_object else ("",)):
        verb = tokens[k].text
    else:
        k = b  # or after the counted noun and its auxiliaries: "17 people were admitted"
        while k < hi and tokens[k].lower in AUXILIARIES | {"not"}:
            k += 1
        if b < k < hi and _verb_like(tokens[k], ("ed", "en")):
            verb = tokens[k].text
    shown = nearest[1] if nearest else verb
    verb = lemma(verb) if verb else ""
    return frozenset(classes), ("" if verb in LIGHT_VERBS else verb), shown


def _owner(k: int, spans: list[tuple[int, int]], default: tuple[int, int]) -> tuple[int, int]:
    """The number span nearest to token k; on a tie the one before it ("21 others were
    wounded and 2 killed": "wounded" is the 21's)."""
    best = None
    for a, b in spans:
        dist = a - k if k < a else k - b + 1
        if best is None or dist < best[0]:
            best = (dist, (a, b))
    return best[1] if best else default


def _verb_like(t: Token, endings: tuple[str, ...]) -> bool:
    low = t.lower
    return t.text.isalpha() and t.text.islower() and low not in STOP_WORDS and \
        (low.endswith(endings) or low in LEMMAS)


def _place(doc: Doc, tokens: list[Token], a: int, b: int, wide: bool = False) -> str:
    """The place a value is about: the nearest place name within `PLACE_WINDOW` tokens (the
    sentence when `wide`), or `REGION` for a figure over a whole area ("in the region",
    "throughout Central America")."""
    lo, hi = (0, len(tokens)) if wide else (max(0, a - PLACE_WINDOW),
                                            min(len(tokens), b + PLACE_WINDOW))
    start, end = tokens[lo].start, tokens[hi - 1].end
    best = None
    for s, e, label, text in doc.entities:
        if label in ("GPE", "LOC") and start <= s and e <= end:
            dist = min(abs(s - tokens[a].start), abs(e - tokens[b - 1].end))
            if best is None or dist < best[0]:
                best = (dist, name_key(text) if label == "GPE" else REGION)
    if best:
        return best[1]
    return REGION if any(t.lower in REGION_WORDS for t in tokens[lo:hi]) else ""


def _quote(text: str, tokens: list[Token], a: int, b: int, lo: int, hi: int) -> str:
    """The clause that states a value at tokens [a, b): comma-delimited, at least
    `QUOTE_MIN_WORDS` words; one longer than `QUOTE_MAX_WORDS` is cut at the subordinating
    words around the value ("... a soldier *who was seen limping across the border after
    being shot at least five times*")."""
    commas = [k for k in range(lo, hi) if tokens[k].text == ","]
    left = [k for k in commas if k < a]
    right = [k for k in commas if k >= b]
    s, e = (left[-1] + 1 if left else lo), (right[0] if right else hi)
    while _words(text, tokens, s, e) < QUOTE_MIN_WORDS and (left or right):
        if right:
            right.pop(0)
            e = right[0] if right else hi
        else:
            left.pop()
            s = left[-1] + 1 if left else lo
    if _words(text, tokens, s, e) > QUOTE_MAX_WORDS:
        starts = [k for k in range(s + 1, a) if tokens[k].lower in SUBORDINATORS and
                  _words(text, tokens, k, e) >= QUOTE_MIN_WORDS]
        s = starts[-1] if starts else s
        ends = [k for k in range(b, e) if tokens[k].lower in SUBORDINATORS and
                _words(text, tokens, s, k) >= QUOTE_MIN_WORDS]
        e = ends[0] if ends else e
    return text[tokens[s].start:tokens[e - 1].end]


def _words(text: str, tokens: list[Token], s: int, e: int) -> int:
    return len(text[tokens[s].start:tokens[e - 1].end].split())


def _context(tokens: list[Token], a: int, b: int, own: tuple[int, int],
             owners: list[tuple[int, int]], noun: tuple[int, int] = (0, 0)) -> list[str]:
    """Stems of the words around a value (tokens [a, b): the value and what it counts) that
    no other number is closer to. Event words are left out, but for the counted noun
    (tokens `noun`: "refugees"): `Reading.events` has them, and in a short context they
    would make any two counts of deaths look alike."""
    window = range(max(0, a - CONTEXT_WINDOW), min(len(tokens), b + CONTEXT_WINDOW))
    return [word_stem(tokens[k].text) for k in window
            if not a <= k < b and _is_content(tokens[k]) and _owner(k, owners, own) == own
            and (not _event_class(tokens[k]) or noun[0] <= k < noun[1])]


def _side(tokens: list[Token], lo: int, a: int, end: int) -> str:
    """The side a counted force is on: a side word in its noun phrase ("3,500 rebel
    troops", "5,000 government troops"), else the last one before it in its clause ("the
    rebels had deployed more than 3,500 troops", "Rebel commanders say their 2,000")."""
    for k in [*range(a, end), *range(a - 1, lo - 1, -1)]:
        side = SIDES.get(tokens[k].lower)
        if side:
            return side
    return ""


def _period(tokens: list[Token], lo: int, hi: int, published: str | None) -> str:
    """The year a figure is for, when its clause says: "last year" (from the publication
    date), "this year", "in 1997", "the 1988 bombing"; figures for different years measure
    different things."""
    year = int(published[:4]) if published and published[:4].isdigit() else None
    for k in range(lo, hi - 1):
        pair = (tokens[k].lower, tokens[k + 1].lower)
        if pair[1] == "year" and pair[0] in YEAR_OFFSETS:
            return str(year + YEAR_OFFSETS[pair[0]]) if year else " ".join(pair)
    for k in range(lo, hi):
        if tokens[k].text.isdigit() and len(tokens[k].text) == 4 and \
                1900 <= int(tokens[k].text) <= 2100 and k and \
                tokens[k - 1].lower in ("in", "of", "since", "the"):  # "the 1988 bombing"
            return tokens[k].text
    return ""


def word_stem(word: str) -> str:
    """A word as claims are compared: its lemma's stem, or its event class ("died" and
    "deaths" are both "death")."""
    base = lemma(word)
    return EVENT_OF.get(base, base)


def content_words(text: str) -> list[str]:
    """`word_stem` of each content word of a text but event words (see `_context`)."""
    return [word_stem(t.text) for t in tokenize(text) if _is_content(t) and not _event_class(t)]


def _is_content(t: Token) -> bool:
    return t.text.isalpha() and len(t.text) > 1 and t.lower not in STOP_WORDS


def extract_claims(doc: Doc) -> list[Reading]:
    """Every value the article states, with what it measures and the clause quoting it."""
    readings: list[Reading] = []
    for sentence in doc.sentences:
        tokens = tokenize(sentence.text, sentence.start)
        if tokens:
            readings += _numbers_around_asides(doc, sentence, tokens) + \
                _roles(doc, sentence) + \
                _titles(doc, sentence) + _regions(doc, sentence)
    readings += _dates(doc) + _date_ranges(doc)
    for reading in readings:
        reading.published = doc.article.published
    return readings


def _asides(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token ranges of asides set off by a pair of underscores, AP's dashes: "600,000
    people _ 10 percent of the population _ were forced to flee"."""
    marks = [k for k, t in enumerate(tokens) if t.text == "_"]
    return [(a, b + 1) for a, b in zip(marks[::2], marks[1::2]) if b - a <= ASIDE_MAX_TOKENS]


def _numbers_around_asides(doc: Doc, sentence: Sentence, tokens: list[Token]) -> list[Reading]:
    """`_numbers`, with a value outside an underscore aside read as if the aside were not
    there, so what it counts and its event are found across the aside; values inside an
    aside are read within it."""
    asides = _asides(tokens)
    if not asides:
        return _numbers(doc, sentence, tokens)
    inside = {k for a, b in asides for k in range(a, b)}
    spans = [(tokens[a].start, tokens[b - 1].end) for a, b in asides]
    within = _numbers(doc, sentence, tokens,
                      keep=lambda start: any(s <= start < e for s, e in spans))
    return _numbers(doc, sentence, [t for k, t in enumerate(tokens) if k not in inside]) + within


def _numbers(doc: Doc, sentence: Sentence, tokens: list[Token],
             keep: Callable[[int], bool] | None = None) -> list[Reading]:
    """Counts, quantities, shares, money and ages stated in one sentence."""
    spans = []
    i = 0
    while i < len(tokens):
        parsed = parse_number(tokens, i)
        if parsed is None or _not_a_claim(tokens, i, parsed[2], sentence):
            i += 1
            continue
        spans.append((i, i + parsed[2], parsed))
        i += parsed[2]
    merged: list[tuple[int, int, tuple, tuple | None]] = []
    for a, b, parsed in spans:
        q = _qualifier(tokens, a)[1]
        if merged and merged[-1][1] + 1 == q and tokens[q - 1].lower in ("and", "to"):
            first, first_end, first_parsed, _ = merged[-1]
            first_q = _qualifier(tokens, first)[1]
            opener = tokens[first_q - 1].lower if first_q else ""
            if opener == "between":  # "between 1,000 and 1,500": one range
                merged[-1] = (first, b, first_parsed, parsed)
                continue
            if opener == "from":  # "dropped from 580,000 to 569,000": the new figure counts
                merged.pop()
        merged.append((a, b, parsed, None))
    # A word belongs to the nearest number, counting from the end of what it counts:
    # in "11 people were killed and 85 were injured", "killed" is the 11's.
    owners = [(a, max(b, _noun(tokens, b, _clause(tokens, a)[1])[1])) for a, b, _, _ in merged]
    readings, previous_measure, previous_scope = [], "", ""
    for a, b, (value, precision, _, fraction), upper in merged:
        if keep and not keep(tokens[a].start):
            continue
        reading = _read_number(doc, tokens, a, b, value, precision, fraction, upper, owners,
                               previous_measure)
        if reading is None:
            continue
        if reading.kind == "count":
            previous_measure = reading.measure
        # A list shares its place: "El Salvador's committee listed 174 dead, 96 missing
        # and 27,000 homeless".
        reading.scope = reading.scope or previous_scope
        previous_scope = reading.scope
        reading.claim.sentence = sentence.index
        reading.superseded = bool(SUPERSEDED.search(
            sentence.text[:tokens[a].start - sentence.start][-REVISION_REACH:]))
        readings.append(reading)
    return readings


def _read_number(doc: Doc, tokens: list[Token], a: int, b: int, value: float,
                 precision: float, fraction: bool, upper: tuple | None,
                 owners: list[tuple[int, int]],
                 previous_measure: str) -> Reading | None:
    """One number as a claim: an age, money, a share, a quantity with a unit or a count."""
    text = doc.article.text
    lo, hi = _clause(tokens, a)
    qualifier, q = _qualifier(tokens, a)
    shown = tokens[a].text if b - a == 1 and tokens[a].text[0].isdigit() else \
        format_number(value)
    reading = Reading(claim=Claim(doc.article.id, "", ""), kind="count", number=value,
                      precision=precision, qualifier=qualifier)
    prev = tokens[q - 1].lower if q > 0 else ""
    if upper:  # "between 1,000 and 1,500": the middle, exact to half the range
        shown = f"{shown} to {format_number(upper[0])}"
        reading.number, reading.precision = (value + upper[0]) / 2, abs(upper[0] - value)
        reading.qualifier = qualifier = "about"
    after = [t.lower for t in tokens[b:b + 4]]
    unit = lemma(tokens[b + (after[:1] == ["-"])].text) if b + 1 < len(tokens) else ""
    if len(after) == 4 and after[0] == "-" and after[2:] == ["-", "old"] and \
            after[1] in ("day", "week", "month"):
        return None  # a baby's age in months says nothing the other reports contest
    named_at = -1
    if after[:4] == ["-", "year", "-", "old"] or after[:2] == ["years", "old"] or \
            prev in ("aged", "age") or _appositive_age(tokens, a, b, value):
        named_at = _age(doc, tokens, a, b, q, reading)
        if named_at is None:
            return None
        shown_value = shown
        end = b
    elif prev in CURRENCY_SIGNS or (after and lemma(after[0]) in CURRENCY_WORDS):
        reading.kind = "money"
        if prev in CURRENCY_SIGNS:
            reading.unit, shown_value = prev, f"{prev}{shown}"
        else:
            reading.unit, shown_value = lemma(after[0]), f"{shown} {tokens[b].text}"
        reading.measure, end = _noun(tokens, b + (prev not in CURRENCY_SIGNS), hi)
    elif fraction or after[:1] in (["percent"], ["%"]) or after[:2] == ["per", "cent"]:
        reading.kind = "percent"
        end = b + (0 if fraction else 2 if after[:2] == ["per", "cent"] else 1)
        shown_value = shown if fraction else f"{shown} percent"
        if fraction:
            reading.qualifier = "about"  # "two-thirds" is 67 percent rounded
        reading.measure_of = _of_noun(tokens, end, hi)
    elif unit in UNIT_OF and UNITS[UNIT_OF[unit]][0] == "duration":
        return None  # "18 months ago", "17 years as prime minister": periods, rarely a fact
    elif unit in UNIT_OF:
        dimension, factor = UNITS[UNIT_OF[unit]]
        reading.kind, reading.unit = "quantity", dimension
        end = b + (after[:1] == ["-"]) + 1
        if end + 1 < len(tokens) and tokens[end].text == "/":
            reading.unit, factor = "speed", 1.0  # "km/h"
            end += 2
        reading.number, reading.precision = reading.number * factor, reading.precision * factor
        unit_at = b + (after[:1] == ["-"])
        shown_value = f"{shown} {text[tokens[unit_at].start:tokens[end - 1].end]}"
        reading.measure, _ = _noun(tokens, end, hi)
    elif after[:1] == ["-"] and len(after) > 1 and after[1].isalpha():
        reading.measure, end = lemma(after[1]), b + 2  # "122-seat assembly", "18-nation summit"
        shown_value = shown
    else:
        reading.measure, end = _noun(tokens, b, hi)
        if not reading.measure and after[:1] == ["of"]:
            if after[1:2] and after[1] in DETERMINERS and after[1] not in ("the", "its", "their"):
                reading.partial = True  # "two of whom": a part of a count stated before it
            else:
                reading.measure_of = _of_noun(tokens, b, hi)
                reading.measure = reading.measure_of  # "194 of its people"
        if not reading.measure and q >= 2 and tokens[q - 1].lower == "of" and \
                tokens[q - 2].text.isalpha() and tokens[q - 2].lower not in STOP_WORDS:
            reading.measure = lemma(tokens[q - 2].text)  # "a crew of 19", "a country of 23m"
        # "killing two people and wounding 21": the 21 counts what the two counted
        reading.measure = reading.measure or previous_measure
        if reading.measure == PERSON and _is_population(tokens, q, b):
            reading.measure = POPULATION
        if reading.measure in COUNTED_AS_PEOPLE:  # "174 dead", "231 deaths": people
            reading.events = frozenset({EVENT_OF[reading.measure]})
            reading.measure = PERSON
        elif reading.measure in EVENT_NOUNS and reading.measure in EVENT_OF:
            reading.events = frozenset({EVENT_OF[reading.measure]})  # "275,000 refugees"
        if not reading.measure_of:
            reading.measure_of = _of_noun(tokens, end, hi)
        shown_value = shown
    own = next(o for o in owners if o[0] == a)
    events, reading.verb, reading.event_word = _event(tokens, lo, hi, q, max(end, b), own,
                                                      owners)
    reading.events |= events
    if not reading.events or not reading.measure:
        _number_of(tokens, q, reading)
    if reading.kind == "count" and not reading.events and (
            not reading.measure or value == 1 and b - a == 1 and not upper):
        # Nothing counted ("one, firing weapons ... and two, by ..."), or "one" as an
        # article ("in one hospital"); "one death" has an event and stays.
        return None
    if end < hi and (tokens[end].lower in ("per", "each", "apiece") or
                     tokens[end].lower in ("a", "an") and end + 1 < hi and
                     tokens[end + 1].lower in ("day", "week", "month", "year")):
        reading.measure_of = "rate"  # "one free agent per year" is not a number of agents
    if reading.kind != "age":
        reading.scope = _place(doc, tokens, a, b, wide=reading.measure == POPULATION)
    increment = q and tokens[q - 1].lower == "another" or \
        b < len(tokens) and tokens[b].lower in INCREMENTS
    if reading.kind == "count" and (
            increment and (reading.scope in ("", REGION) or q and tokens[q - 1].lower == "and")
            or q and tokens[q - 1].lower in ("the", "both") and value < SHOWN_AS_WORDS):
        # "nine other deaths", "another 600 people", "the United States and 15 other
        # nations": an addition to a count ("eight others died in Nicaragua" is
        # Nicaragua's count); "the two people admitted in serious condition": people
        # counted before.
        reading.partial = True
    # The context leaves out the value and its unit ("percent", "tons"), which say nothing
    # of what is measured; it keeps the counted noun ("athletes", "refugees").
    reading.side = _side(tokens, lo, q, max(b, end))
    reading.group = next((lemma(t.text) for t in tokens[b:end]
                          if t.text[:1].isupper() and t.text.isalpha()), "")
    reading.context = _context(tokens, q, max(b, end) if reading.kind in ("percent", "quantity",
                                                                          "money") else b,
                               own, owners, noun=(b, end))
    reading.period = _period(tokens, lo, hi, doc.article.published)
    reading.claim.value = f"{qualifier} {shown_value}" if qualifier else shown_value
    quote_end = max(b, end, _after_event(tokens, reading, b, hi))
    reading.claim.quote = _quote(text, tokens, q, quote_end, lo, hi)
    if reading.kind == "age" and named_at >= 0:
        reading.claim.quote = text[named_at:tokens[b - 1].end]  # "Youssef Zughayer, 21"
    _revision(text, tokens, q, b, lo, hi, reading)
    reading.forecast = _forecast(tokens, lo, q)
    return reading


def _forecast(tokens: list[Token], lo: int, a: int) -> bool:
    """Whether the value at token a is a forecast: a word such as "expected" or "will"
    before it in its clause, not in an earlier clause ("would release data indicating that
    67 percent ..." is not a forecast of the 67)."""
    for k in range(a - 1, lo - 1, -1):
        if tokens[k].lower in ("that", "which", "who", "whom", "when"):
            return False
        if tokens[k].lower in FORECAST:
            return True
    return False


def _is_population(tokens: list[Token], q: int, b: int) -> bool:
    """"its 23 million people", "North Korea's 22 million people", "a country of 23 million",
    "home to about 1,400 people": how many live somewhere."""
    prev = [t.lower for t in tokens[max(0, q - 2):q]]
    return bool(prev) and (prev[-1] in ("its", "their") or prev[-1].endswith("'s") and
                           tokens[q - 1].text[:1].isupper() or
                           prev[-1] == "of" and len(prev) > 1 and prev[0] in PLACE_NOUNS or
                           prev == ["home", "to"] or prev[-1] == "population")


def _appositive_age(tokens: list[Token], a: int, b: int, value: float) -> bool:
    """"Youssef Zughayer, 21, from Anata": a number set off by commas after a name."""
    return b - a == 1 and a >= 2 and tokens[a - 1].text == "," and b < len(tokens) and \
        tokens[b].text in (",", ".") and value < MAX_AGE and tokens[a].text.isdigit() and \
        tokens[a - 2].text[:1].isupper() and tokens[a - 2].text.isalpha()


def _age(doc: Doc, tokens: list[Token], a: int, b: int, q: int,
         reading: Reading) -> int | None:
    """Make `reading` an age claim; whose age comes from the name before it or the noun
    after it. Returns where the name starts (-1 for a noun), None when nobody is named."""
    if (reading.number or 0) > MAX_AGE:
        return None
    start = tokens[q].start
    subject, named_at = "", -1
    for s, e, label, name in doc.entities:
        # "Youssef Zughayer, 21"; "Mohammed Zughayar, the 54-year-old father"
        if label == "PERSON" and (0 <= start - e <= 3 or
                                  q >= 2 and tokens[q - 1].lower in ("a", "the") and
                                  tokens[q - 2].text == "," and
                                  0 <= tokens[q - 2].start - e <= 1):
            subject, named_at = name_key(name), s
    if not subject:
        k = b + (4 if b + 3 < len(tokens) and tokens[b].text == "-" else 2)
        nouns = [t for t in tokens[k:k + 3] if t.text.isalpha() and t.lower not in STOP_WORDS]
        subject = lemma(nouns[0].text) if nouns else ""  # "the 21-year-old Palestinian"
    if not subject:
        return None
    reading.kind, reading.subject, reading.measure, reading.precision = \
        "age", subject, "age", 1.0
    return named_at


def _number_of(tokens: list[Token], q: int, reading: Reading) -> None:
    """"The number of people treated in hospital ... rose to 26": what 26 counts."""
    for k in range(q - 1, -1, -1):
        if tokens[k].text[:1].isdigit() or tokens[k].text in HARD_BREAKS:
            return
        if tokens[k].lower in ("number", "total", "count") and k + 1 < q and \
                tokens[k + 1].lower == "of" or tokens[k].lower == "toll":
            if tokens[k].lower != "toll":
                reading.measure = _noun(tokens, k + 2, q)[0] or reading.measure
            for m in range(k, q):
                if _event_class(tokens[m]):
                    reading.events = frozenset({_event_class(tokens[m])})
                    reading.event_word = tokens[m].text
                    return
            return


def _after_event(tokens: list[Token], reading: Reading, b: int, hi: int) -> int:
    """Index just past the event word when it follows the value, so the quote holds it."""
    for k in range(b, min(hi, b + EVENT_WINDOW + 2)):
        if tokens[k].text == reading.event_word:
            return k + 1
    return b


def _revision(text: str, tokens: list[Token], a: int, b: int, lo: int, hi: int,
              reading: Reading) -> None:
    """Mark wording that presents the value as the latest figure; keep "by Tuesday"."""
    before = text[max(tokens[lo].start, tokens[a].start - REVISION_REACH):tokens[a].start]
    after = text[tokens[b - 1].end:min(tokens[hi - 1].end, tokens[b - 1].end + REVISION_REACH)]
    clause = text[tokens[lo].start:tokens[hi - 1].end]
    reading.revision = bool(REVISION_BEFORE.search(before) or REVISION_AFTER.search(after) or
                            REVISION_CLAUSE.search(clause) or
                            re.search(r"\bfrom\s+\S+\s+to\s+(?:\w+\s+)?$", before))
    anchor = re.search(r"\bby (?:late |early )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
                       r"Saturday|Sunday)\b", after)
    if anchor:
        reading.claim.value += f" ({anchor.group()})"


def _dates(doc: Doc) -> list[Reading]:
    """When things happened: the article's time expressions as the timeline resolves them
    (so "Tuesday" in a report of Nov. 18 and "Monday" in one of Nov. 19 compare as days)."""
    text = doc.article.text
    sentences = {s.index: s for s in doc.sentences}
    readings = []
    for mention in time_mentions(doc):
        if PERIOD_EXPRESSION.search(mention.expression):
            continue  # "next week", "18 months ago": too coarse to contradict a day
        sentence = sentences[mention.sentence]
        tokens = tokenize(sentence.text, sentence.start)
        at = sentence.text.find(mention.expression)
        i = next((k for k, t in enumerate(tokens) if t.start >= sentence.start + at), None)
        if at < 0 or i is None:
            continue
        b = next((k for k, t in enumerate(tokens)
                  if t.end >= sentence.start + at + len(mention.expression)), i) + 1
        lo, hi = _clause(tokens, i)
        events, verb, word = _event(tokens, lo, hi, i, b, (i, b), [(i, b)])
        if verb in REPORTING_VERBS:
            continue  # "a spokesman said Wednesday": when it was said, not what happened
        claim = Claim(doc.article.id, mention.expression, _quote(text, tokens, i, b, lo, hi),
                      sentence=sentence.index)
        readings.append(Reading(claim=claim, kind="date", unit=mention.date, measure="date",
                                qualifier="before" if i and tokens[i - 1].lower == "before"
                                else "", events=events, verb=verb, event_word=word,
                                context=_context(tokens, i, b, (i, b), [(i, b)])))
    return readings


def _date_ranges(doc: Doc) -> list[Reading]:
    """When a named event runs: "the Nov. 12-18 APEC meetings", "the Asia-Pacific Economic
    Cooperation forum Nov. 14-18". The event is the run of capitalised words next to the
    range, by its initials ("APEC" either way); a range with no such name ("the summit on
    Nov. 17-18") says too little of what it dates. Read over the text, as a sentence
    splitter may end a sentence at "Nov."."""
    text = doc.article.text
    year = (doc.article.published or "")[:4]
    readings = []
    for m in DATE_RANGE.finditer(text):
        month = MONTHS.get(m.group("month").lower())
        before = re.search(r"((?:[A-Z][\w'’]*[\s-]+){1,5})(?:[a-z]+\s+)?(?:on\s+)?$",
                           text[max(0, m.start() - 80):m.start()])
        after = re.match(r"\s+((?:[A-Z][\w'’]*[\s-]*){1,5})", text[m.end():m.end() + 80])
        run = (after.group(1) if after else before.group(1) if before else "").split()
        words = [w for part in run for w in part.split("-") if w[:1].isupper()]
        if not month or not year.isdigit() or not words:
            continue
        event = words[0].upper() if len(words) == 1 else "".join(w[0] for w in words).upper()
        start = next((s for s in doc.sentences if s.start <= m.start() < s.end), None)
        if start is None:
            continue
        end = re.search(r"[,.;]|$", text[m.end():m.end() + 120])
        quote = text[start.start:m.end() + end.start()]
        sentence = next((s.index for s in doc.sentences if s.start <= m.end() - 1 < s.end),
                        start.index)
        first = int(m.group("first"))
        readings.append(Reading(
            claim=Claim(doc.article.id, f"{m.group('month')}. {first}-{m.group('last')}",
                        quote, sentence=sentence),
            kind="date", unit=f"{year}-{month:02d}-{first:02d}", measure=f"dates of {event}",
            event_word="held", context=content_words(quote)))
    return readings


def _roles(doc: Doc, sentence: Sentence) -> list[Reading]:
    """Who did it: the named agent of a role such as claiming responsibility."""
    text = doc.article.text
    readings = []
    for pattern in ROLE_PATTERNS:
        for m in pattern.finditer(sentence.text):
            a_start = sentence.start + m.start("agent")
            a_end = sentence.start + m.end("agent")
            names = [name for s, e, label, name in doc.entities
                     if label in AGENT_LABELS and a_start <= s and e <= a_end + 1]
            if not names:
                continue
            agent = re.sub(r"^the\s+", "", max(names, key=len), flags=re.I)
            claim = Claim(doc.article.id, agent, "", sentence=sentence.index)
            claim.quote = text[sentence.start + m.start():sentence.start + m.end()]
            cue = (m.groupdict().get("cue") or "").strip()
            readings.append(Reading(claim=claim, kind="role", measure=RESPONSIBILITY,
                                    event_word="claimed responsibility",
                                    superseded=cue == "initially",
                                    revision=bool(REVISION_CLAUSE.search(sentence.text)),
                                    context=[lemma(w) for w in RESPONSIBILITY.split()]))
    return readings


def _titles(doc: Doc, sentence: Sentence) -> list[Reading]:
    """A person's office as written before the name: "former vice president Herb
    Williams" and "vice presidents Herb Williams and ..." say different things."""
    readings = []
    for m in TITLE.finditer(sentence.text):
        start = sentence.start + m.start("name")
        names = [(s, name) for s, e, label, name in doc.entities
                 if label == "PERSON" and s == start]
        if not names:
            continue
        title = " ".join(m.group("title").lower().split()).rstrip("s")
        value = f"former {title}" if m.group("former") else title
        quote = doc.article.text[sentence.start + m.start():start + len(names[0][1])]
        readings.append(Reading(claim=Claim(doc.article.id, value, quote,
                                            sentence=sentence.index),
                                kind="title", measure=title, subject=name_key(names[0][1]),
                                event_word="title"))
    return readings


def _regions(doc: Doc, sentence: Sentence) -> list[Reading]:
    """Where the story's country lies, as a report calls it: "this vast West African
    nation" and "this central African nation" cannot both be right."""
    readings = []
    for m in REGION_OF_COUNTRY.finditer(sentence.text):
        value = f"{m.group('side').lower()} {m.group('continent')}"
        readings.append(Reading(claim=Claim(doc.article.id, value, m.group(),
                                            sentence=sentence.index),
                                kind="region", measure="region of the country",
                                event_word="lies"))
    return readings
