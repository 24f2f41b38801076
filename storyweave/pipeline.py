"""The whole flow for one story: paths -> articles -> cleaned -> annotated -> digest.

`digest_paths` is what `storyweave digest` runs; `digest_articles` starts from records
already read; `analyse` is the cross-source analysis alone (the analysis evaluation times it);
`code_stamp` names the code that makes digests, so a stored digest of other code is not served.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import time
from pathlib import Path

from storyweave.analysis.align import align, cited, exclusive_facts, outlet_of, support
from storyweave.analysis.claims import read_frames
from storyweave.analysis.disagreements import find_disagreements
from storyweave.analysis.entities import merge_entities
from storyweave.analysis.quotes import extract_quotes
from storyweave.analysis.timeline import build_timeline
from storyweave.clean import clean_article
from storyweave.errors import E_NO_TEXT, E_TOO_SHORT, E_TRUNCATED
from storyweave.ingest import read_paths
from storyweave.ingest.files import unexpected
from storyweave.nlp import annotate, cached_encoder
from storyweave.nlp.clauses import all_quoted, news_sentence
from storyweave.nlp.embed import Encoder
from storyweave.nlp import tokens
from storyweave.records import Article, Digest, Disagreement, Doc, Evidence, Fact, Problem
from storyweave.store import Store
from storyweave.summarize import summarize

DEFAULT_WORDS = 120
# Characters of one article's story that are analysed. News stories run 2,000-20,000 (the
# longest source of the evaluation sets, Multi-News dev, is 42,480 before cleaning); at 50,000
# one article's parse takes about 10 s and 500 MB on one core (0.1 s and 10 MB per 1,000
# characters of one unbroken paragraph, measured here), and its summary about 10 s more.
MAX_CHARS = int(os.environ.get("STORYWEAVE_MAX_CHARS", 50_000))
# Words an article needs in statements (sentences with a subject that is not the reader,
# not questions): a story states things. The shortest real stories of DUC 2004 and TAC 2010
# are one-sentence briefs of 18-26 words ("A ferry ran aground off the island ... on
# Friday, the coastguard said."); a login wall or a paywall ("Already a subscriber? Sign in.
# Create a free account ...") is questions and commands, and states nothing.
MIN_WORDS = 15
SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
# Raw characters cleaned for each story character kept: crawled pages are mostly menus and
# promos, and cleaning costs about 3 s per 1,000,000 characters.
RAW_PER_STORY = 10
# The code a digest depends on, for `code_stamp`: the stages and modules of the flow, with
# their data files. Not the web page, the evaluation, the command line, scale runs or the
# store: a change there must not make every stored digest again.
DIGEST_STAGES = ("ingest", "clean", "nlp", "stories", "analysis", "summarize")
DIGEST_MODULES = ("pipeline.py", "records.py", "corpus.py")
DIGEST_FILES = ("*.py", "*.json")
PACKAGE = Path(__file__).parent
# Hex characters of the stamp: 64 bits, so two versions of the code never share one by chance.
STAMP_CHARS = 16


def digest_paths(paths: list[str], words: int = DEFAULT_WORDS, store: Store | None = None,
                 encoder: Encoder | None = None) -> Digest:
    """Read, clean and digest every article under `paths`; problems are collected."""
    articles, problems = read_paths(paths)
    return digest_articles(articles, words=words, store=store, encoder=encoder,
                           problems=problems)


@functools.cache
def code_stamp() -> str:
    """The stamp of this process's digest-making code, hashed once: a digest stored under
    another stamp was made by other code (older analysis, older fields) and is made again."""
    return code_hash()


def code_hash(root: Path = PACKAGE) -> str:
    """A short hash of the relative paths and bytes of the files under the package folder
    `root` that shape a digest (`DIGEST_STAGES`, `DIGEST_MODULES`)."""
    files = [root / name for name in DIGEST_MODULES]
    files += [path for stage in DIGEST_STAGES for pattern in DIGEST_FILES
              for path in (root / stage).rglob(pattern)]
    hasher = hashlib.sha256()
    for name, path in sorted((path.relative_to(root).as_posix(), path) for path in files):
        data = path.read_bytes()
        # The length too: one file's bytes can then never pass for the next one's name.
        hasher.update(f"{name}\0{len(data)}\0".encode())
        hasher.update(data)
    return hasher.hexdigest()[:STAMP_CHARS]


def clean_all(articles: list[Article], problems: list[Problem]) -> list[Article]:
    """Clean every article; one left with no text becomes a problem, and one whose
    story is over `MAX_CHARS` is analysed up to there (a problem says so)."""
    kept = []
    for article in articles:
        name = article.path or article.id
        raw = dataclasses.replace(article, text=cut(article.text, MAX_CHARS * RAW_PER_STORY))
        try:
            cleaned = clean_article(raw)
        except Exception as err:  # a bug in a rule must not stop the batch
            problems.append(Problem(name, unexpected(err)))
            continue
        if not cleaned.text.strip():
            reasons = {r.split(":", 1)[0] for r in cleaned.removed}
            detail = reasons.pop() if len(reasons) == 1 and "English" in str(reasons) else \
                "nothing left after cleaning"
            problems.append(Problem(name, E_NO_TEXT.format(detail=detail)))
            continue
        text = cut(cleaned.text, MAX_CHARS)
        if len(text) < len(cleaned.text) or len(raw.text) < len(article.text):
            problems.append(Problem(name, E_TRUNCATED.format(kept=len(text), limit=MAX_CHARS)))
        kept.append(dataclasses.replace(cleaned, text=text))
    return kept


def cut(text: str, limit: int) -> str:
    """`text` up to `limit` characters, ended at its last paragraph break (else line break,
    else space) before the limit."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    for mark in ("\n\n", "\n", " "):
        end = head.rfind(mark)
        if end > 0:
            return head[:end]
    return head


