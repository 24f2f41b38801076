"""Evaluate: datasets, ROUGE, peer systems and analysis scoring, side by side in one run."""
from __future__ import annotations

from pathlib import Path


def evaluate(dataset: str, data: Path, out: Path | None = None, limit: int | None = None) -> dict:
    """Score storyweave (and, for summaries, every peer) on `dataset`; print and return figures."""
    if dataset == "analysis":
        from storyweave.evaluate.analysis import evaluate_analysis
        from storyweave.nlp.embed import default_encoder
        return evaluate_analysis(data, out=out, limit=limit, encoder=default_encoder())
    from storyweave.evaluate.harness import evaluate_summaries
    return evaluate_summaries(dataset, data, out=out, limit=limit)
