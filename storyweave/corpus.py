"""Corpus mode: articles stream into the store, are cleaned, checked for copies and put into
stories; a story is digested from the store when asked, and the digest kept until one of
its articles changes (or the code that makes digests does).

Articles are taken in batches, each one transaction: an interrupted ingest keeps every
batch it committed, and running it again skips what is stored (same id, same text).
"""
from __future__ import annotations

import ctypes
import hashlib
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

from storyweave.clean import clean_article
from storyweave.errors import E_NO_STORY, E_NO_TEXT, InputError
from storyweave.ingest import iter_files
from storyweave.records import Article, Digest, Problem
from storyweave.stories.cluster import Clusterer
from storyweave.stories.dedup import COPY_LIVE_ARTICLES, COPY_WINDOW_DAYS, CopyFinder
from storyweave.stories.features import Features, day, extract, lead
from storyweave.store import Store

# Articles per transaction: the encoder's batch is 32, and a commit every 64 articles costs
# under 1% of the ingest while an interruption loses at most a second's work.
BATCH = 64


@dataclass
class IngestReport:
    """What an ingest did: article counts by outcome, and the inputs it could not use."""

    read: int = 0
    new: int = 0
    same: int = 0
    changed: int = 0
    copies: int = 0
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.read} articles read: {self.new} new ({self.copies} copies), "
                f"{self.changed} changed, {self.same} already stored; "
                f"{len(self.problems)} problems")


