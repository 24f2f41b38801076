"""Markdown for the terminal: summary with [n] citations, disagreements, agreement, facts
one outlet reports, quotes by speaker, timeline, entities, sources."""
from __future__ import annotations

import re
from collections import defaultdict

from storyweave.records import Claim, Digest, Disagreement, Quote, TimelineEvent

# How much of each section a reader can take in at a glance.
SHOWN_FACTS = 8
SHOWN_ENTITIES = 12
SHOWN_EXCLUSIVE = 8
SHOWN_SPEAKERS = 10
QUOTES_PER_SPEAKER = 3
QUOTES_PER_SIDE = 2  # a value many outlets give is cited by all, quoted from the first two
SHOWN_EVENTS = 15
ENTITY_SECTIONS = (("PERSON", "People"), ("PLACE", "Places"), ("ORG", "Organisations"))
KIND_LABELS = {"contradiction": "contradiction", "update": "update: a later report changes it"}
UNATTRIBUTED = "Unattributed"
BLANK = "(blank)"
UNSAFE_IN_URL = re.compile(r"[\s<>\"'`]")
# Characters that end a line for a Markdown reader or a terminal, and other control ones.
LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Characters with a meaning in CommonMark inline text: escaped with a backslash ("<" becomes
# "&lt;" below).
MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]]")
# What opens a block at a line's start (a heading, quote, list item, setext underline): text
# from articles that starts a line (a summary sentence, an entity list) gets it escaped.
BLOCK_MARK = re.compile(r"\A(?:[#>+\-=]|\d{1,9}(?=[.)]))")
UNDATED_NOTE = "Undated, so not placed in time (their \"Monday\" or \"yesterday\" is unknown)"


def citation_numbers(digest: Digest) -> dict[str, int]:
    """Article id -> its number in the source list (1-based)."""
    return {a.id: i for i, a in enumerate(digest.articles, 1)}


def cited(ids: list[str], number: dict[str, int]) -> list[int]:
    """The source numbers of `ids` in ascending order, as a reader looks them up."""
    return sorted({number[i] for i in ids if i in number})


def coverage(digest: Digest) -> str:
    """What the digest rests on: "5 articles from 4 sources, 2024-09-02 to 2024-09-03"."""
    dates = sorted(a.published[:10] for a in digest.articles if a.published)
    span = f", {dates[0]} to {dates[-1]}" if dates and dates[0] != dates[-1] else \
        (f", {dates[0]}" if dates else "")
    return (f"{len(digest.articles)} articles from "
            f"{len({outlet(a) for a in digest.articles})} sources{span}")


def as_written(event: TimelineEvent) -> str:
    """The expression an event's date was resolved from, as the article wrote it, so a
    reader can check the resolution: ' (“last week”)'."""
    return f" (“{event.expression}”)" if event.expression else ""


def outlet(article) -> str:
    """How a source is named: outlet, else the file it came from."""
    return article.source or article.id


def outlets(claims: list[Claim], articles: dict) -> int:
    """How many sources give a value: outlets, not articles (an agency's versions of one
    story are one source)."""
    return len({outlet(articles[c.article]) for c in claims if c.article in articles})


def sides(disagreement: Disagreement) -> list[tuple[str, list[Claim]]]:
    """A disagreement's values, each with the claims that give it, in claim order (the
    earliest report first)."""
    found: dict[str, list[Claim]] = {}
    for claim in disagreement.claims:
        found.setdefault(claim.value, []).append(claim)
    return list(found.items())


def quotes_by_speaker(quotes: list[Quote]) -> list[tuple[str, list[list[Quote]]]]:
    """Quotes grouped by speaker, the most quoted first, unattributed ones last; each
    speaker's quotes as distinct words, each with every article that prints them (versions
    of one wire story print the same quote: it is shown once and cited to all)."""
    groups: dict[str, dict[str, list[Quote]]] = defaultdict(dict)
    for q in quotes:
        words = " ".join(q.quote.split()).casefold()
        groups[q.speaker or UNATTRIBUTED].setdefault(words, []).append(q)
    return sorted(((speaker, list(said.values())) for speaker, said in groups.items()),
                  key=lambda kv: (kv[0] == UNATTRIBUTED, -len(kv[1]), kv[0]))


def link_url(url: str | None) -> str | None:
    """`url` if a reader may follow it: http(s) only (never `javascript:` or `data:`), with
    nothing that could end the link early (spaces, quotes, angle brackets)."""
    if url and url.startswith(("http://", "https://")) and not UNSAFE_IN_URL.search(url):
        return url
    return None


