"""The systems scored side by side: storyweave, baselines, sumy's graph and LSA methods, the
published SumRepo outputs and a greedy oracle.

Every system maps a `Cluster` to its summary's sentences and starts from the same raw
articles: cleaning and sentence splitting run inside each system's timing. All fill the
same length: sentences are added until the word limit is reached, the last one overflowing,
and the scorer cuts every summary at the limit.
"""
from __future__ import annotations

from typing import Callable

from storyweave.evaluate.datasets import Cluster
from storyweave.evaluate.rouge import Scorer
from storyweave.nlp import annotate
from storyweave.nlp.tokens import stem, words
from storyweave.pipeline import clean_all
from storyweave.records import Doc
from storyweave.summarize import summarize

System = Callable[[Cluster], list[str]]
# Sentences of each article in Multi-News' Lead-3.
LEAD3_SENTENCES = 3


def prepare(cluster: Cluster, clean: bool = True, parse: bool = False) -> list[Doc]:
    """Cleaned, date-ordered and sentence-split articles, as the digest pipeline makes them
    (without `clean`, the crawled text as it is); with `parse`, parsed as well."""
    articles = clean_all(cluster.articles, []) if clean else list(cluster.articles)
    articles.sort(key=lambda a: (a.published or "9999", a.id))
    return annotate(articles, parse=parse)


def fill(sentences, budget: int) -> list[str]:
    """Sentence texts in the order given until `budget` words are reached (duplicates skipped)."""
    chosen, seen, total = [], set(), 0
    for text in sentences:
        text = " ".join(text.split())
        if total >= budget:
            break
        if text and text not in seen:
            chosen.append(text)
            seen.add(text)
            total += len(text.split())
    return chosen


def storyweave_system(budget: int) -> System:
    """storyweave's summarizer, allowed to overflow the budget as the peers do. It reads
    the parse (summary sentences are complete clauses), whose time it pays."""
    def run(cluster: Cluster) -> list[str]:
        return [item.text for item in summarize(prepare(cluster, parse=True), budget,
                                                overflow=True)]
    return run


def lead(budget: int) -> System:
    """DUC's baseline: the first words of the most recent article."""
    def run(cluster: Cluster) -> list[str]:
        docs = prepare(cluster)
        if not docs:
            return []
        latest = max(docs, key=lambda d: (d.article.published or "", d.article.id))
        return fill((s.text for s in latest.sentences), budget)
    return run


def lead3(budget: int, clean: bool = True) -> System:
    """Multi-News' Lead-3 (Fabbri et al. 2019): each article's first three sentences, article
    after article, cut at `budget` words. Not filled: more sentences would make it another
    baseline (`lead_filled`). Without `clean` it reads the crawled text as published
    baselines did."""
    def run(cluster: Cluster) -> list[str]:
        docs = prepare(cluster, clean)
        return fill((s.text for d in docs for s in d.sentences[:LEAD3_SENTENCES]), budget)
    return run


def lead_filled(budget: int) -> System:
    """A lead filled to the budget: the articles' first sentences, then their second ones,
    and so on. Stronger than Lead-3 on clusters of few articles, and reported beside it."""
    def run(cluster: Cluster) -> list[str]:
        docs = prepare(cluster)
        depth = max((len(d.sentences) for d in docs), default=0)
        return fill((d.sentences[i].text for i in range(depth) for d in docs
                     if i < len(d.sentences)), budget)
    return run


class _Tokenizer:
    """sumy's tokenizer interface over storyweave's tokens (sumy's own needs NLTK downloads)."""

    @staticmethod
    def to_words(text: str) -> list[str]:
        return words(text)


def sumy_system(name: str, budget: int, clean: bool = True) -> System:
    """sumy's LexRank, TextRank or LSA, ranking the cluster's sentences as one document
    (without `clean`, of the crawled text as it is)."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    summarizer = {"LexRank": LexRankSummarizer, "TextRank": TextRankSummarizer,
                  "LSA": LsaSummarizer}[name](stem)
    summarizer.stop_words = get_stop_words("english")
    tokenizer = _Tokenizer()

    def run(cluster: Cluster) -> list[str]:
        docs = prepare(cluster, clean)
        document = ObjectDocumentModel(
            [Paragraph([Sentence(s.text, tokenizer) for s in d.sentences]) for d in docs])
        ranked: list[str] = []

        def take(infos):  # sumy hands the sentences best first; keep that order
            ranked.extend(str(info.sentence) for info in infos)
            return infos

        summarizer(document, take)
        return fill(ranked, budget)
    return run


def published(outputs: dict[str, str]) -> System:
    """A system whose outputs were published (SumRepo): read, not run."""
    def run(cluster: Cluster) -> list[str]:
        return [line.strip() for line in outputs.get(cluster.id, "").splitlines() if line.strip()]
    return run


def oracle(scorer: Scorer) -> System:
    """Greedy extractive upper bound: add the sentence that most raises ROUGE-2 (then ROUGE-1)
    against the references, as `scorer` counts it, until nothing raises it."""
    def run(cluster: Cluster) -> list[str]:
        texts = list(dict.fromkeys(" ".join(s.text.split())
                                   for d in prepare(cluster) for s in d.sentences))
        tokens = scorer.word_tokens(texts)
        refs = {n: scorer.reference_ngrams(cluster.references, n) for n in (1, 2)}
        chosen: list[int] = []
        summary: list[list[str]] = []
        best = (0.0, 0.0)
        while len(summary) < scorer.words:
            gains = []
            for i, words_ in enumerate(tokens):
                if i in chosen:
                    continue
                trial = summary + words_
                value = tuple(scorer.rouge_n(scorer.ngrams(trial, n), refs[n]) for n in (2, 1))
                gains.append((value, -i))
            if not gains or max(gains)[0] <= best:
                break
            best, i = max(gains)
            chosen.append(-i)
            summary += tokens[-i]
        return [texts[i] for i in chosen]
    return run

