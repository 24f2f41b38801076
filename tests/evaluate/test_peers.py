"""The baselines' definitions, on real Multi-News clusters."""
from storyweave.evaluate import peers
from storyweave.evaluate.datasets import load
from tests.paths import EVAL


def _clusters():
    return load("multinews", EVAL / "multinews_dev", limit=3)


def test_lead3_is_each_articles_first_three_sentences_in_turn():
    for cluster in _clusters():
        docs = peers.prepare(cluster)
        expected = [" ".join(s.text.split()) for d in docs for s in d.sentences[:3]]
        summary = peers.lead3(10_000)(cluster)
        assert summary == list(dict.fromkeys(expected))
        raw = [s.text for d in peers.prepare(cluster, clean=False) for s in d.sentences[:3]]
        assert peers.lead3(10_000, clean=False)(cluster) == \
            list(dict.fromkeys(" ".join(s.split()) for s in raw))
        # Cut at the budget: the sentence that reaches it is the last.
        short = peers.lead3(40)(cluster)
        assert sum(len(s.split()) for s in short[:-1]) < 40 <= sum(len(s.split()) for s in short)


def test_lead_filled_takes_first_sentences_round_robin_up_to_the_budget():
    cluster = next(c for c in _clusters() if len(c.articles) > 1)
    docs = peers.prepare(cluster)
    summary = peers.lead_filled(300)(cluster)
    firsts = list(dict.fromkeys(" ".join(d.sentences[0].text.split()) for d in docs))
    assert summary[:len(firsts)] == firsts
    assert sum(len(s.split()) for s in summary) >= 300
