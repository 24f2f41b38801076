"""Values of claims: a figure as written ("at least five", "1.5 million", "two-thirds",
"3km", "Sept. 6") read into a number with its precision and the side a qualifier leaves
open, and whether two values of one thing are compatible (rounding, bounds, units).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from storyweave.nlp.lexicon import (FRACTIONS, NUMBER_WORDS, QUALIFIERS, SCALES, SHARE_LINKS,
                                    SHOWN_AS_WORDS)

DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
WORD = re.compile(r"\$|£|€|¥|%|-|\d[\d,.]*\d|\d|[a-z]+", re.I)
RANGE_WORDS = {"to", "-", "–", "and", "or"}
DASHES = {"-", "–"}
# The side each normalised qualifier (nlp/lexicon.py's QUALIFIERS) leaves open.
SIDES = {"at least": "low", "more than": "low", "about": "about", "up to": "high",
         "nearly": "below", "just over": "above"}
# A figure written with a scale word from a thousand up ("43 million", "five thousand") is
# a rounding to its last digit: outlets write "$43 million" of $43.4 million as a matter of
# style, so it is compatible with any figure that rounds so ("nearly $44 million"), while
# "23 million" and "22 million" still differ.
ROUNDING_SCALE = 1_000
SHARE_WORDS = {word for link in SHARE_LINKS for word in link}  # "in", "out", "of", "every"


@dataclass(frozen=True)
class Value:
    """A figure: `number` (a range's low end), `upper` (a range's high end, else None),
    `precision` (the place of its last significant digit), `side` ("" exact, "low" a
    floor, "high" a ceiling, "about" a rounding, "below" just short of it, "above" just
    past it) and `text`, its normalised writing (the qualifier as written, the figure in
    digits or, below ten, in words)."""

    number: float
    precision: float = 1.0
    side: str = ""
    upper: float | None = None
    text: str = ""
    share: bool = False  # written as a share of 100 ("two-thirds", "one in ten")
    rounded: bool = False  # written with a scale word ("43 million"): a rounding


def qualifier(words: list[str]) -> tuple[str, str, int]:
    """The side a leading qualifier leaves open, the qualifier and how many words it takes."""
    lowered = [w.lower() for w in words]
    for phrase, normal in QUALIFIERS:
        parts = phrase.split()
        if lowered[:len(parts)] == parts:
            return SIDES[normal], phrase, len(parts)
    return "", "", 0


def read_number(words: list[str]) -> tuple[float, float, int] | None:
    """(value, precision, words used) of the number the words start with: digits with a
    scale ("1.5 million"), number words ("twenty-six", "a dozen"), fractions
    ("two-thirds" and "one in ten", as shares of 100)."""
    if not words:
        return None
    first = words[0].lower()
    if DIGITS.fullmatch(words[0]):
        plain = words[0].replace(",", "")
        value = float(plain)
        if "." in plain:
            precision = 10.0 ** -len(plain.split(".")[1])
        else:
            precision = 10.0 ** (len(plain) - len(plain.rstrip("0"))) if value else 1.0
        used = 1
    elif first in NUMBER_WORDS or (first in ("a", "an") and len(words) > 1 and
                                   words[1].lower() in (*SCALES, "dozen")):
        value, used = _number_words([w.lower() for w in words])
        precision = _precision(value)
    else:
        return None
    rest = [w.lower() for w in words[used:]]
    if rest and rest[0] in SCALES:
        value, precision, used = value * SCALES[rest[0]], precision * SCALES[rest[0]], used + 1
    elif rest and rest[0] in FRACTIONS:
        return 100 * value / FRACTIONS[rest[0]], 1.0, used + 1
    link = share_link(rest)
    if link and len(rest) > link and (rest[link] in NUMBER_WORDS or rest[link].isdigit()):
        whole = NUMBER_WORDS.get(rest[link]) or float(rest[link])
        return 100 * value / max(whole, 1), 1.0, used + link + 1
    return value, precision, used


def share_link(words: list[str]) -> int:
    """How many of the (lower-case) words are the link of a share ("in", "out of every"),
    0 when they start with none."""
    return next((len(link) for link in SHARE_LINKS if tuple(words[:len(link)]) == link), 0)


def _number_words(words: list[str]) -> tuple[float, int]:
    """Value of number words ("twenty six", "a hundred", "two hundred thousand")."""
    total, current, used = 0.0, 0.0, 0
    for word in words:
        if word in ("a", "an") and used == 0:
            current = 1
        elif word == "dozen":
            current = max(current, 1) * 12
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in SCALES:
            total, current = total + max(current, 1) * SCALES[word], 0
        elif word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
        elif word != "and" or used == 0:
            break
        used += 1
    return total + current, used


def _precision(value: float) -> float:
    """"forty" is exact to the ten, "seventeen" to the unit."""
    if value < 10 or value != int(value):
        return 1.0
    text = str(int(value))
    return 10.0 ** (len(text) - len(text.rstrip("0")))


def read_value(text: str) -> Value | None:
    """A figure as written, qualifier and range included ("more than 275,000",
    "1,000 to 1,500", "six to eight"); None when no number is stated."""
    words = [w for w in WORD.findall(text.replace("-", " - ")) if w not in "$£€¥%"]
    words = [w for w in words if w != "-"] if not _is_range(words) else words
    side, phrase, skip = qualifier(words)
    read = read_number(words[skip:])
    if read is None:
        return None
    number, precision, used = read
    rest = words[skip + used:]
    upper = None
    if len(rest) > 1 and rest[0].lower() in RANGE_WORDS:
        high = read_number(rest[1:])
        if high and high[0] > number:
            upper = high[0]
        elif high and rest[0] in DASHES:
            return None  # a score or tally ("won 3-1", "led 3,104-2,877"), no one figure
    share = _share(words[skip:skip + used])
    if share and not side:
        side = "about"  # "two-thirds" rounds "67 percent"
    shown = " ".join(words[skip:skip + used]).lower() if share else format_number(number)
    if upper is not None:
        shown += f" to {format_number(upper)}"
    rounded = any(SCALES.get(w.lower(), 0) >= ROUNDING_SCALE for w in words[skip:skip + used])
    return Value(number, precision, side, upper, f"{phrase} {shown}".strip(), share, rounded)


def _share(words: list[str]) -> bool:
    """Whether a figure is written as a share ("two-thirds", "one in ten", "one out of
    every eight")."""
    return any(w.lower() in FRACTIONS or w.lower() in SHARE_WORDS for w in words)


def _is_range(words: list[str]) -> bool:
    """Whether a dash joins two numbers ("1,000-1,500") rather than number words."""
    return any(w == "-" and i and DIGITS.fullmatch(words[i - 1]) and i + 1 < len(words) and
               DIGITS.fullmatch(words[i + 1]) for i, w in enumerate(words))


def format_number(value: float) -> str:
    """How a normalised figure is written: small integers as words, others with commas."""
    if value == int(value):
        value = int(value)
        if value < SHOWN_AS_WORDS:
            return next(w for w, n in NUMBER_WORDS.items() if n == value)
        for scale, name in ((1_000_000_000, "billion"), (1_000_000, "million")):
            if value >= scale and value % (scale // 100) == 0:
                return f"{value / scale:g} {name}"
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def agree(a: Value, b: Value, approximate: bool = False) -> bool:
    """Whether two figures of one thing are compatible: equal, a rounding of one another
    ("about 40" and "40", "more than 200" and "213", "$43 million" and "nearly $44
    million"), bounds or ranges that overlap. Two
    different bounds of one side are not ("at least five" and "at least four": annotators
    and readers take the stated figure as the figure). `approximate`: measures converted
    between units are roundings whatever their wording."""
    x, y = a.number, b.number
    if math.isclose(x, y, rel_tol=1e-6) and a.upper == b.upper:
        return True
    if a.upper is not None or b.upper is not None:
        return _overlap(a, b)
    if approximate or "about" in (a.side, b.side):
        return abs(x - y) <= max(a.precision, b.precision) / 2
    if {a.side, b.side} & {"below", "above"} or (
            not a.side and not b.side and (a.rounded or b.rounded)):
        return _meets(_interval(a), _interval(b))
    sides = {a.side: a, b.side: b}
    low, high, exact = sides.get("low"), sides.get("high"), sides.get("")
    if low and high:
        return low.number <= high.number
    if exact and low:
        return low.number <= exact.number < low.number + low.precision
    if exact and high:
        return high.number - high.precision < exact.number <= high.number
    return False


def _overlap(a: Value, b: Value) -> bool:
    """Whether two figures, one of them a range, can be the same: their intervals meet."""
    (lo_a, hi_a), (lo_b, hi_b) = _interval(a), _interval(b)
    return lo_a <= hi_b and lo_b <= hi_a


def _meets(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two intervals share a stretch, or a point lies in the other (two
    roundings that only touch, "22 million" and "23 million", differ)."""
    low, high = max(a[0], b[0]), min(a[1], b[1])
    return low < high or (low == high and (a[0] == a[1] or b[0] == b[1]))


def _interval(v: Value) -> tuple[float, float]:
    if v.upper is not None:
        return v.number, v.upper
    if v.side == "about" or (v.rounded and not v.side):
        return v.number - v.precision / 2, v.number + v.precision / 2
    if v.side in ("below", "above"):
        return (v.number - v.precision, v.number) if v.side == "below" else (
            v.number, v.number + v.precision)
    return ({"low": (v.number, math.inf), "high": (-math.inf, v.number)}
            .get(v.side, (v.number, v.number)))
