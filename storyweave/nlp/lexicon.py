"""The language data every stage shares, each list once: calendar words, number words, and
the lexical classes analysis reads claims and quotes with.

Lists here are general English (closed classes, calendar, number words), never words
chosen to catch one labelled example; open classes come from spaCy's lemmas and tags.
"""
from __future__ import annotations

# --- Calendar -------------------------------------------------------------------------

# The days of the week as a regular-expression alternation, for every rule that names them.
WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"

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
SHOWN_AS_WORDS = 10  # values below this are written as words ("at least five"), AP style

# Qualifiers before a number, longest first, and what each is normalised to. Bounds keep
# the stated figure as the figure (annotators call "at least five" vs "at least four" a
# contradiction); only "about" lets a figure be a rounding of another.
QUALIFIERS = [
    ("no fewer than", "at least"), ("no less than", "at least"), ("not less than", "at least"),
    ("at least", "at least"), ("more than", "more than"), ("upwards of", "more than"),
    ("in excess of", "more than"), ("just over", "about"), ("just under", "about"),
    ("close to", "about"), ("an estimated", "about"), ("as many as", "up to"),
    ("fewer than", "up to"), ("less than", "up to"), ("up to", "up to"), ("at most", "up to"),
    ("over", "more than"), ("estimated", "about"), ("approximately", "about"),
    ("about", "about"), ("around", "about"), ("roughly", "about"), ("some", "about"),
    ("nearly", "about"), ("almost", "about"), ("under", "up to")]

# Units of physical quantities: word -> (dimension, factor to the dimension's base unit).
UNITS = {
    "km": ("length", 1.0), "kilometer": ("length", 1.0), "kilometre": ("length", 1.0),
    "mile": ("length", 1.609), "meter": ("length", 0.001), "metre": ("length", 0.001),
    "foot": ("length", 0.0003048), "feet": ("length", 0.0003048), "ft": ("length", 0.0003048),
    "yard": ("length", 0.0009144), "inch": ("length", 0.0000254), "cm": ("length", 0.00001),
    "centimeter": ("length", 0.00001), "centimetre": ("length", 0.00001),
    "kg": ("mass", 1.0), "kilogram": ("mass", 1.0), "pound": ("mass", 0.4536),
    "lb": ("mass", 0.4536), "tonne": ("mass", 1000.0), "ton": ("mass", 1000.0),
    "kph": ("speed", 1.0), "mph": ("speed", 1.609), "knot": ("speed", 1.852),
    "degree": ("angle", 1.0), "acre": ("area", 0.004047), "hectare": ("area", 0.01),
    "ha": ("area", 0.01),
    "liter": ("volume", 1.0), "litre": ("volume", 1.0), "gallon": ("volume", 3.785),
    "barrel": ("volume", 159.0), "second": ("duration", 1 / 3600),
    "minute": ("duration", 1 / 60), "hour": ("duration", 1.0), "day": ("duration", 24.0),
    "week": ("duration", 168.0), "month": ("duration", 730.0), "year": ("duration", 8766.0),
    "decade": ("duration", 87660.0)}
CURRENCY_SIGNS = {"$", "£", "€", "¥"}
CURRENCY_NAMES = ("dollar", "euro", "yen", "baht", "peso", "rupee", "yuan", "ringgit",
                  "rupiah", "ecu", "franc", "ruble", "rand")


# --- Speech and attribution -----------------------------------------------------------
