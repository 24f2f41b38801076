"""Values: figures as written, read into numbers, and when two of them agree."""
import pytest

from storyweave.analysis.values import agree, format_number, read_value


@pytest.mark.parametrize("text, number, side, shown", [
    ("at least five", 5, "low", "at least five"),
    ("1.5 million", 1_500_000, "", "1.5 million"),
    ("more than 275,000", 275_000, "low", "more than 275,000"),
    ("twenty-six", 26, "", "26"),
    ("a dozen", 12, "", "12"),
    ("an estimated 9,000", 9_000, "about", "an estimated 9,000"),
    ("as many as four million", 4_000_000, "high", "as many as 4 million"),
])
def test_figures_with_qualifiers(text, number, side, shown):
    value = read_value(text)
    assert (value.number, value.side, value.text) == (number, side, shown)


def test_shares_and_ranges():
    assert read_value("Two-thirds").number == pytest.approx(66.67, abs=0.01)
    assert read_value("one in ten").number == 10 and read_value("one in ten").share
    assert read_value("one out of every eight").number == 12.5
    assert read_value("one in every four").text == "one in every four"
    span = read_value("1,000-1,500")
    assert (span.number, span.upper, span.text) == (1000, 1500, "1,000 to 1,500")
    assert read_value("the town hall") is None


@pytest.mark.parametrize("one, other, same", [
    ("at least five", "at least four", False),  # two floors: the figure is the figure
    ("at least five", "five", True),
    ("at least five", "seven", False),
    ("about 40", "40", True),
    ("more than 140", "147", True),
    ("at least 2 million", "as many as four million", True),
    ("two-thirds", "67", True),
    ("two-thirds", "62", False),
    ("six to eight", "up to 10", True),
    ("17", "18", False),
    # a figure with a scale word is a rounding; "nearly" a figure just short of the stated
    ("$43 million", "nearly $44 million", True),
    ("43 million", "43,400,000", True),
    ("22 million", "23 million", False),  # two roundings that only touch
    ("22 million", "21.23 million", False),
    ("nearly 44", "43", True),
    ("almost 60", "62", False),
    ("just over 500", "510", True),
    ("just over 500", "490", False),
])
def test_agreement(one, other, same):
    assert agree(read_value(one), read_value(other)) is same
    assert agree(read_value(other), read_value(one)) is same


def test_format_number():
    assert [format_number(v) for v in (5, 17, 1400, 23_000_000, 21_230_000, 2.5)] == \
        ["five", "17", "1,400", "23 million", "21.23 million", "2.5"]


def test_a_score_is_no_figure():
    assert read_value("3,104-2,877") is None  # "gainers led losers 3,104-2,877"
    assert read_value("1,000-1,500").upper == 1500
