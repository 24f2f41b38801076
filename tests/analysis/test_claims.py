"""Claims read as frames from the parse: the value, what it counts, its verb, parts."""
import pytest

from storyweave.analysis.claims import read_age, read_duration, read_frames
from storyweave.analysis.disagreements import RIVAL, SAME, relation
from storyweave.nlp import annotate
from storyweave.records import Article


def frames_of(text, article_id="a", published="2024-05-06"):
    doc = annotate([Article(id=article_id, text=text, published=published)])[0]
    return read_frames(doc)


def frame(text, value, **kwargs):
    return next(f for f in frames_of(text, **kwargs) if f.claim.value == value)


def test_a_count_reads_its_head_verb_and_sentence():
    f = frame("Park rangers shot the poacher at least six times as he fled.", "at least six")
    assert (f.kind, f.head, f.predicate) == ("figure", "time", "shoot")
    assert f.value.number == 6 and f.value.side == "low"
    assert f.claim.quote == "Park rangers shot the poacher at least six times as he fled."
    assert "…" in f.clause and "six" not in f.clause
    assert "ranger" in f.arguments and not f.part


@pytest.mark.parametrize("text, value, about", [
    ("A passenger ferry carrying 212 passengers and 19 crew ran aground on a reef.", "212",
     "carrying … passengers"),
    ("The ferry index was up 27 to 2,404.\n\nMarkets closed early.", "27",
     "The ferry index was up … to 2,404"),
])
def test_the_label_of_a_claim_reads_as_a_phrase(text, value, about):
    assert frame(text, value).clause == about


@pytest.mark.parametrize("text, value", [
    ("The storm killed 30 people, including 12 children, in the valley.", "12"),
    ("Ten of the 20 hostages were tourists from abroad.", "Ten"),
    ("Rescuers found 14 other bodies near the river on Monday.", "14"),
    ("Three Danes are among the 17 climbers stranded on the ridge.", "Three"),
    ("Rebels held 14 workers, including six engineers, at the dam.", "six"),
])
def test_parts_of_a_whole_are_marked(text, value):
    assert frame(text, value).part


@pytest.mark.parametrize("text, value", [
    ("The storm killed 30 people in the valley.", "30"),
    ("Three Danes are among the 17 climbers stranded on the ridge.", "17"),
    ("Rebels held 14 workers, including six engineers, at the dam.", "14"),
])
def test_a_whole_is_not_a_part(text, value):
    assert not frame(text, value).part


def test_units_with_a_modifier_and_rates():
    nautical = frame("The trawler sank 27 nautical miles west of the lighthouse.",
                     "27 nautical miles")
    km = frame("The trawler sank 50 kilometres west of the lighthouse.", "50 kilometres",
               article_id="b")
    assert nautical.unit == "nautical mile" and relation(nautical, km) == SAME
    square = frame("The fire burned 40 square miles of forest.", "40 square miles")
    assert relation(square, frame("The fire spread 40 miles.", "40 miles")) is None
    density = frame("Rangers counted 3.2 wolves per 100 square km in the park.", "3.2")
    count = frame("Rangers counted 11 wolves in the park.", "11", article_id="b")
    assert density.unit.startswith("per") and relation(density, count) is None


def test_a_figure_of_then_is_of_the_past():
    assert frame("Vance, then 41, was jailed for fraud.", "41").past
    assert not frame("Vance, 41, was jailed for fraud.", "41").past


def test_durations_and_ages_but_no_calendar_dates():
    months = frame("The family broke a 16-month silence to talk to the police.", "16-month")
    assert (months.kind, months.value.number) == ("duration", 16)
    assert read_duration("two weeks")[1].number == 2
    assert read_duration("Wednesday") is None and read_duration("last week") is None
    assert read_duration("33-year-old") is None
    assert not [f for f in frames_of("He fell ill on Sept. 6 after a dinner.")
                if f.claim.value == "Sept. 6"]
    assert read_age("22")[1].number == 22 and read_age("33-year-old")[1].number == 33
    assert read_age("1998") is None


def test_a_span_of_time_needs_a_thing_it_measures():
    assert not [f for f in frames_of("The hut was built more than nine years ago.")
                if f.kind == "duration"]


def test_no_frames_without_a_parse():
    from storyweave.records import Doc
    assert read_frames(Doc(Article(id="a", text="Five people died."), [])) == []


def test_relation_of_values():
    six = frame("Rangers shot him at least six times.", "at least six")
    three = frame("The poacher was shot at least three times.", "at least three",
                  article_id="b")
    about = frame("Rangers shot him about six times.", "about six", article_id="c")
    assert relation(six, three) == RIVAL
    assert relation(six, about) == SAME
    km = frame("The ferry struck the reef 3 km off the harbour.", "3 km")
    miles = frame("The ferry struck the reef two miles off the harbour.", "two miles",
                  article_id="b")
    assert relation(km, miles) == SAME  # one distance in two units, rounded
    weeks = frame("The talks lasted two weeks.", "two weeks")
    assert relation(km, weeks) is None and relation(six, weeks) is None


def test_hours_and_minutes_are_durations():
    hike = frame("From the camp it is a two-hour hike to the nearest road.", "two-hour")
    trek = frame("From the camp it is a two-day trek to the nearest road.", "two-day",
                 article_id="b")
    assert (hike.kind, hike.unit, hike.value.number) == ("duration", "hour", 2)
    assert relation(hike, trek) == RIVAL


@pytest.mark.parametrize("text", ["The skipper gave the ferry a 2 in 3 chance of sailing.",
                                  "The skipper gave the ferry a two-in-three chance of sailing."])
def test_a_share_is_one_value_and_its_whole_no_count(text):
    (share,) = frames_of(text)
    assert share.value.share and share.value.number == pytest.approx(66.67, abs=0.01)
    assert share.claim.value in ("2 in 3", "two-in-three") and share.head == "chance"


@pytest.mark.parametrize("text, shown, number", [
    ("One out of every five ferries in the fleet is older than 25 years.",
     "One out of every five", 20),
    ("The survey found one in every eight islanders had used the ferry that week.",
     "one in every eight", 12.5),
    ("Two out of three crew members had served on the ferry for a decade.",
     "Two out of three", 66.67)])
def test_a_share_with_out_of_or_every_is_one_value(text, shown, number):
    (share,) = [f for f in frames_of(text) if f.value.share]
    assert share.claim.value == shown and share.value.number == pytest.approx(number, abs=0.01)
    assert all(f.value.share for f in frames_of(text) if f.claim.value != "25")
