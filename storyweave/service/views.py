"""What the pages show, computed from a digest's JSON: citation markers that point at a
sentence of a source, the source texts cut at those sentences, the coverage chart.

Every string here is plain text; the templates escape it (autoescape), so nothing an article
holds can become markup.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from storyweave.nlp.sentences import paragraphs, split_sentences
from storyweave.nlp.tokens import content_stems
from storyweave.records import Article, Digest, Evidence, Quote
from storyweave.render import headline
from storyweave.render.markdown import (KIND_LABELS, QUOTES_PER_SIDE, SHOWN_ENTITIES,
                                        UNDATED_NOTE, as_written, citation_numbers, coverage,
                                        link_url, outlet, quotes_by_speaker, sides)

# Outlets the coverage chart tells apart by colour (the palette's size in app.css); the
# rest share one grey, so eight colours stay distinguishable at a glance.
CHART_OUTLETS = 8
# Past this many days the chart counts articles per week: bars stay wider than a few pixels
# in its 640-unit width (a TAC docset spans 900 days).
CHART_MAX_DAYS = 60
CHART_WIDTH, CHART_HEIGHT, CHART_AXIS = 640, 150, 22
CHART_TOP = 20  # room above the tallest bar for its label
CHART_BAR = 56  # widest bar: one day of a one-day story stays a bar, not a block
ENTITY_LABELS = (("PERSON", "People"), ("PLACE", "Places"), ("ORG", "Organisations"),
                 ("GROUP", "Groups"), ("EVENT", "Events"))


@dataclass
class Marker:
    """A citation: source number `n`, and the sentences of its text that support the claim
    (`exact` when the digest gives them, else the sentence closest in content)."""

    n: int
    spans: tuple[tuple[int, int], ...]
    exact: bool

    @property
    def ranges(self) -> str:
        """The spans as the page's script reads them: "start-end" pairs, space-separated."""
        return " ".join(f"{start}-{end}" for start, end in self.spans)


@lru_cache(maxsize=256)
def _sentences(text: str) -> list[tuple[int, int, frozenset[str]]]:
    return [(s.start, s.end, frozenset(content_stems(s.text)))
            for s in split_sentences("", text)]


def locate(text: str, snippet: str) -> tuple[int, int, bool]:
    """Where `snippet` is stated in `text`: its exact offsets when it is a substring, else the
    sentence sharing the largest part of its content words (another outlet's wording)."""
    at = text.find(snippet)
    if at >= 0:
        return at, at + len(snippet), True
    wanted = frozenset(content_stems(snippet))
    best = max(_sentences(text), default=(0, 0, frozenset()),
               key=lambda s: len(wanted & s[2]) / (len(wanted | s[2]) or 1))
    return best[0], best[1], False


class Citer:
    """Makes markers and remembers, per article, the spans the source reader must cut at."""

    def __init__(self, digest: Digest):
        self.number = citation_numbers(digest)
        self.texts = {a.id: a.text for a in digest.articles}
        self.spans: dict[str, set[tuple[int, int]]] = defaultdict(set)

    def __call__(self, article: str, snippet: str = "",
                 spans: list[tuple[int, int]] | None = None) -> Marker | None:
        """A marker to `article` at `spans` when given (the digest's evidence), else at the
        sentence where `snippet` is."""
        if article not in self.texts:
            return None
        exact = bool(spans)
        if not spans:
            start, end, exact = locate(self.texts[article], snippet)
            spans = [(start, end)]
        spans = sorted({(start, end) for start, end in spans if end > start})
        self.spans[article].update(spans)
        return Marker(self.number[article], tuple(spans), exact)

    def many(self, articles: list[str], snippet: str,
             evidence: list[Evidence] | None = None) -> list[Marker]:
        """Markers to each of `articles` in source order, each at its `evidence` or, for an
        article without, its `snippet`."""
        marks = [self(a, snippet, _spans(evidence or [], a)) for a in articles]
        return sorted((m for m in marks if m), key=lambda m: m.n)


def _said(cite: Citer, same: list[Quote]) -> tuple[str, list[Marker]]:
    """A quote's words with a marker at each article that prints them, in source order."""
    marks = [cite(q.article, q.quote, None if q.start is None else [(q.start, q.end)])
             for q in same]
    return same[0].quote, sorted((m for m in marks if m), key=lambda m: m.n)


def _spans(evidence: list[Evidence], article: str) -> list[tuple[int, int]]:
    """The offsets of `article`'s sentences among `evidence`."""
    return [(e.start, e.end) for e in evidence if e.article == article]


def segments(text: str, spans: set[tuple[int, int]]) -> list[list[tuple[int, int, str]]]:
    """The text as paragraphs of (start, end, text) pieces cut at every span's ends, so a
    marker's sentence is a run of whole pieces."""
    cuts = sorted({p for span in spans for p in span})
    out = []
    for p_start, p_end in paragraphs(text):
        points = [p_start, *(c for c in cuts if p_start < c < p_end), p_end]
        out.append([(a, b, text[a:b]) for a, b in zip(points, points[1:]) if b > a])
    return out


