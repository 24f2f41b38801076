"""Which aligned articles support a sentence with figures (`align.support`)."""
import pytest

from storyweave.analysis.align import cited, support
from storyweave.nlp import annotate
from storyweave.records import Article, Fact

CITED = "The storm killed 12 people in the valley, four of them children."


def supporters(**others: str) -> list[str]:
    """The articles `support` keeps for article a's first sentence, CITED, when each other
    article's first sentence is aligned with it."""
    docs = annotate([Article(id="a", text=CITED)] +
                    [Article(id=name, text=text) for name, text in others.items()])
    fact = Fact(CITED, [d.article.id for d in docs], [(d.article.id, 0) for d in docs])
    return cited(support([fact], docs)[("a", 0)])


@pytest.mark.parametrize("text", [
    "Twelve people died when the storm hit the valley.",  # a value, not a spelling
    "The storm killed 12 people in the valley.",  # the part ("four of them") is not needed
    "The storm hit the valley on Sunday. It killed 12 people there, officials said.",
    "The storm hit the valley on Sunday.\n\nIn all, 12 people were killed by it.",
])
def test_an_article_stating_the_figure_supports(text):
    assert supporters(b=text) == ["a", "b"]


@pytest.mark.parametrize("text", [
    "The storm killed nine people in the valley, four of them children.",  # a rival value
    "Four children died when the storm hit the valley.",  # shares only the part
    "The storm hit the valley on Sunday.\n\nMany homes were flooded.",  # no figure at all
])
def test_an_article_not_stating_the_figure_does_not(text):
    assert supporters(b=text) == ["a"]


def test_sentences_without_figures_keep_every_aligned_article():
    docs = annotate([Article(id="a", text="The storm hit the valley on Sunday."),
                     Article(id="b", text="A storm struck the valley on Sunday night.")])
    fact = Fact(docs[0].article.text, ["a", "b"], [("a", 0), ("b", 0)])
    assert support([fact], docs) == {("a", 0): [("a", 0), ("b", 0)],
                                     ("b", 0): [("b", 0), ("a", 0)]}


def test_the_sentence_stating_a_figure_elsewhere_is_cited_beside_the_aligned_one():
    docs = annotate([Article(id="a", text=CITED), Article(id="b", text=(
        "The storm hit the valley on Sunday. Roads were closed. "
        "It killed 12 people there, officials said."))])
    fact = Fact(CITED, ["a", "b"], [("a", 0), ("b", 0)])
    assert support([fact], docs)[("a", 0)] == [("a", 0), ("b", 0), ("b", 2)]
