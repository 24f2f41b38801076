"""The bulk encoder's candidates: speed, fidelity and what they do to story clustering.

Each candidate embeds the titles and leads of the DUC 2004 + TAC 2010 dev articles (952,
cleaned as ingest cleans them) on one thread: leads per CPU-second (the median of ROUNDS
passes, each in a process holding that encoder alone, the candidates taking turns), and the
mean and least cosine of its vectors to the float32 PyTorch pass at 96 word pieces (the
bulk encoder before int8). Then story clustering with its vectors, as `storyweave evaluate
clustering` runs it, on the DUC 2004 + TAC 2010 mixed stream (also per source family) and
on BASIL: B-cubed F1. A candidate may cost at most MAX_F1_DROP of F1 on either stream.
Writes bench/encoder.json and prints a Markdown section for bench/RESULTS.md (`--report`:
the section of the last run). About 15 minutes on 2 cores. Usage:
    python bench/encoder.py [--report]
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from clustering import DATA, FAMILIES, ROOT, STREAMS, MemoEncoder
from torch_minilm import Int8MiniLM, TorchMiniLM

from storyweave.clean import clean_article
from storyweave.evaluate.clustering import cluster_stream, load_stream, score
from storyweave.nlp.embed import MiniLM
from storyweave.nlp.onnx_minilm import OnnxMiniLM, graph
from storyweave.stories.features import lead

OUT = ROOT / "bench" / "encoder.json"
LEADS = [DATA / "duc2004/docs", DATA / "tac2010/docs_tokenized"]
# B-cubed F1 a faster encoder may cost on a stream (the brief of issue 14's encoder work).
MAX_F1_DROP = 0.005
# Timed passes a candidate, each in a fresh process holding that encoder alone (as an ingest
# worker does), the candidates taking turns so that the shared machine's load falls on all
# alike; its speed is the median. Timed in one process with all six loaded, Int8MiniLM ran
# 94 leads per CPU-second, and 72-90 alone in processes where int8 ONNX Runtime ran 118-120.
ROUNDS = 3


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


def speed(name: str, leads: Path) -> float:
    """Leads per CPU-second of candidate `name` on the leads in a JSON file, timed in this
    process once the encoder is loaded."""
    encoder, texts = candidates()[name], json.loads(leads.read_text())
    encoder.encode(["Loaded before the clock starts."])
    cpu = time.process_time()
    encoder.encode(texts)
    return len(texts) / (time.process_time() - cpu)


def speeds(names: list[str], leads: list[str]) -> dict[str, float]:
    """Each candidate's median leads per CPU-second over ROUNDS processes of its own, the
    candidates taking turns."""
    passes = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as folder:
        texts = Path(folder) / "leads.json"
        texts.write_text(json.dumps(leads))
        for _ in range(ROUNDS):
            for name in names:
                done = subprocess.run([sys.executable, __file__, "--speed", name, str(texts)],
                                      capture_output=True, text=True, check=True)
                passes[name].append(float(done.stdout.split()[-1]))
    return {name: round(float(np.median(p)), 1) for name, p in passes.items()}


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
    lines += ["", f"{report['leads']} leads; one thread; speed: the median of "
              f"{report['rounds']} passes, each in a process holding that encoder alone, the "
              "candidates taking turns. A candidate may cost at most "
              f"{MAX_F1_DROP} of F1 on a stream (DUC 2004 + TAC 2010, BASIL)."]
    return "\n".join(lines)


def main() -> None:
    """Measure every candidate, write bench/encoder.json, print the section."""
    if "--report" in sys.argv[1:]:
        print(markdown(json.loads(OUT.read_text())))
        return
    if sys.argv[1:2] == ["--speed"]:  # one candidate's timed pass, in a process of its own
        print(speed(sys.argv[2], Path(sys.argv[3])))
        return
    articles, _ = load_stream([ROOT / p for p in LEADS])
    leads = [lead(clean_article(a)) for a in articles]
    encoders = candidates()
    found = speeds(list(encoders), leads)
    report, reference = {"leads": len(leads), "rounds": ROUNDS, "candidates": {}}, None
    for name, encoder in encoders.items():
        print(name, file=sys.stderr, flush=True)
        vectors = encoder.encode(leads)
        reference = vectors if reference is None else reference
        report["candidates"][name] = {"leads_per_cpu_second": found[name],
                                      **measure(encoder, leads, vectors, reference)}
        OUT.write_text(json.dumps(report, indent=2) + "\n")
    print(markdown(report))


if __name__ == "__main__":
    main()
