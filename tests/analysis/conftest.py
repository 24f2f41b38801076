"""Fixtures of the claims and disagreements tests: corpora annotated once per session."""
import importlib.util

import pytest

from storyweave.analysis.align import align
from storyweave.clean import clean_article
from storyweave.ingest import read_paths
from storyweave.nlp import annotate
from storyweave.records import Doc
from tests.analysis import docs
from tests.paths import EVAL, EXAMPLES, SEEDS


def annotated(path) -> list[Doc]:
    """A folder's articles, cleaned, in publication order, with sentences and entities."""
    articles, _ = read_paths([path])
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
    """A factory of one-article Docs from text, publication date and hand-given entities."""
    return docs.make_doc