def story_view(story_id: str, data: dict) -> dict:
    """Everything the story page shows, from the digest's JSON."""
    digest = Digest.from_json(data)
    cite = Citer(digest)
    articles = {a.id: a for a in digest.articles}
    # a digest stored before evidence was written still has the summary sentence's own
    summary = [(s.text, cite.many(s.sources, s.text, s.evidence or [
        Evidence(s.article, s.start, s.end)])) for s in digest.summary]
    disagreements = []
    for d in digest.disagreements:
        given = [(value, [(outlet(articles[c.article]), c.quote, cite(c.article, c.quote))
                          for c in claims if c.article in articles])
                 for value, claims in sides(d)]
        disagreements.append({"about": d.about, "kind": KIND_LABELS.get(d.kind, d.kind),
                              "sides": [(value, said, len({o for o, *_ in said}))
                                        for value, said in given if said]})
    speakers = [(speaker, [_said(cite, same) for same in quotes])
                for speaker, quotes in quotes_by_speaker(digest.quotes)]
    exclusive: dict[str, list] = defaultdict(list)
    for fact in digest.exclusive:
        article = fact.articles[0]
        if article in articles:
            exclusive[outlet(articles[article])].append((fact.text, cite(article, fact.text)))
    timeline = [(event.date, as_written(event).strip(), event.text,
                 cite.many(event.articles, event.text, event.evidence))
                for event in digest.timeline]
    facts = [(f.text, cite.many(f.articles, f.text, f.evidence)) for f in digest.facts]
    entities = [(heading, [(e.text, len(e.articles), ", ".join(e.variants))
                           for e in digest.entities if e.label == label][:SHOWN_ENTITIES])
                for label, heading in ENTITY_LABELS]
    sources = [{"n": cite.number[a.id], "id": a.id, "title": a.title or "(untitled)",
                "outlet": outlet(a), "published": a.published or "undated",
                "url": link_url(a.url), "paragraphs": segments(a.text, cite.spans[a.id])}
               for a in digest.articles]
    return {"id": story_id, "headline": headline(digest), "coverage": coverage(digest),
            "summary": summary, "disagreements": disagreements, "speakers": speakers,
            "quotes_per_side": QUOTES_PER_SIDE,
            "exclusive": sorted(exclusive.items()), "timeline": timeline, "facts": facts,
            "entities": [e for e in entities if e[1]], "sources": sources,
            "undated": [(outlet(articles[i]), cite.number[i]) for i in digest.undated
                        if i in articles], "undated_note": UNDATED_NOTE,
            "chart": coverage_chart(digest.articles)}


def coverage_chart(articles: list[Article]) -> dict | None:
    """Articles per day (or week, over long spans) and outlet, as stacked bars in SVG units;
    None when no article is dated."""
    dated = [(dt.date.fromisoformat(a.published[:10]), outlet(a)) for a in articles
             if a.published]
    if not dated:
        return None
    ranked = [name for name, _ in Counter(o for _, o in dated).most_common()]
    colour = {name: i if i < CHART_OUTLETS else CHART_OUTLETS for i, name in enumerate(ranked)}
    names = [*ranked[:CHART_OUTLETS], f"{len(ranked) - CHART_OUTLETS} other outlets"]
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    step = 1 if (last - first).days < CHART_MAX_DAYS else 7
    buckets = (last - first).days // step + 1
    counts: dict[int, Counter] = defaultdict(Counter)
    for day, name in dated:
        counts[(day - first).days // step][colour[name]] += 1
    top = max(sum(c.values()) for c in counts.values())
    slot = CHART_WIDTH / buckets
    width = min(max(slot * 0.7, 1), CHART_BAR)
    unit = (CHART_HEIGHT - CHART_AXIS - CHART_TOP) / top
    bars = []
    for bucket, by_colour in sorted(counts.items()):
        y = CHART_HEIGHT - CHART_AXIS
        for index in sorted(by_colour):
            height = by_colour[index] * unit
            y -= height
            bars.append({"x": round((bucket + 0.5) * slot - width / 2, 1), "y": round(y, 1),
                         "w": round(width, 1), "h": round(height, 1),
                         "colour": index, "label": f"{first + dt.timedelta(days=bucket * step)}"
                         f": {by_colour[index]} from {names[index]}"})
    legend = [(name, i) for i, name in enumerate(names) if i < len(ranked)]
    return {"bars": bars, "legend": legend, "first": str(first), "last": str(last),
            "top": top, "per": "day" if step == 1 else "week", "undated":
            len(articles) - len(dated), "width": CHART_WIDTH, "height": CHART_HEIGHT,
            "axis": CHART_HEIGHT - CHART_AXIS}
