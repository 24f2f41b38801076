"""Concept coverage under a length budget (Gillick & Favre 2009), solved exactly by HiGHS.

Concepts are stemmed word bigrams with at least one content word; a concept is worth the
number of articles that use it, so what many sources report is what the summary covers,
and since each concept counts once, redundant sentences buy nothing.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from storyweave.nlp.tokens import STOP_WORDS, stem, words

# HiGHS proves optimality in well under 0.1 s on a 10-article cluster; the cap only
# guards against pathological inputs (the best solution found so far is used).
SOLVER_SECONDS = 2.0


def bigrams(text: str) -> set[tuple[str, str]]:
    """Stemmed bigrams of `text` that are not made of stop words only."""
    tokens = words(text)
    return {(stem(a), stem(b)) for a, b in zip(tokens, tokens[1:])
            if not (a in STOP_WORDS and b in STOP_WORDS)}


def concept_weights(sentence_concepts: list[set], sentence_docs: list[str],
                    min_docs: int) -> dict:
    """Weight of each concept: the number of articles using it, when at least `min_docs`."""
    docs_of = defaultdict(set)
    for concepts, doc in zip(sentence_concepts, sentence_docs):
        for c in concepts:
            docs_of[c].add(doc)
    return {c: len(d) for c, d in docs_of.items() if len(d) >= min_docs}


def select(lengths: list[int], concepts: list[set], weights: dict, budget: int,
           bonus: list[float] | None = None) -> list[int]:
    """Indices of the sentences maximising covered concept weight within `budget` words."""
    names = sorted(weights, key=str)
    index = {c: j for j, c in enumerate(names)}
    n, m = len(lengths), len(names)
    if n == 0:
        return []
    objective = np.zeros(n + m)
    objective[:n] = -(np.asarray(bonus) if bonus is not None else 0.0)
    objective[n:] = [-weights[c] for c in names]
    rows = lil_matrix((m + 1, n + m))
    rows[0, :n] = lengths
    for i, cs in enumerate(concepts):
        for c in cs:
            j = index.get(c)
            if j is not None:
                rows[1 + j, i] = -1.0
    for j in range(m):
        rows[1 + j, n + j] = 1.0  # a concept counts only if a chosen sentence has it
    upper = np.zeros(m + 1)
    upper[0] = budget
    result = milp(objective, integrality=np.ones(n + m), bounds=Bounds(0, 1),
                  constraints=LinearConstraint(rows.tocsr(), -np.inf, upper),
                  options={"time_limit": SOLVER_SECONDS})
    if result.x is None:
        return []
    return [i for i in range(n) if result.x[i] > 0.5]
