"""Markdown for the terminal: summary with [n] citations, agreement, sources, entities."""
from __future__ import annotations

from storyweave.records import Digest

# How many aligned facts and entities a reader can take in at a glance.
SHOWN_FACTS = 8
SHOWN_ENTITIES = 12
ENTITY_SECTIONS = (("PERSON", "People"), ("PLACE", "Places"), ("ORG", "Organisations"))


def citation_numbers(digest: Digest) -> dict[str, int]:
    """Article id -> its number in the source list (1-based)."""
    return {a.id: i for i, a in enumerate(digest.articles, 1)}


def outlet(article) -> str:
    """How a source is named: outlet, else the file it came from."""
    return article.source or article.id


def _md(text: str) -> str:
    """Neutralise Markdown control characters in text from articles."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]") \
        .replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;")


def to_markdown(digest: Digest) -> str:
    """The digest as Markdown."""
    from storyweave.render import headline

    number = citation_numbers(digest)
    cite = lambda ids: "".join(f"[{number[i]}]" for i in ids if i in number)  # noqa: E731
    dates = sorted(a.published[:10] for a in digest.articles if a.published)
    span = f", {dates[0]} to {dates[-1]}" if dates and dates[0] != dates[-1] else \
        (f", {dates[0]}" if dates else "")
    out = [f"# {_md(headline(digest))}", "",
           f"_{len(digest.articles)} articles from "
           f"{len({outlet(a) for a in digest.articles})} sources{span}_", "", "## Summary", ""]
    out += [f"{_md(s.text)} {cite(s.sources)}" for s in digest.summary] or ["(no summary)"]
    if digest.facts:
        out += ["", "## What the sources agree on", ""]
        out += [f"- {_md(f.text)} {cite(f.articles)}" for f in digest.facts[:SHOWN_FACTS]]
    for label, title in ENTITY_SECTIONS:
        names = [e for e in digest.entities if e.label == label][:SHOWN_ENTITIES]
        if names:
            out += ["", f"## {title}", "",
                    ", ".join(f"{_md(e.text)} {cite(e.articles)}" for e in names)]
    out += ["", "## Sources", ""]
    for article in digest.articles:
        when = article.published or "undated"
        title = article.title or "(untitled)"
        url = f" <{article.url}>" if article.url else ""
        out.append(f"{number[article.id]}. {_md(title)}, {_md(outlet(article))}, {when} "
                   f"(`{article.id}`){url}")
    return "\n".join(out) + "\n"
