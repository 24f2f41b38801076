"""Do the facts a digest calls agreed have two outlets behind them?

"What the sources agree on" lists facts that more than one source states. Wire services
send a story several times a day (a first version, then write-thrus), and a cluster of
DUC 2004 or TAC 2010 often holds several versions of one agency's story beside a few
articles of other outlets: each version is an article, but not a second source. This bench
digests every cluster of the evaluation sets whose articles name their outlet (DUC 2004's 50
clusters, TAC 2010's 46 docsets, BASIL's 100 events, the seeds; Multi-News pages name none,
so each of its articles is its own outlet and nothing changes there) with the analysis
`storyweave digest` runs (`pipeline.analyse`), and counts per family, under the rule before
(two articles agree) and the shipped one (two outlets agree): agreed facts, those whose
citing articles are all of one outlet, and facts listed both as agreed and as "reported by
one outlet only", or are a quotation alone (the shipped rule leaves those to the quotes); and
the quotes the digest lists by speaker, one line each before, now a
line for each distinct quote of a speaker (`render.markdown.quotes_by_speaker`). Writes
bench/agreement.json and prints Markdown.
Usage: python bench/agreement.py
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyweave.analysis.align import align, cited, outlet_of  # noqa: E402
from storyweave.ingest import read_paths  # noqa: E402
from storyweave.nlp import annotate, cached_encoder  # noqa: E402
from storyweave.nlp.clauses import all_quoted, news_sentence  # noqa: E402
from storyweave.nlp.embed import default_encoder  # noqa: E402
from storyweave.pipeline import analyse, clean_all, consistent_sources  # noqa: E402
from storyweave.render.markdown import quotes_by_speaker  # noqa: E402
from storyweave.store import Store  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
OUT = ROOT / "bench" / "agreement.json"
CACHE = Path("/tmp/storyweave-agreement.sqlite")  # parses and sentence vectors, between runs


def clusters():
    """(family, articles) of every cluster whose articles name their outlet."""
    for folder, family in (("duc2004/docs", "DUC 2004"), ("tac2010/docs_tokenized", "TAC 2010")):
        for path in sorted((EVAL / folder).iterdir()):
            yield family, read_paths([path])[0]
    events = defaultdict(list)
    path = EVAL / "basil" / "articles.jsonl"
    story = {json.loads(line)["id"]: json.loads(line)["story"] for line in path.open()}
    for article in read_paths([path])[0]:
        events[story[article.id]].append(article)
    for key in sorted(events):
        yield "BASIL", events[key]
    yield "seeds", read_paths([ROOT.parent / "shared" / "seeds"])[0]


def counts(articles, store: Store, encoder) -> dict[str, dict[str, int]]:
    """Agreed facts of one cluster's analysis under each rule, those of one outlet, those
    also exclusive; its quotes and the lines that list them."""
    docs = annotate(clean_all(articles, []), store)
    digest, supported = analyse(docs, store, encoder)
    outlet = {a.id: outlet_of(a) for a in digest.articles}
    spans = {(d.article.id, s.index): (d.parse, s.start, s.end) for d in docs for s in d.sentences}
    before = []  # the rule before: the cited articles (as the digest cites them) are two
    for fact in align(docs, encode=cached_encoder(store, encoder)):
        first = fact.sentences[0]
        sources = consistent_sources(first[0], fact.text, cited(supported[first]),
                                     digest.disagreements)
        if len(sources) > 1 and news_sentence(*spans[first]):
            before.append((fact.text, sources))
    exclusive = {f.text for f in digest.exclusive}
    found = {rule: {"clusters": 1, "agreed": len(facts),
                    "one_outlet": sum(len({outlet[a] for a in by}) == 1 for _, by in facts),
                    "also_exclusive": sum(text in exclusive for text, _ in facts),
                    "quotation": sum(all_quoted(text) for text, _ in facts)}
             for rule, facts in (("two articles (before)", before), ("two outlets (shipped)", [
                 (f.text, f.articles) for f in digest.facts]))}
    found["quotes"] = {"clusters": 1, "quotes": len(digest.quotes), "lines": sum(
        len(said) for _, said in quotes_by_speaker(digest.quotes))}
    return found


def main() -> None:
    store, encoder = Store(str(CACHE)), default_encoder()
    tally: dict = {}
    for family, articles in clusters():
        for rule, found in counts(articles, store, encoder).items():
            for key, value in found.items():
                t = tally.setdefault(family, {}).setdefault(rule, defaultdict(int))
                t[key] += value
    OUT.write_text(json.dumps(tally, indent=1) + "\n")
    print("| clusters | quotes (a line each, before) | lines shown now (a distinct quote of a "
          "speaker each) |")
    print("| --- | ---: | ---: |")
    for family, rules in tally.items():
        t = rules["quotes"]
        print(f"| {family} ({t['clusters']}) | {t['quotes']} | {t['lines']} |")
    print()
    print("| clusters | rule | agreed facts | of them, every citing article of one outlet "
          "| also listed as reported by one outlet only | a quotation alone |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for family, rules in tally.items():
        for rule, t in rules.items():
            if rule == "quotes":
                continue
            share = t["one_outlet"] / t["agreed"] if t["agreed"] else 0.0
            print(f"| {family} ({t['clusters']}) | {rule} | {t['agreed']} | "
                  f"{t['one_outlet']} ({share:.2f}) | {t['also_exclusive']} | "
                  f"{t['quotation']} |")


if __name__ == "__main__":
    main()
