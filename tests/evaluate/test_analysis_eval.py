"""`storyweave evaluate analysis` end to end on the seed cluster, in a shared/-like folder."""
import json
import shutil
from pathlib import Path

import pytest

from storyweave.cli import main
from storyweave.evaluate.analysis import FIGURES, family, report
from tests.paths import EVAL, SEEDS


@pytest.fixture(scope="module")
def labels(tmp_path_factory):
    """shared/eval/labels/seed.json beside the real scorer, the seeds at shared/seeds
    (linked, never copied into the repo)."""
    shared = tmp_path_factory.mktemp("shared")
    folder = shared / "eval" / "labels"
    folder.mkdir(parents=True)
    shutil.copy(EVAL / "disagreements_dev" / "seed.json", folder / "seed.json")
    (shared / "eval" / "score_analysis.py").symlink_to(EVAL / "score_analysis.py")
    (shared / "seeds").symlink_to(SEEDS)
    return folder


@pytest.fixture(scope="module")
def run(labels, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "analysis.json"
    assert main(["evaluate", "analysis", "--data", str(labels), "--out", str(out)]) == 0
    return out, json.loads(out.read_text())


def test_figures_are_the_scorers(run):
    _, figures = run
    assert set(FIGURES) <= set(figures)
    assert figures["disagreement_precision"] == figures["disagreement_recall"] == 1.0
    assert figures["kind_accuracy"] == 1.0
    assert figures["quote_recall"] > 0.5 and figures["speaker_accuracy"] > 0.5
    assert figures["counts"]["gold"] == 1 and figures["clusters"] == 1


def test_timings_and_digests_are_written(run):
    _, figures = run
    seconds = figures["seconds"]
    assert seconds["analysis_per_cluster"] > 0
    assert seconds["end_to_end_per_cluster"] >= seconds["analysis_per_cluster"]
    assert {"align", "disagreements", "quotes", "timeline"} <= set(seconds["stages_per_cluster"])
    digest = json.loads((Path(figures["digests"]) / "seed.json").read_text())
    assert {"disagreements", "quotes", "timeline", "facts", "exclusive", "undated"} <= set(digest)
    assert len(digest["articles"]) == 3


def test_the_family_is_the_whole_set_here(run):
    _, figures = run
    assert list(figures["families"]) == ["seeds + duc2004"]
    alone = figures["families"]["seeds + duc2004"]
    assert {key: alone[key] for key in FIGURES} == {key: figures[key] for key in FIGURES}
    assert alone["clusters"] == 1
    assert alone["seconds"]["end_to_end_per_10_articles"] > alone["seconds"][
        "end_to_end_per_cluster"]  # three articles scaled to ten
    assert figures["peak_memory_mb"] > 50  # spaCy's model alone is more
    assert "seeds + duc2004" in report(figures).splitlines()[0]


def test_families_come_from_the_input_folder():
    assert family("eval/tac2010/docs_tokenized/D1002A-A", "eval") == "tac2010"
    assert family("eval/multinews_dev/clusters/mn0", "eval") == "multinews_dev"
    assert family("eval/duc2004/docs/d30001t", "eval") == "seeds + duc2004"
    assert family("seeds", "eval") == "seeds + duc2004"
    assert family("crawls/2024/plane", "eval") == "crawls"


def test_the_dev_labels_fall_into_three_families():
    labels = sorted((EVAL / "disagreements_dev").glob("*.json"))
    names = {family(json.loads(p.read_text())["input"], "eval") for p in labels}
    assert names == {"seeds + duc2004", "tac2010", "multinews_dev"}


def test_missing_scorer_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "eval" / "labels").mkdir(parents=True)
    (tmp_path / "eval" / "labels" / "x.json").write_text("{}")
    assert main(["evaluate", "analysis", "--data", str(tmp_path / "eval" / "labels")]) == 2
    assert "score_analysis.py" in capsys.readouterr().err
