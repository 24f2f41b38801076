"""Hand-judged audit of the disagreements shown on clusters no label covers.

The dev labels (../shared/eval/disagreements_dev) give the model a dozen predictions to be
scored on, too few to tell thresholds apart. This audit digests 242 clusters of the same
evaluation sets that no label covers: the 38 DUC 2004 and 40 TAC 2010 clusters outside the
labels, the Multi-News rows of ../shared/eval/multinews_dev with two or more articles
outside the labels (104) and BASIL's first 60 events (by story id). Every disagreement
`storyweave digest` shows there is matched (two claims in common: article and value) with a
verdict in bench/audit_verdicts.json, given by reading the articles: right when both claims
speak of one thing and cannot both be true, else wrong. The verdicts were given while the
mechanisms of analysis/claims.py and disagreements.py were being chosen, so this is a dev
figure with more predictions than the labels give, not a held-out one. A shown disagreement
with no verdict is counted as unjudged: judge it and add it to the file.

Writes bench/audit.json and prints a Markdown table. Usage: python bench/audit_disagreements.py
"""
from __future__ import annotations

import ast
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyweave.analysis.align import align  # noqa: E402
from storyweave.analysis.disagreements import find_disagreements  # noqa: E402
from storyweave.ingest import read_paths  # noqa: E402
from storyweave.nlp import annotate, cached_encoder  # noqa: E402
from storyweave.nlp.embed import default_encoder  # noqa: E402
from storyweave.pipeline import clean_all  # noqa: E402
from storyweave.records import Article  # noqa: E402
from storyweave.store import Store  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
VERDICTS = ROOT / "bench" / "audit_verdicts.json"
OUT = ROOT / "bench" / "audit.json"
CACHE = Path("/tmp/storyweave-audit.sqlite")  # parses and sentence vectors, between runs
BASIL_EVENTS = 60
FAMILIES = {"duc": "DUC 2004", "tac": "TAC 2010", "mn": "Multi-News", "basil": "BASIL"}


def clusters():
    """(name, family, raw articles) of every audited cluster."""
    labelled = {p.stem for p in (EVAL / "disagreements_dev").glob("*.json")}
    for folder, family in (("duc2004/docs", "duc"), ("tac2010/docs_tokenized", "tac")):
        for path in sorted((EVAL / folder).iterdir()):
            if path.name not in labelled:
                yield path.name, family, read_paths([path])[0]
    csv.field_size_limit(sys.maxsize)
    with open(EVAL / "multinews_dev" / "multinews_dev.csv", newline="") as rows:
        for n, row in enumerate(csv.DictReader(rows)):
            texts = ast.literal_eval(row["documents"])
            if f"mn{n}" not in labelled and len(texts) > 1:
                yield f"mn{n}", "mn", [Article(id=f"d{k}", text=t, format="jsonl")
                                       for k, t in enumerate(texts)]
    path = EVAL / "basil" / "articles.jsonl"
    story = {json.loads(line)["id"]: json.loads(line)["story"] for line in path.open()}
    events = defaultdict(list)
    for article in read_paths([path])[0]:
        events[story[article.id]].append(article)
    for key in sorted(events)[:BASIL_EVENTS]:
        yield key[:8], "basil", events[key]


def shown(articles: list[Article], store: Store, encode) -> list[set[tuple[str, str]]]:
    """The (article, value) claims of each disagreement a digest shows."""
    articles = clean_all(articles, [])
    articles.sort(key=lambda a: (a.published or "9999", a.id))
    docs = annotate(articles, store)
    return [{(c.article, c.value) for c in d.claims}
            for d in find_disagreements(docs, align(docs, encode=encode))]


def main() -> None:
    verdicts = defaultdict(list)
    for v in json.loads(VERDICTS.read_text()):
        verdicts[v["cluster"]].append(({tuple(c) for c in v["claims"]}, v["right"]))
    store = Store(str(CACHE))
    encode = cached_encoder(store, default_encoder())
    tally = {f: [0, 0, 0, 0] for f in FAMILIES}  # clusters, right, wrong, unjudged
    unjudged = []
    for name, family, articles in clusters():
        tally[family][0] += 1
        for claims in shown(articles, store, encode):
            found = [right for judged, right in verdicts[name] if len(claims & judged) >= 2]
            if found:
                tally[family][1 if found[0] else 2] += 1
            else:
                tally[family][3] += 1
                unjudged.append({"cluster": name, "claims": sorted(claims)})
    total = [sum(t[k] for t in tally.values()) for k in range(4)]
    rows = [(FAMILIES[f], *t) for f, t in tally.items()] + [("all", *total)]
    OUT.write_text(json.dumps({"families": {r[0]: dict(zip(
        ("clusters", "right", "wrong", "unjudged"), r[1:])) for r in rows},
        "unjudged": unjudged}, indent=1) + "\n")
    print("| clusters | audited | shown | right | wrong | unjudged | precision of judged |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, n, right, wrong, new in rows:
        judged = right + wrong
        precision = f"{right / judged:.2f}" if judged else "-"
        total = right + wrong + new
        print(f"| {label} | {n} | {total} | {right} | {wrong} | {new} | {precision} |")


if __name__ == "__main__":
    main()
