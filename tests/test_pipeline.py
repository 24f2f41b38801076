"""The flow for one story, on the demo corpus and the seeds."""
import pytest

from storyweave.ingest import read_paths
from storyweave.nlp.embed import default_encoder
from storyweave.nlp import annotate
from storyweave.pipeline import (MAX_CHARS, MIN_WORDS, clean_all, cut, digest_articles,
                                 digest_paths, statement_words)
from storyweave.store import Store
from tests.paths import EVAL, EXAMPLES, SEEDS


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


@pytest.fixture(scope="module")
def demo_digest():
    articles, problems = read_paths([EXAMPLES])
    assert problems == []
    return digest_articles(articles, store=Store(":memory:"), encoder=default_encoder())


def test_demo_digest_has_every_part(expected, demo_digest):
    digest = demo_digest
    assert len(digest.articles) == 5 and digest.undated == ["coastline24"]
    assert digest.summary and sum(len(s.text.split()) for s in digest.summary) <= 120
    assert "contradiction" in {d.kind for d in digest.disagreements}
    assert digest.quotes and digest.timeline and digest.facts and digest.entities
    passengers = next(d for d in digest.disagreements if d.kind == "contradiction")
    said_218 = {c.article for c in passengers.claims if c.value.startswith("218")}
    for fact in digest.facts:
        if "212 passengers" in fact.text:
            assert not said_218 & set(fact.articles), fact


def test_a_fact_with_a_figure_cites_only_the_articles_that_state_it(demo_digest):
    """17 admitted to hospital: the update that says the count rose to 26, aligned by its
    "two" in serious condition, is no source of it; the three that say 17 are."""
    fact = next(f for f in demo_digest.facts if "admitted 17 people" in f.text)
    assert set(fact.articles) == {"alder_gazette", "northern_ledger", "vpa_wire"}


def test_huge_articles_are_digested_up_to_the_limit(tmp_path):
    """Over 1,000,000 characters in one paragraph (spaCy's own limit), and a text of 50,000
    varied sentences: each is analysed up to MAX_CHARS, says so in one line, and the batch
    (with a real article) is digested."""
    (tmp_path / "long.txt").write_text("The river rose again near the town. " * 28_000)
    places = ["the mill", "the school", "the bridge", "the square", "the church"]
    (tmp_path / "many.txt").write_text(" ".join(
        f"Crews cleared {places[i % 5]} on road {i} after the storm." for i in range(50_000)))
    digest = digest_paths([str(EXAMPLES / "vpa_wire.txt"), str(tmp_path / "long.txt"),
                           str(tmp_path / "many.txt")], store=Store(":memory:"))
    assert {a.id for a in digest.articles} == {"vpa_wire", "long", "many"}
    for article in digest.articles:
        assert len(article.text) <= MAX_CHARS
    assert [(p.path.rsplit("/", 1)[-1], p.reason.split(":")[0]) for p in digest.problems] == [
        ("long.txt", "story too long"), ("many.txt", "story too long")]
    assert digest.summary


def test_cut_ends_at_a_paragraph_break():
    assert cut("One two.\n\nThree four.\n\nFive six.", 25) == "One two.\n\nThree four."
    assert cut("One two three four", 10) == "One two"
    assert cut("x" * 30, 10) == "x" * 10


def test_login_wall_is_not_an_article(tmp_path):
    (tmp_path / "wall.txt").write_text(
        "Subscribe to continue reading.\n\nAlready a subscriber? Sign in.\n\n"
        "Create a free account to read two articles a month.\n\n"
        "You have reached your limit of free articles this month.")
    digest = digest_paths([str(tmp_path / "wall.txt"), str(EXAMPLES / "vpa_wire.txt")],
                          store=Store(":memory:"))
    assert [a.id for a in digest.articles] == ["vpa_wire"]
    assert [p.reason for p in digest.problems] == [
        "too little story text (0 words in statements after cleaning; an article has at "
        "least 15)"]


def test_shortest_real_stories_are_articles():
    """Every article of DUC 2004 and TAC 2010 states enough, the one-sentence briefs too."""
    briefs = [EVAL / "duc2004/docs/d30040t/APW19981230.0991",
              EVAL / "tac2010/docs_tokenized/D1038G-A/XIN_ENG_20041001.0189"]
    articles, _ = read_paths(briefs)
    docs = annotate(clean_all(articles, []))
    assert [statement_words(d) >= MIN_WORDS for d in docs] == [True, True]


def test_agreement_is_between_outlets_not_versions_of_one_wire_story():
    """A DUC 2004 cluster of eight versions of one Associated Press story and two New York
    Times articles: a fact only the agency's versions state is no agreement of sources (it
    may be the agency's exclusive), and every agreed fact cites both outlets."""
    articles, _ = read_paths([EVAL / "duc2004/docs/d30015t"])
    digest = digest_articles(articles, store=Store(":memory:"))
    outlet = {a.id: a.source for a in digest.articles}
    assert sorted(set(outlet.values())) == ["Associated Press", "New York Times"]
    assert digest.facts
    for fact in digest.facts:
        assert {outlet[a] for a in fact.articles} == {"Associated Press", "New York Times"}
    assert not {f.text for f in digest.facts} & {f.text for f in digest.exclusive}


def test_a_quotation_alone_is_no_agreed_fact():
    """Two outlets print the same quotation: the quotes list it with its speaker; as an
    agreed fact it would say nothing of who said it."""
    from storyweave.pipeline import analyse
    from storyweave.records import Article

    said = ('"It is too early to say." Harbour master Ada Lind said the ferry had lost '
            'power in both engines before it struck the reef.')
    docs = annotate([Article("a", said, source="Wire One"),
                     Article("b", said.replace("both engines", "both of its engines"),
                             source="Paper Two")])
    digest, _ = analyse(docs)
    assert [f.articles for f in digest.facts if "engines" in f.text] == [["a", "b"]]
    assert not [f for f in digest.facts if "too early" in f.text]
    assert {q.quote for q in digest.quotes} == {"It is too early to say."}
