"""The whole flow for one story: paths -> articles -> cleaned -> annotated -> digest.

`digest_paths` is what `storyweave digest` runs; `digest_articles` starts from records
already read; `analyse` is the cross-source analysis alone (the analysis evaluation times it).
"""
from __future__ import annotations

import dataclasses
import time

from storyweave.analysis.align import align, exclusive_facts, support
from storyweave.analysis.disagreements import find_disagreements
from storyweave.analysis.entities import merge_entities
from storyweave.analysis.quotes import extract_quotes
from storyweave.analysis.timeline import build_timeline
from storyweave.clean import clean_article
from storyweave.errors import E_NO_TEXT
from storyweave.ingest import read_paths
from storyweave.nlp import annotate, cached_encoder
from storyweave.nlp.clauses import news_sentence
from storyweave.nlp.embed import Encoder
from storyweave.records import Article, Digest, Disagreement, Doc, Fact, Problem
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
    digest, supported = analyse(docs, store, encoder)
    texts = {a.id: a.text for a in digest.articles}
    digest.summary = [dataclasses.replace(item, sources=consistent_sources(
        item.article, texts[item.article][item.start:item.end], item.sources,
        digest.disagreements)) for item in summarize(docs, words, supported)]
    digest.problems = problems
    return digest


def consistent_sources(article: str, text: str, sources: list[str],
                       disagreements: list[Disagreement]) -> list[str]:
    """`sources` less the articles that give another value for a disputed figure `text`
    (a sentence of `article`) states: "shot at least five times" must not cite the outlet
    that says four, however alike the two sentences are."""
    for disagreement in disagreements:
        stated = {c.value for c in disagreement.claims
                  if c.article == article and c.quote and c.quote in text}
        if not stated:
            continue
        given: dict[str, set[str]] = {}
        for claim in disagreement.claims:
            given.setdefault(claim.article, set()).add(claim.value)
        sources = [s for s in sources if s == article or given.get(s, stated) & stated]
    return sources


def analyse(docs: list[Doc], store: Store | None = None, encoder: Encoder | None = None,
            timings: dict[str, float] | None = None
            ) -> tuple[Digest, dict[tuple[str, int], list[str]]]:
    """The cross-source analysis of annotated articles: the digest but its summary (facts
    several articles state, facts only one outlet reports, disagreements, quotes, entities,
    timeline), and for every sentence the articles that support it (the summary's input).

    Alignment is lexical unless an `encoder` is given: then the sentences the lexical
    cosine cannot decide on are embedded (see `align`), each cached in `store`.
    `timings`, when given, receives the seconds each stage took."""
    clock = _Clock(timings)
    encode = cached_encoder(store, encoder) if encoder and len(docs) > 1 else None
    facts = align(docs, encode=encode)
    supported = support(facts, docs)
    exclusive = exclusive_facts(facts, docs)
    clock.lap("align")
    entities = merge_entities(docs)
    clock.lap("entities")
    disagreements = find_disagreements(docs, facts)
    spans = {(d.article.id, s.index): (d.parse, s.start, s.end) for d in docs for s in d.sentences}
    agreed = []
    for fact in facts:
        first = fact.sentences[0]
        sources = consistent_sources(first[0], fact.text, supported[first], disagreements)
        if len(sources) > 1 and news_sentence(*spans[first]):
            agreed.append(Fact(fact.text, sources, fact.sentences))
    clock.lap("disagreements")
    quotes = extract_quotes(docs, entities)
    clock.lap("quotes")
    timeline, undated = build_timeline(docs)
    clock.lap("timeline")
    digest = Digest(articles=[d.article for d in docs], entities=entities, facts=agreed,
                    disagreements=disagreements, quotes=quotes, timeline=timeline,
                    undated=undated, exclusive=exclusive)
    return digest, supported


class _Clock:
    """Adds the seconds since the last lap to `timings[stage]` (nothing when None)."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
        self.last = now
