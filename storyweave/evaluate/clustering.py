"""`storyweave evaluate clustering`: story clustering scored against gold stories.

Articles of every path are mixed into one stream and fed in publication order (undated ones
last, by id) through the real ingest (cleaning, copies, clustering, an in-memory store);
B-cubed precision, recall and F1 and the adjusted Rand index compare its stories with the
gold ones. A path is a folder of cluster folders (gold story = folder) or a JSONL file whose
lines carry a gold `story`.
"""
from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path

from storyweave.errors import UsageError
from storyweave.ingest import read_paths
from storyweave.records import Article

E_NO_GOLD = "{path}: neither a folder of cluster folders nor a JSONL with a 'story' field"


def load_stream(paths: list[Path]) -> tuple[list[Article], dict[str, str]]:
    """The articles under `paths` in publication order, and each one's gold story."""
    articles: list[Article] = []
    gold: dict[str, str] = {}
    for number, path in enumerate(map(Path, paths)):
        if path.is_file():
            stories = {}
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    stories[str(record.get("id"))] = record.get("story")
            found, _ = read_paths([path])
            labelled = [(a, stories.get(a.id)) for a in found]
        else:
            labelled = []
            for folder in sorted(p for p in path.iterdir() if p.is_dir()):
                labelled += [(a, folder.name) for a in read_paths([folder])[0]]
        if not labelled or any(story is None for _, story in labelled):
            raise UsageError(E_NO_GOLD.format(path=path))
        for article, story in labelled:
            if article.id in gold:  # one document in two sets: each its own article
                article.id = f"{article.id}~{number}"
            gold[article.id] = f"{number}:{story}"
            articles.append(article)
    articles.sort(key=lambda a: (a.published is None, a.published or "", a.id))
    return articles, gold


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering of the items of `gold`."""
    members: dict[str, set[str]] = defaultdict(set)
    found: dict[str, set[str]] = defaultdict(set)
    for item in gold:
        members[gold[item]].add(item)
        found[predicted[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        shared = len(members[gold[item]] & found[predicted[item]])
        precision += shared / len(found[predicted[item]])
        recall += shared / len(members[gold[item]])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def score(gold: dict[str, str], predicted: dict[str, str], seconds: float) -> dict:
    """The figures of the JSON report."""
    from sklearn.metrics import adjusted_rand_score

    items = sorted(gold)
    precision, recall, f1 = bcubed(gold, predicted)
    return {"articles": len(items), "gold_stories": len(set(gold.values())),
            "predicted_stories": len({predicted[i] for i in items}),
            "bcubed_p": round(precision, 4), "bcubed_r": round(recall, 4),
            "bcubed_f1": round(f1, 4),
            "ari": round(adjusted_rand_score([gold[i] for i in items],
                                             [predicted[i] for i in items]), 4),
            "articles_per_second": round(len(items) / seconds, 1) if seconds else None}


def cluster_stream(articles: list[Article], encoder) -> tuple[dict[str, str], float]:
    """Each article's story after ingesting the stream into a fresh in-memory store, and
    the seconds the ingest took (cleaning, features, copies, clustering, storing)."""
    from storyweave.corpus import Ingest
    from storyweave.store import Store

    store = Store(":memory:")
    start = time.perf_counter()
    ingest = Ingest(store, encoder)
    ingest.add(articles)
    ingest.flush()
    seconds = time.perf_counter() - start
    return {a.id: store.resolve(store.story_of(a.id) or "") or a.id for a in articles}, seconds


def evaluate_clustering(paths: list[Path], out: Path | None = None, encoder=None) -> dict:
    """Score the clustering of the stream made of `paths`; print and return the figures."""
    from storyweave.nlp.onnx_minilm import bulk_encoder

    articles, gold = load_stream(paths)
    predicted, seconds = cluster_stream(articles, encoder or bulk_encoder())
    figures = score(gold, predicted, seconds)
    print(" ".join(f"{k}={v}" for k, v in figures.items()))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return figures
