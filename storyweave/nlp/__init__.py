"""NLP: sentences, the parse (tokens, entities) and embeddings of cleaned articles, cached.

Sentences are recomputed (about 1 ms an article); the parse and sentence embeddings, the
slow parts, are cached in the `Store` under a hash of the text and the model's name, so
each text is processed once whatever the number of digests it appears in.
"""
from __future__ import annotations

from collections.abc import Callable

import hashlib
import numpy as np

from storyweave.nlp import parse as parser
from storyweave.nlp.embed import Encoder, default_encoder
from storyweave.nlp.sentences import split_sentences
from storyweave.records import Article, Doc
from storyweave.store import Store


def text_key(text: str) -> str:
    """Cache key of a text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def annotate(articles: list[Article], store: Store | None = None,
             parse: bool = True) -> list[Doc]:
    """Split every article into sentences and, with `parse`, parse it (tokens, entities)."""
    docs = [Doc(a, split_sentences(a.id, a.text)) for a in articles]
    if parse:
        kind = f"parse:{parser.model_name()}"
        missing = []
        for doc in docs:
            cached = store.get(kind, text_key(doc.article.text)) if store else None
            if cached is None:
                missing.append(doc)
            else:
                doc.parse = parser.from_bytes(cached)
        for doc, parsed in zip(missing, parser.parse([d.article.text for d in missing])):
            doc.parse = parsed
            if store:
                store.put(kind, text_key(doc.article.text), parser.to_bytes(parsed))
        for doc in docs:
            doc.entities = parser.entities(doc.parse)
    return docs


def cached_encoder(store: Store | None, encoder: Encoder | None = None
                   ) -> Callable[[list[str]], np.ndarray]:
    """A function embedding texts with `encoder`, each vector cached in `store` by its text."""
    encoder = encoder or default_encoder()
    kind = f"sentence-embedding:{encoder.name}"

    def encode(texts: list[str]) -> np.ndarray:
        cached = [store.get(kind, text_key(t)) if store else None for t in texts]
        missing = [t for t, c in zip(texts, cached) if c is None]
        fresh = iter(encoder.encode(missing).astype(np.float32) if missing else [])
        rows = []
        for text, blob in zip(texts, cached):
            if blob is None:
                row = next(fresh)
                if store:
                    store.put(kind, text_key(text), row.tobytes())
            else:
                row = np.frombuffer(blob, dtype=np.float32)
            rows.append(row)
        return np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)
    return encode
