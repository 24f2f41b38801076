"""Fitting and cross-validating the disagreement pair model (analysis/disagreements.py) on
hand-labelled clusters (`shared/eval/disagreements_dev`).

A candidate pair of frames (two articles, rival values; `disagreements.Claims`) is
positive when both frames match claims of one labelled disagreement whose labelled values
differ: same article, the official scorer's quote matching, and the labelled value
stating the frame's value. `cross_validate` is leave-one-cluster-out: the pair model
that scores a cluster was fitted without its labels (the kind, update or contradiction,
is a rule with nothing fitted: `disagreements.is_update`). The pair threshold is the
lowest whose pooled out-of-fold disagreements reach precision `PRECISION` over the whole
set on at least `MIN_PREDICTED` of them; if none does, the most precise of those with
`MIN_PREDICTED` or more (precision first: an F-beta fallback picked 0.2, where the demo
corpus showed a made-up disagreement). Only coefficients leave this module, never the
labels' text.
"""
from __future__ import annotations

import re

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from storyweave.analysis import disagreements as dis
from storyweave.analysis.align import align
from storyweave.analysis.claims import read_frames
from storyweave.nlp.tokens import numbers
from storyweave.records import Doc

WHOLE = "all"  # the name the whole labelled set is reported under beside its families
# L2 strength of the logistic fit: scikit-learn's default, not tuned.
REGULARISATION_C = 1.0
THRESHOLDS = [round(t, 3) for t in np.arange(0.1, 0.95, 0.025)]
PRECISION = 0.85  # the precision target
MIN_PREDICTED = 10  # a precision over fewer disagreements is chance
# No threshold below this. The dev labels' dozen predictions cannot tell thresholds above
# 0.8 apart, so a second, larger check set them: a hand-judged audit of the disagreements
# shown on 242 clusters no label covers (38 DUC 2004 and 40 TAC 2010 clusters, 104
# Multi-News rows, 60 BASIL events). Right there, before the rules on places and ages: 34
# of 63 at 0.8 (this rule's choice on the labels alone), 25 of 39 at 0.9, 23 of 32 at
# 0.925; with them, 23 of 31 at 0.925 (bench/audit_disagreements.py). The verdicts are the
# lead's own, given while these mechanisms were chosen: a dev figure, not a held-out one.
THRESHOLD_FLOOR = 0.925


class Cluster:
    """One labelled cluster: its frames, candidate pairs, pair features and labels."""

    def __init__(self, name: str, family: str, gold: dict, docs: list[Doc], scorer,
                 encode=None):
        """`encode`: the sentence encoder alignment uses, as `pipeline.analyse` is given it
        (the pair features must be those the digest computes)."""
        self.name, self.family, self.gold, self.scorer = name, family, gold, scorer
        self.frames = [f for d in docs for f in read_frames(d)]
        self.claims, self.pairs, self.x = dis.pair_table(self.frames, align(docs, encode=encode))
        self.y = np.array([self.positive(self.frames[i], self.frames[j])
                           for i, j in self.pairs], dtype=int)

    def matches(self, gold: dict, frame) -> list[dict]:
        """The labelled claims of `gold` a frame states."""
        return [c for c in gold["claims"] if c["doc"] == frame.claim.article and
                self.scorer.quote_matches(c["quote"], frame.claim.quote) and
                states(self.scorer, c["value"], frame)]

    def positive(self, a, b) -> bool:
        """Whether two frames match claims of one labelled disagreement, values differing."""
        for gold in self.gold["disagreements"]:
            x, y = self.matches(gold, a), self.matches(gold, b)
            norm = self.scorer.norm
            if any(norm(p["value"]) != norm(q["value"]) for p in x for q in y):
                return True
        return False


def states(scorer, label: str, frame) -> bool:
    """Whether a labelled value states a frame's value (as written, or the same figure)."""
    written = scorer.norm(frame.claim.value)
    if re.search(rf"(?<!\w){re.escape(written)}(?!\w)", scorer.norm(label)):
        return True  # whole words: "2" does not state "24"
    return frame.value.number in numbers(label)


def fit(x: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None) -> dict:
    """A logistic model as the package stores it (standardised features)."""
    if len(set(y)) < 2:
        return {"coefficients": [0.0] * x.shape[1], "intercept": -10.0,
                "mean": [0.0] * x.shape[1], "scale": [1.0] * x.shape[1]}
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=REGULARISATION_C, max_iter=5000).fit(
        (x - scaler.mean_) / scale, y, sample_weight=weights)
    return {"coefficients": [round(float(c), 5) for c in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 5),
            "mean": [round(float(m), 5) for m in scaler.mean_],
            "scale": [round(float(s), 5) for s in scale]}


