"""The records that move between stages: plain dataclasses, no behaviour beyond conversions.

Every stage takes and returns these; offsets (`start`, `end`) always index the cleaned
`Article.text`, so any output can be checked against its evidence.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    """One news article: `text` is raw after ingest and the story body after clean."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    url: str | None = None
    format: str = "txt"
    path: str | None = None
    dateline: str | None = None  # "OSLO, Norway": metadata, never summary material
    byline: str | None = None  # "X contributed to this report"
    removed: list[str] = field(default_factory=list)  # lines clean dropped, for audit
    # The id of the article this one is a wire copy or light rewrite of (stories/dedup.py):
    # it stays in its story but never counts as independent support.
    copy_of: str | None = None


@dataclass
class Story:
    """A story of the corpus: the articles about one event, as the store lists it."""

    id: str
    headline: str | None = None
    articles: list[str] = field(default_factory=list)  # ids, in publication order
    outlets: list[str] = field(default_factory=list)
    first: str | None = None  # earliest and latest publication date (ISO), None if undated
    last: str | None = None
    disagree: bool | None = None  # from the stored digest; None until digested
    stale: bool = True  # no digest, or one made before a member changed

    def to_json(self) -> dict:
        """The story as `storyweave stories --format json` writes it."""
        return {"id": self.id, "headline": self.headline, "articles": len(self.articles),
                "outlets": self.outlets, "first": self.first, "last": self.last,
                "disagree": self.disagree}


@dataclass
class Sentence:
    """A sentence of an article: `start`/`end` index the article's cleaned text."""

    article: str
    index: int
    paragraph: int
    start: int
    end: int
    text: str


@dataclass
class Entity:
    """A named entity merged across articles, with the surface forms seen."""

    text: str
    label: str
    articles: list[str]
    variants: list[str] = field(default_factory=list)


@dataclass
class Doc:
    """An article with its NLP annotations (what the `nlp` stage caches)."""

    article: Article
    sentences: list[Sentence]
    entities: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, label, text
    # spaCy's Doc of the whole text (nlp/parse.py): lemmas, tags, morphology, dependencies
    # and entity types, character offsets as in `article.text`; None when not parsed.
    parse: Any = None


@dataclass
class Evidence:
    """Where a cited article states what it is cited for: a sentence's offsets in its text."""

    article: str
    start: int
    end: int


@dataclass
class Fact:
    """Sentences of different articles that state the same content."""

    text: str  # a representative sentence
    articles: list[str]
    sentences: list[tuple[str, int]] = field(default_factory=list)  # (article id, sentence index)
    # The sentences of each cited article that state it (the aligned one, and the one stating
    # a figure it leaves out), the reader's check of every citation.
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class SummaryItem:
    """One summary sentence, taken (possibly shortened by deletion) from `article`."""

    text: str
    article: str
    start: int
    end: int
    sources: list[str]
    evidence: list[Evidence] = field(default_factory=list)  # as `Fact.evidence`


@dataclass
class Claim:
    """A value an article gives for something measurable."""

    article: str
    value: str
    quote: str
    about: str = ""
    sentence: int | None = None


@dataclass
class Disagreement:
    """Articles giving different values for one fact: a contradiction or a later update."""

    about: str
    kind: str  # "contradiction" | "update"
    claims: list[Claim]


@dataclass
class Quote:
    """A direct quotation and the speaker the article attributes it to."""

    article: str
    quote: str
    speaker: str | None
    sentence: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class TimelineEvent:
    """Something that happened on a resolved date, with the articles that say so."""

    date: str
    text: str
    articles: list[str]
    expression: str = ""
    evidence: list[Evidence] = field(default_factory=list)  # as `Fact.evidence`


@dataclass
class Problem:
    """An input that could not be used: the file and a one-line reason."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class Digest:
    """Everything `render` writes; `to_json` is the JSON contract documented in the README."""

    articles: list[Article]
    summary: list[SummaryItem] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)  # articles whose dates are unknown
    problems: list[Problem] = field(default_factory=list)
    exclusive: list[Fact] = field(default_factory=list)  # facts only one outlet reports

    def to_json(self) -> dict:
        """The JSON contract: field names here are public and never renamed."""
        return {
            "articles": [
                {k: getattr(a, k) for k in ARTICLE_KEYS} for a in self.articles
            ],
            "summary": [asdict(s) for s in self.summary],
            "entities": [asdict(e) for e in self.entities],
            "facts": [{"text": f.text, "articles": f.articles,
                       "evidence": [asdict(e) for e in f.evidence]} for f in self.facts],
            "disagreements": [
                {"about": d.about, "kind": d.kind,
                 "claims": [{"article": c.article, "value": c.value, "quote": c.quote}
                            for c in d.claims]}
                for d in self.disagreements
            ],
            "quotes": [{"article": q.article, "quote": q.quote, "speaker": q.speaker,
                        "start": q.start, "end": q.end} for q in self.quotes],
            "timeline": [asdict(t) for t in self.timeline],
            "undated": self.undated,
            "exclusive": [{"text": f.text, "article": f.articles[0]} for f in self.exclusive],
        }

    @classmethod
    def from_json(cls, data: dict) -> Digest:
        """A digest read back from its JSON contract (what the store and the API hold)."""
        articles = [Article(id=a["id"], text=a["text"], title=a.get("title"),
                            source=a.get("source"), published=a.get("published"),
                            url=a.get("url"), dateline=a.get("dateline"),
                            byline=a.get("byline"), copy_of=a.get("copy_of"))
                    for a in data["articles"]]
        return cls(
            articles=articles,
            summary=[SummaryItem(**{**s, "evidence": _evidence(s)})
                     for s in data.get("summary", [])],
            entities=[Entity(**e) for e in data.get("entities", [])],
            facts=[Fact(f["text"], f["articles"], evidence=_evidence(f))
                   for f in data.get("facts", [])],
            disagreements=[Disagreement(d["about"], d["kind"], [
                Claim(c["article"], c["value"], c["quote"]) for c in d["claims"]])
                for d in data.get("disagreements", [])],
            quotes=[Quote(q["article"], q["quote"], q["speaker"], start=q.get("start"),
                          end=q.get("end")) for q in data.get("quotes", [])],
            timeline=[TimelineEvent(**{**t, "evidence": _evidence(t)})
                      for t in data.get("timeline", [])],
            undated=list(data.get("undated", [])),
            exclusive=[Fact(x["text"], [x["article"]]) for x in data.get("exclusive", [])])


def _evidence(item: dict) -> list[Evidence]:
    """An item's evidence as records (digests stored before it was written have none)."""
    return [Evidence(**e) for e in item.get("evidence", [])]


ARTICLE_KEYS = ("id", "title", "source", "published", "url", "text", "dateline", "byline",
                "copy_of")
