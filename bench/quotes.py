"""Benchmark of quote finding and speaker attribution, per source family.

Reads every hand-labelled cluster of ../shared/eval/disagreements_dev, extracts its quotes
with `extract_quotes` and scores them with the official matching of
../shared/eval/score_analysis.py (quotes of each cluster's first three articles), for the
whole set and for each source family: seeds + DUC 2004 (`seed`, `d300*`), TAC 2010 (`D10*`)
and Multi-News (`mn*`). Also the seconds quote extraction takes per 10-article cluster
(entities merged and quotes found; the parse is NLP, done before the clock). Writes
bench/quotes.json and prints a Markdown table.

With --cv, the distances of `speakers` (CARRY_SENTENCES, LOOKBACK_SENTENCES,
SPEAKER_SENTENCES, QUIET_SENTENCES) are chosen by grouped cross-validation: five folds of
whole clusters (GroupKFold), each scored with the setting that gets most speakers right on
the other folds; the held-out figures and the setting each fold chose are written too.

Usage: python bench/quotes.py [--misses FILE] [--db FILE] [--cv]
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyweave.analysis import speakers  # noqa: E402
from storyweave.analysis.entities import merge_entities  # noqa: E402
from storyweave.analysis.quotes import extract_quotes  # noqa: E402
from storyweave.evaluate.analysis import load_scorer  # noqa: E402
from storyweave.ingest import read_paths  # noqa: E402
from storyweave.nlp import annotate  # noqa: E402
from storyweave.pipeline import clean_all  # noqa: E402
from storyweave.store import Store  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "disagreements_dev"
OUT = ROOT / "bench" / "quotes.json"
CLUSTER_SIZE = 10  # articles in a DUC 2004 cluster, the unit the speed budget is set in
# The distances of `speakers` cross-validation chooses, and the values it tries.
DISTANCES = {"CARRY_SENTENCES": (0, 1, 2), "LOOKBACK_SENTENCES": (1, 2, 4),
             "SPEAKER_SENTENCES": (2, 4, 6, 8, 12), "QUIET_SENTENCES": (1, 2, 4, 6)}
GRID = list(itertools.product(*DISTANCES.values()))
FOLDS = 5


def family(name: str) -> str:
    """The source family of a label file's stem."""
    if name.startswith("D10"):
        return "TAC 2010"
    if name.startswith("mn"):
        return "Multi-News"
    return "seeds + DUC 2004"


def cluster_docs(gold: dict, store: Store):
    """The cluster's parsed articles, in digest order."""
    shared = DATA.resolve().parents[1]
    articles, problems = read_paths([shared / gold["input"]])
    articles = clean_all(articles, problems)
    articles.sort(key=lambda a: (a.published or "9999", a.id))
    return annotate(articles, store)


def score_cluster(scorer, gold: dict, quotes) -> tuple[dict, list[dict]]:
    """Counts of one cluster (gold, found, right) and its misses, by the official matching."""
    counts = {"quotes": 0, "found": 0, "right": 0}
    misses = []
    first3 = sorted(gold["docs"])[:3]
    for label in gold["quotes"]:
        if label["doc"] not in first3:
            continue
        counts["quotes"] += 1
        hits = [q for q in quotes if q.article == label["doc"]
                and scorer.quote_matches(label["quote"], q.quote)]
        if not hits:
            misses.append({"gold": label, "got": None})
            continue
        counts["found"] += 1
        lasts = [w[-1] for w in map(scorer.words, (label["speaker"] or "").split("|")) if w]
        if lasts:
            right = any(w in scorer.words(q.speaker) for q in hits for w in lasts)
        else:
            right = any(not scorer.words(q.speaker) for q in hits)
        counts["right"] += right
        if not right:
            misses.append({"gold": label, "got": [q.speaker for q in hits]})
    return counts, misses


