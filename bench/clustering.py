"""Story clustering against the issue's peers on the same streams, in one run.

Streams: DUC 2004 + TAC 2010 mixed (96 topics, 952 articles) and BASIL (100 events, 300
articles), each in publication order. storyweave runs as `storyweave evaluate clustering`
does (the real ingest into an in-memory store); the mixed stream's figures are also given
per source family (B-cubed restricted to its articles). Peers, on the same cleaned text:
TF-IDF and MiniLM (title and lead, as ours) with average-link agglomerative clustering,
each at its best threshold in hindsight, and a single-pass online TF-IDF centroid
clusterer with a 7-day window (best threshold in hindsight too). Writes bench/clustering.json
and prints a Markdown section for bench/RESULTS.md. About 25 minutes on 2 cores.

The clusterer's settings (storyweave/stories/cluster.py's constants) are chosen here by
leave-one-data-set-out cross-validation over GRID: for each of DUC 2004, TAC 2010 and BASIL,
the settings with the best mean B-cubed F1 on the two others are scored on it (the held-out
figure); the constants are the settings best on all three. `--search` runs only that search.

`--errors` (bench/clustering_errors.json, and the section "Story clustering errors" of
bench/RESULTS.md): each CV set under the constants, its gold topics split and its stories
mixing topics, each split-off article put down to one cause. The search and the error count
replay articles' features cached under the system's temporary folder (the encoder is their
cost), keyed by the code and data that make them: a replay of a stream takes seconds.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import pickle
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyweave.clean import clean_article  # noqa: E402
from storyweave.corpus import place  # noqa: E402
from storyweave.evaluate.clustering import cluster_stream, load_stream, score  # noqa: E402
from storyweave.nlp.onnx_minilm import bulk_encoder  # noqa: E402
from storyweave.store import Store  # noqa: E402
from storyweave.stories.cluster import Settings  # noqa: E402
from storyweave.stories.dedup import CopyFinder  # noqa: E402
from storyweave.stories.features import day, extract, lead  # noqa: E402

# ../shared beside the repo, or where STORYWEAVE_SHARED points (a worktree elsewhere)
DATA = Path(os.environ.get("STORYWEAVE_SHARED", Path("..") / "shared")) / "eval"
STREAMS = {"DUC 2004 + TAC 2010": [DATA / "duc2004/docs", DATA / "tac2010/docs_tokenized"],
           "BASIL": [DATA / "basil/articles.jsonl"]}
FAMILIES = {"DUC 2004": "0:", "TAC 2010": "1:"}  # gold labels carry the path's number
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.025), 3)
PEER_WINDOW_DAYS = 7
# The data sets of the cross-validation, each its own stream.
CV_SETS = {"DUC 2004": [DATA / "duc2004/docs"], "TAC 2010": [DATA / "tac2010/docs_tokenized"],
           "BASIL": [DATA / "basil/articles.jsonl"]}
# The settings searched: around the earlier searches' choice (0.4, 0.25, 0.35, 180, 0.2, 60),
# with the share of an article's mean similarity to the live stories taken off (background,
# 0 is none), the similarity taken off per doubling of a story's size (size_penalty) and
# the smaller story's size from which a merge needs the full merge threshold (merge_ramp; 1
# is always, 2 the join threshold for a lone article only), and the articles between two
# refinements (refine_every; 0 is none; 50 and 100, below 25 in a smaller search, are left
# out). A window of 90 days and time scales of 30 and 90 days, never chosen on all sets
# before, are left out to keep the grid at 576 settings.
GRID = {"embedding_weight": (0.4, 0.5), "join": (0.2, 0.25, 0.3), "merge": (0.35, 0.45),
        "window_days": (180,), "time_penalty": (0.2, 0.3), "time_scale_days": (60,),
        "background": (0, 0.5), "size_penalty": (0, 0.04), "merge_ramp": (1, 2, 4),
        "refine_every": (0, 25)}
ISSUE = {"TF-IDF average-link (best threshold)": (0.850, 0.936),
         "MiniLM average-link (best threshold)": (0.840, 0.948),
         "online TF-IDF centroid, 7 days (best threshold)": (0.802, 0.967)}


class MemoEncoder:
    """The encoder, remembering vectors: the MiniLM peer reuses what storyweave embedded."""

    def __init__(self, encoder):
        self.encoder, self.name, self.memo = encoder, encoder.name, {}

    def encode(self, texts):
        missing = [t for t in dict.fromkeys(texts) if t not in self.memo]
        for text, vector in zip(missing, self.encoder.encode(missing) if missing else []):
            self.memo[text] = vector
        return np.vstack([self.memo[t] for t in texts])


def best_average_link(vectors: np.ndarray, gold: dict, ids: list[str]) -> dict:
    """Average-link agglomerative clustering on cosine distance (one dendrogram, cut at
    every threshold); the figures of the best B-cubed F1, with its threshold."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    distances = np.clip(1 - unit @ unit.T, 0, 2)
    np.fill_diagonal(distances, 0)
    tree = linkage(squareform(distances, checks=False), method="average")
    best = None
    for threshold in THRESHOLDS:
        labels = fcluster(tree, t=1 - threshold, criterion="distance")
        figures = score(gold, dict(zip(ids, map(str, labels))), 0)
        if best is None or figures["bcubed_f1"] > best["bcubed_f1"]:
            best = {**figures, "threshold": float(threshold)}
    return best


