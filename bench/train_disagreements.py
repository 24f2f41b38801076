"""Fit the disagreement models of storyweave/analysis/disagreements.py on the hand-labelled
dev clusters, report them cross-validated by cluster, and write the model.

    .venv/bin/python bench/train_disagreements.py           # cross-validated figures
    .venv/bin/python bench/train_disagreements.py --write   # ... and write the model

The method is storyweave/evaluate/disagreements.py's (leave-one-cluster-out, threshold
chosen on the out-of-fold predictions); `storyweave evaluate analysis` reports the same
cross-validated figures beside the shipped model's. Figures go to
bench/disagreements.json; only coefficients are written to the package.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyweave.analysis import disagreements as dis  # noqa: E402
from storyweave.evaluate.analysis import labelled_clusters, load_scorer  # noqa: E402
from storyweave.evaluate.disagreements import Cluster, cross_validate, final_model  # noqa: E402
from storyweave.nlp import cached_encoder  # noqa: E402
from storyweave.nlp.embed import default_encoder  # noqa: E402
from storyweave.store import Store  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "disagreements_dev"
OUT = ROOT / "bench" / "disagreements.json"
CACHE = Path("/tmp/storyweave-train-disagreements.sqlite")  # parses, between runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the fitted model")
    args = parser.parse_args()
    scorer = load_scorer(DATA)
    store = Store(str(CACHE))
    encode = cached_encoder(store, default_encoder())  # as `storyweave digest` aligns
    clusters = [Cluster(label.stem, family, gold, docs, scorer, encode)
                for label, family, gold, docs in labelled_clusters(DATA, store)]
    report = cross_validate(clusters)
    model = final_model(clusters, report["threshold"])
    report["coefficients"] = dict(zip(dis.PAIR_FEATURES, model["pair"]["coefficients"]))
    OUT.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k != "sweep"}, indent=2))
    if args.write:
        dis.MODEL_FILE.write_text(json.dumps(model, indent=1) + "\n")


if __name__ == "__main__":
    main()
