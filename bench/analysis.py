"""Benchmark of the cross-source analysis on the hand-labelled dev clusters.

Runs `storyweave evaluate analysis` on ../shared/eval/disagreements_dev (the seeds, 12 DUC
2004 clusters, 6 TAC 2010 docsets, 20 Multi-News dev clusters) as `storyweave digest` runs
(MiniLM embeds the sentences word overlap cannot decide on). Writes the figures to
bench/analysis.json and prints a Markdown table: every figure for the whole set and for each
source family, beside main's before issue 12, with the time per 10-article cluster (the
analysis stages alone, and end to end: reading, cleaning, NLP with the spaCy parse, analysis,
summary; models loaded before the clock) and the process's peak memory. The digests go to a
temporary folder: they hold the licensed articles' text.

Usage: python bench/analysis.py [--limit N]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyweave.evaluate.analysis import FIGURES, columns, evaluate_analysis  # noqa: E402
from storyweave.nlp.embed import default_encoder  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "disagreements_dev"
OUT = ROOT / "bench" / "analysis.json"
BUDGET = 3.0  # seconds a 10-article cluster may take end to end with NLP, on 2 cores (issue 12)
# main before issue 12, by family: the table (disagreement precision, recall, kind
# accuracy, quote recall, speaker accuracy; None where nothing was predicted or found); the
# whole set measured by this script on main at 0887d82.
BEFORE = {"all": (0.848, 0.359, 0.964, 0.883, 0.779),
          "seeds + duc2004": (0.96, 0.73, 1.0, 1.0, 0.96),
          "tac2010": (0.50, 0.20, 0.75, 0.99, 0.88),
          "multinews_dev": (None, 0.00, None, 0.81, 0.65)}


def rows(figures: dict) -> list[tuple[str, object]]:
    """(name, value) of every figure and timing of one column."""
    seconds = figures["seconds"]
    counts = figures["counts"]
    found = [(key.replace("_", " "), figures[key]) for key in FIGURES]
    return found + [
        ("disagreements (gold / predicted / right)",
         f"{counts['gold']} / {counts['pred']} / {counts['pred_hit']}"),
        ("quotes (gold / found / speaker right)",
         f"{counts['quotes']} / {counts['quotes_found']} / {counts['speakers_right']}"),
        ("clusters", figures["clusters"]),
        ("analysis s per 10-article cluster", seconds["analysis_per_10_articles"]),
        (f"end-to-end s per 10-article cluster (budget {BUDGET:g} s)",
         seconds["end_to_end_per_10_articles"]),
        ("end-to-end s per cluster", seconds["end_to_end_per_cluster"])]


def table(figures: dict) -> str:
    """Before and now for the whole set and each family, as a Markdown table; then the
    seconds by stage and the peak memory."""
    runs = columns(figures)
    heads, cells = [], []
    for name, run in runs.items():
        now = dict(rows(run))
        before = dict(zip([key.replace("_", " ") for key in FIGURES], BEFORE.get(name, ())))
        heads += [f"{name} before", f"{name} now"]
        cells += [before, now]
    names = [name for name, _ in rows(figures)]
    lines = ["| figure | " + " | ".join(heads) + " |", "|---" * (len(heads) + 1) + "|"]
    lines += ["| " + name + " | " + " | ".join(_cell(c.get(name, "")) for c in cells) + " |"
              for name in names]
    return "\n".join(lines + ["", cross_validated(figures.get("cross_validated", {})), "",
        f"Analysis seconds per cluster by stage: {figures['seconds']['stages_per_cluster']}."
        f" Peak memory of the process (models included): {figures['peak_memory_mb']} MB."])


def cross_validated(cv: dict) -> str:
    """The learned disagreement model's leave-one-cluster-out figures, the ones that count
    (the table's "now" columns are the shipped model, fitted on every dev cluster)."""
    if not cv:
        return "No cross-validated figures (fewer than two clusters)."
    parts = [f"{name} P {_cell(f['precision'])} R {_cell(f['recall'])} kind "
             f"{_cell(f['kind_accuracy'])} ({f['predicted']} predicted of {f['gold']})"
             for name, f in cv["families"].items()]
    return ("Disagreements cross-validated, leave one cluster out (the figures that count: "
            "the 'now' columns are the shipped model, which saw every cluster), at the chosen "
            f"threshold {cv['threshold']}: " + "; ".join(parts) + ". Labelled disagreements "
            f"any candidate pair reaches: {cv['reached_by_a_candidate']} of "
            f"{cv['families']['all']['gold']}.")


def _cell(value: object) -> str:
    return "-" if value is None else str(value)


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N clusters")
    args = parser.parse_args()
    figures = evaluate_analysis(DATA, limit=args.limit, encoder=default_encoder())
    OUT.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print()
    print(table(figures))


if __name__ == "__main__":
    main()