def online_centroid(vectors: np.ndarray, days: list[int | None], threshold: float
                    ) -> list[int]:
    """Single pass: join the closest centroid updated within the window, else open one."""
    sums = np.zeros_like(vectors)
    norms = np.ones(len(vectors))
    last: list[int | None] = []
    labels = []
    for vector, today in zip(vectors, days):
        n = len(last)
        scores = sums[:n] @ vector / norms[:n]
        for k, seen in enumerate(last):
            if today is not None and seen is not None and today - seen > PEER_WINDOW_DAYS:
                scores[k] = -1
        best = int(np.argmax(scores)) if n and scores.max() >= threshold else n
        if best == n:
            last.append(today)
        sums[best] += vector
        norms[best] = max(float(np.linalg.norm(sums[best])), 1e-9)
        if today is not None:
            last[best] = today if last[best] is None else max(last[best], today)
        labels.append(best)
    return labels


def peers(articles, gold, encoder) -> dict[str, dict]:
    """The issue's three peers on the cleaned articles."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    cleaned = [clean_article(a) for a in articles]
    ids = [a.id for a in cleaned]
    # Words of two articles or more: the others cannot link articles and only cost time.
    tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2).fit_transform(
        [a.text for a in cleaned]).toarray().astype(np.float32)
    found = {"TF-IDF average-link (best threshold)": best_average_link(tfidf, gold, ids),
             "MiniLM average-link (best threshold)": best_average_link(
                 encoder.encode([lead(a) for a in cleaned]), gold, ids)}
    days = [day(a.published) for a in cleaned]
    best = None
    for threshold in THRESHOLDS:
        labels = online_centroid(tfidf, days, threshold)
        figures = score(gold, dict(zip(ids, map(str, labels))), 0)
        if best is None or figures["bcubed_f1"] > best["bcubed_f1"]:
            best = {**figures, "threshold": float(threshold)}
    found["online TF-IDF centroid, 7 days (best threshold)"] = best
    return found


def prepared(paths: list[Path], encoder) -> tuple[list, list, dict]:
    """A stream's cleaned articles (those with text left, as ingest keeps), their features
    and gold stories: computed once, replayed under each setting."""
    articles, gold = load_stream([ROOT / p for p in paths])
    cleaned = [a for a in map(clean_article, articles) if a.text.strip()]
    return cleaned, extract(cleaned, encoder), {a.id: gold[a.id] for a in cleaned}


def cached(paths: list[Path], encoder) -> tuple[list, list, dict]:
    """`prepared`, kept in a pickle under the temporary folder: keyed by the stream's paths,
    the encoder and the code before clustering (everything but stories/cluster.py), so
    changing the clusterer replays the same features and anything else makes them anew."""
    key = hashlib.sha1(f"{[str(p) for p in paths]} {encoder.name}".encode())
    for source in sorted((ROOT / "storyweave").rglob("*.py")):
        if source != ROOT / "storyweave" / "stories" / "cluster.py":
            key.update(source.read_bytes())
    path = Path(tempfile.gettempdir()) / f"storyweave-clustering-{key.hexdigest()[:16]}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    found = prepared(paths, encoder)
    path.write_bytes(pickle.dumps(found))
    return found


def replay(cleaned: list, features: list, settings: Settings) -> tuple[dict[str, str], float]:
    """Ingest's story step (copies, then clustering) over precomputed features, in an
    in-memory store; each article's story, and the seconds the step took."""
    from storyweave.stories.cluster import Clusterer

    store = Store(":memory:")
    clusterer, copies = Clusterer(store, settings), CopyFinder()
    start = time.perf_counter()
    with store.transaction():
        for article, feats in zip(cleaned, features):
            store.put_article(article, "", "")
            place(store, copies, clusterer, article, feats)
    seconds = time.perf_counter() - start
    return {a.id: store.resolve(store.story_of(a.id)) for a in cleaned}, seconds


