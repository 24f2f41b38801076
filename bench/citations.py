"""Do the citations of sentences with figures hold? A hand-judged sample (issue 12).

The digest cites, after every summary sentence and every agreed fact, the articles that state
it (`analysis/align.py::support`, trimmed by `pipeline.consistent_sources`). This bench takes
the sentences a digest shows with a figure (a claim frame: counts, amounts, ages, durations;
no years or dates) and each article aligned with them, on a spread sample of clusters: every
`AUDIT_EVERY`-th cluster of the disagreement audit (bench/audit_disagreements.py: DUC 2004,
TAC 2010, Multi-News, BASIL, none of them labelled), every `DEV_EVERY`-th hand-labelled
dev cluster and the seeds, at most `PER_CLUSTER` citations a cluster. Each was judged by
reading the citing sentence and the cited article's aligned sentence
(bench/citation_verdicts.json: ids and offsets only): "supports" (it states the sentence's
figures), "partial" (the event, not every figure; `states_some` when some), "conflicts"
(another value for the same thing), "unrelated" (another statement). A number that names
nothing a reader would check ("the two had differed", "one option") was not taken as a
figure. A partial or unrelated citation whose article states the figures elsewhere, about
the same thing, carries `"elsewhere": true`; a supporting one, or a partial one with
`elsewhere`, is good: the article states the figures. The verdicts were given before any
rule was written, and the rules were then chosen on them: these are dev figures.

Every citation rule is scored on the same judged citations: how many it keeps, the share of
kept ones that support (strictly, and counting a figure stated elsewhere in the article), how
many conflicting ones it still shows, and how many agreed facts and summary citations remain
on the whole sample. Writes bench/citations.json and prints Markdown.
Usage: python bench/citations.py [--judge]  (--judge prints unjudged citations to read)
"""
from __future__ import annotations

import importlib.util
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyweave.analysis.align import align, checked, rival, stated, thing, vouches  # noqa: E402
from storyweave.analysis.claims import read_frames  # noqa: E402
from storyweave.analysis.disagreements import find_disagreements  # noqa: E402
from storyweave.analysis.timeline import time_mentions  # noqa: E402
from storyweave.ingest import read_paths  # noqa: E402
from storyweave.nlp import annotate, cached_encoder  # noqa: E402
from storyweave.nlp.clauses import news_sentence  # noqa: E402
from storyweave.nlp.embed import default_encoder  # noqa: E402
from storyweave.nlp.tokens import numbers  # noqa: E402
from storyweave.pipeline import (DEFAULT_WORDS, clean_all, consistent_sources,  # noqa: E402
                                 digest_cleaned)
from storyweave.service.views import story_view  # noqa: E402
from storyweave.store import Store  # noqa: E402
from storyweave.summarize import summarize  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "disagreements_dev"
VERDICTS = ROOT / "bench" / "citation_verdicts.json"
OUT = ROOT / "bench" / "citations.json"
CACHE = Path("/tmp/storyweave-citations.sqlite")  # parses and sentence vectors, between runs
# The sample: a spread over the audit's 242 clusters and the 39 dev ones, few citations a
# cluster so no one story weighs much (chosen for about 120 citations to read).
AUDIT_EVERY, DEV_EVERY, PER_CLUSTER = 6, 3, 4
SEED = 12
FAMILIES = {"duc": "DUC 2004", "tac": "TAC 2010", "mn": "Multi-News", "basil": "BASIL",
            "seed": "seeds"}
VERDICT_NAMES = ("supports", "partial", "conflicts", "unrelated")


