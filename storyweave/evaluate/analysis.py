"""`storyweave evaluate analysis`: digest every hand-labelled cluster, score the digests'
disagreements and quotes with the official scorer, for the whole set and for each source
family, and time the analysis.

`data` is a labels folder such as `shared/eval/disagreements_dev`: one JSON a cluster whose
`input` names the articles' folder relative to `shared/` (two levels above `data`). A
cluster's family is the dataset folder its `input` lies in (`eval/tac2010/...` -> tac2010,
`seeds` -> seeds; see `family`). The scorer is `data/../score_analysis.py`, imported at run
time (it ships with the labels). Digests are written as `Digest.to_json()` to `digests`, by
default a new temporary folder: they hold the articles' text, which must not land in a
repository by accident.

JSON written to `out`: the scorer's figures for the whole set (disagreement_precision,
disagreement_recall, kind_accuracy, quote_recall, speaker_accuracy, counts,
clusters_without_prediction), "clusters", "digests" (the folder), "seconds" (below),
"peak_memory_mb" (the process's peak resident memory, models included) and "families":
{family: the scorer's figures, "clusters" and "seconds" for that family's clusters alone}.
"seconds": {"analysis_per_cluster", "analysis_per_10_articles", "end_to_end_per_cluster",
"end_to_end_per_10_articles", "stages_per_cluster": {stage: s}}. "cross_validated": the
learned disagreement model's leave-one-cluster-out figures ({"threshold", "families":
{name: {precision, recall, kind_accuracy, gold, predicted}}, "reached_by_a_candidate"}): the
shipped model saw every dev cluster, so these are the figures that count. The analysis is
the stages of `pipeline.analyse` as `storyweave digest` runs them (alignment, entities,
disagreements, quotes, timeline); end to end adds reading, cleaning, NLP (the spaCy parse
included) and the summary. Models are loaded before the clock starts; no NLP cache is warm.
"""
from __future__ import annotations

import importlib.util
import json
import resource
import tempfile
import time
from pathlib import Path, PurePosixPath

from storyweave import atomic
from storyweave.errors import UsageError
from storyweave.evaluate.disagreements import WHOLE, Cluster, cross_validate
from storyweave.ingest import read_paths
from storyweave.nlp import annotate, cached_encoder
from storyweave.nlp.embed import Encoder
from storyweave.nlp.parse import load_parser
from storyweave.pipeline import DEFAULT_WORDS, analyse, clean_all
from storyweave.store import Store
from storyweave.summarize import summarize

SCORER = "score_analysis.py"
FIGURES = ("disagreement_precision", "disagreement_recall", "kind_accuracy", "quote_recall",
           "speaker_accuracy")
CLUSTER_SIZE = 10  # articles in a DUC 2004 cluster, the unit the speed budget is set in
# Families reported together: the seed cluster (one story) is too small to score alone, and
# is newswire like DUC 2004, with which the table reports it.
JOINED = {"seeds": "duc2004"}


