"""NLP: sentences, entities and embeddings of cleaned articles, cached by text.

Sentences are recomputed (about 1 ms an article); entities and embeddings, the slow parts,
are cached in the `Store` under a hash of the text and the model's name, so each article
is processed once whatever the number of digests it appears in.
"""
from __future__ import annotations

import hashlib
import json

import numpy as np

from storyweave.nlp import entities as ner
from storyweave.nlp.embed import Encoder, default_encoder
from storyweave.nlp.sentences import split_sentences
from storyweave.records import Article, Doc
from storyweave.store import Store


def text_key(text: str) -> str:
    """Cache key of a text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def annotate(articles: list[Article], store: Store | None = None,
             entities: bool = True) -> list[Doc]:
    """Split every article into sentences and find its named entities."""
    docs = [Doc(a, split_sentences(a.id, a.text)) for a in articles]
    if entities:
        kind = f"entities:{ner.model_name()}"
        missing = []
        for doc in docs:
            cached = store.get(kind, text_key(doc.article.text)) if store else None
            if cached is None:
                missing.append(doc)
            else:
                doc.entities = [tuple(e) for e in json.loads(cached)]
        found_all = ner.extract_entities([d.article.text for d in missing]) if missing else []
        for doc, found in zip(missing, found_all):
            doc.entities = found
            if store:
                store.put(kind, text_key(doc.article.text), json.dumps(found).encode())
    return docs


def embed(docs: list[Doc], store: Store | None = None,
          encoder: Encoder | None = None) -> dict[str, np.ndarray]:
    """Unit sentence vectors per article id (rows follow `doc.sentences`)."""
    encoder = encoder or default_encoder()
    kind = f"embeddings:{encoder.name}"
    result: dict[str, np.ndarray] = {}
    missing = []
    for doc in docs:
        key = text_key(doc.article.text)
        cached = store.get(kind, key) if store else None
        if cached is not None:
            vectors = np.frombuffer(cached, dtype=np.float32)
            if vectors.size % max(len(doc.sentences), 1) == 0 and doc.sentences:
                result[doc.article.id] = vectors.reshape(len(doc.sentences), -1)
                continue
        missing.append(doc)
    texts = [s.text for doc in missing for s in doc.sentences]
    vectors = encoder.encode(texts).astype(np.float32) if texts else None
    offset = 0
    for doc in missing:
        rows = vectors[offset:offset + len(doc.sentences)] if vectors is not None else \
            np.zeros((0, 1), dtype=np.float32)
        offset += len(doc.sentences)
        result[doc.article.id] = rows
        if store and len(rows):
            store.put(kind, text_key(doc.article.text), rows.tobytes())
    return result
