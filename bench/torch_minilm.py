"""The PyTorch passes of MiniLM the bulk encoder used before ONNX Runtime (float32, then
int8), kept as bench/encoder.py's reference rows: the package's encoders are the numpy
`MiniLM` (digests) and the ONNX Runtime graph (`storyweave.nlp.onnx_minilm`, bulk runs)."""
from __future__ import annotations

import numpy as np

from storyweave.nlp.embed import MiniLM


class TorchMiniLM(MiniLM):
    """The same model, word pieces and pooling, its forward pass in PyTorch: 2.3 times the
    leads per CPU-second of the numpy pass on DUC 2004 leads (bench/clustering.py), for the
    2 s of importing torch; its vectors matched the numpy pass's at cosine 0.9999 or more."""

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
