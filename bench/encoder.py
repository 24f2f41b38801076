"""The bulk encoder's candidates: speed, fidelity and what they do to story clustering.

Each candidate embeds the titles and leads of the DUC 2004 + TAC 2010 dev articles (952,
cleaned as ingest cleans them) in one process on one thread: leads per CPU-second, and the
mean and least cosine of its vectors to the float32 PyTorch pass at 96 word pieces (the
bulk encoder before int8). Then story clustering with its vectors, as `storyweave evaluate
clustering` runs it, on the DUC 2004 + TAC 2010 mixed stream (also per source family) and
on BASIL: B-cubed F1. A candidate may cost at most MAX_F1_DROP of F1 on either stream.
Writes bench/encoder.json and prints a Markdown section for bench/RESULTS.md (`--report`:
the section of the last run). About 6 minutes on 2 cores. Usage:
    python bench/encoder.py [--report]
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from clustering import DATA, FAMILIES, ROOT, STREAMS, MemoEncoder

from storyweave.clean import clean_article
from storyweave.evaluate.clustering import cluster_stream, load_stream, score
from storyweave.nlp.embed import Int8MiniLM, MiniLM, TorchMiniLM
from storyweave.nlp.onnx_minilm import OnnxMiniLM, graph
from storyweave.stories.features import lead

OUT = ROOT / "bench" / "encoder.json"
LEADS = [DATA / "duc2004/docs", DATA / "tac2010/docs_tokenized"]
# B-cubed F1 a faster encoder may cost on a stream (the brief of issue 14's encoder work).
MAX_F1_DROP = 0.005


class FloatOnnxMiniLM(OnnxMiniLM):
    """OnnxMiniLM's graph before quantization (written to a temporary file)."""

    def _load(self) -> None:
        with tempfile.TemporaryDirectory() as folder:  # read once, when the session starts
            self.folder = Path(folder)
            super()._load()

    def model(self) -> Path:
        import onnx

        weights = MiniLM()
        weights._load()
        onnx.save(graph(weights.weights), self.folder / "minilm-float32.onnx")
        return self.folder / "minilm-float32.onnx"


def candidates() -> dict[str, object]:
    """Name -> a fresh encoder; the first is the reference."""
    shorter = {}
    for name, kind in (("float32, 64 word pieces", TorchMiniLM),
                       ("int8, 64 word pieces", Int8MiniLM)):
        shorter[name] = kind(1)
        shorter[name].MAX_TOKENS = 64  # read when the encoder loads
    return {"float32 (TorchMiniLM)": TorchMiniLM(1), "int8 (Int8MiniLM)": Int8MiniLM(1),
            **shorter, "float32, ONNX Runtime": FloatOnnxMiniLM(1),
            "int8, ONNX Runtime (OnnxMiniLM)": OnnxMiniLM(1)}


def measure(encoder, leads: list[str], reference: np.ndarray | None) -> dict:
    """Speed and fidelity on the leads, then clustering F1 with the same vectors."""
    encoder.encode(["Loaded before the clock starts."])
    memo = MemoEncoder(encoder)
    cpu = time.process_time()
    vectors = memo.encode(leads)
    found = {"leads_per_cpu_second": round(len(leads) / (time.process_time() - cpu), 1)}
    if reference is not None:
        cosines = np.sum(vectors * reference, axis=1)
        found.update(mean_cosine=round(float(cosines.mean()), 4),
                     min_cosine=round(float(cosines.min()), 4))
    for name, paths in STREAMS.items():
        articles, gold = load_stream([ROOT / p for p in paths])
        predicted, _ = cluster_stream(articles, memo)
        found[name] = score(gold, predicted, 0)["bcubed_f1"]
        if len(paths) > 1:
            for family, prefix in FAMILIES.items():
                part = {i: g for i, g in gold.items() if g.startswith(prefix)}
                found[family] = score(part, predicted, 0)["bcubed_f1"]
    return found, vectors


def markdown(report: dict) -> str:
    """The RESULTS.md section."""
    runs = report["candidates"]
    base = next(iter(runs.values()))
    streams = list(STREAMS) + list(FAMILIES)
    lines = ["| encoder | leads per CPU-s | cosine to float32 (mean / least) | "
             + " | ".join(f"B-cubed F1 {s}" for s in streams) + " |",
             "| --- | ---: | --- | " + " | ".join("---:" for _ in streams) + " |"]
    for name, r in runs.items():
        cosine = f"{r['mean_cosine']:.4f} / {r['min_cosine']:.4f}" if "min_cosine" in r else "-"
        lines.append(f"| {name} | {r['leads_per_cpu_second']:.1f} | {cosine} | " + " | ".join(
            f"{r[s]:.3f} ({r[s] - base[s]:+.3f})" for s in streams) + " |")
    lines += ["", f"{report['leads']} leads; one thread. A candidate may cost at most "
              f"{MAX_F1_DROP} of F1 on a stream (DUC 2004 + TAC 2010, BASIL)."]
    return "\n".join(lines)


def main() -> None:
    """Measure every candidate, write bench/encoder.json, print the section."""
    if "--report" in sys.argv[1:]:
        print(markdown(json.loads(OUT.read_text())))
        return
    articles, _ = load_stream([ROOT / p for p in LEADS])
    leads = [lead(clean_article(a)) for a in articles]
    report, reference = {"leads": len(leads), "candidates": {}}, None
    for name, encoder in candidates().items():
        print(name, file=sys.stderr, flush=True)
        report["candidates"][name], vectors = measure(encoder, leads, reference)
        reference = vectors if reference is None else reference
        OUT.write_text(json.dumps(report, indent=2) + "\n")
    print(markdown(report))


if __name__ == "__main__":
    main()
