"""The packaged MiniLM encoder: offline, unit vectors, paraphrases closer than topics."""
import numpy as np

from storyweave.nlp import cached_encoder
from storyweave.nlp.embed import default_encoder
from storyweave.store import Store


def test_paraphrase_closer_than_related_sentence():
    vectors = default_encoder().encode([
        "The poacher was shot at least three times during his escape.",
        "Park rangers shot him at least three times as he fled.",
        "Relations between the park authority and the farmers remain tense.",
    ])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_embeddings_cached_by_text():
    store = Store(":memory:")
    texts = ["One sentence here.", "And another one there."]
    first = cached_encoder(store)(texts)
    calls = []

    class Counting:
        name = default_encoder().name

        def encode(self, texts):
            calls.append(texts)
            return default_encoder().encode(texts)

    again = cached_encoder(store, Counting())(texts[::-1] + ["A new one."])
    assert calls == [["A new one."]]
    assert np.array_equal(first[::-1], again[:2]) and again.shape == (3, 384)


TEXTS = ["Flood waters rose over the river banks on Sunday night.",
         "The council voted to close the old bridge.", "Rain.",
         "A long lead that runs on and on " * 30 + "until the encoder cuts it.",
         "Hospital staff in the northern city went on strike on Tuesday over pay, the third "
         "walkout this year, and the health minister called the union's demands unaffordable."]
