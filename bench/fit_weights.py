"""Fit the concept-weight model of storyweave/summarize/concepts.py, and check that it travels.

    .venv/bin/python bench/fit_weights.py            # joint fit: COEFFICIENTS, INTERCEPT
    .venv/bin/python bench/fit_weights.py --check    # fit on one set, score on the other

A concept's label is the share of a cluster's reference summaries that contain it; the
features are `concepts.features` of the concepts `concepts.concept_weights` scores.
`--check` prints ROUGE (the Python re-implementation of each set's official scorer) of
storyweave with weights fitted on the other set against the joint fit, the evidence that
the weights are not one set's.
"""
from __future__ import annotations

import argparse
import statistics as stats
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyweave.evaluate.datasets import load  # noqa: E402
from storyweave.evaluate.peers import prepare, storyweave_system  # noqa: E402
from storyweave.evaluate.rouge import DUC  # noqa: E402
from storyweave.summarize import concepts  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
SETS = {"duc2004": EVAL / "duc2004", "tac2010": EVAL / "tac2010"}
# L2 strength of the logistic fit; seven features over ~60,000 concepts need little.
REGULARISATION_C = 1.0


def examples(clusters) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every scored concept of every cluster."""
    x, y = [], []
    for cluster in clusters:
        docs = prepare(cluster)
        in_refs = [concepts.bigrams(r) for r in cluster.references]
        need = concepts.min_docs(len(docs))
        for concept, entry in concepts.statistics(docs).items():
            if len(entry.articles) >= need:
                x.append(concepts.features(entry, len(docs)))
                y.append(sum(concept in r for r in in_refs) / len(in_refs))
    return np.array(x), np.array(y)


def fit(x: np.ndarray, y: np.ndarray) -> tuple[tuple[float, ...], float]:
    """Logistic regression on fractional labels (each row twice, weighted y and 1 - y)."""
    model = LogisticRegression(C=REGULARISATION_C, max_iter=5000)
    model.fit(np.vstack([x, x]), np.concatenate([np.ones(len(y)), np.zeros(len(y))]),
              sample_weight=np.concatenate([y, 1 - y]))
    return tuple(round(float(c), 3) for c in model.coef_[0]), round(float(model.intercept_[0]), 3)


def fit_all(sets: list[tuple[np.ndarray, np.ndarray]]) -> tuple[tuple[float, ...], float]:
    """Coefficients and intercept fitted on the examples of `sets` pooled."""
    return fit(np.vstack([x for x, _ in sets]), np.concatenate([y for _, y in sets]))


def rouge(clusters, model: tuple[tuple[float, ...], float]) -> tuple[float, float]:
    """Mean ROUGE-1 and ROUGE-2 recall (%) of storyweave with the given model."""
    concepts.COEFFICIENTS, concepts.INTERCEPT = model
    run = storyweave_system(DUC.words)
    scores = {1: [], 2: []}
    for cluster in clusters:
        summary = DUC.word_tokens([" ".join(run(cluster))])[0]
        for n in scores:
            refs = DUC.reference_ngrams(cluster.references, n)
            scores[n].append(DUC.rouge_n(DUC.ngrams(summary, n), refs))
    return 100 * stats.mean(scores[1]), 100 * stats.mean(scores[2])


def main() -> None:
    """Print the joint fit, or with --check the cross-set comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    clusters = {name: load(name, path) for name, path in SETS.items()}
    data = {name: examples(c) for name, c in clusters.items()}
    joint = fit_all(list(data.values()))
    print(f"joint fit: COEFFICIENTS = {joint[0]}\n           INTERCEPT = {joint[1]}")
    if not args.check:
        return
    for train, test in (("tac2010", "duc2004"), ("duc2004", "tac2010")):
        own = fit_all([data[train]])
        print(f"{test} fitted on {train}: R-1/R-2 %.2f/%.2f" % rouge(clusters[test], own)
              + "; joint fit %.2f/%.2f" % rouge(clusters[test], joint))


if __name__ == "__main__":
    main()
