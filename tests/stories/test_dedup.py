"""Syndicated copies: the MinHash index finds a rewrite and holds a window of time only."""
import numpy as np

from storyweave.stories import dedup
from storyweave.stories.dedup import CopyFinder, signature

WIRE = ("The harbour authority closed the northern pier on Tuesday after a storm tore away "
        "part of its railing, and said repairs would take at least three weeks. Ferries to "
        "the islands will leave from the southern quay until then, a spokeswoman said, and "
        "fishing boats may moor at the old dock. The storm also cut power to two villages.")
REWRITE = WIRE.replace("Tuesday", "Tuesday morning").replace("three weeks", "four weeks")
OTHER = ("A local bakery won a national prize for its rye bread, beating ninety entries from "
         "across the country, and its owner plans to hire two apprentices next spring.")


def filler(n: int) -> np.ndarray:
    """The signature of a text of its own (no two alike)."""
    return signature(f"dispatch number {n} about matter {n * 7} in district {n * 13}")


def test_a_rewrite_is_found_and_another_story_is_not():
    finder = CopyFinder()
    finder.add("wire", signature(WIRE), day=700_000)
    assert finder.find(signature(REWRITE)) == "wire"
    assert finder.find(signature(OTHER)) is None


def test_an_article_leaves_the_index_past_both_bounds(monkeypatch):
    monkeypatch.setattr(dedup, "COPY_LIVE_ARTICLES", 3)
    finder = CopyFinder()
    finder.add("wire", signature(WIRE), day=700_000)
    for n in range(3):  # within the last articles: kept, whatever the dates
        finder.add(f"later-{n}", filler(n), day=700_000 + dedup.COPY_WINDOW_DAYS + 5)
    assert finder.find(signature(REWRITE)) == "wire"
    finder.add("one-more", filler(3), day=700_000 + dedup.COPY_WINDOW_DAYS + 5)
    assert finder.find(signature(REWRITE)) is None
    assert len(finder) == 4  # the newest and the three before it


def test_a_recent_article_stays_however_many_follow(monkeypatch):
    monkeypatch.setattr(dedup, "COPY_LIVE_ARTICLES", 3)
    finder = CopyFinder()
    finder.add("wire", signature(WIRE), day=700_000)
    for n in range(10):
        finder.add(f"same-week-{n}", filler(n), day=700_000 + dedup.COPY_WINDOW_DAYS)
    assert finder.find(signature(REWRITE)) == "wire"
    assert len(finder) == 11


def test_a_copy_of_a_copy_points_to_the_original():
    finder = CopyFinder()
    finder.add("wire", signature(WIRE), day=700_000)
    finder.add("rewrite", signature(REWRITE), copy_of="wire", day=700_001)
    assert finder.find(signature(REWRITE + " Officials gave no further details.")) == "wire"


def test_a_dated_rerun_long_after_is_no_copy():
    finder = CopyFinder()
    finder.add("wire", signature(WIRE), day=700_000)
    assert finder.find(signature(REWRITE), day=700_000 + dedup.COPY_WINDOW_DAYS) == "wire"
    assert finder.find(signature(REWRITE), day=700_000 + dedup.COPY_WINDOW_DAYS + 1) is None
    assert finder.find(signature(REWRITE)) == "wire"  # undated: may copy anything indexed


def test_a_signature_is_datasketchs_minhash_of_the_seed():
    """Made with the hash functions drawn once, it stays comparable with stored ones."""
    from datasketch import MinHash

    from storyweave.nlp.tokens import words

    tokens = words(WIRE)
    fresh = MinHash(num_perm=dedup.NUM_PERM, seed=dedup.SEED, scheme=dedup.SCHEME)
    fresh.update_batch({" ".join(tokens[i:i + dedup.SHINGLE]).encode("utf-8")
                        for i in range(len(tokens) - dedup.SHINGLE + 1)})
    signature(OTHER)
    assert np.array_equal(signature(WIRE), fresh.hashvalues.astype(np.uint64))
