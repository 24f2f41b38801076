"""The API's bodies as Pydantic models: they validate requests and write the OpenAPI spec.

The digest models restate the JSON contract of the README (`Digest.to_json`) field by field.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from storyweave.errors import E_NOT_UNICODE
from storyweave.pipeline import DEFAULT_WORDS
from storyweave.records import Article

# Articles one request may carry: the 200-article story the corpus mode must digest within
# 60 s; more would hold the digest lock for minutes.
MAX_ARTICLES = 200
# Summary length a request may ask for: Multi-News' longest reference summaries are about
# 500 words, so 1,000 covers any real use.
MAX_WORDS = 1000
MAX_ID = 200  # characters of an article id: file stems and feed ids run well under 100


class ArticleIn(BaseModel):
    """An article as a client sends it (the JSONL reader's fields)."""

    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(None, max_length=MAX_ID, description="default article-N; one "
                           "used twice is renamed id~2")
    text: str = Field(..., description="the article's text (raw: it is cleaned here); one "
                      "that leaves nothing after cleaning is named in the answer's problems")
    title: str | None = None
    source: str | None = Field(None, description="the outlet")
    published: dt.date | dt.datetime | None = Field(None, description="ISO 8601 date or "
                                                    "datetime")
    url: str | None = None

    @field_validator("id", "text", "title", "source", "url")
    @classmethod
    def _unicode(cls, value: str | None) -> str | None:
        """JSON may escape half a surrogate pair ("\\ud800"): no text, and no UTF-8 either."""
        if value is not None:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError(E_NOT_UNICODE) from None
        return value

    def record(self, number: int) -> Article:
        """The `Article` record of this body (the `number`th of its request)."""
        return Article(id=self.id or f"article-{number}", text=self.text, title=self.title,
                       source=self.source, url=self.url,
                       published=self.published.isoformat() if self.published else None,
                       format="api")


class DigestRequest(BaseModel):
    """`POST /api/digest`: the articles of one story, and the summary's length."""

    model_config = ConfigDict(extra="forbid")
    articles: list[ArticleIn] = Field(..., min_length=1, max_length=MAX_ARTICLES)
    words: int = Field(DEFAULT_WORDS, ge=1, le=MAX_WORDS)


class IngestRequest(BaseModel):
    """`POST /api/articles`: articles for the store, which sorts them into stories."""

    model_config = ConfigDict(extra="forbid")
    articles: list[ArticleIn] = Field(..., min_length=1, max_length=MAX_ARTICLES)


class Contract(BaseModel):
    """A part of the digest contract: fields are added over time, so an answer keeps those
    a newer pipeline writes even before this spec names them."""

    model_config = ConfigDict(extra="allow")


class ArticleOut(Contract):
    id: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    text: str
    dateline: str | None
    byline: str | None
    copy_of: str | None = Field(None, description="the article this one is a syndicated "
                                "copy of (listed, never analysed)")


class SummaryItemOut(Contract):
    text: str
    article: str
    start: int
    end: int
    sources: list[str]


class EntityOut(Contract):
    text: str
    label: str
    articles: list[str]
    variants: list[str]


class FactOut(Contract):
    text: str
    articles: list[str]


class ExclusiveOut(Contract):
    text: str
    article: str


class ClaimOut(Contract):
    article: str
    value: str
    quote: str


class DisagreementOut(Contract):
    about: str
    kind: Literal["contradiction", "update"]
    claims: list[ClaimOut]


class QuoteOut(Contract):
    article: str
    quote: str
    speaker: str | None
    start: int | None
    end: int | None


class TimelineOut(Contract):
    date: str
    text: str
    articles: list[str]
    expression: str


class DigestOut(Contract):
    """The digest JSON contract (README, 'JSON contract')."""

    articles: list[ArticleOut]
    summary: list[SummaryItemOut]
    entities: list[EntityOut]
    facts: list[FactOut]
    exclusive: list[ExclusiveOut]
    disagreements: list[DisagreementOut]
    quotes: list[QuoteOut]
    timeline: list[TimelineOut]
    undated: list[str]


class DigestResponse(DigestOut):
    """A digest made on request, with the inputs it could not use."""

    problems: list[str] = Field(default_factory=list, description="'id: reason' per article "
                                "left out")


class StoryOut(BaseModel):
    """A story as `GET /api/stories` lists it."""

    id: str
    headline: str | None
    articles: int
    outlets: list[str]
    first: str | None
    last: str | None
    disagree: bool | None = Field(description="its sources disagree; null until digested")


class IngestResponse(BaseModel):
    """What an ingest did: articles stored and the stories they are in."""

    stored: int
    stories: list[str]
    problems: list[str] = Field(default_factory=list)


class ErrorOut(BaseModel):
    """Every error: one line naming the reason."""

    error: str
