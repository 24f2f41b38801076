"""`storyweave evaluate analysis`: digest every hand-labelled cluster, score the digests'
disagreements and quotes with the official scorer, and time the analysis.

`data` is a labels folder such as `shared/eval/disagreements_dev`: one JSON a cluster whose
`input` names the articles' folder relative to `shared/` (two levels above `data`). The
scorer is `data/../score_analysis.py`, imported at run time (it ships with the labels).
Digests are written as `Digest.to_json()` to `digests`, by default a new temporary folder:
they hold the articles' text, which must not land in a repository by accident.

JSON written to `out`: the scorer's figures (disagreement_precision, disagreement_recall,
kind_accuracy, quote_recall, speaker_accuracy, counts, clusters_without_prediction) and
"clusters", "digests" (the folder), "seconds": {"analysis_per_cluster",
"analysis_per_10_articles", "end_to_end_per_cluster", "stages_per_cluster": {stage: s}}.
The analysis is the stages of `pipeline.analyse` as `storyweave digest` runs them (lexical
alignment, entities, disagreements, quotes, timeline); end to end adds reading, cleaning,
NLP and the summary. Models are loaded before the clock starts.
"""
from __future__ import annotations

import importlib.util
import json
import tempfile
import time
from pathlib import Path

from storyweave.errors import UsageError
from storyweave.ingest import read_paths
from storyweave.nlp import annotate
from storyweave.nlp.embed import Encoder
from storyweave.nlp.parse import load_parser
from storyweave.pipeline import DEFAULT_WORDS, analyse, clean_all
from storyweave.store import Store
from storyweave.summarize import summarize

SCORER = "score_analysis.py"
FIGURES = ("disagreement_precision", "disagreement_recall", "kind_accuracy", "quote_recall",
           "speaker_accuracy")
CLUSTER_SIZE = 10  # articles in a DUC 2004 cluster, the unit the speed budget is set in


def load_scorer(data: Path):
    """The official scorer module shipped beside the labels folder."""
    path = data.resolve().parent / SCORER
    if not path.exists():
        raise UsageError(f"{path}: the analysis scorer is missing")
    spec = importlib.util.spec_from_file_location("score_analysis", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def evaluate_analysis(data: Path, out: Path | None = None, limit: int | None = None,
                      digests: Path | None = None, encoder: Encoder | None = None) -> dict:
    """Digest and score every labelled cluster in `data`; print and return the figures.
    With `encoder`, alignment embeds the sentences it cannot decide on lexically."""
    labels = sorted(Path(data).glob("*.json"))[:limit]
    if not labels:
        raise UsageError(f"{data}: no label files (*.json)")
    scorer = load_scorer(Path(data))
    shared = Path(data).resolve().parents[1]
    folder = digests or Path(tempfile.mkdtemp(prefix="storyweave-analysis-"))
    folder.mkdir(parents=True, exist_ok=True)
    load_parser()  # models load outside the clock
    if encoder:
        encoder.encode(["warm up"])
    store = Store(":memory:")  # every run pays for its NLP and embeddings: no warm cache
    stages: dict[str, float] = {}
    analysis, per_ten, end_to_end = [], [], []
    for label in labels:
        gold = json.loads(label.read_text())
        start = time.perf_counter()
        articles, problems = read_paths([shared / gold["input"]])
        articles = clean_all(articles, problems)
        articles.sort(key=lambda a: (a.published or "9999", a.id))
        docs = annotate(articles, store)
        before = time.perf_counter()
        digest, supported = analyse(docs, store, encoder, timings=stages)
        seconds = time.perf_counter() - before
        digest.summary = summarize(docs, DEFAULT_WORDS, supported)
        end_to_end.append(time.perf_counter() - start)
        analysis.append(seconds)
        per_ten.append(seconds * CLUSTER_SIZE / max(len(docs), 1))
        (folder / label.name).write_text(
            json.dumps(digest.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    figures = scorer.score(str(Path(data)), str(folder))
    figures.update(clusters=len(labels), digests=str(folder), seconds={
        "analysis_per_cluster": _mean(analysis),
        "analysis_per_10_articles": _mean(per_ten),
        "end_to_end_per_cluster": _mean(end_to_end),
        "stages_per_cluster": {k: round(v / len(labels), 3) for k, v in stages.items()}})
    print(report(figures))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return figures


def report(figures: dict) -> str:
    """The figures as plain lines: scores, counts, then seconds."""
    lines = [f"{key}: {figures.get(key)}" for key in FIGURES]
    lines.append(f"counts: {figures['counts']}")
    if figures.get("clusters_without_prediction"):
        lines.append(f"clusters without prediction: {figures['clusters_without_prediction']}")
    seconds = figures["seconds"]
    lines.append(f"analysis seconds per cluster: {seconds['analysis_per_cluster']} "
                 f"(per {CLUSTER_SIZE} articles: {seconds['analysis_per_10_articles']}; "
                 f"by stage: {seconds['stages_per_cluster']})")
    lines.append(f"end-to-end seconds per cluster: {seconds['end_to_end_per_cluster']}")
    lines.append(f"digests: {figures['digests']}")
    return "\n".join(lines)


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 3) if values else 0.0
