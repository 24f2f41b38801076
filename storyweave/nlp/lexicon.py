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


# --- Speech and attribution -----------------------------------------------------------
