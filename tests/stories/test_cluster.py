"""The clusterer's settings on real text: the demo's five reports of one event."""
import dataclasses

import pytest

from storyweave.clean import clean_article
from storyweave.ingest import read_paths
from storyweave.nlp.embed import default_encoder
from storyweave.store import Store
from storyweave.stories import cluster
from storyweave.stories.cluster import Clusterer, Settings
from storyweave.stories.features import extract
from tests.paths import EXAMPLES


@pytest.fixture(scope="module")
def reports():
    articles = sorted((clean_article(a) for a in read_paths([EXAMPLES])[0]), key=lambda a: a.id)
    return articles, extract(articles, default_encoder())


def stories(reports, settings, shift_days=0):
    """Each report's story; the features of the last `shift` days later (the others dated
    on the first report's day, so only the shift parts them)."""
    articles, features = reports
    first = next(f.day for f in features if f.day is not None)
    clusterer = Clusterer(Store(":memory:"), settings)
    found = []
    for number, (article, feats) in enumerate(zip(articles, features)):
        shift = shift_days if number == len(articles) - 1 else 0
        feats = dataclasses.replace(feats, day=first + shift)
        found.append(clusterer.assign(article.id, feats, headline=article.title))
    return found


def test_the_defaults_are_the_constants():
    assert Settings() == Settings(cluster.EMBEDDING_WEIGHT, cluster.JOIN_THRESHOLD,
                                  cluster.MERGE_THRESHOLD, cluster.WINDOW_DAYS,
                                  cluster.TIME_PENALTY, cluster.TIME_SCALE_DAYS,
                                  cluster.BACKGROUND_WEIGHT, cluster.SIZE_PENALTY,
                                  cluster.MERGE_RAMP, cluster.REFINE_EVERY)


def test_one_event_one_story_within_the_window(reports):
    assert len(set(stories(reports, Settings()))) == 1


def test_a_report_past_the_window_opens_a_story(reports):
    found = stories(reports, Settings(), shift_days=cluster.WINDOW_DAYS + 1)
    assert len(set(found[:-1])) == 1 and found[-1] not in found[:-1]
    # A wider window takes it in again (any similarity joins: only the window decides; with
    # the constants, 181 days after a story of one day, the time penalty would keep it out).
    wide = Settings(join=-1.0, window_days=cluster.WINDOW_DAYS + 10)
    assert len(set(stories(reports, wide, shift_days=cluster.WINDOW_DAYS + 1))) == 1


def test_a_join_threshold_above_any_similarity_keeps_every_report_apart(reports):
    apart = Settings(join=2.0, merge=2.0)
    assert len(set(stories(reports, apart))) == len(reports[0])


def similarity_after(reports, spread_days, gap_days, settings):
    """The last report's similarity to the story of the others when they are spread evenly
    over `spread_days` and it comes `gap_days` after the latest of them."""
    articles, features = reports
    first = next(f.day for f in features if f.day is not None)
    clusterer = Clusterer(Store(":memory:"), settings)
    step = spread_days // (len(articles) - 2)
    for number, (article, feats) in enumerate(zip(articles[:-1], features[:-1])):
        clusterer.assign(article.id, dataclasses.replace(feats, day=first + number * step))
    (story,) = clusterer.live.values()
    late = dataclasses.replace(features[-1], day=story.last + gap_days)
    (found,) = clusterer.similarities(late.vector, clusterer.weigh(late), late.day, [story])
    return found


def test_the_time_penalty_scales_with_the_days_a_story_spans(reports):
    # every report joins (threshold below any similarity): the story is the one to measure
    settings = Settings(join=-1.0, window_days=365, time_penalty=0.3, time_scale_days=60)
    gap = 45
    event = similarity_after(reports, 0, gap, settings)
    topic = similarity_after(reports, 120, gap, settings)
    # The same words and vectors; only the penalty differs: 45/60 of it after one day's
    # story, 45/180 after a story of four months.
    assert topic - event == pytest.approx(0.3 * (gap / 60 - gap / 180), abs=1e-6)
    # Past its scale the whole penalty is taken, however long the gap.
    assert similarity_after(reports, 0, 300, settings) == pytest.approx(
        similarity_after(reports, 0, 90, settings), abs=1e-6)


