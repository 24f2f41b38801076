"""Loaders of the three evaluation formats, on the real data."""
import csv
import sys

from storyweave.evaluate.datasets import load, sumrepo_outputs
from tests.paths import EVAL


def opens_like(reference: str, model) -> bool:
    """The reference starts with the words of the model file (read at run time)."""
    words = reference.split()[:6]
    return len(words) == 6 and model.read_text(errors="replace").split()[:6] == words


def test_duc2004_clusters_pair_docs_with_models():
    clusters = load("duc2004", EVAL / "duc2004", limit=2)
    assert [c.id for c in clusters] == ["d30001t", "d30002t"]
    first = clusters[0]
    assert len(first.articles) == 10 and first.problems == []
    assert first.articles[0].id == "APW19981016.0240" and first.articles[0].format == "sgml"
    assert len(first.references) == 4  # d30001.m.100.t.{a..d}: no trailing "t"
    assert opens_like(first.references[0],
                      sorted((EVAL / "duc2004/models").glob("d30001.m.100.t.*"))[0])
    assert all("\n\n" not in r for r in first.references)  # a sentence a line


def test_duc2004_sumrepo_outputs():
    clusters = load("duc2004", EVAL / "duc2004", limit=1)
    outputs = sumrepo_outputs(EVAL / "duc2004", clusters)
    assert len(outputs) == 13 and {"ICSISumm", "DPP", "Lead", "LexRank"} <= set(outputs)
    assert set(outputs["ICSISumm"]) == {"d30001t"}


def test_tac2010_docset_pairs_with_model_names():
    clusters = load("tac2010", EVAL / "tac2010")
    assert len(clusters) == 46
    first = clusters[0]
    assert first.id == "D1001A-A" and len(first.articles) == 10 and len(first.references) == 4
    assert opens_like(first.references[0],
                      sorted((EVAL / "tac2010/models").glob("D1001-A.*"))[0])
    small = {c.id: len(c.articles) for c in clusters}
    assert small["D1008B-A"] == 4 and small["D1031F-A"] == 8
    assert all(len(c.references) == 4 for c in clusters)


def test_multinews_rows_become_clusters():
    clusters = load("multinews", EVAL / "multinews_dev", limit=2)
    assert [c.id for c in clusters] == ["multinews-0000", "multinews-0001"]
    first = clusters[0]
    assert len(first.articles) == 3 and first.articles[1].text.strip()
    assert len(first.references) == 1
    csv.field_size_limit(sys.maxsize)
    with (EVAL / "multinews_dev/multinews_dev.csv").open(encoding="utf-8", newline="") as rows:
        summary = next(csv.DictReader(rows))["summary"].strip()
    # The row's summary opens with a dash; the reference is the rest of it.
    assert summary[0] in "–—-" and first.references[0][0].isalnum()
    assert summary.endswith(first.references[0])