def digest_articles(articles: list[Article], words: int = DEFAULT_WORDS,
                    store: Store | None = None, encoder: Encoder | None = None,
                    problems: list[Problem] | None = None) -> Digest:
    """The digest of raw articles about one story."""
    problems = list(problems or [])
    digest = digest_cleaned(clean_all(articles, problems), words, store, encoder, problems)
    digest.problems = problems
    return digest


def digest_cleaned(articles: list[Article], words: int = DEFAULT_WORDS,
                   store: Store | None = None, encoder: Encoder | None = None,
                   problems: list[Problem] | None = None) -> Digest:
    """The digest of articles about one story that are already cleaned; an article with
    too little story text to state anything (a login wall) is left out, as a problem."""
    articles = sorted(articles, key=lambda a: (a.published or "9999", a.id))
    # A syndicated copy (stories/dedup.py) is listed but never analysed: it would count as
    # a second source for every fact of its original.
    ids = {a.id for a in articles}
    copies = [a for a in articles if a.copy_of in ids]
    docs = []
    for doc in annotate([a for a in articles if a.copy_of not in ids], store):
        found = statement_words(doc)
        if found >= MIN_WORDS:
            docs.append(doc)
        elif problems is not None:
            problems.append(Problem(doc.article.path or doc.article.id,
                                    E_TOO_SHORT.format(words=found, least=MIN_WORDS)))
    digest, supported = analyse(docs, store, encoder)
    digest.articles += copies
    texts = {a.id: a.text for a in digest.articles}
    digest.summary = []
    for item in summarize(docs, words, supported):
        sources = consistent_sources(item.article, texts[item.article][item.start:item.end],
                                     item.sources, digest.disagreements)
        digest.summary.append(dataclasses.replace(item, sources=sources, evidence=[
            e for e in item.evidence if e.article in sources]))
    return digest


def statement_words(doc: Doc) -> int:
    """Words in the sentences of a parsed article that state something: a subject other
    than the reader ("you": second person), and no question mark."""
    found = 0
    for sentence in doc.sentences:
        span = doc.parse.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if span is None or sentence.text.rstrip().endswith("?"):
            continue
        if any(t.dep_ in SUBJECTS and "2" not in t.morph.get("Person") for t in span):
            found += len(tokens.words(sentence.text))
    return found


def consistent_sources(article: str, text: str, sources: list[str],
                       disagreements: list[Disagreement]) -> list[str]:
    """`sources` less the articles that give another value for a disputed figure `text`
    (a sentence of `article`) states: "shot at least six times" must not cite the outlet
    that says three, however alike the two sentences are."""
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
            ) -> tuple[Digest, dict[tuple[str, int], list[tuple[str, int]]]]:
    """The cross-source analysis of annotated articles: the digest but its summary (facts
    several outlets state, facts only one outlet reports, disagreements, quotes, entities,
    timeline), and for every sentence the sentences of the articles that support it
    (`align.support`, the summary's input).

    Alignment is lexical unless an `encoder` is given: then the sentences the lexical
    cosine cannot decide on are embedded (see `align`), each cached in `store`.
    `timings`, when given, receives the seconds each stage took."""
    clock = _Clock(timings)
    encode = cached_encoder(store, encoder) if encoder and len(docs) > 1 else None
    facts = align(docs, encode=encode)
    frames = [f for doc in docs for f in read_frames(doc)]
    supported = support(facts, docs, frames)
    exclusive = exclusive_facts(facts, docs)
    clock.lap("align")
    entities = merge_entities(docs)
    clock.lap("entities")
    disagreements = find_disagreements(docs, facts, frames=frames)
    spans = {(d.article.id, s.index): (d.parse, s.start, s.end) for d in docs for s in d.sentences}
    outlet = {d.article.id: outlet_of(d.article) for d in docs}
    agreed = []
    for fact in facts:
        first = fact.sentences[0]
        sources = consistent_sources(first[0], fact.text, cited(supported[first]),
                                     disagreements)
        # Agreement is between outlets: an agency's later versions of its own story (wire
        # write-thrus) repeat it, they do not confirm it. A quotation alone is left to the
        # quotes, which name its speaker.
        if len({outlet[a] for a in sources}) > 1 and news_sentence(*spans[first]) and \
                not all_quoted(fact.text):
            agreed.append(Fact(fact.text, sources, fact.sentences, [
                Evidence(a, *spans[a, i][1:]) for a, i in supported[first] if a in sources]))
    # Most outlets first (stable: then most articles, as `align` orders facts).
    agreed.sort(key=lambda f: -len({outlet[a] for a in f.articles}))
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