def test_each_similarity_stands_against_the_mean_over_the_live_stories(reports):
    """Each report its own story (nothing joins); the last report's similarities to them
    fall by the background share of their mean, and to a lone story by nothing."""
    articles, features = reports
    clusterer = Clusterer(Store(":memory:"), Settings(join=2.0, merge=2.0))
    for article, feats in zip(articles[:-1], features[:-1]):
        clusterer.assign(article.id, feats)
    stories = list(clusterer.live.values())
    late = features[-1]
    terms = clusterer.weigh(late)

    def found(background, candidates):
        clusterer.settings = Settings(background=background)
        return clusterer.similarities(late.vector, terms, late.day, candidates)

    plain = found(0.0, stories)
    assert len(plain) == len(articles) - 1 and plain.min() > 0
    assert found(0.5, stories) == pytest.approx(plain - 0.5 * plain.mean(), abs=1e-6)
    assert found(0.5, stories[:1]) == pytest.approx(plain[:1], abs=1e-6)


def test_a_story_takes_less_of_a_similarity_for_each_doubling_of_its_size(reports):
    """Four reports in one story, the fifth alone: the last report's similarity to the
    story of four falls by two penalties, to the lone one by none."""
    articles, features = reports
    clusterer = Clusterer(Store(":memory:"), Settings(join=-1.0, merge=2.0))
    for article, feats in zip(articles[:4], features[:4]):
        clusterer.assign(article.id, feats)
    clusterer.settings = Settings(join=2.0, merge=2.0)
    clusterer.assign(articles[4].id, features[4])
    stories = sorted(clusterer.live.values(), key=lambda s: -s.size)
    assert [s.size for s in stories] == [4, 1]
    late = features[-1]
    terms = clusterer.weigh(late)

    def found(size_penalty):
        clusterer.settings = Settings(background=0.0, size_penalty=size_penalty)
        return clusterer.similarities(late.vector, terms, late.day, stories)

    assert found(0.0) - found(0.05) == pytest.approx([0.1, 0.0], abs=1e-6)


def test_the_merge_bar_rises_from_the_join_threshold_with_the_smaller_storys_size():
    import numpy as np

    clusterer = Clusterer(Store(":memory:"), Settings(join=0.2, merge=0.35, merge_ramp=4))
    sizes = np.array([1, 2, 4, 8])
    assert clusterer.merge_bars(8, sizes) == pytest.approx([0.2, 0.275, 0.35, 0.35])
    assert clusterer.merge_bars(1, sizes) == pytest.approx([0.2] * 4)
    clusterer.settings = Settings(join=0.2, merge=0.35, merge_ramp=1)
    assert clusterer.merge_bars(1, sizes) == pytest.approx([0.35] * 4)


@pytest.mark.parametrize("ramp, merged", [(2, True), (1, False)])
def test_a_lone_report_merges_into_a_story_at_the_join_threshold(reports, ramp, merged):
    """Three reports make a story, the fifth opens its own (nothing joins then); when the
    fourth joins the three, their story takes the lone report if a lone article merges at
    the join threshold (here any similarity), and leaves it when every merge needs the
    merge threshold (here none)."""
    articles, features = reports
    store = Store(":memory:")
    clusterer = Clusterer(store, Settings(join=-1.0, merge=2.0))
    first = [clusterer.assign(a.id, f) for a, f in zip(articles[:3], features[:3])]
    clusterer.settings = Settings(join=2.0, merge=2.0)
    lone = clusterer.assign(articles[4].id, features[4])
    assert len(set(first)) == 1 and lone != first[0]
    clusterer.settings = Settings(join=-1.0, merge=2.0, merge_ramp=ramp)
    found = clusterer.assign(articles[3].id, features[3], story=first[0])
    assert (store.resolve(lone) == found) is merged
    assert len(clusterer.live) == (1 if merged else 2)


def test_word_cosines_to_live_stories_are_the_cosines_of_their_sums(reports):
    """On the demo reports' TF-IDF weights: each story's cosine as a plain sum over shared
    words, and the scratch lookup left as it was."""
    import math

    import numpy as np

    from storyweave.stories.features import BUCKETS, tfidf

    articles, features = reports
    clusterer = Clusterer(Store(":memory:"))
    for feats in features:
        clusterer.weigh(feats)
    weights = [tfidf(f.terms, clusterer.df, clusterer.seen) for f in features]
    states = []
    for number, terms in enumerate(weights[1:]):
        state = cluster.StoryState(f"s{number}")
        state.add(np.zeros(cluster.DIMENSIONS, np.float32), terms, None)
        states.append(state)
    article = weights[0]
    lookup = np.zeros(BUCKETS)
    found = cluster.Field(states).term_cosines(article, lookup)

    def norm(terms):
        return math.sqrt(sum(w * w for w in terms.values()))

    expected = [sum(w * s.terms.get(t, 0.0) for t, w in article.items())
                / norm(s.terms) / norm(article) for s in states]
    assert found == pytest.approx(expected, rel=1e-9)
    assert min(found) > 0
    assert not lookup.any()


