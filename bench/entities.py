"""Are the people, places and organisations a digest lists of the right kind? A judged sample.

Every digest lists the merged entities (`analysis/entities.py::merge_entities`) under
People, Places, Organisations, Groups and Events, the first `SHOWN_ENTITIES` of each. This
bench takes those lists on a spread of clusters (the seeds and `PER_FAMILY` clusters, evenly
spaced, of each family: DUC 2004, TAC 2010 and Multi-News clusters of
../shared/eval/disagreements_dev, BASIL events) and scores them against verdicts given by
reading the articles (bench/entity_verdicts.json: cluster ids, name keys and verdicts only).
A verdict gives the kind the name's referent is (PERSON, PLACE, ORG, GROUP, EVENT), or NONE
(no person, place or organisation: a ship, a weapon, a product, a work, a law), or JUNK (no
name: a fragment); `same` names the key of another entry with the same referent. The 524
entries main showed were judged before any rule was written; entries the rules brought into
the lists later were judged when they appeared. The rules were chosen looking at these
verdicts: dev figures. Measured per family: the share of shown entries of the right kind,
entries under a wrong kind, NONE and JUNK entries shown, and duplicates (more than one
entry for one referent), beside main's (bench/entities_before.json). With --cv, the weight
of the parse's votes (kinds.PARSE_VOTES) is chosen by leave-one-cluster-out
cross-validation and the held-out figures are given too. Writes bench/entities.json and
prints Markdown.

Usage: python bench/entities.py [--judge FILE] [--db FILE] [--cv] (--judge writes the
unjudged entries with their mentions in context, to read; keep it out of the repo)
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyweave.analysis import kinds  # noqa: E402
from storyweave.analysis.entities import merge_entities, name_key, name_mentions  # noqa: E402
from storyweave.ingest import read_paths  # noqa: E402
from storyweave.nlp import annotate  # noqa: E402
from storyweave.pipeline import clean_all  # noqa: E402
from storyweave.render.markdown import SHOWN_ENTITIES  # noqa: E402
from storyweave.store import Store  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
DEV = EVAL / "disagreements_dev"
VERDICTS = ROOT / "bench" / "entity_verdicts.json"
OUT = ROOT / "bench" / "entities.json"
# The sample: a spread over the dev clusters and BASIL's events, chosen for about 500
# entries to read (a digest lists about 40).
PER_FAMILY = 3
KINDS = ("PERSON", "PLACE", "ORG", "GROUP", "EVENT")
FAMILIES = ("seeds + DUC 2004", "TAC 2010", "Multi-News", "BASIL")
# main before this work (commit ad9ea2b), measured with this script on the same verdicts.
BEFORE = ROOT / "bench" / "entities_before.json"
CONTEXT = 50  # characters either side of a mention in --judge output
# The weights of the parse's votes cross-validation tries, and the one shipped.
VOTE_WEIGHTS = (1, 2, 3)
SHIPPED_VOTES = kinds.PARSE_VOTES


def family(name: str) -> str:
    """The source family of a cluster id."""
    if name.startswith("D10"):
        return "TAC 2010"
    if name.startswith("mn"):
        return "Multi-News"
    if name.startswith(("seed", "d30")):
        return "seeds + DUC 2004"
    return "BASIL"


def clusters():
    """(cluster id, raw articles) of the sample."""
    for prefix in ("seed", "d30", "D10", "mn"):
        paths = sorted(DEV.glob(f"{prefix}*.json"))
        for path in paths[::max(1, len(paths) // PER_FAMILY)][:PER_FAMILY]:
            gold = json.loads(path.read_text())
            yield path.stem, read_paths([EVAL.parent / gold["input"]])[0]
    path = EVAL / "basil" / "articles.jsonl"
    story = {json.loads(line)["id"]: json.loads(line)["story"] for line in path.open()}
    events = defaultdict(list)
    for article in read_paths([path])[0]:
        events[story[article.id]].append(article)
    keys = sorted(events)
    for key in keys[::len(keys) // PER_FAMILY][:PER_FAMILY]:
        yield key[:8], events[key]


def shown(docs) -> list[tuple[str, str, list[str]]]:
    """(kind, name, variants) of every entry a digest lists, in the digest's order."""
    entities = merge_entities(docs)
    return [(e.label, e.text, e.variants) for kind in KINDS
            for e in [e for e in entities if e.label == kind][:SHOWN_ENTITIES]]


def score(lists: dict[str, list], verdicts: dict[str, dict]) -> tuple[dict, list]:
    """Counts per family (shown, judged, right kind, NONE, JUNK, duplicates) and the
    unjudged entries."""
    totals = {f: dict.fromkeys(("shown", "judged", "right", "none", "junk", "duplicates"), 0)
              for f in FAMILIES + ("all",)}
    unjudged = []
    for cluster, entries in lists.items():
        judged = verdicts.get(cluster, {})
        referents = defaultdict(int)
        counts = dict.fromkeys(totals["all"], 0)
        for kind, name, _ in entries:
            counts["shown"] += 1
            verdict = judged.get(name_key(name))
            if verdict is None:
                unjudged.append((cluster, kind, name))
                continue
            counts["judged"] += 1
            counts["right"] += verdict["kind"] == kind
            counts["none"] += verdict["kind"] == "NONE"
            counts["junk"] += verdict["kind"] == "JUNK"
            referents[_referent(name_key(name), judged)] += 1
        counts["duplicates"] = sum(n - 1 for n in referents.values())
        for group in (family(cluster), "all"):
            for key, value in counts.items():
                totals[group][key] += value
    for c in totals.values():
        c["right_share"] = round(c["right"] / max(c["judged"], 1), 3)
        c["wrong_kind"] = c["judged"] - c["right"] - c["none"] - c["junk"]
    return totals, unjudged


