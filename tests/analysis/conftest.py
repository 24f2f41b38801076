"""Fixtures of the claims and disagreements tests: corpora annotated once per session."""
import importlib.util
import re

import pytest
from trafilatura.meta import reset_caches

from storyweave.analysis.align import align
from storyweave.clean import clean_article
from storyweave.ingest import read_paths
from storyweave.nlp import annotate
from storyweave.nlp.sentences import split_sentences
from storyweave.records import Article, Doc
from tests.paths import EVAL, EXAMPLES, SEEDS


def annotated(path) -> list[Doc]:
    """A folder's articles, cleaned, in publication order, with sentences and entities."""
    articles, _ = read_paths([path])
    # Ingest extracts HTML with trafilatura's deduplicate=True, a filter shared by the whole
    # process: after a few reads of one page its paragraphs are dropped as duplicates, so
    # the session's later readers of the demo page would get nothing. Forget what was read.
    reset_caches()
    articles = sorted((clean_article(a) for a in articles),
                      key=lambda a: (a.published or "9999", a.id))
    return annotate(articles)


@pytest.fixture(scope="session")
def demo_docs():
    """The demo corpus (examples/), NER included."""
    return annotated(EXAMPLES)


@pytest.fixture(scope="session")
def seed_docs():
    """The three seed articles (../shared/seeds), NER included."""
    return annotated(SEEDS)


@pytest.fixture(scope="session")
def demo_facts(demo_docs):
    """The demo corpus aligned (lexically: no encoder, as the tests need no model)."""
    return align(demo_docs)


@pytest.fixture(scope="session")
def scorer():
    """The official analysis scorer, imported from ../shared/eval at run time."""
    spec = importlib.util.spec_from_file_location("score_analysis",
                                                  EVAL / "score_analysis.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def make_doc():
    """A factory of one-article Docs from text, with a publication date and hand-given
    entities: label=[names], every occurrence tagged."""
    def make(text: str, article_id: str = "a", published: str | None = None,
             **labelled: list[str]) -> Doc:
        entities = sorted((m.start(), m.end(), label, m.group())
                          for label, names in labelled.items() for name in names
                          for m in re.finditer(re.escape(name), text))
        return Doc(Article(id=article_id, text=text, published=published),
                   split_sentences(article_id, text), entities)
    return make
