"""A standalone HTML page: no scripts or remote assets; every string from input escaped."""
from __future__ import annotations

from html import escape

from storyweave.records import Claim, Digest, Disagreement, Evidence
from storyweave.render.markdown import (ENTITY_SECTIONS, KIND_LABELS, QUOTES_PER_SIDE,
                                        QUOTES_PER_SPEAKER, SHOWN_ENTITIES, SHOWN_EVENTS,
                                        SHOWN_EXCLUSIVE, SHOWN_FACTS, SHOWN_SPEAKERS,
                                        UNDATED_NOTE, as_written, citation_numbers, cited,
                                        coverage, link_url, outlet, outlets, quotes_by_speaker,
                                        sides)

# The page runs no script and loads nothing: if escaping ever failed, the browser would
# still refuse to run what came in with an article.
POLICY = ("<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; "
          "style-src 'unsafe-inline'\">")
STYLE = """
body{font:16px/1.55 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.7rem;line-height:1.25}h2{font-size:1.15rem;margin-top:2rem;
border-bottom:1px solid #ddd}.meta{color:#666;font-style:italic}
sup a{text-decoration:none;color:#0645ad}mark{background:#fff2a8}
details{margin:.4rem 0}summary{cursor:pointer}.article p{margin:.5rem 0}
li{margin:.3rem 0}.label{color:#666;font-size:.9rem}.value{font-weight:bold}
blockquote{margin:.2rem 0 .2rem 1rem;font-style:italic}
"""


def _cite(ids: list[str], number: dict[str, int]) -> str:
    return "".join(f'<sup><a href="#src-{n}">[{n}]</a></sup>' for n in cited(ids, number))


def _highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """The article text as paragraphs, the summary's sentences and those of other articles that
    state them marked by their offsets."""
    out, pos = [], 0
    for start, end in sorted(set(spans)):
        if start < pos:
            continue
        out += [escape(text[pos:start]), "<mark>", escape(text[start:end]), "</mark>"]
        pos = end
    out.append(escape(text[pos:]))
    body = "".join(out)
    return "".join(f"<p>{p}</p>" for p in body.split("\n\n"))


def _disagreement(d: Disagreement, articles: dict, number: dict[str, int]) -> str:
    """One disagreement: each value with how many sources give it, the first
    `QUOTES_PER_SIDE` quoted, the others cited."""
    def source(c: Claim) -> str:
        return f"{escape(outlet(articles[c.article]))} {_cite([c.article], number)}"
    values = "".join(
        f"<li><span class=value>{escape(value)}</span> ({outlets(given, articles)} "
        f"{'source' if outlets(given, articles) == 1 else 'sources'})" + "".join(
            f"<p>{source(c)}</p><blockquote>“{escape(c.quote)}”</blockquote>"
            for c in given[:QUOTES_PER_SIDE]) +
        (f"<p>also {', '.join(source(c) for c in given[QUOTES_PER_SIDE:])}</p>"
         if len(given) > QUOTES_PER_SIDE else "") + "</li>"
        for value, given in sides(d))
    return (f"<li><strong>{escape(d.about)}</strong> "
            f"<span class=label>({escape(KIND_LABELS.get(d.kind, d.kind))})</span>"
            f"<ul>{values}</ul></li>")


def _analysis(digest: Digest, number: dict[str, int]) -> list[str]:
    """The sections after the summary: disagreements, agreement, facts one outlet reports,
    quotes by speaker, timeline."""
    articles = {a.id: a for a in digest.articles}
    parts = []
    if digest.disagreements:
        parts.append("<h2>Where the sources disagree</h2><ul>")
        parts += [_disagreement(d, articles, number) for d in digest.disagreements]
        parts.append("</ul>")
    if digest.facts:
        parts.append("<h2>What the sources agree on</h2><ul>")
        parts += [f"<li>{escape(f.text)} {_cite(f.articles, number)}</li>"
                  for f in digest.facts[:SHOWN_FACTS]]
        parts.append("</ul>")
    if digest.exclusive:
        parts.append("<h2>Reported by one outlet only</h2><ul>")
        parts += [f"<li>{escape(f.text)} <span class=label>"
                  f"({escape(outlet(articles[f.articles[0]]))})</span> "
                  f"{_cite(f.articles, number)}</li>" for f in digest.exclusive[:SHOWN_EXCLUSIVE]]
        parts.append("</ul>")
    if digest.quotes:
        parts.append("<h2>Quotes</h2><ul>")
        for speaker, quotes in quotes_by_speaker(digest.quotes)[:SHOWN_SPEAKERS]:
            said = "".join(f"<blockquote>“{escape(same[0].quote)}” "
                           f"{_cite([q.article for q in same], number)}</blockquote>"
                           for same in quotes[:QUOTES_PER_SPEAKER])
            parts.append(f"<li><strong>{escape(speaker)}</strong>{said}</li>")
        parts.append("</ul>")
    if digest.timeline or digest.undated:
        parts.append("<h2>Timeline</h2><ul>")
        parts += [f"<li><strong>{escape(t.date)}</strong>{escape(as_written(t))}: "
                  f"{escape(t.text)} {_cite(t.articles, number)}</li>"
                  for t in digest.timeline[:SHOWN_EVENTS]]
        parts.append("</ul>")
        undated = [f"{escape(outlet(articles[i]))} {_cite([i], number)}"
                   for i in digest.undated if i in articles]
        if undated:
            parts.append(f"<p class=label>{escape(UNDATED_NOTE)}: {', '.join(undated)}</p>")
    return parts


def to_html(digest: Digest) -> str:
    """The digest as one self-contained HTML page."""
    from storyweave.render import headline

    number = citation_numbers(digest)
    spans: dict[str, list[tuple[int, int]]] = {}
    for s in digest.summary:  # each sentence and those of other outlets that state it
        for e in s.evidence or [Evidence(s.article, s.start, s.end)]:
            spans.setdefault(e.article, []).append((e.start, e.end))
    title = escape(headline(digest))
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8>{POLICY}"
             f"<meta name=viewport content='width=device-width,initial-scale=1'>"
             f"<title>{title}</title><style>{STYLE}</style></head><body>",
             f"<h1>{title}</h1>",
             f"<p class=meta>{escape(coverage(digest))}</p>",
             "<h2>Summary</h2>"]
    parts += [f"<p>{escape(s.text)} {_cite(s.sources, number)}</p>" for s in digest.summary]
    parts += _analysis(digest, number)
    for label, heading in ENTITY_SECTIONS:
        names = [e for e in digest.entities if e.label == label][:SHOWN_ENTITIES]
        if names:
            parts.append(f"<h2>{heading}</h2><p>" + ", ".join(
                f"{escape(e.text)} {_cite(e.articles, number)}" for e in names) + "</p>")
    parts.append("<h2>Sources</h2><ol>")
    for a in digest.articles:
        url = link_url(a.url)
        link = f' <a href="{escape(url)}" rel=noopener>link</a>' if url else ""
        parts.append(
            f'<li id="src-{number[a.id]}"><strong>{escape(a.title or "(untitled)")}</strong>, '
            f'{escape(outlet(a))}, {escape(a.published or "undated")} '
            f'<span class=label>{escape(a.id)}</span>{link}'
            f'<details><summary>Article text</summary><div class=article>'
            f'{_highlighted(a.text, spans.get(a.id, []))}</div></details></li>')
    parts.append("</ol></body></html>\n")
    return "\n".join(parts)
