"""Start a server: load the models, digest or open the stories, then run uvicorn."""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from fastapi import FastAPI

from storyweave.errors import E_NO_ARTICLES, UsageError
from storyweave.records import Problem
from storyweave.service.app import create_app
from storyweave.service.engine import Digester
from storyweave.service.sources import FolderSource, StoreSource
from storyweave.store import Store

TOKEN_VARIABLE = "STORYWEAVE_TOKEN"


def build_app(paths: list[str], db: str | Path, words: int, embeddings: bool = True,
              store: str | Path | None = None, warm: bool = True
              ) -> tuple[FastAPI, list[Problem]]:
    """The app serving the corpus `store` when given (the articles under `paths` ingested
    into it first; with `warm`, its stories digested in the background), else `paths`,
    each one story digested now; the models are loaded before it serves. The inputs that
    could not be used are returned, not raised."""
    digester = Digester(Store(store or db), embeddings=embeddings)
    digester.warm()
    token = os.environ.get(TOKEN_VARIABLE) or None
    if store:
        problems = []
        if paths:
            from storyweave.corpus import ingest_paths
            from storyweave.nlp.embed import default_encoder
            # Stories are found with the encoder even where digests align without it.
            problems = ingest_paths(paths, digester.store,
                                    digester.encoder or default_encoder()).problems
        source = StoreSource(digester, words)
        if warm:
            threading.Thread(target=_report_warm, args=(source,), daemon=True).start()
        return create_app(source, digester, token), problems
    source = FolderSource(paths, digester, words)
    if not source.stories():
        raise UsageError(E_NO_ARTICLES)
    return create_app(source, digester, token=token), source.problems


def _report_warm(source: StoreSource) -> None:
    for problem in source.warm():
        print(f"storyweave: story {problem}", file=sys.stderr)


def serve(app: FastAPI, host: str, port: int) -> None:
    """Run `app` until interrupted."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
