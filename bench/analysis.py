"""Benchmark of the cross-source analysis on the hand-labelled dev clusters.

Runs `storyweave evaluate analysis` on ../shared/eval/disagreements_dev (the seed cluster
and 12 DUC 2004 clusters) twice: as `storyweave digest` runs (MiniLM embeds the sentences
word overlap cannot decide on) and with `--no-embeddings` (word overlap alone). Writes both
to bench/analysis.json ({"digest": figures, "lexical": figures}) and prints a Markdown table,
with the analysis time per 10-article cluster: the analysis stages alone (alignment,
entities, disagreements, quotes, timeline; models loaded before the clock) and end to end
(reading, cleaning, NLP, analysis, summary). The digests go to temporary folders: they
hold the licensed articles' text.

Usage: python bench/analysis.py [--limit N]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyweave.evaluate.analysis import FIGURES, evaluate_analysis  # noqa: E402
from storyweave.nlp.embed import default_encoder  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "disagreements_dev"
OUT = ROOT / "bench" / "analysis.json"
BUDGET = 1.0  # seconds the analysis may add to a 10-article cluster on 2 cores


def rows(figures: dict) -> list[tuple[str, object]]:
    """(name, value) of every figure and timing."""
    seconds = figures["seconds"]
    counts = figures["counts"]
    found = [(key.replace("_", " "), figures[key]) for key in FIGURES]
    found += [("disagreements (gold / predicted / right)",
               f"{counts['gold']} / {counts['pred']} / {counts['pred_hit']}"),
              ("quotes (gold / found / speaker right)",
               f"{counts['quotes']} / {counts['quotes_found']} / {counts['speakers_right']}"),
              (f"analysis s per 10-article cluster (budget {BUDGET:g} s)",
               seconds["analysis_per_10_articles"]),
              ("end-to-end s per cluster", seconds["end_to_end_per_cluster"])]
    return found + [(f"- {stage} s per cluster", value)
                    for stage, value in seconds["stages_per_cluster"].items()]


def table(runs: dict[str, dict]) -> str:
    """The runs' figures side by side as a Markdown table."""
    names = [name for name, _ in rows(next(iter(runs.values())))]
    columns = {run: dict(rows(figures)) for run, figures in runs.items()}
    width = max(len(name) for name in names)
    lines = [f"| {'figure'.ljust(width)} | " + " | ".join(runs) + " |",
             f"|{'-' * (width + 2)}|" + "|".join("-" * (len(run) + 2) for run in runs) + "|"]
    lines += [f"| {name.ljust(width)} | " +
              " | ".join(str(columns[run].get(name, "")) for run in runs) + " |"
              for name in names]
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N clusters")
    args = parser.parse_args()
    runs = {"digest": evaluate_analysis(DATA, limit=args.limit, encoder=default_encoder()),
            "lexical": evaluate_analysis(DATA, limit=args.limit)}
    OUT.write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")
    print()
    print(table(runs))


if __name__ == "__main__":
    main()