def test_a_story_state_reads_back_as_written_and_from_the_json_form(reports):
    import json
    import struct

    import numpy as np

    articles, features = reports
    clusterer = Clusterer(Store(":memory:"))
    state = cluster.StoryState("s1", "Ferry strike", size=2, seen=2)
    for feats in features[:2]:
        state.add(feats.vector, clusterer.weigh(feats), feats.day)
    back = cluster.StoryState.from_bytes(state.to_bytes())
    assert (back.id, back.headline, back.size, back.first, back.last, back.seen) == (
        "s1", "Ferry strike", 2, state.first, state.last, 2)
    assert list(back.terms.items()) == list(state.terms.items()) and len(state.terms) > 10
    assert np.array_equal(back.vector, state.vector)
    # As stores written before the weights were arrays hold it.
    head = json.dumps({"id": "s1", "headline": "Ferry strike", "size": 2, "first": state.first,
                       "last": state.last, "seen": 2, "terms": state.terms}).encode("utf-8")
    old = cluster.StoryState.from_bytes(struct.pack("<I", len(head)) + head
                                        + state.vector.astype(np.float32).tobytes())
    assert old.terms == state.terms and np.array_equal(old.vector, state.vector)


@pytest.fixture(scope="module")
def other_event():
    """The first BASIL event's three reports (one event from three outlets)."""
    import json

    from storyweave.records import Article
    from tests.paths import EVAL

    records = [json.loads(line) for line in
               (EVAL / "basil" / "articles.jsonl").read_text().splitlines()]
    first = [r for r in records if r["story"] == records[0]["story"]]
    articles = [clean_article(Article(id=r["id"], text=r["text"], title=r["title"],
                                      source=r["source"], published=r["published"]))
                for r in first]
    return articles, extract(articles, default_encoder())


def test_a_refinement_moves_a_report_to_the_story_grown_since(reports, other_event):
    """The other event's first report joins the demo event's story (any similarity joins
    then); its event's next two reports, under the constants, open a story of their own.
    A refinement moves the first to them: both stories keep their ids, their centroids are
    those of their reports, and a second refinement moves nothing."""
    store = Store(":memory:")
    clusterer = Clusterer(store, Settings(join=-1.0, refine_every=0))
    day = next(f.day for f in reports[1] if f.day is not None)
    stream = [(a, dataclasses.replace(f, day=day)) for a, f in zip(*reports)]
    late = [(a, dataclasses.replace(f, day=day)) for a, f in zip(*other_event)]
    for article, _ in stream + late:
        store.put_article(article, "", "")  # membership is the store's
    demo = {clusterer.assign(a.id, f) for a, f in stream + late[:1]}
    clusterer.settings = Settings(refine_every=0)
    other = {clusterer.assign(a.id, f) for a, f in late[1:]}
    assert len(demo) == 1 and len(other) == 1 and demo != other
    assert clusterer.refine() == 1
    assert store.resolve(store.story_of(late[0][0].id)) == other.pop()
    assert {store.story_of(a.id) for a, _ in stream} == demo
    sizes = sorted(s.size for s in clusterer.live.values())
    assert sizes == [len(late), len(stream)]
    for story in clusterer.live.values():
        members = [f for a, f in stream + late if store.story_of(a.id) == story.id]
        assert story.vector == pytest.approx(sum(f.vector for f in members), abs=1e-5)
    assert clusterer.refine() == 0


def test_a_members_cosines_without_it_are_those_with_the_story_less_it(reports):
    """Leave-one-out cosines read from the story's sums equal those with `without`'s
    state, on the demo reports' embeddings and TF-IDF weights."""
    import numpy as np

    from storyweave.stories.features import BUCKETS

    articles, features = reports
    clusterer = Clusterer(Store(":memory:"), Settings(join=-1.0, refine_every=0))
    for article, feats in zip(articles, features):
        clusterer.assign(article.id, feats)
    (story,) = clusterer.live.values()
    vector, keys, weights, _ = clusterer.recent[articles[2].id]
    terms = dict(zip(keys.tolist(), weights.tolist()))
    rest = cluster.Field([story.without(vector, terms)])
    lookup = np.zeros(BUCKETS)
    assert story.embedding_cosine_without(vector) == pytest.approx(
        rest.embedding_cosines(vector[None])[0, 0], abs=1e-6)
    assert story.term_cosine_without(keys, weights, lookup) == pytest.approx(
        rest.term_cosines(terms, lookup)[0], abs=1e-9)
    assert cluster.Field([story]).term_cosine_rows([keys], [weights], lookup)[0] == \
        pytest.approx(cluster.Field([story]).term_cosines(terms, lookup), abs=1e-9)
    assert not lookup.any()
