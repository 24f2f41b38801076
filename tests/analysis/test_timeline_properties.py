"""The timeline on any date and any text: never an exception, every date a real day."""
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from storyweave.analysis.timeline import build_timeline
from storyweave.nlp.sentences import split_sentences
from storyweave.records import Article, Doc

EXPRESSIONS = ["today", "tomorrow", "yesterday", "last night", "next week", "last month",
               "next month", "this week", "on Monday", "next Friday", "last Sunday", "will go",
               "two weeks ago", "in three weeks' time", "in 12 days", "Nov. 13", "13 November",
               "Feb. 29", "December 31, 2099", "Jan. 1, 1900", "Dec. 6-20", "31st of Jan", ". "]
TEXT = st.lists(st.one_of(st.sampled_from(EXPRESSIONS), st.text(max_size=8)),
                max_size=30).map(" ".join)
PUBLISHED = st.one_of(st.none(), st.dates().map(dt.date.isoformat),
                      st.datetimes().map(dt.datetime.isoformat), st.text(max_size=12))


@given(TEXT, PUBLISHED)
def test_any_text_any_date(text, published):
    doc = Doc(Article("a", text, published=published), split_sentences("a", text))
    events, undated = build_timeline([doc])
    for event in events:
        assert dt.date.fromisoformat(event.date) and event.articles == ["a"]
    assert undated == ([] if published else ["a"])