def _audit():
    spec = importlib.util.spec_from_file_location("audit", ROOT / "bench" /
                                                  "audit_disagreements.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def clusters():
    """(name, family, raw articles) of the sampled clusters."""
    for n, (name, family, articles) in enumerate(_audit().clusters()):
        if n % AUDIT_EVERY == 0:
            yield name, family, articles
    for n, path in enumerate(sorted(DEV.glob("*.json"))):
        if n % DEV_EVERY == 0 or path.stem == "seed":
            family = next((f for f in ("duc", "mn", "seed") if path.stem.startswith(
                {"duc": "d30"}.get(f, f))), "tac")
            yield path.stem, family, read_paths([SHARED / json.loads(path.read_text())
                                                 ["input"]])[0]


def citations(articles, store, encode) -> tuple[list[dict], dict]:
    """Every (shown sentence with a figure, aligned article) of one cluster, with what each
    rule needs; and the cluster's context (sentences, frames, disagreements)."""
    articles = clean_all(articles, [])
    articles.sort(key=lambda a: (a.published or "9999", a.id))
    docs = annotate(articles, store)
    facts = align(docs, encode=encode)
    frames = [f for d in docs for f in read_frames(d)]
    sentences = {(d.article.id, s.index): s for d in docs for s in d.sentences}
    parses = {d.article.id: d.parse for d in docs}
    fact_of = {k: fact for fact in facts for k in fact.sentences}
    roles = defaultdict(set)
    for fact in facts:
        key = fact.sentences[0]
        s = sentences[key]
        if len(fact.articles) > 1 and news_sentence(parses[key[0]], s.start, s.end):
            roles[key].add("fact")
    for item in summarize(docs, DEFAULT_WORDS):
        for key, s in sentences.items():
            if key[0] == item.article and item.start <= s.start < item.end:
                roles[key].add("summary")
    with_figure = {(f.claim.article, f.claim.sentence) for f in frames}
    found = []
    for key in sorted(roles, key=lambda k: (k[0], k[1])):
        if key not in with_figure:
            continue
        for other in fact_of[key].sentences:
            if other[0] != key[0]:
                found.append({"citing": key, "cited": other, "roles": sorted(roles[key])})
    context = {"sentences": sentences, "frames": frames, "facts": facts, "roles": roles,
               "disagreements": find_disagreements(docs, facts),
               "texts": {d.article.id: d.article.text for d in docs}}
    return found, context


def pair_id(name: str, pair: dict, context: dict) -> dict:
    """A citation as it is kept in the verdicts: cluster, ids and offsets (no text)."""
    spans = context["sentences"]
    return {"cluster": name, **{side: [pair[side][0], spans[pair[side]].start,
                                       spans[pair[side]].end] for side in ("citing", "cited")}}


def sample(name: str, found: list[dict]) -> list[dict]:
    """At most `PER_CLUSTER` of a cluster's citations, drawn with a fixed seed."""
    return random.Random(f"{SEED}{name}").sample(found, min(PER_CLUSTER, len(found)))


def show(name: str, family: str, pair: dict, context: dict) -> None:
    """Print a citation to be judged: the citing sentence with its figures, the aligned one,
    and the cited article's other sentences stating one of those figures."""
    spans, frames = context["sentences"], context["frames"]
    citing, cited = pair["citing"], pair["cited"]
    mine = [f.claim.value for f in frames if (f.claim.article, f.claim.sentence) == citing]
    print(json.dumps(pair_id(name, pair, context)), family, pair["roles"])
    print("  CITING", mine, "::", spans[citing].text)
    print("  CITED  ::", spans[cited].text)
    wanted = numbers(" ".join(mine))
    for key, s in spans.items():
        if key[0] == cited[0] and key != cited and numbers(s.text) & wanted:
            print("    elsewhere ::", s.text[:300])
    print()


def judge() -> None:
    """Print the sampled citations that have no verdict yet."""
    done = {json.dumps(v["citing"] + v["cited"] + [v["cluster"]]) for v in _verdicts()}
    store = Store(str(CACHE))
    encode = cached_encoder(store, default_encoder())
    for name, family, articles in clusters():
        found, context = citations(articles, store, encode)
        for pair in sample(name, found):
            ident = pair_id(name, pair, context)
            if json.dumps(ident["citing"] + ident["cited"] + [name]) not in done:
                show(name, family, pair, context)


def _verdicts() -> list[dict]:
    return json.loads(VERDICTS.read_text()) if VERDICTS.exists() else []


def _current(mine, theirs, article, texts) -> bool:
    """main before this bench: figures are numbers in the text, and any one shared (or
    none on either side) is support."""
    a, b = (numbers(t) for t in texts)
    return not a or not b or bool(a & b)


def _rule(needed, where, quantifier=all, rivals: bool = True):
    """A rule: the `needed` figures of the citing sentence, each (or, `quantifier` any, one)
    stated `where`, and (`rivals`) no rival value in the aligned sentence."""
    def rule(mine, theirs, article, texts) -> bool:
        if rivals and any(rival(f, theirs) for f in mine if not stated(f, theirs)):
            return False
        figures = needed(mine)
        return not figures or quantifier(where(f, theirs, article) for f in figures)
    return rule


def _every(mine):
    return mine


def _whole(mine):
    return [f for f in mine if not f.part] or mine


def _sentence(f, theirs, article) -> bool:
    return stated(f, theirs)


def _else_article(f, theirs, article) -> bool:
    """In the aligned sentence or, when it gives no figure, about the same thing in its
    article."""
    return stated(f, theirs if theirs else article.get(thing(f), []))


def _each(f, theirs, article) -> bool:
    return stated(f, theirs) or stated(f, article.get(thing(f), []))


def _anywhere(f, theirs, article) -> bool:
    """In the aligned sentence or the same value, of any head, anywhere in its article."""
    return stated(f, theirs) or stated(f, [g for frames in article.values() for g in frames
                                           if g.unit == f.unit])


BEFORE = "main before (numbers shared)"
CHOSEN = "no rival; every checked figure, sentence or article, each (chosen)"
# The rules scored: name -> (mine, theirs, article frames, (citing, cited) text) -> bool.
RULES = {
    BEFORE: _current,
    "every figure in the aligned sentence": _rule(_every, _sentence, rivals=False),
    "every figure, in the sentence or (none there) the article":
        _rule(_every, _else_article, rivals=False),
    "no rival value only": _rule(_every, lambda *_: True),
    "no rival; every whole count, sentence or (none there) article":
        _rule(_whole, _else_article),
    CHOSEN: lambda mine, theirs, article, texts: vouches(mine, theirs, article),
    "no rival; every whole count, sentence or article, each": _rule(_whole, _each),
    "no rival; every figure, sentence or article, each": _rule(_every, _each),
    "no rival; every checked figure, sentence or article's same value of any head":
        _rule(checked, _anywhere),
    "no rival; one figure, sentence or article": _rule(_every, _each, any),
}


def _good(verdict: dict) -> bool:
    """A citation of an article that states the figures: in the aligned sentence, or
    elsewhere about the same thing."""
    return verdict["verdict"] == "supports" or (verdict["verdict"] == "partial" and
                                                verdict.get("elsewhere", False))


def _indexed(context: dict):
    """The cluster's frames by sentence and by article and `thing`."""
    of_sentence, of_article = defaultdict(list), defaultdict(lambda: defaultdict(list))
    for f in context["frames"]:
        of_sentence[(f.claim.article, f.claim.sentence)].append(f)
        of_article[f.claim.article][thing(f)].append(f)
    return of_sentence, of_article


def kept(pair: dict, context: dict) -> dict[str, bool]:
    """Whether each rule, then `consistent_sources`, keeps a citation."""
    of_sentence, of_article = _indexed(context)
    citing, cited = pair["citing"], pair["cited"]
    texts = tuple(context["sentences"][k].text for k in (citing, cited))
    consistent = cited[0] in consistent_sources(citing[0], texts[0], [citing[0], cited[0]],
                                                context["disagreements"])
    return {name: consistent and rule(of_sentence[citing], of_sentence[cited],
                                      of_article[cited[0]], texts)
            for name, rule in RULES.items()}


class _Page:
    """One cluster's digest with what checking its story page needs: the sentences of each
    article, their claim frames and the days their time expressions resolve to."""

    def __init__(self, articles, store, encoder):
        articles = clean_all(articles, [])
        self.data = digest_cleaned(articles, DEFAULT_WORDS, store, encoder).to_json()
        docs = annotate(sorted(articles, key=lambda a: (a.published or "9999", a.id)), store)
        self.frames = defaultdict(list)
        for f in (f for d in docs for f in read_frames(d)):
            self.frames[f.claim.article].append(f)
        self.spans = {d.article.id: [(s.start, s.end, s.index) for s in d.sentences]
                      for d in docs}
        self.dating = defaultdict(set)  # (article, sentence) -> the days it dates
        for m in (m for d in docs for m in time_mentions(d)):
            self.dating[m.article, m.sentence].add(m.date)

    def sentences(self, article: str, ranges) -> set[int]:
        """The indices of `article`'s sentences inside any of `ranges`."""
        return {i for start, end, i in self.spans.get(article, []) for lo, hi in ranges
                if lo <= start and end <= hi}

    def figures(self, article: str, ranges) -> list:
        """The frames of `article`'s sentences inside `ranges`."""
        keys = self.sentences(article, ranges)
        return [f for f in self.frames[article] if f.claim.sentence in keys]

    def others(self, markers, own: str):
        """The markers of articles other than `own`, with their article ids."""
        for marker in markers:
            cited = self.data["articles"][marker.n - 1]["id"]
            if cited != own:
                yield marker, cited


def highlights(articles, store, encoder) -> Counter:
    """The story page of one cluster's digest, as a reader checks it: for every citation of
    a summary sentence or agreed fact with figures to another article, whether the sentences
    the page highlights in that article state every checked figure, and for every timeline
    citation, whether they date the event to its day. "now": the digest's evidence;
    "before": the same digest without it, as stored before (the cited article's sentence
    closest in words, `views.locate`)."""
    page = _Page(articles, store, encoder)
    data = page.data
    stripped = {**data, **{part: [{**x, "evidence": []} for x in data[part]]
                           for part in ("summary", "facts", "timeline")}}
    found: Counter = Counter()
    for when, version in (("now", data), ("before", stripped)):
        view = story_view("bench", version)
        for item, (_, markers) in [*zip(data["summary"], view["summary"]),
                                   *zip(data["facts"], view["facts"])]:
            own = item["evidence"][0]
            mine = checked(page.figures(own["article"], [(own["start"], own["end"])]))
            for marker, cited in page.others(markers if mine else [], own["article"]):
                found[when] += all(stated(f, page.figures(cited, marker.spans)) for f in mine)
                found[f"{when} citations"] += 1
        for event, (*_, markers) in zip(data["timeline"], view["timeline"]):
            for marker, cited in page.others(markers, event["evidence"][0]["article"]):
                found[f"{when} timeline"] += any(event["date"] in page.dating[cited, i]
                                                 for i in page.sentences(cited, marker.spans))
                found[f"{when} timeline citations"] += 1
    return found


def measure() -> dict:
    """Every rule on the judged citations and on all citations of the sampled clusters."""
    verdicts = {json.dumps([v["cluster"], v["citing"], v["cited"]]): v for v in _verdicts()}
    store = Store(str(CACHE))
    encoder = default_encoder()
    encode = cached_encoder(store, encoder)
    judged = {name: Counter() for name in RULES}
    whole = {name: Counter() for name in RULES}
    families: dict[str, Counter] = defaultdict(Counter)
    by_family = {name: defaultdict(Counter) for name in (BEFORE, CHOSEN)}
    shown: Counter = Counter()
    good = 0
    for cluster, family, articles in clusters():
        found, context = citations(articles, store, encode)
        shown.update(highlights(articles, store, encoder))
        facts = defaultdict(lambda: defaultdict(bool))
        for pair in found:
            ident = pair_id(cluster, pair, context)
            verdict = verdicts.get(json.dumps([cluster, ident["citing"], ident["cited"]]))
            keeps = kept(pair, context)
            if verdict:
                families[FAMILIES[family]][verdict["verdict"]] += 1
                families[FAMILIES[family]]["good"] += _good(verdict)
                good += _good(verdict)
                for name, tally in by_family.items():
                    tally[FAMILIES[family]]["kept"] += keeps[name]
                    tally[FAMILIES[family]]["good kept"] += keeps[name] and _good(verdict)
            for name, keep in keeps.items():
                whole[name]["citations"] += keep
                whole[name]["summary citations"] += keep and "summary" in pair["roles"]
                if "fact" in pair["roles"]:
                    facts[name][pair["citing"]] |= keep
                if verdict and keep:
                    judged[name][verdict["verdict"]] += 1
                    judged[name]["article states it"] += _good(verdict)
        for name, held in facts.items():
            whole[name]["facts with figures"] += len(held)
            whole[name]["agreed facts with figures"] += sum(held.values())
    return {"verdicts": {f: dict(c) for f, c in families.items()}, "good": good,
            "families": {name: {f: dict(c) for f, c in t.items()} for name, t in
                         by_family.items()}, "highlighted": dict(shown),
            "rules": {name: {**judged[name], **whole[name]} for name in RULES}}


def report(result: dict) -> str:
    """The figures as Markdown: the judged sample per family, then every rule."""
    lines = ["| family | judged | " + " | ".join(VERDICT_NAMES) + " |",
             "| --- | ---: | " + " | ".join("---:" for _ in VERDICT_NAMES) + " |"]
    rows = dict(result["verdicts"])
    rows["all"] = dict(sum((Counter(c) for c in rows.values()), Counter()))
    for family, c in rows.items():
        n = sum(c.get(v, 0) for v in VERDICT_NAMES)
        lines.append(f"| {family} | {n} | " + " | ".join(
            f"{c.get(v, 0)} ({c.get(v, 0) / n:.0%})" for v in VERDICT_NAMES) + " |")
    lines += ["", f"| rule | judged kept | supports | article states it | good kept (of "
              f"{result['good']}) | conflicts + unrelated kept | citations kept (all) | "
              "agreed facts with figures | summary citations |",
              "| --- |" + " ---: |" * 8]
    for name, c in result["rules"].items():
        n = sum(c.get(v, 0) for v in VERDICT_NAMES)
        lines.append(
            f"| {name} | {n} | {c.get('supports', 0) / n:.2f} | "
            f"{c.get('article states it', 0) / n:.2f} | "
            f"{c.get('article states it', 0) / result['good']:.2f} | "
            f"{c.get('conflicts', 0) + c.get('unrelated', 0)} | {c.get('citations', 0)} | "
            f"{c.get('agreed facts with figures', 0)} of {c.get('facts with figures', 0)} | "
            f"{c.get('summary citations', 0)} |")
    lines += ["", "Per family, before and after (kept judged citations; the share citing an "
              "article that states the figures; the good ones kept):", "",
              "| family | before: kept | stated | good kept | after: kept | stated | good kept |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for family, c in result["verdicts"].items():
        cells = []
        for name in (BEFORE, CHOSEN):
            t = result["families"][name][family]
            cells += [str(t["kept"]), f"{t['good kept'] / max(t['kept'], 1):.2f}",
                      f"{t['good kept']} of {c['good']}"]
        lines.append(f"| {family} | " + " | ".join(cells) + " |")
    h = result["highlighted"]
    lines += ["", "What the story page highlights when a reader opens a citation of a summary "
              "sentence or agreed fact with figures to another article (the digests of the "
              "sampled clusters): the share whose highlighted sentences state every checked "
              "figure of the cited sentence.", "",
              "| highlight | citations | stating the figures |", "| --- | ---: | ---: |"]
    for when, label in (("before", "the sentence closest in words (before)"),
                        ("now", "the digest's evidence: aligned sentence + the figure's")):
        n = h[f"{when} citations"]
        lines.append(f"| {label} | {n} | {h[when]} ({h[when] / n:.2f}) |")
    lines += ["", "The same for the timeline's citations of other articles: the share whose "
              "highlighted sentence dates the event to its day.", "",
              "| highlight | citations | dating the event |", "| --- | ---: | ---: |"]
    for when, label in (("before", "the sentence closest in words (before)"),
                        ("now", "the digest's evidence: the article's dating sentence")):
        n = h[f"{when} timeline citations"]
        lines.append(f"| {label} | {n} | {h[when + ' timeline']} "
                     f"({h[when + ' timeline'] / n:.2f}) |")
    return "\n".join(lines)


if __name__ == "__main__":
    if "--judge" in sys.argv:
        judge()
    else:
        figures = measure()
        OUT.write_text(json.dumps(figures, indent=1) + "\n")
        print(report(figures))