def fit_all(clusters: list[Cluster]) -> dict:
    """The pair model fitted on `clusters`."""
    with_pairs = [c for c in clusters if len(c.pairs)]
    # Every cluster weighs the same whatever its number of candidate pairs: a story with
    # hundreds of figures (a storm's toll by country and day) must not set the odds for
    # a story with a handful.
    weights = np.concatenate([np.full(len(c.pairs), 1 / len(c.pairs))
                              for c in with_pairs])
    pair = fit(np.vstack([c.x for c in with_pairs]), np.concatenate([c.y for c in with_pairs]),
               weights / weights.mean())
    return {"pair": pair}


def out_of_fold(clusters: list[Cluster]) -> list[np.ndarray]:
    """Each cluster's pair probabilities from the model fitted on the other clusters."""
    found = []
    for held in clusters:
        model = fit_all([c for c in clusters if c is not held])
        found.append(dis.predict(model["pair"], held.x) if len(held.pairs) else np.zeros(0))
    return found


def digest_json(cluster: Cluster, p: np.ndarray, threshold: float) -> dict:
    """The cluster's disagreements as `storyweave digest --format json` writes them."""
    if not len(cluster.pairs):
        return {"disagreements": []}
    found = dis.judge(cluster.claims, cluster.pairs, p, threshold)
    return {"disagreements": [
        {"about": d.about, "kind": d.kind,
         "claims": [{"article": c.article, "value": c.value, "quote": c.quote}
                    for c in d.claims]} for d in found]}


def score(clusters: list[Cluster], predictions: list[dict]) -> dict:
    """The scorer's disagreement figures for the whole set and each family."""
    tallies: dict[str, list[int]] = {}
    for c, pred in zip(clusters, predictions):
        golds, preds = c.gold["disagreements"], pred["disagreements"]
        matches = c.scorer.disagreement_matches
        hit = sum(any(matches(g, p) for g in golds) for p in preds)
        found = kinds = 0
        for g in golds:
            hits = [p for p in preds if matches(g, p)]
            found += bool(hits)
            kinds += any(p["kind"] == g["kind"] for p in hits)
        for name in (WHOLE, c.family):
            t = tallies.setdefault(name, [0, 0, 0, 0, 0])
            for k, v in enumerate((len(golds), len(preds), hit, found, kinds)):
                t[k] += v
    return {name: {"gold": g, "predicted": n, "precision": _ratio(h, n),
                   "recall": _ratio(f, g), "kind_accuracy": _ratio(k, f)}
            for name, (g, n, h, f, k) in tallies.items()}


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def choose(sweep: dict[float, dict]) -> float:
    """The threshold: the lowest reaching `PRECISION` on `MIN_PREDICTED` or more, else the
    lowest of the most precise on `MIN_PREDICTED` or more; never below `THRESHOLD_FLOOR`."""
    enough = [t for t in sorted(sweep) if sweep[t][WHOLE]["predicted"] >= MIN_PREDICTED]
    for t in enough:
        if (sweep[t][WHOLE]["precision"] or 0) >= PRECISION:
            return max(t, THRESHOLD_FLOOR)
    best = max(enough or sorted(sweep), key=lambda t: (sweep[t][WHOLE]["precision"] or 0, -t))
    return max(best, THRESHOLD_FLOOR)


def reachable(clusters: list[Cluster]) -> dict:
    """Labelled disagreements some candidate pair reaches (the ceiling of recall)."""
    total = sum(len(c.gold["disagreements"]) for c in clusters)
    reached = sum(c.y.any() and sum(
        any(c.matches(g, c.frames[i]) and c.matches(g, c.frames[j])
            for (i, j), y in zip(c.pairs, c.y) if y)
        for g in c.gold["disagreements"]) for c in clusters)
    return {"gold": total, "reached_by_a_candidate": int(reached)}


def cross_validate(clusters: list[Cluster]) -> dict:
    """Leave-one-cluster-out figures (whole set and per family) at the threshold chosen on
    them, the sweep over thresholds, and how many labelled disagreements any candidate
    pair reaches."""
    folds = out_of_fold(clusters)
    sweep = {t: score(clusters, [digest_json(c, p, t) for c, p in zip(clusters, folds)])
             for t in THRESHOLDS}
    threshold = choose(sweep)
    return {"threshold": threshold, "figures": sweep[threshold],
            "sweep": {str(t): s[WHOLE] for t, s in sweep.items()},
            "pairs": int(sum(len(c.pairs) for c in clusters)),
            "positive_pairs": int(sum(c.y.sum() for c in clusters)), **reachable(clusters)}


def final_model(clusters: list[Cluster], threshold: float) -> dict:
    """The pair model fitted on every cluster, with the cross-validated threshold, as
    `disagreement_model.json` holds them."""
    model = fit_all(clusters)
    model["pair"].update(threshold=threshold, features=list(dis.PAIR_FEATURES))
    return model
