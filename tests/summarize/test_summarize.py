"""The summarizer's contract: word budget, offsets, sentences that are deletions of article
sentences, citations; and the compression rules."""
import ctypes
import dataclasses
import os
import re

import pytest

from storyweave.evaluate.datasets import load
from storyweave.evaluate.peers import prepare
from storyweave.nlp.tokens import word_count
from storyweave.summarize import balanced, candidates, paraphrases, summarize, units
from storyweave.summarize import concepts
from storyweave.summarize.compression import Clauses, compress
from storyweave.summarize.concepts import quiet_stdout
from tests.paths import EVAL


def is_deletion(short: str, long: str) -> bool:
    """`short` is `long` with characters deleted, and its words are words of `long`."""
    rest = iter(long)
    if not all(ch in rest for ch in short):
        return False
    words = iter(re.findall(r"\w+", long))
    return all(w in words for w in re.findall(r"\w+", short))


@pytest.fixture(scope="module")
def clusters():
    return {"duc": prepare(load("duc2004", EVAL / "duc2004", limit=1)[0], parse=True),
            "tac": prepare(load("tac2010", EVAL / "tac2010", limit=1)[0], parse=True),
            "multinews": prepare(load("multinews", EVAL / "multinews_dev", limit=1)[0],
                                 parse=True)}


@pytest.mark.parametrize("name,words", [("duc", 100), ("tac", 120), ("multinews", 300),
                                        ("duc", 40)])
def test_budget_offsets_and_deletions(clusters, name, words):
    docs = clusters[name]
    summary = summarize(docs, words)
    assert summary
    assert sum(word_count(item.text) for item in summary) <= words
    texts = {d.article.id: d.article.text for d in docs}
    for item in summary:
        sentence = texts[item.article][item.start:item.end]
        spans = [(s.start, s.end) for d in docs if d.article.id == item.article
                 for s in d.sentences]
        # A sentence, or a run of them holding one quote.
        assert item.start in {a for a, _ in spans} and item.end in {b for _, b in spans}
        assert is_deletion(item.text, sentence), (item.text, sentence)
        assert balanced(item.text), item.text
        assert item.sources[0] == item.article


def test_overflow_adds_one_sentence_past_the_budget(clusters):
    overflowed = 0
    for words in (100, 90, 77, 64):
        strict = summarize(clusters["duc"], words)
        loose = summarize(clusters["duc"], words, overflow=True)
        assert [i.text for i in loose[:len(strict)]] == [i.text for i in strict]
        if sum(word_count(i.text) for i in strict) < words:  # room left: one more sentence
            assert len(loose) == len(strict) + 1
            assert sum(word_count(i.text) for i in loose) > words
            overflowed += 1
        else:
            assert loose == strict
    assert overflowed


def test_sources_and_their_sentences_come_from_support(clusters):
    docs = clusters["duc"]
    summary = summarize(docs, 100)
    first = summary[0]
    index = next(s.index for d in docs if d.article.id == first.article for s in d.sentences
                 if s.start == first.start)
    other = next(d for d in docs if d.article.id != first.article)
    stating = other.sentences[2]
    cited = summarize(docs, 100, support={
        (first.article, index): [(first.article, index), (other.article.id, 2)]})
    assert cited[0].sources == [first.article, other.article.id]
    assert [(e.article, e.start, e.end) for e in cited[0].evidence] == [
        (first.article, first.start, first.end), (other.article.id, stating.start, stating.end)]


def test_a_quote_split_by_the_sentence_splitter_is_one_candidate(clusters):
    docs = clusters["multinews"]
    runs = [run for d in docs for run in units(d.sentences)]
    joined = [run for run in runs if len(run) > 1]
    assert joined
    assert all(not balanced(run[0].text) for run in joined)
    starts = {run[0].start for run in runs}
    summary = summarize(docs, 300)
    assert all(item.start in starts for item in summary)
    assert any(item.start == run[0].start and item.end == run[-1].end
               for item in summary for run in joined)


