"""Benchmark: the share of digest sentences that are not news sentences, on real crawls.

Digests every Multi-News dev cluster (../shared/eval/multinews_dev, crawled pages) and every
BASIL story (../shared/eval/basil: three outlets' articles sharing a `story`) as `storyweave
digest` does, and checks each summary sentence, agreed fact and exclusive fact as shown: the
shown text is parsed alone by spaCy and tested with `nlp.clauses.defects` (a finite clause
with a subject, terminal punctuation, nothing after it). Writes counts and shares per family
and kind, the reasons, and the seconds a cluster took to bench/sentences.json (figures only:
the sentences are licensed text). `--show` prints the failing sentences to standard output.

Usage: python bench/sentences.py [--limit N] [--show] [--db FILE]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyweave.evaluate.datasets import load_multinews  # noqa: E402
from storyweave.ingest import read_paths  # noqa: E402
from storyweave.nlp.clauses import defects  # noqa: E402
from storyweave.nlp.embed import default_encoder  # noqa: E402
from storyweave.nlp.parse import load_parser  # noqa: E402
from storyweave.pipeline import digest_articles  # noqa: E402
from storyweave.store import Store  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
OUT = ROOT / "bench" / "sentences.json"
KINDS = ("summary", "facts", "exclusive")
# main before issue 12 (0887d82, no parse in the summary), measured the same way: failing /
# shown summary sentences, agreed facts and exclusive facts.
BEFORE = {"multinews_dev": {"summary": (57, 689), "facts": (53, 497), "exclusive": (61, 573)},
          "basil": {"summary": (16, 439), "facts": (35, 583), "exclusive": (25, 553)}}


def basil(limit: int | None = None) -> list[tuple[str, list]]:
    """BASIL's stories: (story id, its articles), in the file's order."""
    path = EVAL / "basil" / "articles.jsonl"
    story = {row["id"]: row["story"] for row in map(json.loads, path.open(encoding="utf-8"))}
    articles, _ = read_paths([path])
    stories: dict[str, list] = {}
    for article in articles:
        stories.setdefault(story[article.id], []).append(article)
    return list(stories.items())[:limit]


def clusters(limit: int | None = None) -> dict[str, list[tuple[str, list]]]:
    """The stories of each family: Multi-News dev clusters and BASIL stories."""
    multinews = load_multinews(EVAL / "multinews_dev", limit)
    return {"multinews_dev": [(c.id, c.articles) for c in multinews], "basil": basil(limit)}


def shown(digest) -> dict[str, list[str]]:
    """The texts a reader sees, by kind."""
    return {"summary": [i.text for i in digest.summary], "facts": [f.text for f in digest.facts],
            "exclusive": [f.text for f in digest.exclusive]}


def measure(limit: int | None = None, show: bool = False, db: str = ":memory:") -> dict:
    """Digest every story and count the shown sentences that fail the property."""
    nlp, encoder, store = load_parser(), default_encoder(), Store(db)
    encoder.encode(["warm up"])
    figures = {}
    for family, stories in clusters(limit).items():
        counts = {kind: Counter() for kind in KINDS}
        reasons = Counter()
        seconds = []
        for name, articles in stories:
            start = time.perf_counter()
            digest = digest_articles(articles, store=store, encoder=encoder)
            seconds.append(time.perf_counter() - start)
            for kind, texts in shown(digest).items():
                for text, parsed in zip(texts, nlp.pipe(texts)):
                    found = defects(parsed, 0, len(text))
                    counts[kind]["sentences"] += 1
                    counts[kind]["failing"] += bool(found)
                    reasons.update(found)
                    if found and show:
                        print(f"{family} {name} {kind} {found}: {text}")
        figures[family] = {
            "stories": len(stories), "seconds_per_story": round(sum(seconds) / len(seconds), 3),
            **{kind: {**c, "share_failing": round(c["failing"] / max(c["sentences"], 1), 4)}
               for kind, c in counts.items()},
            "reasons": dict(reasons.most_common())}
    return figures


def table(figures: dict) -> str:
    """The shares as a Markdown table, a row per family, before issue 12 and now."""
    lines = ["| family | stories | " + " | ".join(f"{k} failing" for k in KINDS) +
             " | s per story |", "|---" * (len(KINDS) + 3) + "|"]
    for family, f in figures.items():
        now = [_share(f[k]["failing"], f[k]["sentences"]) for k in KINDS]
        before = [_share(*BEFORE[family][k]) if family in BEFORE else "-" for k in KINDS]
        lines.append(f"| {family} before | | " + " | ".join(before) + " | |")
        lines.append(f"| {family} now | {f['stories']} | " + " | ".join(now) +
                     f" | {f['seconds_per_story']} |")
    return "\n".join(lines)


def _share(failing: int, sentences: int) -> str:
    return f"{failing} / {sentences} ({100 * failing / max(sentences, 1):.1f}%)"


def main() -> None:
    """Run the benchmark, write bench/sentences.json and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N stories of each family")
    parser.add_argument("--show", action="store_true", help="print the failing sentences")
    parser.add_argument("--db", default=":memory:", help="NLP cache (default: none)")
    args = parser.parse_args()
    figures = measure(args.limit, args.show, args.db)
    OUT.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print()
    print(table(figures))


if __name__ == "__main__":
    main()
