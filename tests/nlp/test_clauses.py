"""The news-sentence property, read from the parse: a finite clause with a subject, ending
in terminal punctuation, with no page furniture. Every example is written for this test."""
import pytest

from storyweave.nlp.clauses import defects, news_sentence
from storyweave.nlp.parse import parse

NEWS = [
    "Firefighters pulled four people from the river on Tuesday night.",
    "The mayor has been questioned by police twice since March.",
    "\"We did everything we could,\" said Tomas Ferreira, the ferry's captain.",
    "Residents say the water rose faster than anyone expected!",
    "Officials said the bridge would reopen in May.\u201d",
    "Ferreira, who has captained the ferry for 12 years, declined to comment.",
    "There were no injuries, the company said.",
]
FURNITURE = {
    "caption": "The wreckage of a bus that slid off a mountain road near Valtorre, Italy.",
    "scene": "A view of the flooded square in the old town on Sunday.",
    "credit": "Volunteers at the harbour in Kestrel Bay (Harbour Trust press office via AP)",
    "stamp": "Posted by Mara Lindqvist, 14 February 2019",
    "gallery": "Hide Caption 4 of 18 Photos: Floods across the valley",
    "prompt after": "The council will vote on the plan next week. Keep scrolling for more",
    "prompt before": "Keep scrolling for more pictures The council will vote on the plan.",
    "question": "Will the council vote on the plan next week?",
}


@pytest.fixture(scope="module")
def parsed():
    texts = NEWS + list(FURNITURE.values())
    return dict(zip(texts, parse(texts)))


@pytest.mark.parametrize("text", NEWS)
def test_news_sentences_pass(parsed, text):
    assert defects(parsed[text], 0, len(text)) == []


@pytest.mark.parametrize("kind", FURNITURE)
def test_page_furniture_fails(parsed, kind):
    text = FURNITURE[kind]
    assert defects(parsed[text], 0, len(text)), kind


def test_a_sentence_inside_a_text_is_judged_alone(parsed):
    news, caption = NEWS[0], FURNITURE["caption"]
    doc = parse([f"{caption}\n\n{news}"])[0]
    start = len(caption) + 2
    assert news_sentence(doc, start, start + len(news))
    assert not news_sentence(doc, 0, len(caption))


def test_without_a_parse_nothing_is_judged():
    assert news_sentence(None, 0, 10)


def test_a_cached_parse_is_judged_as_the_fresh_one(parsed):
    from storyweave.nlp.parse import from_bytes, to_bytes
    for text in list(parsed)[:4] + list(parsed)[-4:]:
        cached = from_bytes(to_bytes(parsed[text]))
        assert defects(cached, 0, len(text)) == defects(parsed[text], 0, len(text))


def test_a_deletion_must_leave_the_clause(parsed):
    text = "Ferreira, who has captained the ferry for 12 years, declined to comment."
    doc = parsed[text]
    assert news_sentence(doc, 0, len(text), "Ferreira declined to comment.")
    assert not news_sentence(doc, 0, len(text), "Ferreira, who has captained the ferry.")
    assert not news_sentence(doc, 0, len(text), "Ferreira declined to comment..")


def test_deleting_the_attribution_leaves_the_reported_clause():
    text = "The storm killed nine people in the valley, the regional government said."
    doc = parse([text])[0]
    assert news_sentence(doc, 0, len(text), "The storm killed nine people in the valley.")