@pytest.mark.parametrize("line,kept", [
    ("Harbour police say the bridge will stay closed to traffic until the weekend.", True),
    ("Harbour police say the bridge will stay closed to traffic pic.twitter.com/abc123", False),
    ("Harbour police say the bridge will stay closed, writes @jroe on her account.", False),
    ("Read the harbour police statement on the closure at www.ledger.example/bridge now.", False),
    ("Harbour police released this statement about the closure of the bridge to traffic:", False),
    ("Harbour police released this statement about the closure of the bridge to traffic.", True),
    ("Will the harbour police keep the bridge closed to traffic until the weekend?", False),
    ("(The council had closed the bridge to traffic twice before the vote this spring;", False),
    ("Just as the bridge reopens to traffic, the council finds a new crack in its ...", False),
    ("the harbour police said the bridge will stay closed to traffic until the weekend.", False),
    ("iPhone owners say the bridge toll app stopped working when the bridge closed.", True),
    ("SELECT ?bridge WHERE { ?bridge a harbour:Closure . } lists every bridge closure.", False),
    ("We have all the latest news on the harbour bridge closure and the traffic it causes.",
     False),
    ("If you drive to work, the closed harbour bridge will add an hour to your journey.", False),
    ("Our reporters asked the harbour police how long the bridge will stay closed.", False),
    ('"We will keep the bridge closed until the weekend," the harbour police chief said.',
     True),
    ("US engineers say the harbour bridge will stay closed to traffic until the weekend.", True),
    ("I crossed the harbour bridge every day for twenty years before it was closed.", True),
    ("The wreckage of a bus that slid off the harbour bridge road near Valtorre, Italy.", False),
    ("Volunteers at the harbour bridge in Kestrel Bay (Harbour Trust press office via AP)",
     False),
])
def test_only_statements_that_stand_alone_are_summary_material(clusters, line, kept):
    from dataclasses import replace

    from storyweave.nlp import annotate
    article = clusters["multinews"][0].article
    docs = annotate([replace(article, text=f"{line}\n\n{article.text}")])
    assert (line in {text for _, _, text in candidates(docs)}) is kept


@pytest.mark.parametrize("text,expected", [
    ('"We will rebuild," she said.', True),
    ("“We will rebuild. The bridge comes first,” she said.", True),
    ('"We will rebuild.', False),
    ("The bridge comes first,” she said.", False),
    ("” Close before open “", False),
    ("She is 5 feet 9 inches tall.", True),
])
def test_balanced_quotation_marks(text, expected):
    assert balanced(text) is expected


def test_a_quote_cites_the_sources_of_all_its_sentences(clusters):
    original = clusters["multinews"][0]
    other = "twin"  # a second article to cite: the same text, so its sentences add nothing
    docs = [original, dataclasses.replace(original, article=dataclasses.replace(
        original.article, id=other), sentences=[dataclasses.replace(s, article=other)
                                                for s in original.sentences])]
    item, run = next((item, run) for item in summarize(docs, 300)
                     for d in docs for run in units(d.sentences)
                     if len(run) > 1 and item.start == run[0].start and item.article != other)
    half = {(item.article, run[0].index): [(item.article, run[0].index), (other, 0)]}
    whole = {**half, **{(item.article, s.index): [(item.article, s.index), (other, 0)]
                        for s in run[1:]}}
    cited = {i.start: i.sources for i in summarize(docs, 300, support=half)}
    assert cited[item.start] == [item.article]
    cited = {i.start: i.sources for i in summarize(docs, 300, support=whole)}
    assert cited[item.start] == [item.article, other]


def test_paraphrases_of_one_fact_are_not_both_chosen():
    from storyweave.nlp import annotate
    from storyweave.records import Article
    first = ("The council closed the harbour bridge to all traffic after engineers found a "
             "crack in its main span.")
    second = ("Engineers found a crack in the main span, and the council closed the harbour "
              "bridge to all traffic.")
    other = "Ferries will carry commuters across the harbour while the repairs go on."
    assert paraphrases([first, second, other]) == [(0, 1)]
    docs = annotate([Article("a", f"{first}\n\n{other}"), Article("b", second)],
                    parse=False)
    chosen = {item.text for item in summarize(docs, 100)}
    assert other in chosen and len(chosen & {first, second}) == 1


def test_no_input_no_summary():
    assert summarize([], 100) == []