def main() -> None:
    """Run the benchmark, write bench/quotes.json and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=Path, help="write every miss here (JSON)")
    parser.add_argument("--db", default=":memory:", help="NLP cache (default: none)")
    parser.add_argument("--cv", action="store_true", help="choose the distances by grouped CV")
    args = parser.parse_args()
    scorer = load_scorer(DATA)
    store = Store(args.db)
    clusters = []
    for path in sorted(DATA.glob("*.json")):
        gold = json.loads(path.read_text())
        clusters.append((path.stem, gold, cluster_docs(gold, store)))
    counts, misses, per_ten = run(scorer, clusters)
    result = {"families": figures(clusters, counts),
              "seconds_per_10_articles": round(sum(per_ten) / len(per_ten), 3)}
    if args.cv:
        result["cross_validated"] = cross_validate(scorer, clusters)
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if args.misses:
        args.misses.write_text(json.dumps(misses, indent=1, ensure_ascii=False))
    print(table(result))


def run(scorer, clusters) -> tuple[list[dict], dict, list[float]]:
    """Counts and misses of every cluster with the current settings, and the seconds."""
    counts, misses, per_ten = [], {}, []
    for name, gold, docs in clusters:
        start = time.perf_counter()
        quotes = extract_quotes(docs, merge_entities(docs))
        per_ten.append((time.perf_counter() - start) * CLUSTER_SIZE / max(len(docs), 1))
        found, misses[name] = score_cluster(scorer, gold, quotes)
        counts.append(found)
    return counts, misses, per_ten


def figures(clusters, counts: list[dict]) -> dict:
    """Recall and speaker accuracy per family and over all, from per-cluster counts."""
    totals: dict[str, dict] = {}
    for (name, _, _), c in zip(clusters, counts):
        for group in (family(name), "all"):
            total = totals.setdefault(group, {"quotes": 0, "found": 0, "right": 0})
            for key, value in c.items():
                total[key] += value
    return {name: dict(c, quote_recall=round(c["found"] / c["quotes"], 3),
                       speaker_accuracy=round(c["right"] / max(c["found"], 1), 3))
            for name, c in totals.items()}


def cross_validate(scorer, clusters) -> dict:
    """Held-out figures with the distances chosen on the other folds (GroupKFold)."""
    from sklearn.model_selection import GroupKFold

    by_setting = {}
    for setting in GRID:
        for name, value in zip(DISTANCES, setting):
            setattr(speakers, name, value)
        by_setting[setting] = run(scorer, clusters)[0]
    held_out: list[dict] = [{}] * len(clusters)
    chosen = []
    names = [name for name, _, _ in clusters]
    for train, test in GroupKFold(n_splits=FOLDS).split(names, groups=names):
        best = max(GRID, key=lambda g: (sum(by_setting[g][i]["right"] for i in train), -g[0]))
        chosen.append(best)
        for i in test:
            held_out[i] = by_setting[best][i]
    return {"families": figures(clusters, held_out), "chosen": chosen}


def table(result: dict) -> str:
    """The figures as a Markdown table, one row a family."""
    lines = ["| clusters | quotes | found | speaker right | quote recall | speaker accuracy |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, f in result["families"].items():
        lines.append(f"| {name} | {f['quotes']} | {f['found']} | {f['right']} | "
                     f"{f['quote_recall']} | {f['speaker_accuracy']} |")
    if "cross_validated" in result:
        lines.append("\nGrouped cross-validation of the distances (5 folds of clusters):")
        for name, f in result["cross_validated"]["families"].items():
            lines.append(f"- {name}: quote recall {f['quote_recall']}, "
                         f"speaker accuracy {f['speaker_accuracy']}")
        lines.append(f"- settings chosen per fold ({', '.join(DISTANCES).lower()}): "
                     f"{result['cross_validated']['chosen']}")
    lines.append(f"\nQuotes (entities merged, quotes found and attributed): "
                 f"{result['seconds_per_10_articles']} s per 10-article cluster.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
