"""`storyweave evaluate clustering`: the stream, the scores, the command on real clusters."""
import json

import pytest

from storyweave.cli import main
from storyweave.errors import UsageError
from storyweave.evaluate.clustering import bcubed, load_stream, score
from tests.paths import EVAL, EXAMPLES

KEYS = ["articles", "gold_stories", "predicted_stories", "bcubed_p", "bcubed_r", "bcubed_f1",
        "ari", "articles_per_second"]


def test_bcubed_by_hand():
    gold = {"a": "x", "b": "x", "c": "y"}
    assert bcubed(gold, {"a": 1, "b": 1, "c": 2}) == (1.0, 1.0, 1.0)
    # Everything in one story: precision (2/3 + 2/3 + 1/3) / 3, recall 1.
    p, r, f = bcubed(gold, {"a": 1, "b": 1, "c": 1})
    assert (round(p, 4), r) == (0.5556, 1.0) and f == pytest.approx(2 * p / (p + 1))
    figures = score(gold, {"a": 1, "b": 2, "c": 3}, 2.0)
    assert list(figures) == KEYS and figures["predicted_stories"] == 3
    assert figures["bcubed_p"] == 1.0 and figures["articles_per_second"] == 1.5


def test_the_issue_streams_in_publication_order():
    articles, gold = load_stream([EVAL / "duc2004/docs", EVAL / "tac2010/docs_tokenized"])
    assert (len(articles), len(set(gold.values()))) == (952, 96)
    dates = [a.published for a in articles if a.published]
    assert dates == sorted(dates)
    undated = [a.id for a in articles[len(dates):]]
    assert all(a.published is None for a in articles[len(dates):]) and undated == sorted(undated)
    articles, gold = load_stream([EVAL / "basil/articles.jsonl"])
    assert (len(articles), len(set(gold.values()))) == (300, 100)


def test_a_path_without_gold_stories_is_a_usage_error():
    with pytest.raises(UsageError, match="neither a folder of cluster folders"):
        load_stream([EXAMPLES / "feed.jsonl"])


def test_the_command_on_two_duc_topics_and_the_demo_event(tmp_path):
    topics = tmp_path / "topics"
    topics.mkdir()
    for name in ("d30001t", "d30002t"):
        (topics / name).symlink_to(EVAL / "duc2004/docs" / name)
    demo = tmp_path / "demo.jsonl"
    lines = (EXAMPLES / "feed.jsonl").read_text().splitlines()
    demo.write_text("".join(json.dumps({**json.loads(line), "story": "ferry"}) + "\n"
                            for line in lines))
    out = tmp_path / "clustering.json"
    assert main(["evaluate", "clustering", "--data", str(topics), str(demo),
                 "--out", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert list(figures) == KEYS
    assert (figures["articles"], figures["gold_stories"]) == (22, 3)
    # Two topics months apart and an invented event: nothing of one topic joins another.
    assert figures["bcubed_p"] == 1.0
    assert figures["bcubed_r"] > 0.5
