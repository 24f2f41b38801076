"""The whole flow for one story: paths -> articles -> cleaned -> annotated -> digest.

`digest_paths` is what `storyweave digest` runs; `digest_articles` starts from records
already read (the service, the evaluation harness and the distributed engine use it).
"""
from __future__ import annotations

from storyweave.analysis.align import align, support
from storyweave.analysis.entities import merge_entities
from storyweave.clean import clean_article
from storyweave.errors import E_NO_TEXT
from storyweave.ingest import read_paths
from storyweave.nlp import annotate, embed
from storyweave.nlp.embed import Encoder
from storyweave.records import Article, Digest, Fact, Problem
from storyweave.store import Store
from storyweave.summarize import summarize

DEFAULT_WORDS = 120


def digest_paths(paths: list[str], words: int = DEFAULT_WORDS, store: Store | None = None,
                 encoder: Encoder | None = None) -> Digest:
    """Read, clean and digest every article under `paths`; problems are collected."""
    articles, problems = read_paths(paths)
    return digest_articles(articles, words=words, store=store, encoder=encoder,
                           problems=problems)


def clean_all(articles: list[Article], problems: list[Problem]) -> list[Article]:
    """Clean every article; one left with no story text becomes a problem."""
    kept = []
    for article in articles:
        cleaned = clean_article(article)
        if cleaned.text.strip():
            kept.append(cleaned)
        else:
            problems.append(Problem(article.path or article.id,
                                    E_NO_TEXT.format(detail="nothing left after cleaning")))
    return kept


def digest_articles(articles: list[Article], words: int = DEFAULT_WORDS,
                    store: Store | None = None, encoder: Encoder | None = None,
                    problems: list[Problem] | None = None) -> Digest:
    """The digest of raw articles about one story."""
    problems = list(problems or [])
    articles = clean_all(articles, problems)
    articles.sort(key=lambda a: (a.published or "9999", a.id))
    docs = annotate(articles, store)
    vectors = embed(docs, store, encoder) if len(docs) > 1 else None
    facts = align(docs, vectors)
    supported = support(facts, docs)
    summary = summarize(docs, words, supported)
    agreed = [Fact(f.text, supported[f.sentences[0]], f.sentences) for f in facts
              if len(supported[f.sentences[0]]) > 1]
    return Digest(articles=articles, summary=summary, entities=merge_entities(docs),
                  facts=agreed,
                  undated=[a.id for a in articles if not a.published], problems=problems)
