"""The bulk encoder's candidates: speed, fidelity and what they do to story clustering.

Each candidate embeds the titles and leads of the DUC 2004 + TAC 2010 dev articles (952,
cleaned as ingest cleans them) in one process on one thread, ROUNDS times, the candidates
taking turns a slice of the leads at a time: leads per CPU-second, and the
mean and least cosine of its vectors to the float32 PyTorch pass at 96 word pieces (the
bulk encoder before int8). Then story clustering with its vectors, as `storyweave evaluate
clustering` runs it, on the DUC 2004 + TAC 2010 mixed stream (also per source family) and
on BASIL: B-cubed F1. A candidate may cost at most MAX_F1_DROP of F1 on either stream.
Writes bench/encoder.json and prints a Markdown section for bench/RESULTS.md (`--report`:
the section of the last run). About 12 minutes on 2 cores. Usage:
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
# Passes over the leads, the candidates taking turns a slice of the leads (TURNS slices) at
# a time, so that the shared machine's load falls on all of them alike: with turns of a
# whole pass, minutes apart, int8 ONNX Runtime ran 1.25 times Int8MiniLM's leads per
# CPU-second in one run and 1.35-1.49 times in four rounds of turns a pass each just after.
# A slice of 119 leads still fills Int8MiniLM's batches of equal length.
ROUNDS = 2
TURNS = 8


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


def speeds(encoders: dict[str, object], leads: list[str]) -> tuple[dict, dict]:
    """Leads per CPU-second of each encoder over ROUNDS passes, the encoders taking turns
    one of TURNS slices of the leads at a time; and each one's vectors."""
    cpu = dict.fromkeys(encoders, 0.0)
    for encoder in encoders.values():
        encoder.encode(["Loaded before the clock starts."])
    size = -(-len(leads) // TURNS)
    for _ in range(ROUNDS):
        parts = {name: [] for name in encoders}
        for first in range(0, len(leads), size):
            for name, encoder in encoders.items():
                start = time.process_time()
                parts[name].append(encoder.encode(leads[first:first + size]))
                cpu[name] += time.process_time() - start
    return ({name: round(ROUNDS * len(leads) / seconds, 1) for name, seconds in cpu.items()},
            {name: np.vstack(found) for name, found in parts.items()})


def measure(encoder, leads: list[str], vectors: np.ndarray, reference: np.ndarray) -> dict:
    """Fidelity of the leads' vectors, then clustering F1 with them."""
    memo = MemoEncoder(encoder)
    memo.memo.update(zip(leads, vectors))
    cosines = np.sum(vectors * reference, axis=1)
    found = {"mean_cosine": round(float(cosines.mean()), 4),
             "min_cosine": round(float(cosines.min()), 4)}
    for name, paths in STREAMS.items():
        articles, gold = load_stream([ROOT / p for p in paths])
        predicted, _ = cluster_stream(articles, memo)
        found[name] = score(gold, predicted, 0)["bcubed_f1"]
        if len(paths) > 1:
            for family, prefix in FAMILIES.items():
                part = {i: g for i, g in gold.items() if g.startswith(prefix)}
                found[family] = score(part, predicted, 0)["bcubed_f1"]
    return found


def markdown(report: dict) -> str:
    """The RESULTS.md section."""
    runs = report["candidates"]
    base = next(iter(runs.values()))
    streams = list(STREAMS) + list(FAMILIES)
    lines = ["| encoder | leads per CPU-s | cosine to float32 (mean / least) | "
             + " | ".join(f"B-cubed F1 {s}" for s in streams) + " |",
             "| --- | ---: | --- | " + " | ".join("---:" for _ in streams) + " |"]
    for name, r in runs.items():
        cosine = f"{r['mean_cosine']:.4f} / {r['min_cosine']:.4f}" if r is not base else "-"
        lines.append(f"| {name} | {r['leads_per_cpu_second']:.1f} | {cosine} | " + " | ".join(
            f"{r[s]:.3f} ({r[s] - base[s]:+.3f})" for s in streams) + " |")
    lines += ["", f"{report['leads']} leads; one thread; speed: over {report['rounds']} passes, "
              f"the candidates taking turns a slice of {report['slice']} leads at a time. A "
              "candidate may cost at most "
              f"{MAX_F1_DROP} of F1 on a stream (DUC 2004 + TAC 2010, BASIL)."]
    return "\n".join(lines)


def main() -> None:
    """Measure every candidate, write bench/encoder.json, print the section."""
    if "--report" in sys.argv[1:]:
        print(markdown(json.loads(OUT.read_text())))
        return
    articles, _ = load_stream([ROOT / p for p in LEADS])
    leads = [lead(clean_article(a)) for a in articles]
    encoders = candidates()
    speed, vectors = speeds(encoders, leads)
    reference = next(iter(vectors.values()))
    report = {"leads": len(leads), "rounds": ROUNDS, "slice": -(-len(leads) // TURNS),
              "candidates": {}}
    for name, encoder in encoders.items():
        print(name, file=sys.stderr, flush=True)
        report["candidates"][name] = {"leads_per_cpu_second": speed[name],
                                      **measure(encoder, leads, vectors[name], reference)}
        OUT.write_text(json.dumps(report, indent=2) + "\n")
    print(markdown(report))


if __name__ == "__main__":
    main()
