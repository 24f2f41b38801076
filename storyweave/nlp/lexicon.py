"""The language data every stage shares, each list once: calendar words, number words, and
the lexical classes analysis reads claims and quotes with.

Lists here are general English (closed classes, calendar, number words), never words
chosen to catch one labelled example; open classes come from spaCy's lemmas and tags.
"""
from __future__ import annotations

# --- Calendar -------------------------------------------------------------------------

# The days of the week as a regular-expression alternation, for every rule that names them.
WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
MONTH_NAMES = ("January February March April May June July August September October November "
               "December").split()
# Month names, their three-letter abbreviations and "sept", lower case, to the month number.
MONTH_NUMBERS = {**{m.lower(): i for i, m in enumerate(MONTH_NAMES, 1)},
                 **{m[:3].lower(): i for i, m in enumerate(MONTH_NAMES, 1)}, "sept": 9}

# --- Numbers and quantities -----------------------------------------------------------

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                     "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12})
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
             "fifth": 5, "fifths": 5}
# Words between the two numbers of a share ("one in ten", "one in every eight", "one out of
# every ten"), longest first.
SHARE_LINKS = (("out", "of", "every"), ("out", "of"), ("in", "every"), ("in",))
SHOWN_AS_WORDS = 10  # values below this are written as words ("at least five"), AP style

# Qualifiers before a number, longest first, and what each is normalised to. Bounds keep
# the stated figure as the figure (annotators call "at least five" vs "at least four" a
# contradiction); "about" lets a figure be a rounding of another, "nearly" a figure just
# short of the stated one ("nearly 44 million" may be 43.6 million), "just over" one just past it.
QUALIFIERS = [
    ("no fewer than", "at least"), ("no less than", "at least"), ("not less than", "at least"),
    ("at least", "at least"), ("more than", "more than"), ("upwards of", "more than"),
    ("in excess of", "more than"), ("just over", "just over"), ("just under", "nearly"),
    ("close to", "about"), ("an estimated", "about"), ("as many as", "up to"),
    ("fewer than", "up to"), ("less than", "up to"), ("up to", "up to"), ("at most", "up to"),
    ("over", "more than"), ("estimated", "about"), ("approximately", "about"),
    ("about", "about"), ("around", "about"), ("roughly", "about"), ("some", "about"),
    ("nearly", "nearly"), ("almost", "nearly"), ("under", "up to")]

# Units of physical quantities: word -> (dimension, factor to the dimension's base unit).
UNITS = {
    "km": ("length", 1.0), "kilometer": ("length", 1.0), "kilometre": ("length", 1.0),
    "mile": ("length", 1.609), "nautical mile": ("length", 1.852),
    "meter": ("length", 0.001), "metre": ("length", 0.001),
    "foot": ("length", 0.0003048), "feet": ("length", 0.0003048), "ft": ("length", 0.0003048),
    "yard": ("length", 0.0009144), "inch": ("length", 0.0000254), "cm": ("length", 0.00001),
    "centimeter": ("length", 0.00001), "centimetre": ("length", 0.00001),
    "kg": ("mass", 1.0), "kilogram": ("mass", 1.0), "pound": ("mass", 0.4536),
    "lb": ("mass", 0.4536), "tonne": ("mass", 1000.0), "ton": ("mass", 1000.0),
    "kph": ("speed", 1.0), "mph": ("speed", 1.609), "knot": ("speed", 1.852),
    "degree": ("angle", 1.0), "acre": ("area", 0.004047), "hectare": ("area", 0.01),
    "ha": ("area", 0.01), "square mile": ("area", 2.59), "square kilometer": ("area", 1.0),
    "square kilometre": ("area", 1.0), "square km": ("area", 1.0),
    "square meter": ("area", 0.000001), "square metre": ("area", 0.000001),
    "square foot": ("area", 0.0000000929), "square feet": ("area", 0.0000000929),
    "cubic meter": ("volume", 1000.0), "cubic metre": ("volume", 1000.0),
    "cubic foot": ("volume", 28.32), "cubic feet": ("volume", 28.32),
    "metric ton": ("mass", 1000.0),
    "liter": ("volume", 1.0), "litre": ("volume", 1.0), "gallon": ("volume", 3.785),
    "barrel": ("volume", 159.0), "second": ("duration", 1 / 3600),
    "minute": ("duration", 1 / 60), "hour": ("duration", 1.0), "day": ("duration", 24.0),
    "week": ("duration", 168.0), "month": ("duration", 730.0), "year": ("duration", 8766.0),
    "decade": ("duration", 87660.0)}
# Words that make a figure a part of a larger count: "10 other people", "two more bodies".
INCREMENTS = frozenset({"other", "others", "more", "additional", "further", "another"})
# Prepositions after a part, before its whole: "10 of the 20 hostages", "three Danes among
# the climbers" (the figure before is the part; the one after, "among the 17 climbers
# stranded", is the whole).
PART_OF = frozenset({"of", "among", "amongst"})
# Prepositions after a whole, before its part: "14 workers, including six engineers" (the
# figure before is the whole; the one after is the part).
PART_FOLLOWS = frozenset({"including"})
CURRENCY_SIGNS = {"$", "£", "€", "¥"}
CURRENCY_NAMES = ("dollar", "euro", "yen", "baht", "peso", "rupee", "yuan", "ringgit",
                  "rupiah", "ecu", "franc", "ruble", "rand")


# --- Function words -------------------------------------------------------------------