def search(encoder) -> dict:
    """Leave-one-data-set-out cross-validation of the clusterer's settings over GRID."""
    sets = {name: cached(paths, encoder) for name, paths in CV_SETS.items()}
    grid = [Settings(**dict(zip(GRID, values))) for values in itertools.product(*GRID.values())]
    f1 = {}
    for settings in grid:
        f1[settings] = {name: score(gold, replay(cleaned, feats, settings)[0], 0)
                        for name, (cleaned, feats, gold) in sets.items()}
        print(asdict(settings), {n: f["bcubed_f1"] for n, f in f1[settings].items()},
              file=sys.stderr, flush=True)

    def best(names):
        return max(grid, key=lambda s: sum(f1[s][n]["bcubed_f1"] for n in names))

    chosen = best(list(sets))
    held_out = {}
    for name in sets:
        picked = best([n for n in sets if n != name])
        held_out[name] = {"settings": asdict(picked), **f1[picked][name],
                          "chosen_on_all": f1[chosen][name]}
    seconds = sum(replay(c, f, chosen)[1] for c, f, _ in sets.values())
    count = sum(len(c) for c, _, _ in sets.values())
    return {"grid": {k: list(v) for k, v in GRID.items()}, "chosen": asdict(chosen),
            "constants": asdict(Settings()), "held_out": held_out,
            "story_step_ms_per_article": round(1000 * seconds / count, 2)}


def errors(cleaned: list, features: list, gold: dict[str, str], window: int) -> dict:
    """Where a stream's clustering under the constants goes wrong. Each gold topic's main
    story is the one holding most of its articles; an article outside it is split off,
    put down to the first cause that holds: its day is beyond the window from every
    article of the main story, it joined a story whose main topic is another, or it fell
    below the join threshold (opened a story, or joined a fragment of its own topic). A
    story mixes topics when two of them have two articles or more in it; such a pair is
    counted apart when the gold itself puts one text in both topics."""
    predicted = replay(cleaned, features, Settings())[0]
    days = {a.id: f.day for a, f in zip(cleaned, features)}
    topics, stories, texts = defaultdict(list), defaultdict(list), defaultdict(set)
    for article in cleaned:
        topics[gold[article.id]].append(article.id)
        stories[predicted[article.id]].append(article.id)
        texts[article.text].add(gold[article.id])
    owner = {s: Counter(gold[i] for i in ids).most_common(1)[0][0] for s, ids in stories.items()}
    causes, split = Counter(), 0
    for topic, ids in topics.items():
        main = Counter(predicted[i] for i in ids).most_common(1)[0][0]
        split += any(predicted[i] != main for i in ids)
        dated = [days[i] for i in ids if predicted[i] == main and days[i] is not None]
        for i in (i for i in ids if predicted[i] != main):
            if days[i] is not None and dated and min(abs(days[i] - d) for d in dated) > window:
                causes["beyond the window"] += 1
            elif owner[predicted[i]] != topic:
                causes["joined another topic's story"] += 1
            else:
                causes["below the join threshold"] += 1
    shared = {frozenset(t) for t in texts.values() if len(t) == 2}
    mixed = [frozenset(t for t, n in Counter(gold[i] for i in ids).items() if n >= 2)
             for ids in stories.values()]
    mixed = [m for m in mixed if len(m) >= 2]
    return {"articles": len(cleaned), "topics": len(topics), "topics_split": split,
            "split_off_articles": dict(causes), "stories_mixing_topics": len(mixed),
            "mixing_topics_sharing_a_text": sum(
                any(pair <= m for pair in shared) for m in mixed),
            "topic_pairs_sharing_a_text": len(shared)}


def errors_section(found: dict[str, dict]) -> str:
    """The body of bench/RESULTS.md's section on clustering errors."""
    causes = sorted({c for f in found.values() for c in f["split_off_articles"]})
    lines = ["| data set | topics split | " + " | ".join(f"split off: {c}" for c in causes)
             + " | stories mixing topics (of them, topics the gold gives a shared text) |",
             "| --- | --- | " + " | ".join("---" for _ in causes) + " | --- |"]
    for name, f in found.items():
        lines.append(f"| {name} | {f['topics_split']} of {f['topics']} | " + " | ".join(
            str(f["split_off_articles"].get(c, 0)) for c in causes)
            + f" | {f['stories_mixing_topics']} ({f['mixing_topics_sharing_a_text']}) |")
    return "\n".join(lines)