@pytest.mark.parametrize("before,after", [
    ("HALBERG, Norway (AP) _ Danish auditors have requested a 30-day delay of the inquiry.",
     "Danish auditors have requested a 30-day delay of the inquiry."),
    ("— Swedish auditors have requested a 30-day delay of the inquiry.",
     "Swedish auditors have requested a 30-day delay of the inquiry."),
    ("Coastal towns prepared for severe flooding Wednesday as Storm Ardella swept inland.",
     "Coastal towns prepared for severe flooding as Storm Ardella swept inland."),
    ("The 200-mile (320-kilometer) wide storm was drifting north at 9 mph (14 kph).",
     "The 200-mile wide storm was drifting north at 9 mph."),
    ("The council _ citing unpaid invoices _ has refused Mara Velden a second contract.",
     "The council has refused Mara Velden a second contract."),
    ("The warehouse was tied to a smuggling ring run by Tomas Ferrel, police said Sunday.",
     "The warehouse was tied to a smuggling ring run by Tomas Ferrel."),
    # A weekday after a preposition is part of the meaning; quotes keep their speaker.
    ("The rebels have held the airstrip since Tuesday and will not give it up.",
     "The rebels have held the airstrip since Tuesday and will not give it up."),
    ('"We will not give up the airstrip," the rebel commander said on Sunday.',
     '"We will not give up the airstrip," the rebel commander said.'),
    # Too short once compressed: left whole.
    ("Ferrel was arrested Friday.", "Ferrel was arrested Friday."),
])
def test_compression_deletes_content_free_parts(before, after):
    assert compress(before) == after
    assert is_deletion(after, before)


@pytest.mark.parametrize("text,kept", [
    # A trailing "said" clause that is content: without it the meaning changes (the shapes of
    # sentences of DUC 2004 and TAC 2010 that lost theirs, written anew).
    ("The harbour office did not name the skipper, but said he had been fined twice before.",
     None),
    ("Velden was detained at the quay and held for three days, during which she says she was "
     "denied a lawyer.", None),
    ("Witnesses said two of the passengers -- Ivo and Lena Marsh, both 62, of Carrow Bay -- "
     "reached the shore after Ivo Marsh told the crew his wife could not swim.",
     "Witnesses said two of the passengers reached the shore after Ivo Marsh told the crew "
     "his wife could not swim."),
    # An attribution and nothing more still goes.
    ("The warehouse was tied to a smuggling ring run by Tomas Ferrel, police said Sunday.",
     "The warehouse was tied to a smuggling ring run by Tomas Ferrel."),
])
def test_an_attribution_holding_a_clause_of_its_own_stays(text, kept):
    from storyweave.nlp.parse import load_parser

    assert compress(text, Clauses(load_parser()(text), 0)) == (kept or text)


def test_solver_cannot_write_to_stdout(capfd):
    """HiGHS logs with C's printf (seen on DUC 2004 d30015t): file descriptor 1 itself is
    silenced during the solve, so a JSON digest on stdout stays JSON."""
    print("before", flush=True)
    with quiet_stdout():
        os.write(1, b"HighsMipSolverData::solve log line\n")
        libc = ctypes.CDLL(None)
        libc.printf(b"printf from C\n")
        libc.fflush(None)
    print("after", flush=True)
    assert capfd.readouterr().out == "before\nafter\n"



@pytest.fixture(scope="module")
def big_story():
    """Twenty DUC 2004 clusters in one folder: about 200 articles, a mix of topics."""
    return [doc for cluster in load("duc2004", EVAL / "duc2004", limit=20)
            for doc in prepare(cluster)]


@pytest.mark.parametrize("words", [100, 400])
def test_a_big_story_fills_its_budget(big_story, words):
    assert len(big_story) >= 180
    got = sum(word_count(item.text) for item in summarize(big_story, words))
    assert words * 0.9 <= got <= words


def test_fewer_articles_share_a_concept_in_a_big_story(big_story):
    stats = concepts.statistics(big_story)
    bar = concepts.filling_threshold(stats, 100)
    assert bar < concepts.min_docs(len(big_story))
    counted = sum(1 for e in stats.values() if len(e.articles) >= bar)
    assert counted >= concepts.CONCEPTS_PER_WORD * 100


def test_greedy_covers_the_most_weight_per_word():
    lengths = [10, 4, 4, 9]
    sets = [{"a", "b", "c"}, {"a"}, {"b", "d"}, {"e"}]
    weights = {"a": 1.0, "b": 1.0, "c": 0.5, "d": 1.0, "e": 0.1}
    assert concepts.greedy(lengths, sets, weights, 8) == [1, 2]
    assert concepts.greedy(lengths, sets, weights, 8, exclusive=[(1, 2)]) == [2]
    assert concepts.greedy(lengths, sets, weights, 3) == []
