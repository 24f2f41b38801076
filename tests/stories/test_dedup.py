"""Syndicated copies: the MinHash index finds a rewrite and holds a window of time only."""
import numpy as np

from storyweave.stories import dedup
from storyweave.stories.dedup import CopyFinder, signature

WIRE = ("The harbour authority closed the northern pier on Tuesday after a storm tore away "
        "part of its railing, and said repairs would take at least three weeks. Ferries to "
        "the islands will leave from the southern quay until then, a spokeswoman said, and "
        "fishing boats may moor at the old dock. The storm also cut power to two villages.")
REWRITE = WIRE.replace("Tuesday", "Tuesday morning").replace("three weeks", "four weeks")
# A longer dispatch, for the cuts a site makes: it runs the first paragraphs only.
DISPATCH = (
    "Engineers reopened the Varden tunnel to traffic on Friday, eleven days after a rockfall "
    "blocked both lanes and stranded a bus of schoolchildren for a night. The regional roads "
    "office said the slope above the southern portal had been bolted and netted, and that "
    "sensors would now warn of any movement. Lorries heavier than thirty tonnes must still "
    "take the coast road until inspectors finish checking the tunnel's lining next month. "
    "Shopkeepers in Varden said the closure had cost them a third of their autumn trade, and "
    "the council promised a fund for those who lost the most. The schoolchildren, who spent "
    "the night in the bus with two teachers and a driver, were freed by firefighters at dawn "
    "and none was hurt. An inquiry into why the slope had not been netted earlier, as a "
    "report warned six years ago, is due to publish its findings in the spring. Until then "
    "the tunnel will close every night from midnight to five for further work on the lining.")
QUOTE = ('"We will not reopen the road until every metre of that slope is safe," the head of '
         'the roads office, Mira Holt, told reporters.')
# Two outlets' own reports of the same event, quoting the same official sentence.
OWN_REPORT = (
    "Traffic crawled back through the Varden tunnel at noon, and the first driver through, "
    "a baker delivering bread to the villages beyond, honked all the way. " + QUOTE + " For "
    "the families of the children trapped last month the reopening brought mixed feelings: "
    "several parents told this paper they would drive their children the long way round for "
    "now. Local traders, who lost much of their autumn custom, asked the council for help.")
OTHER_REPORT = (
    "The reopening of the Varden tunnel ends a closure that split the valley in two. " + QUOTE
    + " Holt's office faces questions over a six-year-old survey that flagged the slope as "
    "unstable; opposition councillors want to know why the netting came only after the "
    "rockfall. Heavy lorries remain barred, and a night-time closure will continue into the "
    "new year while crews reinforce the lining.")
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


def test_a_copy_cut_to_its_first_sentences_is_a_copy_but_the_whole_after_it_is_not():
    """The share of the later article its original holds, not Jaccard: a site that runs the
    first paragraphs of a dispatch under its own headline adds nothing (Jaccard about 0.3);
    the whole dispatch after that cut adds the rest, which a copy mark would drop from the
    digest."""
    cut = "Varden tunnel open again. " + DISPATCH[:DISPATCH.index(" Shopkeepers")]
    finder = CopyFinder()
    finder.add("wire", signature(DISPATCH), day=700_000)
    assert finder.find(signature(cut), day=700_000) == "wire"
    finder = CopyFinder()
    finder.add("cut", signature(cut), day=700_000)
    assert finder.find(signature(DISPATCH), day=700_001) is None


def test_two_outlets_own_reports_sharing_a_quote_are_no_copies():
    finder = CopyFinder()
    finder.add("wire", signature(DISPATCH), day=700_000)
    finder.add("own", signature(OWN_REPORT), day=700_000)
    assert finder.find(signature(OTHER_REPORT), day=700_000) is None


def test_covered_estimates_the_share_of_the_later_text():
    """The MinHash estimate against the exact share of the later text's 3-word shingles the
    earlier holds, on a cut copy (either way round) and on two reports sharing a quote."""
    from storyweave.nlp.tokens import words

    def shingles(text):
        tokens = words(text)
        return {tuple(tokens[i:i + dedup.SHINGLE]) for i in range(len(tokens) - 2)}

    cut = DISPATCH[:DISPATCH.index(" The schoolchildren")]
    for earlier, later in ((DISPATCH, cut), (cut, DISPATCH), (OWN_REPORT, OTHER_REPORT)):
        exact = len(shingles(earlier) & shingles(later)) / len(shingles(later))
        sig_a, sig_b = signature(earlier), signature(later)
        estimate = dedup.covered(sig_a, dedup.cardinality(sig_a),
                                 sig_b, dedup.cardinality(sig_b))
        assert abs(estimate - exact) < 0.15, (estimate, exact)


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