# English stop words: the list of Glasgow's Information Retrieval Group that scikit-learn
# ships as ENGLISH_STOP_WORDS (318 words), here so that tokenizing imports no scikit-learn
# (1 s at start-up); a test checks the two are the same.
ENGLISH_STOP_WORDS = frozenset((
    "a about above across after afterwards again against all almost alone along already "
    "also although always am among amongst amoungst amount an and another any anyhow "
    "anyone anything anyway anywhere are around as at back be became because become "
    "becomes becoming been before beforehand behind being below beside besides between "
    "beyond bill both bottom but by call can cannot cant co con could couldnt cry de "
    "describe detail do done down due during each eg eight either eleven else elsewhere "
    "empty enough etc even ever every everyone everything everywhere except few fifteen "
    "fifty fill find fire first five for former formerly forty found four from front full "
    "further get give go had has hasnt have he hence her here hereafter hereby herein "
    "hereupon hers herself him himself his how however hundred i ie if in inc indeed "
    "interest into is it its itself keep last latter latterly least less ltd made many may "
    "me meanwhile might mill mine more moreover most mostly move much must my myself name "
    "namely neither never nevertheless next nine no nobody none noone nor not nothing now "
    "nowhere of off often on once one only onto or other others otherwise our ours "
    "ourselves out over own part per perhaps please put rather re same see seem seemed "
    "seeming seems serious several she should show side since sincere six sixty so some "
    "somehow someone something sometime sometimes somewhere still such system take ten "
    "than that the their them themselves then thence there thereafter thereby therefore "
    "therein thereupon these they thick thin third this those though three through "
    "throughout thru thus to together too top toward towards twelve twenty two un under "
    "until up upon us very via was we well were what whatever when whence whenever where "
    "whereafter whereas whereby wherein whereupon wherever whether which while whither who "
    "whoever whole whom whose why will with within without would yet you your yours "
    "yourself yourselves"
).split())

# --- Speech and attribution -----------------------------------------------------------

# Lemmas of verbs that report speech or writing, in any tense: "said", "says", "tweeted",
# "Adding". A verb here makes its subject the speaker of the quote it governs.
SPEECH_LEMMAS = frozenset("""
    say tell add insist acknowledge admit write tweet post claim describe explain note warn
    ask argue state announce declare urge reply respond answer recall stress emphasize
    emphasise complain promise vow predict comment continue conclude shout yell cry chant
    scream whisper joke quip concede confirm deny accuse call brand label term
    characterize characterise criticize criticise condemn denounce pledge demand express
    report remark observe reflect sigh muse boast caution lament retort counter plead begin
    testify exclaim maintain repeat recount radio reiterate suggest propose mention point
    agree disagree protest object assert contend allege estimate forecast advise tout hail
    praise blast slam thank read sing cite apologize apologise wonder beg share text email
    blog""".split())
# Verbs that report speech only with a given object, by lemma: "as Okafor has put it".
SPEECH_IDIOMS = {"put": "it"}
# Words that make the following noun phrase a quote's source: "according to X".
ACCORDING = "according"
# Nouns for a text that speaks for its issuer: "the statement said" is the body that
# issued it.
DOCUMENT_NOUNS = frozenset("""
    statement letter release report communique note declaration announcement message
    memo filing complaint lawsuit ruling order email post tweet website blog headline
    editorial article column newspaper daily""".split())
# Nouns for a person whose words are their body's: "a Skerrow Line spokesman said" is the
# company speaking, where "a Skerrow Line pilot said" names nobody.
SPOKESPERSON_NOUNS = frozenset("""
    spokesman spokeswoman spokesperson spokespeople spokesmen spokeswomen representative
    rep""".split())
# Third-person pronouns, by the referent's sex ("f", "m") or kind ("group", "org").
PRONOUN_KINDS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f",
                 "they": "group", "them": "group", "it": "org"}
# Nouns that tell a person's sex when used of them ("his wife, Azizah", "Ms. Brisk",
# "Nadia Brisk, a spokeswoman").
GENDERED_NOUNS = {w: "f" for w in """
    wife mother daughter sister woman girl spokeswoman chairwoman mrs ms miss queen princess
    lady dame actress widow grandmother aunt niece businesswoman congresswoman girlfriend
    fiancee bride stepmother""".split()}
GENDERED_NOUNS.update({w: "m" for w in """
    husband father son brother man boy spokesman chairman mr king prince lord sir widower
    grandfather uncle nephew businessman congressman boyfriend fiance groom stepfather
    actor""".split()})

# --- Kinds of names -----------------------------------------------------------------------

# Descriptions of the kinds of thing a common noun may say a name is ("the cargo ship X", "X, a
# 26-year-old ship"); the noun goes to the kind whose description the sentence encoder puts
# nearest. "Thing" is no person, place or organisation: such names are not listed. Person
# is never acted on: on role nouns the encoder is right only about 7 times in 10. The
# exemplars are general categories; "a ferry" and "a reef", the demo's own nouns, were taken
# out when review found they decided its test (its ferry now stays listed).
NAME_KINDS = {
    "PERSON": "a person, a man or a woman: an official, a worker, a player, a relative",
    "GPE": "a place: a country, a city, a region, a street, a building, a mountain, a river",
    "ORG": "an organisation: a company, an agency, a party, a team, a newspaper, a court",
    "EVENT": "an event: a war, a match, a game, a festival, a ceremony, an election",
    "NONE": "a thing: a vehicle, a ship, an aircraft, a weapon, a product, a book, a song, "
            "a show, a law, a drink",
}
# Prepositions that put what follows them in space, never an organisation or a person:
# "across the MDL", "near Scarth Point". ("in", "at", "from", "into", "outside" take
# organisations too: "entry into ASEAN", "protests outside the Supreme Court"; "toward"
# and "around" take people: "angry toward X".)
SPATIAL_PREPOSITIONS = frozenset("""
    across near beyond along off""".split())
