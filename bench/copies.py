"""Syndicated copies measured on judged pairs of real articles (bench/copy_verdicts.json).

Families: DUC 2004 and TAC 2010 (AP, NYT, Xinhua, AFP wire), BASIL (Fox News, NYT,
HuffPost), Multi-News (crawled sites), the seeds. Each article goes through the real
cleaning; a pair's measures are taken on its cleaned text's `words`, as ingest does.

The pairs (`--draw` prints them again): in each family, every pair of one gold story with
exact 3-shingle Jaccard >= 0.1 or containment >= 0.3, 15 drawn at random (seed 14) of those
with Jaccard in [0.05, 0.1), and the 8 pairs of different stories with the highest
containment. Each was judged by reading, before any threshold was chosen: `copy` (one
text reproduced, possibly cut, retitled or with a few words or a paragraph changed),
`rewrite` (the same sentences mostly, some reworded), `independent` (its own reporting,
even when it quotes the same people or a few of the same wire sentences). Pairs with an
empty cleaned text (Multi-News rows whose page was a script notice) are left out. Only ids
and verdicts are kept: the text stays in ../shared.

Measured, in one run: the shipped CopyFinder (MinHash LSH, the estimated share of the later
article's shingles the earlier holds) and the one before it (MinHash LSH, estimated Jaccard
>= 0.5), beside exact text equality, exact 3- and 5-shingle Jaccard, containment (shared
over the smaller article's) and share of the later; each measure's threshold chosen by
leave-one-family-out cross-validation (F-beta on the other families, scored on the held-out
one); the expansions each flags (a later article over `EXPANSION` times its original's
shingles: a copy mark would drop its new paragraphs from the digest); and the copies either
finder marks on the DUC 2004 + TAC 2010 stream. Writes bench/copies.json and prints the
Markdown section of bench/RESULTS.md.
"""
from __future__ import annotations

import json
import os
import random
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyweave.clean import clean_article  # noqa: E402
from storyweave.evaluate.datasets import load_multinews  # noqa: E402
from storyweave.ingest import read_paths  # noqa: E402
from storyweave.nlp.tokens import words  # noqa: E402
from storyweave.stories.dedup import (  # noqa: E402
    COPY_SHARE, LSH_JACCARD, CopyFinder, cardinality, covered, shared, signature)
from storyweave.stories.features import day  # noqa: E402

