"""Concept coverage under a length budget (Gillick & Favre 2009), solved exactly by HiGHS.

Concepts are stemmed word bigrams with at least one content word. A concept is worth the
probability that a human summary of the story uses it, predicted from how the articles use
it: by how many articles, how often, how early, whether in their opening sentences. Since
each concept counts once, redundant sentences buy nothing.
"""
from __future__ import annotations

import math
import os
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from storyweave.nlp.tokens import STOP_WORDS, stem, words
from storyweave.records import Doc

# HiGHS proves optimality in about 0.1 s on a 10-article cluster; the cap only guards
# against pathological inputs (the best solution found so far is used).
SOLVER_SECONDS = 2.0
# Sentences of an article counted as its opening, where news states the essentials.
LEAD_SENTENCES = 2
# Logistic model of "a reference summary contains this bigram": one coefficient per
# feature of `features`, fitted by bench/fit_weights.py on DUC 2004 and TAC 2010 jointly
# (96 clusters, 4 references each; L2, C = 1: stronger regularisation scored lower on
# both); refitted whenever cleaning or splitting changes the concepts. Fitted on one set
# alone and scored on the other (bench/RESULTS.md): TAC 2010 loses 0.20 ROUGE-1 and 0.03
# ROUGE-2, DUC 2004 0.57 and 0.21 against the joint fit.
COEFFICIENTS = (0.731, 0.181, 0.949, -1.672, 1.522, 0.279, -0.131)
INTERCEPT = -4.333
# Up to this many articles, a concept used by one article counts: two or three web
# articles share few bigrams (+2.7 ROUGE-1 on Multi-News, 1-7 articles a cluster, over
# requiring two; DUC and TAC clusters are larger and unaffected).
SMALL_CLUSTER = 3
# Concepts that must count per word of the budget, or the bar of `min_docs` is lowered
# (`filling_threshold`). Every cluster of DUC 2004, TAC 2010 and the Multi-News dev set has
# more at its `min_docs` bar (fewest: 0.23 on Multi-News, 0.48 on TAC 2010, 1.6 on DUC
# 2004), so their summaries are unchanged, while a 400-article mix of DUC and TAC topics
# has 0.04 at its bar (4 concepts for 100 words) and filled 29 of 100 words.
CONCEPTS_PER_WORD = 0.2


@dataclass
class ConceptStats:
    """How the articles of a cluster use one concept."""

    articles: set = field(default_factory=set)
    count: int = 0
    first: float = 1.0  # earliest relative position in an article (0 = first sentence)
    lead: set = field(default_factory=set)  # articles that use it in their opening
    number: bool = False
    stop_words: int = 0


def _grams(tokens: list[str]):
    """(bigram, stop words in it) for the bigrams of `tokens` with a content word."""
    for a, b in zip(tokens, tokens[1:]):
        stops = (a in STOP_WORDS) + (b in STOP_WORDS)
        if stops < 2:
            yield (stem(a), stem(b)), stops


def bigrams(text: str) -> set[tuple[str, str]]:
    """Stemmed bigrams of `text` that are not made of stop words only."""
    return {gram for gram, _ in _grams(words(text))}


def statistics(docs: list[Doc]) -> dict[tuple[str, str], ConceptStats]:
    """Usage statistics of every concept in the cluster's sentences."""
    stats: dict[tuple[str, str], ConceptStats] = {}
    for doc in docs:
        length = max(len(doc.sentences), 1)
        for sentence in doc.sentences:
            for gram, stops in _grams(words(sentence.text)):
                entry = stats.setdefault(gram, ConceptStats())
                entry.articles.add(doc.article.id)
                entry.count += 1
                entry.first = min(entry.first, sentence.index / length)
                if sentence.index < LEAD_SENTENCES:
                    entry.lead.add(doc.article.id)
                entry.number = entry.number or gram[0][:1].isdigit() or gram[1][:1].isdigit()
                entry.stop_words = stops
    return stats


def features(entry: ConceptStats, n_docs: int) -> list[float]:
    """The model's inputs for one concept (the order of `COEFFICIENTS`)."""
    df = len(entry.articles)
    return [df / n_docs, math.log(df), math.log(entry.count), entry.first,
            len(entry.lead) / n_docs, float(entry.number), float(entry.stop_words)]


def min_docs(n_docs: int) -> int:
    """Articles a concept needs to count: 1 in small clusters, else 2 or a fifth of them."""
    return 1 if n_docs <= SMALL_CLUSTER else max(2, round(n_docs / 5))


def filling_threshold(stats: dict[tuple[str, str], ConceptStats], budget: int) -> int:
    """The most articles a concept may be required to appear in while at least
    `CONCEPTS_PER_WORD` times `budget` concepts still count.

    A fifth of the articles is a fine bar in a 10-article cluster, but in a story of
    hundreds (or a mix of events) few bigrams reach it, and a summary made only of the
    sentences holding those few stops far short of its budget.
    """
    spread = sorted((len(e.articles) for e in stats.values()), reverse=True)
    wanted = math.ceil(CONCEPTS_PER_WORD * budget)
    return spread[wanted - 1] if len(spread) >= wanted else 1


