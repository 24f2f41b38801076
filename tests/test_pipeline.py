"""The flow for one story, on the demo corpus and the seeds."""
import pytest

from storyweave.ingest import read_paths
from storyweave.nlp.embed import default_encoder
from storyweave.pipeline import digest_articles
from storyweave.store import Store
from tests.paths import EXAMPLES, SEEDS


@pytest.fixture(scope="module")
def seeds_digest():
    articles, _ = read_paths([SEEDS])
    return digest_articles(articles, store=Store(":memory:"), encoder=default_encoder())


def test_summary_never_cites_an_article_that_gives_another_figure(seeds_digest):
    disputed = [(c.article, c.value) for d in seeds_digest.disagreements for c in d.claims]
    assert disputed
    texts = {a.id: a.text for a in seeds_digest.articles}
    for item in seeds_digest.summary:
        sentence = texts[item.article][item.start:item.end]
        for d in seeds_digest.disagreements:
            values = {c.value for c in d.claims if c.article == item.article and c.quote in sentence}
            for source in item.sources:
                theirs = {c.value for c in d.claims if c.article == source}
                assert not values or not theirs or values & theirs, (item.text, source)


def test_demo_digest_has_every_part(expected):
    articles, problems = read_paths([EXAMPLES])
    assert problems == []
    digest = digest_articles(articles, store=Store(":memory:"), encoder=default_encoder())
    assert len(digest.articles) == 5 and digest.undated == ["coastline24"]
    assert digest.summary and sum(len(s.text.split()) for s in digest.summary) <= 120
    assert {d.kind for d in digest.disagreements} == {"contradiction", "update"}
    assert digest.quotes and digest.timeline and digest.facts and digest.entities
    passengers = next(d for d in digest.disagreements if d.kind == "contradiction")
    said_218 = {c.article for c in passengers.claims if c.value.startswith("218")}
    for fact in digest.facts:
        if "212 passengers" in fact.text:
            assert not said_218 & set(fact.articles), fact