def content_hash(article: Article) -> str:
    """What decides that a stored article changed: its raw text, title and date."""
    key = "\0".join((article.text, article.title or "", article.published or ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def prepare(raws: list[tuple[Article, str]], encoder=None
            ) -> tuple[list[tuple[str, str, Article]], list[Features], list[Problem]]:
    """The part of ingest that needs no store, run in worker processes: raw articles (each
    with its content hash) cleaned, as (raw text, hash, cleaned article), their story
    features, and the problems of those with no text left. `encoder` None is this
    process's `bulk_encoder`."""
    if encoder is None:
        from storyweave.nlp.onnx_minilm import bulk_encoder

        encoder = bulk_encoder()
    todo, problems = [], []
    for raw, digest_hash in raws:
        cleaned = clean_article(raw)
        if not cleaned.text.strip():
            problems.append(Problem(
                raw.path or raw.id, E_NO_TEXT.format(detail="nothing left after cleaning")))
            continue
        todo.append((raw.text, digest_hash, cleaned))
    return todo, extract([c for _, _, c in todo], encoder), problems


PR_SET_PDEATHSIG = 1  # prctl's option: the signal a process gets when its parent ends


class Preparer:
    """`prepare` over batches of raw articles (verbs `send`, `ready`, `drain`, `close`): in
    `workers` processes, each with its own bulk encoder, or in this one with `encoder`.
    Results come back in the order sent, each with the tag it was sent with; while more
    than `workers` batches are under way, `ready` waits for the oldest, so memory stays a
    few batches. Ingest and `storyweave scale run`'s local path prepare through it."""

    def __init__(self, workers: int = 1, encoder=None):
        self.workers = workers
        self.encoder = encoder
        self._pool: ProcessPoolExecutor | None = None
        # Batches sent and not yet returned: (tag, `prepare`'s result or its future).
        self._pending: deque[tuple[object, object]] = deque()

    def send(self, raws: list[tuple[Article, str]], tag: object = None) -> None:
        """Start preparing a batch (done at once when there are no worker processes)."""
        if self.workers > 1:
            if self._pool is None:
                # spawn: a forked child would inherit this process's SQLite connection
                self._pool = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"),
                                                 initializer=die_with, initargs=(os.getpid(),))
            self._pending.append((tag, self._pool.submit(prepare, raws)))
        else:
            self._pending.append((tag, prepare(raws, self.encoder)))

    def ready(self) -> Iterator[tuple[object, tuple]]:
        """(tag, prepared) of the oldest batches while more than `workers` are under way."""
        while len(self._pending) > self.workers:
            yield self._next()

    def drain(self) -> Iterator[tuple[object, tuple]]:
        """(tag, prepared) of every batch still under way, in the order sent."""
        while self._pending:
            yield self._next()

    def close(self) -> None:
        """Stop the worker processes (batches still under way are dropped)."""
        self._pending.clear()
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _next(self) -> tuple[object, tuple]:
        tag, prepared = self._pending.popleft()
        return tag, prepared.result() if isinstance(prepared, Future) else prepared


def die_with(parent: int) -> None:
    """A worker process's first step: end when `parent` ends (Linux's parent-death
    signal), so an ingest killed by any signal leaves no workers waiting on its pipe."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # no prctl here: the pool's own shutdown must do
        return
    if os.getppid() != parent:  # the parent ended before the signal was armed
        os._exit(1)


def default_workers() -> int:
    """Worker processes of a command-line ingest: one per core this process may use."""
    return len(os.sched_getaffinity(0))


class Ingest:
    """Adds articles to a store (verbs `add`, `flush`): cleaning, copies, stories.

    With `workers` above one, batches are cleaned and their features computed in that many
    processes (each with its own bulk encoder; `encoder` is then unused) while this one
    stores and clusters them in the order read: cleaning and features are nearly all of an
    ingest's CPU, and the story step needs the articles in order."""

    def __init__(self, store: Store, encoder, progress=None, workers: int = 1):
        self.store = store
        self.progress = progress
        self.report = IngestReport()
        self.clusterer = Clusterer(store)
        self.copies = CopyFinder()
        for article_id, blob, copy_of, published in store.recent_features(
                COPY_LIVE_ARTICLES, COPY_WINDOW_DAYS):
            self.copies.add(article_id, Features.minhash_of(blob), copy_of, day(published))
        self._batch: list[Article] = []
        # Batches are tagged with their count of articles read, for the progress bar.
        self._preparer = Preparer(workers, encoder)

    def add(self, articles: Iterable[Article]) -> None:
        """Queue raw articles; every BATCH of them is stored in one transaction."""
        for article in articles:
            self._batch.append(article)
            if len(self._batch) >= BATCH:
                self._send()

    def flush(self) -> None:
        """Store every queued article (one transaction per batch)."""
        try:
            self._send()
            for read, prepared in self._preparer.drain():
                self._store_batch(read, prepared)
        finally:
            self._preparer.close()

    def _send(self) -> None:
        """Prepare the queued batch (in a worker, or here), storing the batches `Preparer`
        has ready: memory stays a few batches."""
        batch, self._batch = self._batch, []
        if not batch:
            return
        self.report.read += len(batch)
        raws = []
        for raw in batch:
            digest_hash = content_hash(raw)
            if self.store.article_hash(raw.id) == digest_hash:
                self.report.same += 1
                continue
            raws.append((raw, digest_hash))
        self._preparer.send(raws, len(batch))
        for read, prepared in self._preparer.ready():
            self._store_batch(read, prepared)

    def _store_batch(self, read: int, prepared: tuple) -> None:
        """Store a prepared batch (one transaction)."""
        todo, features, problems = prepared
        self.report.problems.extend(problems)
        with self.store.transaction():
            self.clusterer.sync()
            for (raw_text, digest_hash, article), feats in zip(todo, features):
                self._store(article, raw_text, digest_hash, feats)
            self.clusterer.save()
        if self.progress is not None:
            self.progress.update(read)

    def _store(self, article: Article, raw_text: str, digest_hash: str, feats: Features):
        stored = self.store.put_article(article, raw_text, digest_hash)
        if stored.status == "same":  # stored by another process meanwhile
            self.report.same += 1
            return
        self.store.put_features(article.id, feats.to_bytes())
        if stored.status == "changed":
            self.report.changed += 1
            return
        self.report.new += 1
        if place(self.store, self.copies, self.clusterer, article, feats):
            self.report.copies += 1


def place(store: Store, copies: CopyFinder, clusterer: Clusterer, article: Article,
          feats: Features) -> str | None:
    """Mark a newly stored article as a copy if it is one and put it into a story (its
    original's, for a copy); return the original it copies, or None. The one story step of
    ingest and of `storyweave scale run`'s reduce step."""
    original = copies.find(feats.minhash, feats.day)
    story = None
    if original:
        store.set_copy_of(article.id, original)
        story = store.story_of(original)
    copies.add(article.id, feats.minhash, original, feats.day)
    clusterer.assign(article.id, feats, headline=article.title or _first_words(article),
                     story=story)
    return original


def _first_words(article: Article, words: int = 12) -> str:
    text = lead(article).split()
    return " ".join(text[:words]) + (" ..." if len(text) > words else "")


def ingest_paths(paths: list[str], store: Store, encoder, progress=None, workers: int = 1
                 ) -> IngestReport:
    """Ingest every article under `paths` (files and folders, streamed file by file), in
    `workers` processes (see `Ingest`)."""
    ingest = Ingest(store, encoder, progress, workers)
    for articles, problems in iter_files(paths):
        ingest.report.problems.extend(problems)
        ingest.add(articles)
    ingest.flush()
    return ingest.report


def ingest_articles(store: Store, articles: list[Article], encoder=None) -> dict:
    """Ingest articles already read (the web app's POST /api/articles): how many were
    stored (new or changed), the stories they are in, the problems."""
    from storyweave.nlp.embed import default_encoder

    ingest = Ingest(store, encoder or default_encoder())
    ingest.add(articles)
    ingest.flush()
    stories = {store.resolve(store.story_of(a.id) or "") for a in articles}
    return {"stored": ingest.report.new + ingest.report.changed,
            "stories": sorted(s for s in stories if s),
            "problems": [str(p) for p in ingest.report.problems]}


def digest_story(store: Store, story_id: str, encoder=None, words: int | None = None
                 ) -> Digest:
    """The digest of a stored story (a merged id follows its redirect): the stored one
    while none of its articles changed and this code made it (`code_stamp`), else made
    again from their raw text. Digests of the default length are stored (the web app shows
    the same ones); other lengths are made."""
    from storyweave.pipeline import DEFAULT_WORDS, code_stamp, digest_articles

    sid = store.resolve(story_id)
    if sid is None:
        raise InputError(E_NO_STORY.format(id=story_id))
    words = words or DEFAULT_WORDS
    cached = store.story_digest(sid, code_stamp()) if words == DEFAULT_WORDS else None
    if cached is not None:
        return Digest.from_json(cached)
    story = store.story(sid)
    digest = digest_articles(store.articles(story.articles, raw=True), words=words,
                             store=store, encoder=encoder)
    if words == DEFAULT_WORDS:
        store.put_story_digest(sid, digest.to_json(), story.articles, code_stamp())
    return digest