def concept_weights(docs: list[Doc], budget: int | None = None
                    ) -> dict[tuple[str, str], float]:
    """Each concept's weight: its modelled probability of being in a human summary.

    Given the summary's `budget` in words, the articles a concept needs (`min_docs`) are
    lowered until concepts enough to fill it count (`filling_threshold`).

    Even unlikely concepts are kept: cutting those under 0.05 sped HiGHS up but cost 0.4
    ROUGE-1 on DUC 2004 and TAC 2010 and 4 on Multi-News.
    """
    stats = statistics(docs)
    need = min_docs(len(docs))
    if budget:
        need = min(need, filling_threshold(stats, budget))
    keys = [c for c, e in stats.items() if len(e.articles) >= need]
    if not keys:
        return {}
    x = np.array([features(stats[c], len(docs)) for c in keys])
    probability = 1 / (1 + np.exp(-(x @ np.array(COEFFICIENTS) + INTERCEPT)))
    return dict(zip(keys, probability.tolist()))


def select(lengths: list[int], concepts: list[set], weights: dict, budget: int,
           exclusive: list[tuple[int, int]] = ()) -> list[int]:
    """Indices of the sentences maximising covered concept weight within `budget` words,
    at most one of each `exclusive` pair.

    Concepts are grouped by the set of sentences that have them (a group's weights add
    up); a group of one sentence is that sentence's own value. Both are exact and leave
    HiGHS a problem a fraction of the size.
    """
    n = len(lengths)
    holders: dict = {}
    for i, cs in enumerate(concepts):
        for c in cs:
            if c in weights:
                holders.setdefault(c, []).append(i)
    groups: dict[tuple[int, ...], float] = {}
    for c, where in holders.items():
        groups[tuple(where)] = groups.get(tuple(where), 0.0) + weights[c]
    own = np.zeros(n)
    shared = []
    for where, weight in groups.items():
        if len(where) == 1:
            own[where[0]] += weight
        else:
            shared.append((where, weight))
    m = len(shared)
    if n == 0 or not own.any() and m == 0:
        return []
    objective = np.concatenate([-own, [-w for _, w in shared]])
    rows, cols, values = [0] * n, list(range(n)), list(map(float, lengths))
    for j, (where, _) in enumerate(shared):  # a group counts only if a chosen sentence has it
        rows += [1 + j] * (len(where) + 1)
        cols += list(where) + [n + j]
        values += [-1.0] * len(where) + [1.0]
    for k, pair in enumerate(exclusive):
        rows += [1 + m + k] * 2
        cols += list(pair)
        values += [1.0, 1.0]
    matrix = coo_matrix((values, (rows, cols)), shape=(m + 1 + len(exclusive), n + m)).tocsr()
    upper = np.r_[budget, np.zeros(m), np.ones(len(exclusive))]
    # Only sentences need be integral: a group's variable then settles at 0 or 1 by itself.
    with quiet_stdout():
        result = milp(objective, integrality=np.r_[np.ones(n), np.zeros(m)],
                      bounds=Bounds(0, 1), constraints=LinearConstraint(matrix, -np.inf, upper),
                      options={"time_limit": SOLVER_SECONDS, "disp": False})
    if result.x is None:  # no solution within the time limit (a story of hundreds)
        return greedy(lengths, concepts, weights, budget, exclusive)
    return [i for i in range(n) if result.x[i] > 0.5]


def greedy(lengths: list[int], concepts: list[set], weights: dict, budget: int,
           exclusive: list[tuple[int, int]] = ()) -> list[int]:
    """The sentences `select` would choose, approximated: repeatedly the one adding the most
    uncovered weight per word that still fits, at most one of each `exclusive` pair."""
    covered: set = set()
    chosen: list[int] = []
    barred: set[int] = set()
    left = budget
    while True:
        gains = [(sum(weights.get(c, 0.0) for c in cs - covered) / max(lengths[i], 1), -i)
                 for i, cs in enumerate(concepts)
                 if i not in barred and lengths[i] <= left]
        gain, i = max(gains, default=(0.0, 0))
        if gain <= 0:
            return sorted(chosen)
        i = -i
        chosen.append(i)
        covered |= concepts[i]
        left -= lengths[i]
        barred |= {i} | {j for pair in exclusive if i in pair for j in pair}


_STDOUT_LOCK = threading.Lock()


@contextmanager
def quiet_stdout():
    """File descriptor 1 sent to /dev/null meanwhile: HiGHS writes some of its log with C's
    printf whatever `disp` says, and standard output must hold nothing but the digest."""
    with _STDOUT_LOCK:
        sys.stdout.flush()
        try:
            saved = os.dup(1)
        except OSError:  # no standard output at all: nothing to protect
            yield
            return
        sink = os.open(os.devnull, os.O_WRONLY)
        os.dup2(sink, 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(sink)
