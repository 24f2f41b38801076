"""Loaders of the labelled summarization sets: raw articles and reference summaries per cluster.

Articles come through storyweave's own ingest (DUC SGML, TAC tokenized files) or are built
from Multi-News' strings, uncleaned: a system that cleans them does so inside its timing.
"""
from __future__ import annotations

import ast
import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from storyweave.errors import E_DATA, UsageError
from storyweave.ingest import read_paths
from storyweave.records import Article, Problem

# Multi-News references open with an en dash ("– Jane Roe has ..."): layout, not words.
MULTINEWS_DASH = re.compile(r"\A\s*[–—-]\s*")
# What each dataset's folder must hold (DUC and TAC: a folder of clusters; Multi-News: the CSV).
LAYOUT = {"duc2004": "docs", "tac2010": "docs_tokenized", "multinews": "multinews_dev.csv"}
# TAC docset folder D1001A-A pairs with the model files D1001-A.*: the letter after the
# number is the assessor's topic code, absent from the model names.
TAC_DOCSET = re.compile(r"\A(D\d+)[A-Z](-[AB])\Z")


@dataclass
class Cluster:
    """One story: raw articles (as ingested, not cleaned) and its reference summaries."""

    id: str
    articles: list[Article]
    references: list[str]  # each a sentence a line
    problems: list[Problem] = field(default_factory=list)


def load(dataset: str, data: Path, limit: int | None = None) -> list[Cluster]:
    """The clusters of `dataset` ("duc2004", "tac2010" or "multinews") under `data`."""
    loaders = {"duc2004": load_duc2004, "tac2010": load_tac2010, "multinews": load_multinews}
    if dataset not in loaders:
        raise ValueError(f"unknown dataset {dataset!r}")
    data = Path(data)
    needed = data if dataset == "multinews" and data.is_file() else data / LAYOUT[dataset]
    if not needed.exists():
        raise UsageError(E_DATA.format(path=data, dataset=dataset,
                                       detail=f"no {LAYOUT[dataset]} in it"))
    return loaders[dataset](data, limit)


def _references(files: list[Path]) -> list[str]:
    return [_sentence_lines(f.read_text(encoding="utf-8", errors="replace")) for f in files]


def _sentence_lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def load_duc2004(data: Path, limit: int | None = None) -> list[Cluster]:
    """DUC 2004 Task 2: docs/<cluster>/<DOCNO> and models/<cluster minus 't'>.m.100.t.*."""
    clusters = []
    for folder in sorted(p for p in (data / "docs").iterdir() if p.is_dir())[:limit]:
        articles, problems = read_paths([folder])
        model_id = folder.name[:-1] if folder.name.endswith("t") else folder.name
        models = sorted((data / "models").glob(f"{model_id}.m.100.t.*"))
        clusters.append(Cluster(folder.name, articles, _references(models), problems))
    return clusters


def load_tac2010(data: Path, limit: int | None = None) -> list[Cluster]:
    """TAC 2010 docsets A: docs_tokenized/D1001A-A with models/D1001-A.*."""
    clusters = []
    for folder in sorted(p for p in (data / "docs_tokenized").iterdir() if p.is_dir())[:limit]:
        articles, problems = read_paths([folder])
        match = TAC_DOCSET.match(folder.name)
        model_id = f"{match.group(1)}{match.group(2)}" if match else folder.name
        models = sorted((data / "models").glob(f"{model_id}.*"))
        clusters.append(Cluster(folder.name, articles, _references(models), problems))
    return clusters


def load_multinews(data: Path, limit: int | None = None) -> list[Cluster]:
    """Multi-News CSV rows: `documents` is a Python list literal, `summary` one reference."""
    path = data if data.is_file() else data / "multinews_dev.csv"
    csv.field_size_limit(sys.maxsize)  # a row holds whole articles
    clusters = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            if limit is not None and number >= limit:
                break
            cluster = f"multinews-{number:04d}"
            try:
                texts = ast.literal_eval(row["documents"])
                summary = row["summary"].strip()
            except (KeyError, ValueError, SyntaxError, TypeError, AttributeError) as err:
                raise UsageError(E_DATA.format(
                    path=path, dataset="multinews",
                    detail=f"row {number + 1}: {type(err).__name__} in 'documents'/'summary'"))
            if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
                raise UsageError(E_DATA.format(path=path, dataset="multinews", detail=(
                    f"row {number + 1}: 'documents' is not a list of strings")))
            articles = [Article(id=f"{cluster}-{i}", text=text, format="txt")
                        for i, text in enumerate(texts) if text.strip()]
            reference = MULTINEWS_DASH.sub("", summary)
            clusters.append(Cluster(cluster, articles, [reference]))
    return clusters


def sumrepo_outputs(data: Path, clusters: list[Cluster]) -> dict[str, dict[str, str]]:
    """Published DUC 2004 outputs in peers_sumrepo/<cluster minus 't'>.<System>, by system."""
    folder = data / "peers_sumrepo"
    outputs: dict[str, dict[str, str]] = {}
    if not folder.is_dir():
        return outputs
    wanted = {c.id[:-1] if c.id.endswith("t") else c.id: c.id for c in clusters}
    for path in sorted(folder.iterdir()):
        prefix, _, system = path.name.partition(".")
        if prefix in wanted and system:
            text = path.read_text(encoding="utf-8", errors="replace")
            outputs.setdefault(system, {})[wanted[prefix]] = text
    return outputs
