"""A standalone HTML page: no scripts or remote assets; every string from input escaped."""
from __future__ import annotations

from html import escape

from storyweave.records import Digest
from storyweave.render.markdown import (ENTITY_SECTIONS, SHOWN_ENTITIES, SHOWN_FACTS,
                                        citation_numbers, outlet)

STYLE = """
body{font:16px/1.55 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.7rem;line-height:1.25}h2{font-size:1.15rem;margin-top:2rem;
border-bottom:1px solid #ddd}.meta{color:#666;font-style:italic}
sup a{text-decoration:none;color:#0645ad}mark{background:#fff2a8}
details{margin:.4rem 0}summary{cursor:pointer}.article p{margin:.5rem 0}
li{margin:.3rem 0}.label{color:#666;font-size:.9rem}
"""


def _cite(ids: list[str], number: dict[str, int]) -> str:
    return "".join(f'<sup><a href="#src-{number[i]}">[{number[i]}]</a></sup>'
                   for i in ids if i in number)


def _highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """The article text as paragraphs, the cited sentences marked by their offsets."""
    out, pos = [], 0
    for start, end in sorted(set(spans)):
        if start < pos:
            continue
        out += [escape(text[pos:start]), "<mark>", escape(text[start:end]), "</mark>"]
        pos = end
    out.append(escape(text[pos:]))
    body = "".join(out)
    return "".join(f"<p>{p}</p>" for p in body.split("\n\n"))


def to_html(digest: Digest) -> str:
    """The digest as one self-contained HTML page."""
    from storyweave.render import headline

    number = citation_numbers(digest)
    cited: dict[str, list[tuple[int, int]]] = {}
    for s in digest.summary:
        cited.setdefault(s.article, []).append((s.start, s.end))
    title = escape(headline(digest))
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8>"
             f"<meta name=viewport content='width=device-width,initial-scale=1'>"
             f"<title>{title}</title><style>{STYLE}</style></head><body>",
             f"<h1>{title}</h1>",
             f"<p class=meta>{len(digest.articles)} articles from "
             f"{len({outlet(a) for a in digest.articles})} sources</p>",
             "<h2>Summary</h2>"]
    parts += [f"<p>{escape(s.text)} {_cite(s.sources, number)}</p>" for s in digest.summary]
    if digest.facts:
        parts.append("<h2>What the sources agree on</h2><ul>")
        parts += [f"<li>{escape(f.text)} {_cite(f.articles, number)}</li>"
                  for f in digest.facts[:SHOWN_FACTS]]
        parts.append("</ul>")
    for label, heading in ENTITY_SECTIONS:
        names = [e for e in digest.entities if e.label == label][:SHOWN_ENTITIES]
        if names:
            parts.append(f"<h2>{heading}</h2><p>" + ", ".join(
                f"{escape(e.text)} {_cite(e.articles, number)}" for e in names) + "</p>")
    parts.append("<h2>Sources</h2><ol>")
    for a in digest.articles:
        link = f' <a href="{escape(a.url)}" rel=noopener>link</a>' \
            if a.url and a.url.startswith(("http://", "https://")) else ""
        parts.append(
            f'<li id="src-{number[a.id]}"><strong>{escape(a.title or "(untitled)")}</strong>, '
            f'{escape(outlet(a))}, {escape(a.published or "undated")} '
            f'<span class=label>{escape(a.id)}</span>{link}'
            f'<details><summary>Article text</summary><div class=article>'
            f'{_highlighted(a.text, cited.get(a.id, []))}</div></details></li>')
    parts.append("</ol></body></html>\n")
    return "\n".join(parts)
