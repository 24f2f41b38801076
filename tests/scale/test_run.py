"""`storyweave scale run`: the local path and the Ray path yield the same stories, copies and
digests on a small corpus (BASIL's first events, read from ../shared at run time, with a
wire copy, an undated article and a malformed line added), and write the three tables."""
import json

import pyarrow.parquet as pq
import pytest

from storyweave.cli import EXIT_INPUT, EXIT_USAGE, main
from storyweave.scale.run import run_local
from tests.paths import EVAL, EXAMPLES

BASIL_ARTICLES = 9  # three events, three outlets each


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    lines = (EVAL / "basil" / "articles.jsonl").read_text().splitlines()[:BASIL_ARTICLES]
    records = [json.loads(line) for line in lines]
    copy = dict(records[0], id="wire-copy", source="Wire", published=records[0]["published"],
                text=records[0]["text"].replace(" said", " says", 3))
    undated = dict(records[1], id="undated", published=None)
    batch = [json.dumps(r) for r in records[3:] + [copy, undated]] + ["{not json"]
    (folder / "a.jsonl").write_text("\n".join(json.dumps(r) for r in records[:3]) + "\n")
    (folder / "b.jsonl").write_text("\n".join(batch) + "\n")
    return [str(folder), str(EXAMPLES / "feed.jsonl")]


def tables(out):
    """The three tables as sorted lists of rows."""
    return {name: sorted(pq.read_table(out / name).to_pylist(),
                         key=lambda r: r.get("id") or r["story"])
            for name in ("articles", "stories", "digests")}


@pytest.fixture(scope="module")
def local(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    return run_local(corpus, out, words=60, workers=2), tables(out)


def test_the_local_path_finds_stories_copies_and_problems(local):
    result, found = local
    articles = {r["id"]: r for r in found["articles"]}
    assert result["articles"] == len(articles) == BASIL_ARTICLES + 2 + 2
    assert articles["wire-copy"]["copy_of"] and \
        articles["wire-copy"]["story"] == articles[articles["wire-copy"]["copy_of"]]["story"]
    assert len(result["problems"]) == 1 and "b.jsonl" in result["problems"][0]
    assert result["stories"] == len(found["stories"]) < result["articles"]
    assert sum(s["articles"] for s in found["stories"]) == result["articles"]
    assert {d["story"] for d in found["digests"]} == \
        {s["story"] for s in found["stories"] if s["articles"] >= 2}
    for row in found["digests"]:
        digest = json.loads(row["digest"])
        assert len(digest["articles"]) == row["articles"] and 0 < row["summary_words"] <= 60


def test_ray_yields_what_the_local_path_yields(corpus, local, tmp_path):
    pytest.importorskip("ray")
    from storyweave.scale.distributed import run_ray

    result, found = local
    ray_result = run_ray(corpus, tmp_path, words=60)
    assert tables(tmp_path) == found
    assert {k: ray_result[k] for k in ("articles", "stories", "copies", "digests")} == \
        {k: result[k] for k in ("articles", "stories", "copies", "digests")}
    assert ray_result["problems"] == result["problems"]
    assert ray_result["seconds"].keys() == result["seconds"].keys()


def test_the_command_writes_the_tables_and_names_bad_input(corpus, tmp_path, capsys):
    code = main(["scale", "run", *corpus, "--out", str(tmp_path), "--local", "--no-digests",
                 "--workers", "1"])
    printed = capsys.readouterr()
    assert code == EXIT_INPUT and "b.jsonl: line" in printed.err
    summary = json.loads(printed.out)
    assert summary["articles"] == BASIL_ARTICLES + 4 and summary["digests"] == 0
    assert pq.read_table(tmp_path / "stories").num_rows == summary["stories"]


def test_the_local_path_in_one_process_yields_what_its_workers_yield(corpus, local, tmp_path):
    _, found = local  # in two worker processes
    run_local(corpus, tmp_path, digests=False, workers=1)
    alone = tables(tmp_path)
    assert alone["articles"] == found["articles"] and alone["stories"] == found["stories"]
    assert alone["digests"] == []


def test_workers_go_with_the_local_path(corpus, tmp_path, capsys):
    assert main(["scale", "run", *corpus, "--out", str(tmp_path), "--workers", "2"]) == \
        EXIT_USAGE
    assert "--workers goes with --local" in capsys.readouterr().err
