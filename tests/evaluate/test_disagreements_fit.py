"""Fitting the disagreement model: how a frame meets a label, how the threshold is chosen."""
import importlib.util

from storyweave.analysis.claims import read_frames
from storyweave.evaluate.disagreements import (MIN_PREDICTED, THRESHOLD_FLOOR, WHOLE, choose,
                                             states)
from storyweave.nlp import annotate
from storyweave.records import Article
from tests.paths import EVAL


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_analysis", EVAL / "score_analysis.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_label_states_a_frames_value_in_whole_words():
    doc = annotate([Article(id="a", text="The bomb wounded 24 people and killed 2 bombers.")])[0]
    frames = {f.claim.value: f for f in read_frames(doc)}
    scorer = load_scorer()
    assert states(scorer, "24", frames["24"])
    assert not states(scorer, "24", frames["2"])  # "2" is no part of "24"
    assert states(scorer, "two", frames["2"])  # the same figure in words


def sweep(*rows):
    return {t: {WHOLE: {"predicted": n, "precision": p}} for t, n, p in rows}


def test_the_threshold_is_the_lowest_precise_enough_on_enough():
    many = MIN_PREDICTED + 5
    assert choose(sweep((0.93, 40, 0.5), (0.95, many, 0.9), (0.97, many, 0.95))) == 0.95
    # a precision over fewer than MIN_PREDICTED is chance, not a choice
    assert choose(sweep((0.93, 40, 0.5), (0.99, MIN_PREDICTED - 1, 1.0))) == 0.93


def test_without_a_precise_enough_threshold_the_most_precise_is_chosen():
    many = MIN_PREDICTED + 5
    assert choose(sweep((0.93, 40, 0.5), (0.95, many, 0.7), (0.97, many, 0.7),
                        (0.99, MIN_PREDICTED - 1, 1.0))) == 0.95


def test_the_threshold_is_never_below_the_floor():
    many = MIN_PREDICTED + 5
    assert choose(sweep((0.2, many, 0.9), (0.5, many, 0.95))) == THRESHOLD_FLOOR