def main() -> None:
    encoder = MemoEncoder(bulk_encoder())
    if "--search" in sys.argv[1:]:
        print(json.dumps(search(encoder), indent=1))
        return
    if "--errors" in sys.argv[1:]:
        found = {name: errors(*cached(paths, encoder), Settings().window_days)
                 for name, paths in CV_SETS.items()}
        (ROOT / "bench" / "clustering_errors.json").write_text(
            json.dumps(found, indent=1) + "\n")
        print(errors_section(found))
        return
    results = {}
    # storyweave's ingest first, so its throughput includes its encoding: the search and
    # the MiniLM peer reuse the vectors it made.
    for name, paths in STREAMS.items():
        articles, gold = load_stream([ROOT / p for p in paths])
        cpu = time.process_time()
        predicted, seconds = cluster_stream(articles, encoder)
        cpu = time.process_time() - cpu
        ours = score(gold, predicted, seconds)
        ours["cpu_articles_per_second"] = round(len(articles) / cpu, 1)
        results[name] = {"storyweave": ours}
        if len(paths) > 1:
            for family, prefix in FAMILIES.items():
                part = {i: g for i, g in gold.items() if g.startswith(prefix)}
                results[name][f"storyweave, {family} articles"] = score(part, predicted, 0)
        results[name].update(peers(articles, gold, encoder))
        print(name, json.dumps(results[name]["storyweave"]), file=sys.stderr, flush=True)
    results["cross-validation"] = search(encoder)
    (ROOT / "bench" / "clustering.json").write_text(json.dumps(results, indent=1) + "\n")
    print(section(results))


def section(results: dict) -> str:
    """The body of bench/RESULTS.md's clustering section (bench/run.py adds its title)."""
    names = list(STREAMS)
    lines = cv_section(results["cross-validation"]) + [
        "| system | " + " | ".join(names) + " | issue's figures |",
        "| --- | " + " | ".join("---" for _ in names) + " | --- |"]
    systems = dict.fromkeys(k for n in names for k in results[n])
    for system in systems:
        cells = []
        for name in names:
            f = results[name].get(system)
            cells.append("" if f is None else
                         f"{f['bcubed_f1']:.3f} ({f['bcubed_p']:.3f} / {f['bcubed_r']:.3f}), "
                         f"ARI {f['ari']:.3f}, {f['predicted_stories']}/{f['gold_stories']}"
                         + (f", threshold {f['threshold']}" if "threshold" in f else ""))
        issue = ISSUE.get(system)
        lines.append(f"| {system} | " + " | ".join(cells) + " | "
                     + (f"{issue[0]:.3f} / {issue[1]:.3f}" if issue else "") + " |")
    lines += ["", "Throughput of storyweave's ingest (clean, copies, title+lead encoding, "
              "clustering, store) in one process (with worker processes: the section "
              "'Ingest throughput and memory'): " + "; ".join(
                  f"{n}: {results[n]['storyweave']['articles_per_second']} articles/s wall, "
                  f"{results[n]['storyweave']['cpu_articles_per_second']} per CPU-second"
                  for n in names) + "."]
    return "\n".join(lines)


def cv_section(found: dict) -> list[str]:
    """Lines of the held-out figures: each data set scored with the settings chosen on the
    two others, and with the settings chosen on all three (cluster.py's constants)."""
    same = found["chosen"] == found["constants"]
    lines = ["Cross-validated (leave one data set out; each set alone as one stream): the "
             "settings with the best mean B-cubed F1 on the two other sets, scored on the "
             "held-out one; and with the settings chosen on all three, "
             f"{_settings(found['chosen'])}, which "
             + ("are" if same else "are NOT (re-run the search and set them)")
             + " storyweave/stories/cluster.py's constants. Grid: "
             + ", ".join(f"{k} {'/'.join(map(str, v))}" for k, v in found["grid"].items())
             + f". The story step (copies and clustering) costs "
             f"{found['story_step_ms_per_article']} ms an article.", "",
             "| data set | held-out B-cubed F1 (P / R) | settings chosen on the others "
             "| F1 with the settings chosen on all |", "| --- | --- | --- | --- |"]
    for name, f in found["held_out"].items():
        lines.append(f"| {name} | {f['bcubed_f1']:.3f} ({f['bcubed_p']:.3f} / "
                     f"{f['bcubed_r']:.3f}) | {_settings(f['settings'])} | "
                     f"{f['chosen_on_all']['bcubed_f1']:.3f} |")
    return lines + ["", "Full streams, the constants of cluster.py:", ""]


def _settings(settings: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in settings.items())


if __name__ == "__main__":
    main()
