"""Render a `Digest` as JSON (the contract), Markdown (the terminal) or a standalone HTML page."""
from __future__ import annotations

import json

from storyweave.records import Digest
from storyweave.render.html import to_html
from storyweave.render.markdown import to_markdown

FORMATS = ("markdown", "json", "html")


def render(digest: Digest, fmt: str = "markdown") -> str:
    """The digest in `fmt` (one of `FORMATS`)."""
    if fmt == "json":
        return json.dumps(digest.to_json(), ensure_ascii=False, indent=1) + "\n"
    if fmt == "html":
        return to_html(digest)
    return to_markdown(digest)


def headline(digest: Digest) -> str:
    """The story's headline: the earliest titled article's title, else its first sentence."""
    for article in digest.articles:
        if article.title:
            return article.title
    return digest.summary[0].text if digest.summary else "Story digest"
