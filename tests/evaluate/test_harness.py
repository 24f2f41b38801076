"""Smoke evaluation: every system on two clusters of each dataset, through the CLI."""
import json

import pytest

from storyweave.cli import main
from tests.paths import EVAL

DATA = {"duc2004": EVAL / "duc2004", "tac2010": EVAL / "tac2010",
        "multinews": EVAL / "multinews_dev"}
PEERS = {"storyweave", "LexRank", "TextRank", "LSA", "Oracle"}


@pytest.mark.parametrize("dataset", sorted(DATA))
def test_smoke_evaluation(dataset, tmp_path, capsys):
    out = tmp_path / "result.json"
    assert main(["evaluate", dataset, "--data", str(DATA[dataset]), "--out", str(out),
                 "--limit", "2"]) == 0
    result = json.loads(out.read_text())
    assert result["dataset"] == dataset and result["clusters"] == 2
    assert result["setting"]
    systems = result["systems"]
    leads = {"Lead-3", "Lead (filled)", "Lead-3 (our cleaning)", "LexRank (our cleaning)",
             "TextRank (our cleaning)", "LSA (our cleaning)"} if dataset == "multinews" \
        else {"Lead"}
    assert PEERS | leads <= set(systems)
    if dataset == "duc2004":  # the 13 SumRepo outputs, two renamed beside our own peers
        assert {"ICSISumm", "DPP", "Lead (SumRepo)", "LexRank (SumRepo)"} <= set(systems)
        assert len(systems) == 19
    for figures in systems.values():
        assert 0 < figures["rouge2"] < figures["rouge1"] <= 100
        assert (figures["rougeL"] is None) == (dataset != "multinews")
        assert figures["seconds_per_cluster"] >= 0
    # The greedy oracle maximises ROUGE-2 against the references it sees.
    assert systems["Oracle"]["rouge2"] > max(systems[s]["rouge2"] for s in ("storyweave", "LSA"))
    printed = capsys.readouterr().out
    assert "| storyweave |" in printed and "| Oracle |" in printed
