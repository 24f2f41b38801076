"""Timeline: expressions resolved against publication dates, events merged across articles."""
import json

import pytest

from storyweave.analysis.timeline import build_timeline, time_mentions
from storyweave.clean import clean_article
from storyweave.ingest import read_paths
from storyweave.nlp import annotate
from storyweave.nlp.sentences import split_sentences
from storyweave.records import Article, Doc
from tests.paths import EVAL, EXAMPLES

DEV = EVAL / "disagreements_dev"


def make_doc(text: str, published: str | None, article_id: str = "a") -> Doc:
    return Doc(Article(id=article_id, text=text, published=published),
               split_sentences(article_id, text))


def resolved(text: str, published: str | None) -> list[tuple[str, str]]:
    """(date, expression) of every mention of a one-article text."""
    return [(m.date, m.expression) for m in time_mentions(make_doc(text, published))]


def load(path):
    articles, _ = read_paths([path])
    return annotate([clean_article(a) for a in articles], parse=False)


# --- hand-made cases --------------------------------------------------------------------------

def test_weekdays_across_a_month_boundary_past_and_future():
    # Published Monday 2 September 2024.
    assert resolved("The ferry struck the reef late on Saturday. Divers inspected it Monday. "
                    "It plans to begin pumping the fuel on Wednesday.", "2024-09-02") == [
        ("2024-08-31", "Saturday"), ("2024-09-02", "Monday"), ("2024-09-04", "Wednesday")]


def test_weekday_of_publication_day_and_last_next():
    # Published Wednesday 22 November 2017.
    assert resolved("A video released Wednesday shows the launch. He was seen last Wednesday. "
                    "They meet next Wednesday. Talks will resume Friday.", "2017-11-22") == [
        ("2017-11-22", "Wednesday"), ("2017-11-15", "last Wednesday"),
        ("2017-11-29", "next Wednesday"), ("2017-11-24", "Friday")]


def test_a_weekday_alone_naming_the_day_after_publication_is_that_day():
    # Dated Monday 24 April 2000, 22:55 (New York) for a story of Asia's Tuesday; and a
    # future the tense words miss. "last Tuesday" stays six days back.
    assert resolved("Rebels claimed responsibility Tuesday for the kidnapping. The first "
                    "suspect goes on trial Tuesday. Police met them last Tuesday. They "
                    "landed Wednesday.", "2000-04-24T22:55:00") == [
        ("2000-04-25", "Tuesday"), ("2000-04-25", "Tuesday"),
        ("2000-04-18", "last Tuesday"), ("2000-04-19", "Wednesday")]


def test_counted_days_and_weeks_with_numbers_as_words():
    assert resolved("Officials expect to question him in three or four days' time. The fuel "
                    "goes in two days' time. He fled two weeks ago and was found 3 days ago.",
                    "2017-11-22") == [
        ("2017-11-25", "in three or four days' time"), ("2017-11-24", "in two days' time"),
        ("2017-11-08", "two weeks ago"), ("2017-11-19", "3 days ago")]


def test_relative_days_weeks_and_months():
    # Published Tuesday 3 September 2024; periods are dated by their first day.
    assert resolved("He spoke yesterday and again today. It was announced last week and "
                    "more comes this week. Sales fell last month.", "2024-09-03") == [
        ("2024-09-02", "yesterday"), ("2024-09-03", "today"), ("2024-08-26", "last week"),
        ("2024-09-02", "this week"), ("2024-08-01", "last month")]


def test_absolute_dates_and_the_nearest_year():
    assert resolved("The launch on Nov. 14 was filmed. The photo dates from Feb 9, 2011. "
                    "The euro arrives on 1 January. The report of November 14, 2017 "
                    "agrees. Markets closed Dec. 31.", "1998-12-30")[1:] == [
        ("2011-02-09", "Feb 9, 2011"), ("1999-01-01", "1 January"),
        ("2017-11-14", "November 14, 2017"), ("1998-12-31", "Dec. 31")]


def test_years_and_months_alone_are_not_dates():
    assert resolved("In 1953 the war ended. In March the talks failed. May 2000 saw "
                    "rain.", "2017-11-22") == []


def test_undated_article_keeps_only_fully_explicit_dates():
    doc = make_doc("The video released Wednesday shows the launch on November 14. The photo "
                   "was taken Feb 9, 2011.", None, "undated")
    events, undated = build_timeline([doc])
    assert [(e.date, e.expression) for e in events] == [("2011-02-09", "Feb 9, 2011")]
    assert undated == ["undated"]


def test_same_event_on_same_date_merges_across_articles():
    docs = [make_doc("The ferry carrying 212 passengers ran aground on the Greyshank Reef on "
                     "Saturday.", "2024-09-02", "a"),
            make_doc("Hospital staff held a meeting on Saturday about staffing.", "2024-09-02",
                     "b"),
            make_doc("The ferry struck the Greyshank Reef in a gale late on Saturday.",
                     "2024-09-03", "c")]
    events, undated = build_timeline(docs)
    assert [(e.date, e.articles) for e in events] == [("2024-08-31", ["a", "c"]),
                                                      ("2024-08-31", ["b"])]
    assert events[0].text.startswith("The ferry carrying 212")
    texts = {d.article.id: d.article.text for d in docs}
    assert [(e.article, texts[e.article][e.start:e.end]) for e in events[0].evidence] == [
        ("a", texts["a"]), ("c", texts["c"])]
    assert undated == []


# --- real text --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo():
    return load(EXAMPLES)


def test_demo_corpus_mentions_are_exactly_the_labels(expected, demo):
    got = {(m.date, m.article, m.expression) for doc in demo for m in time_mentions(doc)}
    want = {(t["date"], t["doc"], t["expression"]) for t in expected["timeline"]}
    assert got == want


def test_demo_corpus_events(expected, demo):
    events, undated = build_timeline(demo)
    assert undated == ["coastline24"]
    assert [e.date for e in events] == sorted(e.date for e in events)
    for label in expected["timeline"]:
        assert any(e.date == label["date"] and label["doc"] in e.articles for e in events)
    grounding = [e for e in events if e.date == "2024-08-31" and len(e.articles) > 1]
    assert len(grounding) == 1 and len(grounding[0].articles) == 4


def test_seed_timeline():
    gold = json.loads((DEV / "seed.json").read_text())
    dated = [doc_id for doc_id, day in gold["docs"].items() if day]
    events, undated = build_timeline(load(EVAL.parent / gold["input"]))
    assert sorted(undated) == sorted(set(gold["docs"]) - set(dated))
    assert {a for e in events for a in e.articles} == set(dated)
    by_date = {(e.date, e.expression) for e in events}
    assert ("2017-11-13", "Nov. 13") in by_date  # the escape
    assert ("2017-11-22", "Wednesday") in by_date  # the video's release, publication day


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "9999-12-27"])
def test_dates_at_the_ends_of_the_calendar_are_dropped_not_a_crash(published):
    text = ("The council met yesterday and meets again tomorrow. It met last Monday and "
            "will meet next Friday, two weeks ago and in three weeks' time, next month too.")
    for day, _ in resolved(text, published):
        assert "0001-01-01" <= day <= "9999-12-31"
    assert resolved("The vote is tomorrow.", "9999-12-31") == []
    assert resolved("The vote was yesterday.", "0001-01-01") == []
