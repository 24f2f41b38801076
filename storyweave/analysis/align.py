"""Alignment: group sentences of different articles that state the same content.

Similarity mixes the sentence embeddings' cosine with the lexical cosine of content stems;
groups are grown greedily from the most similar pair down, one sentence per article per
group, so a fact never absorbs two sentences of the same outlet.
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np

from storyweave.nlp.tokens import content_stems, numbers
from storyweave.records import Doc, Fact

# Weight of the embedding cosine against the lexical cosine. Embeddings catch paraphrase
# ("shot at least four times" ~ "shoot him at least five times"); the lexical part keeps
# topical-but-different sentences of one story apart. 0.6 was set on the seed cluster.
EMBEDDING_WEIGHT = 0.6
# Mixed similarity from which two sentences state the same content. Calibrated on the
# seeds: the paraphrased pairs a reader matches score 0.55-0.85, the closest unrelated
# pairs of the same story 0.35-0.50.
SAME_CONTENT = 0.52


def lexical_vectors(docs: list[Doc]) -> dict[tuple[str, int], dict[str, float]]:
    """TF-IDF unit vectors of content stems, IDF over the cluster's sentences."""
    bags = {(d.article.id, s.index): Counter(content_stems(s.text))
            for d in docs for s in d.sentences}
    df = Counter(stem for bag in bags.values() for stem in bag)
    n = max(len(bags), 1)
    vectors = {}
    for key, bag in bags.items():
        vec = {t: c * math.log(1 + n / df[t]) for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors[key] = {t: v / norm for t, v in vec.items()}
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def similarities(docs: list[Doc], vectors: dict[str, np.ndarray] | None
                 ) -> list[tuple[float, tuple[str, int], tuple[str, int]]]:
    """Mixed similarity of every cross-article sentence pair above `SAME_CONTENT`."""
    lexical = lexical_vectors(docs)
    pairs = []
    for i, a in enumerate(docs):
        for b in docs[i + 1:]:
            dense = None
            if vectors is not None and len(vectors.get(a.article.id, [])) and \
                    len(vectors.get(b.article.id, [])):
                dense = vectors[a.article.id] @ vectors[b.article.id].T
            for s in a.sentences:
                ka = (a.article.id, s.index)
                for t in b.sentences:
                    kb = (b.article.id, t.index)
                    lex = _cosine(lexical[ka], lexical[kb])
                    if dense is None:
                        sim = lex
                    else:
                        sim = EMBEDDING_WEIGHT * float(dense[s.index, t.index]) + \
                            (1 - EMBEDDING_WEIGHT) * lex
                    if sim >= SAME_CONTENT:
                        pairs.append((sim, ka, kb))
    pairs.sort(reverse=True)
    return pairs


def align(docs: list[Doc], vectors: dict[str, np.ndarray] | None = None) -> list[Fact]:
    """Facts: groups of same-content sentences, largest support first; singletons included."""
    group_of = {(d.article.id, s.index): i for i, (d, s) in
                enumerate((d, s) for d in docs for s in d.sentences)}
    members = {g: [k] for k, g in group_of.items()}
    for _, ka, kb in similarities(docs, vectors):
        ga, gb = group_of[ka], group_of[kb]
        if ga == gb:
            continue
        if {k[0] for k in members[ga]} & {k[0] for k in members[gb]}:
            continue  # one sentence per article per fact
        for k in members[gb]:
            group_of[k] = ga
        members[ga].extend(members.pop(gb))
    text = {(d.article.id, s.index): s.text for d in docs for s in d.sentences}
    order = {d.article.id: i for i, d in enumerate(docs)}
    facts = []
    for keys in members.values():
        keys.sort(key=lambda k: (order[k[0]], k[1]))
        facts.append(Fact(text=text[keys[0]], articles=[k[0] for k in keys], sentences=keys))
    facts.sort(key=lambda f: (-len(f.articles), order[f.sentences[0][0]], f.sentences[0][1]))
    return facts


def support(facts: list[Fact], docs: list[Doc]) -> dict[tuple[str, int], list[str]]:
    """For every sentence, the articles that state its content (its own first).

    Numbers are anchors: an aligned sentence that gives other figures ("17 admitted" vs
    "26 admitted") is the same topic, not support, and is left for the disagreements.
    """
    figures = {(d.article.id, s.index): numbers(s.text) for d in docs for s in d.sentences}
    result = {}
    for fact in facts:
        for key in fact.sentences:
            result[key] = [key[0]] + [
                other[0] for other in fact.sentences if other[0] != key[0] and
                (not figures[key] or not figures[other] or figures[key] & figures[other])]
    return result