def load_scorer(data: Path):
    """The official scorer module shipped beside the labels folder."""
    path = data.resolve().parent / SCORER
    if not path.exists():
        raise UsageError(f"{path}: the analysis scorer is missing")
    spec = importlib.util.spec_from_file_location("score_analysis", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def family(source: str, labels_home: str) -> str:
    """The source family of a cluster whose articles are at `source` (relative to shared/):
    the dataset folder it lies in, under `labels_home` (the folder of the labels folder,
    "eval") or at the top; families in `JOINED` share one name ("seeds + duc2004")."""
    parts = PurePosixPath(source).parts
    folder = parts[1] if len(parts) > 1 and parts[0] == labels_home else parts[0]
    target = JOINED.get(folder, folder)
    return " + ".join([k for k, v in JOINED.items() if v == target] + [target])


class _Timings:
    """Seconds a cluster took, kept per family: analysis and end to end, each also scaled
    to a 10-article cluster."""

    def __init__(self):
        self.rows: list[tuple[str, float, float, int]] = []

    def add(self, name: str, analysis: float, end_to_end: float, articles: int) -> None:
        """One cluster of `family` `name` with `articles` digested articles."""
        self.rows.append((name, analysis, end_to_end, max(articles, 1)))

    def seconds(self, name: str | None = None) -> dict:
        """The means over the clusters of family `name` (None: every cluster)."""
        rows = [r for r in self.rows if name is None or r[0] == name]
        return {"analysis_per_cluster": _mean([r[1] for r in rows]),
                "analysis_per_10_articles": _mean([r[1] * CLUSTER_SIZE / r[3] for r in rows]),
                "end_to_end_per_cluster": _mean([r[2] for r in rows]),
                "end_to_end_per_10_articles": _mean([r[2] * CLUSTER_SIZE / r[3]
                                                     for r in rows])}


def evaluate_analysis(data: Path, out: Path | None = None, limit: int | None = None,
                      digests: Path | None = None, encoder: Encoder | None = None) -> dict:
    """Digest and score every labelled cluster in `data`, as a whole and by source family;
    print and return the figures. With `encoder`, alignment embeds the sentences it cannot
    decide on lexically."""
    labels = sorted(Path(data).glob("*.json"))[:limit]
    if not labels:
        raise UsageError(f"{data}: no label files (*.json)")
    scorer = load_scorer(Path(data))
    folder = digests or Path(tempfile.mkdtemp(prefix="storyweave-analysis-"))
    folder.mkdir(parents=True, exist_ok=True)
    load_parser()  # models load outside the clock
    if encoder:
        encoder.encode(["warm up"])
    store = Store(":memory:")  # every run pays for its NLP and embeddings: no warm cache
    stages: dict[str, float] = {}
    timings, families, clusters = _Timings(), {}, []
    start = time.perf_counter()  # reading, cleaning and NLP happen in the generator
    for label, name, gold, docs in labelled_clusters(Path(data), store, limit):
        before = time.perf_counter()
        digest, supported = analyse(docs, store, encoder, timings=stages)
        seconds = time.perf_counter() - before
        digest.summary = summarize(docs, DEFAULT_WORDS, supported)
        families.setdefault(name, []).append(label)
        timings.add(name, seconds, time.perf_counter() - start, len(docs))
        (folder / label.name).write_text(
            json.dumps(digest.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
        clusters.append(Cluster(label.stem, name, gold, docs, scorer, encode=cached_encoder(
            store, encoder) if encoder and len(docs) > 1 else None))
        start = time.perf_counter()
    figures = scorer.score(str(Path(data)), str(folder))
    figures.update(clusters=len(labels), digests=str(folder), seconds={
        **timings.seconds(),
        "stages_per_cluster": {k: round(v / len(labels), 3) for k, v in stages.items()}},
        peak_memory_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    figures["families"] = {
        name: {**_score_subset(scorer, members, folder), "clusters": len(members),
               "seconds": timings.seconds(name)}
        for name, members in families.items()}
    figures["cross_validated"] = _cross_validated(clusters)
    print(report(figures))
    if out:
        atomic.write_text(out, json.dumps(figures, indent=1) + "\n")
    return figures


def labelled_clusters(data: Path, store: Store, limit: int | None = None):
    """(label file, family, labels, annotated articles in publication order) of every
    labelled cluster in `data`, read, cleaned and parsed one at a time."""
    shared = data.resolve().parents[1]
    for label in sorted(data.glob("*.json"))[:limit]:
        gold = json.loads(label.read_text())
        articles, problems = read_paths([shared / gold["input"]])
        articles = clean_all(articles, problems)
        articles.sort(key=lambda a: (a.published or "9999", a.id))
        yield label, family(gold["input"], data.resolve().parent.name), gold, \
            annotate(articles, store)


def _cross_validated(clusters: list[Cluster]) -> dict:
    """The learned disagreement models' leave-one-cluster-out figures: the ones that
    count, since the shipped model saw every dev cluster."""
    if len(clusters) < 2:
        return {}
    result = cross_validate(clusters)
    return {"threshold": result["threshold"], "families": result["figures"],
            "reached_by_a_candidate": result["reached_by_a_candidate"]}


def _score_subset(scorer, labels: list[Path], digests: Path) -> dict:
    """The scorer's figures on `labels` alone (it scores a whole folder: one of links)."""
    with tempfile.TemporaryDirectory(prefix="storyweave-family-") as subset:
        for label in labels:
            (Path(subset) / label.name).symlink_to(label.resolve())
        return scorer.score(subset, str(digests))


def columns(figures: dict) -> dict[str, dict]:
    """The whole set's figures and each family's, by column name (the whole set first)."""
    return {WHOLE: figures, **dict(sorted(figures.get("families", {}).items()))}


def report(figures: dict) -> str:
    """The figures as a plain table, a column for the whole set and one a family; then
    counts, stage seconds, memory and the digests' folder."""
    runs = columns(figures)
    rows = [(key, [run.get(key) for run in runs.values()]) for key in FIGURES]
    rows += [(key, [run["counts"][key] for run in runs.values()])
             for key in ("gold", "pred", "pred_hit", "quotes", "quotes_found",
                         "speakers_right")]
    rows.append(("clusters", [run["clusters"] for run in runs.values()]))
    rows += [(f"{key} s", [run["seconds"][key] for run in runs.values()])
             for key in ("analysis_per_10_articles", "end_to_end_per_10_articles",
                         "end_to_end_per_cluster")]
    width = max(len(key) for key, _ in rows)
    widths = [max(len(name), 7) for name in runs]
    lines = [" ".join([" " * width] + [name.rjust(w) for name, w in zip(runs, widths)])]
    lines += [" ".join([key.ljust(width)] + [str(v).rjust(w) for v, w in zip(values, widths)])
              for key, values in rows]
    cv = figures.get("cross_validated", {}).get("families", {})
    for key in ("precision", "recall", "kind_accuracy"):
        lines.append(" ".join([f"cv disagreement {key}".ljust(width)] +
                              [str(cv.get(name, {}).get(key)).rjust(w)
                               for name, w in zip(runs, widths)]))
    if figures.get("clusters_without_prediction"):
        lines.append(f"clusters without prediction: {figures['clusters_without_prediction']}")
    lines.append(f"analysis seconds per cluster by stage: "
                 f"{figures['seconds']['stages_per_cluster']}")
    lines.append(f"peak memory: {figures['peak_memory_mb']} MB")
    lines.append(f"digests: {figures['digests']}")
    return "\n".join(lines)


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 3) if values else 0.0