SHARED = Path(os.environ.get("STORYWEAVE_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "eval"
VERDICTS = ROOT / "bench" / "copy_verdicts.json"
OUT = ROOT / "bench" / "copies.json"
ORDER = ("DUC 2004", "TAC 2010", "BASIL", "Multi-News", "seeds")
# The finder before this calibration: LSH and the estimated Jaccard at 0.5.
BEFORE_JACCARD = 0.5
THRESHOLDS = [round(t, 2) for t in np.arange(0.2, 0.951, 0.05)]
# F-beta of the cross-validation: 0.5 weighs precision twice recall, 0.25 four times (the
# setting shipped: F0.5's false copies were one agency's next-day updates, whose new
# content a copy mark drops from the digest).
BETAS = (0.5, 0.25)
# A later article with this many times its original's shingles is an expansion (a report
# only; nothing is fitted on it): 26 of the 131 judged copies and rewrites are.
EXPANSION = 1.6


def load_families() -> dict[str, dict[str, tuple[str, object]]]:
    """family -> article id -> (gold story, cleaned Article)."""
    families: dict[str, dict[str, tuple[str, object]]] = {}
    for family, folder in (("DUC 2004", DATA / "duc2004/docs"),
                           ("TAC 2010", DATA / "tac2010/docs_tokenized")):
        found = families.setdefault(family, {})
        for story in sorted(p for p in folder.iterdir() if p.is_dir()):
            for article in read_paths([story])[0]:
                found[article.id] = (story.name, clean_article(article))
    basil = DATA / "basil/articles.jsonl"
    stories = {r["id"]: r["story"] for r in map(json.loads, basil.open()) if r}
    families["BASIL"] = {a.id: (stories[a.id], clean_article(a))
                         for a in read_paths([basil])[0]}
    families["Multi-News"] = {a.id: (c.id, clean_article(a))
                              for c in load_multinews(DATA / "multinews_dev")
                              for a in c.articles}
    families["seeds"] = {a.id: ("seeds", clean_article(a))
                         for a in read_paths([SHARED / "seeds"])[0]}
    return families


def shingles(text: str, size: int = 3) -> set[str]:
    """The word `size`-shingles of a text."""
    tokens = words(text)
    return {" ".join(tokens[i:i + size]) for i in range(max(len(tokens) - size + 1, 1))}


def overlap(a: set, b: set) -> tuple[float, float]:
    """Jaccard and containment (of the smaller set) of two shingle sets."""
    shared = len(a & b)
    return shared / len(a | b), shared / min(len(a), len(b))


def verdicts() -> list[dict]:
    """The judged pairs: dataset, ids a and b, same gold story or not, verdict."""
    return json.loads(VERDICTS.read_text(encoding="utf-8"))


def measures(pairs: list[dict], families) -> list[dict]:
    """Each pair's measures: equal text, exact 3- and 5-shingle Jaccard and containment,
    the MinHash estimates, and both finders' decisions (the earlier article indexed, the
    later one looked up)."""
    rows = []
    for pair in pairs:
        a = families[pair["dataset"]][pair["a"]][1]
        b = families[pair["dataset"]][pair["b"]][1]
        (first, sig_first), (second, sig_second) = sorted(
            [(a, signature(a.text)), (b, signature(b.text))],
            key=lambda x: (x[0].published or "", x[0].id))
        row = {"pair": pair, "equal text": words(a.text) == words(b.text)}
        for size in (3, 5):
            earlier, later = shingles(first.text, size), shingles(second.text, size)
            row[f"Jaccard {size}"], row[f"containment {size}"] = overlap(earlier, later)
            row[f"share of the later {size}"] = len(earlier & later) / len(later)
            row[f"later longer {size}"] = len(later) / len(earlier)
        row["MinHash Jaccard 3"] = float(np.mean(sig_first == sig_second))
        sizes = cardinality(sig_first), cardinality(sig_second)
        row["MinHash containment 3"] = min(shared(sig_first, sizes[0], sig_second, sizes[1])
                                           / max(min(sizes), 1.0), 1.0)
        row["MinHash share of the later 3"] = covered(sig_first, sizes[0], sig_second,
                                                      sizes[1])
        finder = CopyFinder()
        finder.add(first.id, sig_first, day=day(first.published))
        row["after"] = finder.find(sig_second, day(second.published)) is not None
        before = BeforeFinder()
        before.add(first.id, sig_first, day=day(first.published))
        row["before"] = before.find(sig_second, day(second.published)) is not None
        rows.append(row)
    return rows


class ContainmentFinder(CopyFinder):
    """The measure tried before the share of the later: estimated containment (shared
    shingles over the smaller article's) at COPY_SHARE."""

    def score(self, key: str, minhash: np.ndarray, size: float) -> float:
        """The estimated containment."""
        mine = self._sizes[key]
        return min(shared(self._signatures[key], mine, minhash, size) / max(min(mine, size), 1.0),
                   1.0)


class BeforeFinder(CopyFinder):
    """The copy finder as shipped before: the LSH index queried at BEFORE_JACCARD and a
    candidate kept when its estimated Jaccard reaches it."""

    def __init__(self):
        super().__init__(BEFORE_JACCARD, BEFORE_JACCARD)

    def score(self, key: str, minhash: np.ndarray, size: float) -> float:
        """The estimated Jaccard."""
        return float(np.mean(self._signatures[key] == minhash))


def positive(row: dict) -> bool:
    """A copy or a rewrite: never independent support."""
    return row["pair"]["verdict"] != "independent"


def counts(rows: list[dict], decide) -> dict:
    """True and false positives and false negatives of a decision over pairs, and the
    expansions it flags."""
    found = [(positive(r), bool(decide(r)), r["later longer 3"] > EXPANSION) for r in rows]
    return {"tp": sum(p and d for p, d, _ in found), "fp": sum(d and not p for p, d, _ in found),
            "fn": sum(p and not d for p, d, _ in found),
            "expansions": sum(d and e for _, d, e in found),
            "tp without expansions": sum(p and d and not e for p, d, e in found),
            "positives without expansions": sum(p and not e for p, _, e in found)}


def fbeta(c: dict, beta: float) -> float:
    """F-beta of counts; 0 when nothing is found."""
    b2 = beta * beta
    return (1 + b2) * c["tp"] / ((1 + b2) * c["tp"] + b2 * c["fn"] + c["fp"]) if c["tp"] else 0.0


def by_family(rows: list[dict], decide) -> dict:
    """Counts per family and over all pairs."""
    result = {f: counts([r for r in rows if r["pair"]["dataset"] == f], decide) for f in ORDER}
    result["all"] = counts(rows, decide)
    return result


def cross_validate(rows: list[dict], measure: str, beta: float) -> dict:
    """Leave one family out: the threshold with the best F-beta on the other families
    (the higher one on ties: precision first), counted on the held-out family."""
    folds, pooled = {}, Counter()
    for held in ORDER:
        train = [r for r in rows if r["pair"]["dataset"] != held]
        test = [r for r in rows if r["pair"]["dataset"] == held]
        best = max(THRESHOLDS, key=lambda t: (
            fbeta(counts(train, lambda r: r[measure] >= t), beta), t))
        folds[held] = {"threshold": best, **counts(test, lambda r: r[measure] >= best)}
        pooled.update({k: folds[held][k] for k in ("tp", "fp", "fn")})
    everywhere = max(THRESHOLDS, key=lambda t: (
        fbeta(counts(rows, lambda r: r[measure] >= t), beta), t))
    return {"folds": folds, "held_out": dict(pooled), "threshold_on_all": everywhere}


def stream_copies() -> dict:
    """Articles either finder marks as copies on the DUC 2004 + TAC 2010 stream, fed in
    publication order as `storyweave evaluate clustering` does (the window as shipped)."""
    from storyweave.evaluate.clustering import load_stream

    articles, gold = load_stream([DATA / "duc2004/docs", DATA / "tac2010/docs_tokenized"])
    finders = {"after": CopyFinder(), "before": BeforeFinder(),
               "containment (tried)": ContainmentFinder()}
    marked, sizes = Counter(), {}
    for article in articles:
        cleaned = clean_article(article)
        sig, when = signature(cleaned.text), day(cleaned.published)
        sizes[article.id] = len(shingles(cleaned.text))
        for name, finder in finders.items():
            original = finder.find(sig, when)
            marked[name] += bool(original)
            marked[f"{name}: expansions"] += bool(original) and \
                sizes[article.id] > EXPANSION * sizes[original]
            finder.add(article.id, sig, original, when)
    return {"articles": len(articles), **marked}


def draw(families) -> list[tuple]:
    """The candidate pairs as they were drawn for judging (see the module's docstring)."""
    rng, drawn = random.Random(14), []
    for family, found in families.items():
        sets = {i: shingles(article.text) for i, (_, article) in found.items()}
        within, low, across = [], [], []
        for x, y in combinations(sorted(found), 2):
            if found[x][0] != found[y][0] and not sets[x] & sets[y]:
                continue
            jaccard, contained = overlap(sets[x], sets[y])
            row = (family, x, y, round(jaccard, 4), round(contained, 4))
            if found[x][0] != found[y][0]:
                across += [row] if contained >= 0.1 else []
            elif jaccard >= 0.1 or contained >= 0.3:
                within.append(row)
            elif jaccard >= 0.05:
                low.append(row)
        drawn += within + rng.sample(low, min(len(low), 15))
        drawn += sorted(across, key=lambda r: -r[4])[:8]
    return drawn


MEASURES = ("MinHash Jaccard 3", "MinHash containment 3", "MinHash share of the later 3",
            "Jaccard 3", "Jaccard 5", "containment 3", "containment 5", "share of the later 3",
            "share of the later 5")


def run() -> dict:
    """Every figure of bench/copies.json."""
    families = load_families()
    pairs = verdicts()
    rows = measures(pairs, families)
    judged = {f: dict(Counter(p["verdict"] for p in pairs if p["dataset"] == f))
              for f in ORDER}
    detectors = {
        f"before: MinHash LSH, Jaccard >= {BEFORE_JACCARD}": by_family(rows, lambda r: r["before"]),
        f"after: MinHash LSH, share of the later >= {COPY_SHARE}": by_family(
            rows, lambda r: r["after"]),
        f"MinHash containment >= {COPY_SHARE} (tried)": by_family(
            rows, lambda r: r["MinHash containment 3"] >= COPY_SHARE),
        "exact text hash": by_family(rows, lambda r: r["equal text"]),
        f"exact Jaccard 3 >= {BEFORE_JACCARD}": by_family(
            rows, lambda r: r["Jaccard 3"] >= BEFORE_JACCARD),
        f"exact containment 3 >= {COPY_SHARE}": by_family(
            rows, lambda r: r["containment 3"] >= COPY_SHARE),
        f"exact share of the later 3 >= {COPY_SHARE}": by_family(
            rows, lambda r: r["share of the later 3"] >= COPY_SHARE)}
    return {"pairs": len(pairs), "judged": judged, "detectors": detectors,
            "cross_validation": {str(beta): {m: cross_validate(rows, m, beta) for m in MEASURES}
                                 for beta in BETAS},
            "lsh_jaccard": LSH_JACCARD, "stream": stream_copies()}


def pr(c: dict) -> str:
    """Precision and recall of counts, as a table cell."""
    precision = f"{c['tp'] / (c['tp'] + c['fp']):.3f}" if c["tp"] + c["fp"] else "-"
    recall = f"{c['tp'] / (c['tp'] + c['fn']):.3f}" if c["tp"] + c["fn"] else "-"
    return f"P {precision} R {recall} ({c['tp']}/{c['fp']}/{c['fn']})"


def markdown(result: dict) -> str:
    """The section of bench/RESULTS.md."""
    lines = [f"{result['pairs']} judged pairs: " + "; ".join(
        f"{f} " + ", ".join(f"{n} {v}" for v, n in sorted(result["judged"][f].items()))
        for f in ORDER) + ". A cell: precision and recall of \"copy or rewrite\" "
        "(true positives / false positives / false negatives).", "",
        "| detector | " + " | ".join(ORDER) + " | all | recall, expansions aside | "
        "expansions flagged |", "|---" * (len(ORDER) + 4) + "|"]
    for name, figures in result["detectors"].items():
        every = figures["all"]
        aside = every["tp without expansions"] / every["positives without expansions"]
        lines.append(f"| {name} | " + " | ".join(pr(figures[f]) for f in ORDER + ("all",))
                     + f" | {aside:.3f} | {every['expansions']} |")
    for beta, table in result["cross_validation"].items():
        lines += ["", f"Leave-one-family-out cross-validation, F{beta} (a cell: the threshold "
                  "best on the other families, then its figures on the held-out family):", "",
                  "| measure | " + " | ".join(ORDER) + " | held out, pooled | best on all |",
                  "|---" * (len(ORDER) + 3) + "|"]
        for name, cv in table.items():
            lines.append(f"| {name} | " + " | ".join(
                f"{cv['folds'][f]['threshold']}: {pr(cv['folds'][f])}" for f in ORDER)
                + f" | {pr(cv['held_out'])} | {cv['threshold_on_all']} |")
    stream = result["stream"]
    lines += ["", f"DUC 2004 + TAC 2010 stream ({stream['articles']} articles in publication "
              f"order), articles marked as copies (of them expansions): " + "; ".join(
                  f"{name} {stream[name]} ({stream[name + ': expansions']})"
                  for name in ("before", "after", "containment (tried)")) + "."]
    return "\n".join(lines)


def main() -> None:
    """Measure, write bench/copies.json, print the Markdown section (`--draw`: print the
    candidate pairs instead)."""
    if "--draw" in sys.argv[1:]:
        for row in draw(load_families()):
            print(*row, sep="\t")
        return
    result = run()
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(markdown(result))


if __name__ == "__main__":
    main()