def one_line(text: str) -> str:
    """`text` with every line break (and other control character) made a space: a newline
    in a title or id would otherwise start a line of its own ("# Injected heading")."""
    return LINE_BREAKS.sub(" ", text)


def _code(text: str) -> str:
    """`text` as a Markdown code span whose fence no backtick inside can close."""
    text = one_line(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if "`" in text else f"`{text}`"


def _md(text: str) -> str:
    """Neutralise Markdown control characters in text from articles, on one line; leading
    spaces (which could make a code block) become at most one."""
    text = one_line(text)
    lead, text = (" " if text[:1].isspace() else ""), text.lstrip()
    text = MARKDOWN_SPECIAL.sub(r"\\\g<0>", text).replace("<", "&lt;")
    mark = BLOCK_MARK.match(text)
    if mark:
        end = mark.end()
        text = "\\" + text if not text[0].isdigit() else f"{text[:end]}\\{text[end:]}"
    return lead + text


def _strong(text: str) -> str:
    """`text` in bold; a blank one is written as "(blank)", since "** **" alone on a line
    is a thematic break, not bold text."""
    inner = _md(text).strip()
    return f"**{inner or BLANK}**"


def to_markdown(digest: Digest) -> str:
    """The digest as Markdown."""
    from storyweave.render import headline

    number = citation_numbers(digest)
    articles = {a.id: a for a in digest.articles}
    cite = lambda ids: "".join(f"[{n}]" for n in cited(ids, number))  # noqa: E731
    out = [f"# {_md(headline(digest))}", "", f"_{_md(coverage(digest))}_", "", "## Summary",
           ""]
    out += [f"{_md(s.text)} {cite(s.sources)}" for s in digest.summary] or ["(no summary)"]
    if digest.disagreements:
        out += ["", "## Where the sources disagree", ""]
        for d in digest.disagreements:
            out.append(f"- {_strong(d.about)} ({KIND_LABELS.get(d.kind, d.kind)})")
            for value, claims in sides(d):
                n = outlets(claims, articles)
                out.append(f"  - {_md(value)} ({n} {'source' if n == 1 else 'sources'})")
                # The citation after the quote: "[1]: ..." opening an item would read as a
                # link definition where an outlet's name is blank.
                out += [f"    - {_md(outlet(articles[c.article]))}: “{_md(c.quote)}” "
                        f"{cite([c.article])}" for c in claims[:QUOTES_PER_SIDE]]
                if n > QUOTES_PER_SIDE:
                    out.append("    - also " + ", ".join(
                        f"{_md(outlet(articles[c.article]))} {cite([c.article])}"
                        for c in claims[QUOTES_PER_SIDE:]))
    if digest.facts:
        out += ["", "## What the sources agree on", ""]
        out += [f"- {_md(f.text)} {cite(f.articles)}" for f in digest.facts[:SHOWN_FACTS]]
    if digest.exclusive:
        out += ["", "## Reported by one outlet only", ""]
        out += [f"- {_md(f.text)} ({_md(outlet(articles[f.articles[0]]))}) {cite(f.articles)}"
                for f in digest.exclusive[:SHOWN_EXCLUSIVE]]
    if digest.quotes:
        out += ["", "## Quotes", ""]
        for speaker, quotes in quotes_by_speaker(digest.quotes)[:SHOWN_SPEAKERS]:
            out.append(f"- {_strong(speaker)}")
            out += [f"  - “{_md(said[0].quote)}” {cite([q.article for q in said])}"
                    for said in quotes[:QUOTES_PER_SPEAKER]]
    if digest.timeline or digest.undated:
        out += ["", "## Timeline", ""]
        out += [f"- {t.date}{_md(as_written(t))}: {_md(t.text)} {cite(t.articles)}"
                for t in digest.timeline[:SHOWN_EVENTS]]
        undated = [f"{_md(outlet(articles[i]))} {cite([i])}" for i in digest.undated
                   if i in articles]
        if undated:
            out += ["", f"{UNDATED_NOTE}: {', '.join(undated)}"]
    for label, title in ENTITY_SECTIONS:
        names = [e for e in digest.entities if e.label == label][:SHOWN_ENTITIES]
        if names:
            out += ["", f"## {title}", "",
                    ", ".join(f"{_md(e.text)} {cite(e.articles)}" for e in names)]
    out += ["", "## Sources", ""]
    for article in digest.articles:
        when = article.published or "undated"
        title = article.title or "(untitled)"
        url = link_url(article.url)
        out.append(f"{number[article.id]}. {_md(title)}, {_md(outlet(article))}, {_md(when)} "
                   f"({_code(article.id)})" + (f" <{url}>" if url else ""))
    return "\n".join(out) + "\n"