def _referent(key: str, judged: dict[str, dict]) -> str:
    seen = set()
    while judged.get(key, {}).get("same") and key not in seen:
        seen.add(key)
        key = judged[key]["same"]
    return key


def judge_sheet(cluster: str, docs, entries, judged: dict) -> list[str]:
    """The unjudged entries of a cluster with each mention's spaCy label and context."""
    lines = []
    for kind, name, variants in entries:
        if name_key(name) in judged:
            continue
        lines.append(f"## {cluster} | {kind} | {name} | key={name_key(name)} | {variants}")
        keys = {name_key(v) for v in variants}
        shown_mentions = 0
        for doc in docs:
            for start, end, label, text in name_mentions(doc):
                if name_key(text) in keys and shown_mentions < 2:
                    shown_mentions += 1
                    around = doc.article.text[max(0, start - CONTEXT):end + CONTEXT]
                    lines.append(f"   [{label}] " + " ".join(around.split()))
    return lines


def table(result: dict) -> str:
    """Before (main) and after, one row a family: share of judged entries shown under the
    right kind, then counts of entries under a wrong kind, NONE and junk entries shown, and
    second entries for one referent."""
    lines = ["| family | shown (judged) before / after | right kind before / after | "
             "wrong kind | NONE shown | junk | duplicates |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    before = result.get("before", {})
    for name, a in result["families"].items():
        b = before.get(name, {})
        cells = [f"{b.get(k, '-')} / {a[k]}" for k in ("wrong_kind", "none", "junk",
                                                         "duplicates")]
        lines.append(
            f"| {name} | {b.get('shown', '-')} ({b.get('judged', '-')}) / {a['shown']} "
            f"({a['judged']}) | {b.get('right_share', '-')} / {a['right_share']} | "
            + " | ".join(cells) + " |")
    if "cross_validated" in result:
        cv = result["cross_validated"]
        lines.append("\nLeave-one-cluster-out choice of the parse's vote weight "
                     f"(tried {VOTE_WEIGHTS}), held-out:")
        for name, f in cv["families"].items():
            lines.append(f"- {name}: right kind {f['right_share']} ({f['right']}/{f['judged']}),"
                         f" NONE {f['none']}, junk {f['junk']}, duplicates {f['duplicates']}")
        lines.append(f"- weights chosen: {sorted(set(cv['chosen'].values()))}")
    return "\n".join(lines)


def cross_validate(docs: dict[str, list], verdicts: dict) -> dict:
    """Held-out figures with PARSE_VOTES chosen on the other clusters (leave one out): the
    weight whose lists have most entries right in kind, less NONE, junk and duplicates."""
    counts = {}
    for weight in VOTE_WEIGHTS:
        kinds.PARSE_VOTES = weight
        counts[weight] = {c: score({c: shown(d)}, verdicts)[0]["all"] for c, d in docs.items()}
    kinds.PARSE_VOTES = SHIPPED_VOTES

    def good(c: dict) -> int:
        return c["right"] - c["none"] - c["junk"] - c["duplicates"]

    held_out, chosen = {}, {}
    for cluster in docs:
        best = max(VOTE_WEIGHTS, key=lambda w: (sum(good(counts[w][c]) for c in docs
                                                    if c != cluster), w == SHIPPED_VOTES))
        chosen[cluster], held_out[cluster] = best, counts[best][cluster]
    families: dict[str, dict] = {f: {} for f in FAMILIES + ("all",)}
    for cluster, c in held_out.items():
        for group in (family(cluster), "all"):
            for key, value in c.items():
                families[group][key] = families[group].get(key, 0) + value
    for c in families.values():
        c["right_share"] = round(c["right"] / max(c["judged"], 1), 3)
    return {"families": families, "chosen": chosen}


def main() -> None:
    """Score the shown entity lists of the sample, write bench/entities.json, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judge", type=Path, help="write the unjudged entries here")
    parser.add_argument("--db", default="/tmp/storyweave-entities.sqlite", help="NLP cache")
    parser.add_argument("--before", action="store_true",
                        help="record these figures as the before (main's) ones")
    parser.add_argument("--cv", action="store_true", help="choose PARSE_VOTES by grouped CV")
    args = parser.parse_args()
    verdicts = json.loads(VERDICTS.read_text()) if VERDICTS.exists() else {}
    store = Store(args.db)
    docs, sheet = {}, []
    for cluster, articles in clusters():
        articles = clean_all(articles, [])
        articles.sort(key=lambda a: (a.published or "9999", a.id))
        docs[cluster] = annotate(articles, store)
    lists = {cluster: shown(d) for cluster, d in docs.items()}
    if args.judge:
        for cluster, d in docs.items():
            sheet += judge_sheet(cluster, d, lists[cluster], verdicts.get(cluster, {}))
        args.judge.write_text("\n".join(sheet) + "\n", encoding="utf-8")
    totals, unjudged = score(lists, verdicts)
    if args.before:
        BEFORE.write_text(json.dumps(totals, indent=1) + "\n", encoding="utf-8")
    result = {"families": totals, "unjudged": [list(u) for u in unjudged],
              "clusters": sorted(lists)}
    if BEFORE.exists():
        result["before"] = json.loads(BEFORE.read_text())
    if args.cv:
        result["cross_validated"] = cross_validate(docs, verdicts)
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(table(result))
    if unjudged:
        print(f"\n{len(unjudged)} shown entries have no verdict yet.")


if __name__ == "__main__":
    main()
