"""Summarize: choose and order sentences under a word budget; cite every supporting article.

A candidate is a sentence, or the run of sentences one quote spans (`units`). Candidates are
first compressed by deletion (`compression`), then the set covering the most weight of
likely-summary bigrams within the budget is chosen exactly (`concepts.select`).
"""
from __future__ import annotations

import re

from storyweave.nlp import tokens
from storyweave.nlp.clauses import QUOTED, news_sentence
from storyweave.nlp.tokens import content_stems, word_count
from storyweave.records import Doc, Evidence, Sentence, SummaryItem
from storyweave.summarize.compression import Clauses, compress
from storyweave.summarize.concepts import bigrams, concept_weights, min_docs, select

# Sentences shorter than this are fragments (captions, sign-offs); longer ones eat the
# budget of a 100-word summary. Set on DUC 2004 and TAC 2010 (a maximum of 40 or 70, or a
# minimum of 10, scored lower).
MIN_WORDS, MAX_WORDS = 8, 55
# Openers that lean on a previous sentence; out of context they leave the reader lost.
DANGLING = re.compile(r"^(?:he|she|they|it|his|her|their|its|this|these|those|that|but|and|"
                      r"also|however|meanwhile|still|then|there|so|yet|instead)\b", re.I)
# Quoted speech is one voice's wording, not the story's facts (the digest lists quotes
# apart): a short summary leaves it out (+0.2 ROUGE-2 on DUC 2004 and TAC 2010 at 100
# words), a long one has room for voices (+2.4 on Multi-News at 300 words, whose
# references quote). Any limit between the two sets' lengths scores the same.
QUOTES = re.compile(r"[\"“”]")
QUOTES_FROM_WORDS = 200
# Curly marks say which way they face, so `balanced` can check their order.
CURLY = re.compile(r"[“”]")
# A web address or a social-media handle marks an embedded post, a link or a contact
# line: not prose a reader can follow in a summary.
WEB = re.compile(r"https?://|\bwww\.|pic\.twitter\.com|(?<![\w.])@\w")
# Not a statement that stands alone, though it may parse as a clause (`nlp.clauses` judges
# the rest: questions, lead-ins, cut clauses and teasers, captions, credits): braces of code,
# a piece of a sentence the crawl or the splitter cut (it starts in lower case; "iPhone"
# does not count).
NOT_STANDALONE = re.compile(r"[{}]|^[a-z](?![A-Z])")
# The writer's own voice outside quotation marks: "we" and "our" (the outlet, a study's
# authors, a company's statement printed whole) and "you" (the reader). In a summary of
# several sources nobody can tell whose "we" it is or who is addressed (+0.17 ROUGE-1 on
# Multi-News, +0.06 on TAC 2010, DUC 2004 unchanged). "I" stays: where the writer says "I",
# the article is mostly a first-person account and the story itself (dropping it cost
# 0.19). Lower-case "us" only: "US" is a country.
AUTHOR_VOICE = re.compile(r"\b(?:(?i:you|your|yours|yourself|yourselves)|[Ww]e|[Oo]ur|[Oo]urs|"
                          r"us|[Oo]urselves)\b")
# Sentences a quote may run over and still be joined into one candidate. Longer quotes
# exceed MAX_WORDS joined anyway.
QUOTE_SENTENCES = 4
# Two sentences sharing more than this part of the shorter one's content words tell the same
# fact in other words. Where concepts need two articles, a paraphrase adds no concept and is
# never chosen; where one article's concepts count (`concepts.min_docs` is 1), each wording
# brings bigrams of its own, and the pair is kept apart instead. Set on Multi-News: 0.5
# scored +0.17 ROUGE-1 and +0.10 ROUGE-2, 0.6 +0.14 and +0.15, 0.7 +0.06 and +0.09 (the same
# limit on DUC 2004 and TAC 2010's large clusters, where it is not applied, cost up to 0.3).
REDUNDANT = 0.5


def balanced(text: str) -> bool:
    """Every quotation mark of `text` is closed: curly ones pair in order, straight ones
    come in pairs."""
    depth = 0
    for mark in CURLY.findall(text):
        depth += 1 if mark == "“" else -1
        if depth < 0:
            return False
    return depth == 0 and text.count('"') % 2 == 0


def units(sentences: list[Sentence]) -> list[list[Sentence]]:
    """Runs of consecutive sentences that each close the quotation marks they open.

    The sentence splitter cuts a quote of several sentences into pieces; a piece alone
    shows a reader half a quote ("I was scared. ... ," she said.) and its speaker may be
    in the other piece. A quote still open after `QUOTE_SENTENCES` sentences (a stray or
    typographic mark) leaves out only the sentence that opened it.
    """
    runs, i = [], 0
    while i < len(sentences):
        for j in range(i, min(i + QUOTE_SENTENCES, len(sentences))):
            if balanced(" ".join(s.text for s in sentences[i:j + 1])):
                runs.append(sentences[i:j + 1])
                i = j + 1
                break
        else:
            i += 1
    return runs


def candidates(docs: list[Doc], quotes: bool = True) -> list[tuple[Doc, list[Sentence], str]]:
    """(doc, sentences, compressed text) of the sentence runs fit to stand alone in a
    summary: a sentence, or a quote of several sentences with its attribution."""
    pool, seen = [], set()
    for doc in docs:
        for run in units(doc.sentences):
            whole = doc.article.text[run[0].start:run[-1].end]
            if NOT_STANDALONE.search(whole) or WEB.search(whole) or \
                    AUTHOR_VOICE.search(QUOTED.sub(" ", whole)) or \
                    whole.count("(") != whole.count(")") or \
                    (not quotes and QUOTES.search(whole)):
                continue
            # Compression may drop an opener ("Meanwhile, U.S. officials ..."); where it
            # leaves no clause ("Jane Roe, a lawyer[, said on Monday]."), the whole is kept.
            clauses = Clauses(doc.parse, run[0].start) if doc.parse is not None else None
            text = next((t for t in (compress(whole, clauses), whole)
                         if news_sentence(doc.parse, run[0].start, run[-1].end, t)), None)
            if text is None:
                continue
            key = " ".join(tokens.words(text))  # "today's" and "today’s" are one word
            if MIN_WORDS <= word_count(text) <= MAX_WORDS and not DANGLING.match(text) \
                    and key not in seen:
                seen.add(key)  # wire copies repeat sentences word for word
                pool.append((doc, run, text))
    return pool


def summarize(docs: list[Doc], words: int = 120,
              support: dict[tuple[str, int], list[tuple[str, int]]] | None = None,
              overflow: bool = False) -> list[SummaryItem]:
    """An extractive summary of at most `words` words, each sentence citing its sources
    (`support`: for each sentence, the sentences of every article that state it, as
    `analysis.align.support` gives them).

    With `overflow`, one more sentence follows the budget's: for scorers that cut every
    summary at the same length (ROUGE's `-l`), whose words up to the cut still count.
    """
    support = support or {}
    pool = candidates(docs, quotes=words >= QUOTES_FROM_WORDS)
    if not pool:
        return []
    concepts = [bigrams(text) for _, _, text in pool]
    lengths = [word_count(text) for _, _, text in pool]
    weights = concept_weights(docs, words)
    exclusive = paraphrases([text for _, _, text in pool]) if min_docs(len(docs)) == 1 else []
    chosen = select(lengths, concepts, weights, words, exclusive)
    order = {d.article.id: i for i, d in enumerate(docs)}
    chosen.sort(key=lambda i: (pool[i][1][0].index / max(len(pool[i][0].sentences), 1),
                               order[pool[i][0].article.id]))
    if overflow:
        left = words - sum(lengths[i] for i in chosen)
        barred = {j for pair in exclusive if set(pair) & set(chosen) for j in pair}
        chosen += _overflow(pool, concepts, weights, chosen, left, barred)
    where = {(d.article.id, s.index): (s.start, s.end) for d in docs for s in d.sentences}
    items = []
    for d, run, text in (pool[i] for i in chosen):
        sources, keys = _sources(support, d.article.id, run)
        own = Evidence(d.article.id, run[0].start, run[-1].end)
        items.append(SummaryItem(text=text, article=own.article, start=own.start, end=own.end,
                                 sources=sources, evidence=[own] + [
                                     Evidence(a, *where[a, i]) for a, i in keys
                                     if a != own.article]))
    return items


def paraphrases(texts: list[str]) -> list[tuple[int, int]]:
    """Pairs of `texts` that share more than `REDUNDANT` of the shorter one's content words."""
    stems = [set(content_stems(text)) for text in texts]
    return [(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts))
            if stems[i] and stems[j] and
            len(stems[i] & stems[j]) > REDUNDANT * min(len(stems[i]), len(stems[j]))]


def _sources(support: dict, article: str, run: list[Sentence]
             ) -> tuple[list[str], list[tuple[str, int]]]:
    """The articles supporting every sentence of `run` (`article` first), and the sentences
    where they state it: a source that states half of a quote does not vouch for the whole."""
    found = [support.get((article, s.index), [(article, s.index)]) for s in run]
    per_sentence = [{a for a, _ in keys} for keys in found]
    sources = [a for a in dict.fromkeys([article] + [a for a, _ in found[0]])
               if all(a in f for f in per_sentence)]
    return sources, list(dict.fromkeys(k for keys in found for k in keys if k[0] in sources))


def _overflow(pool, concepts, weights, chosen: list[int], left: int,
              barred: set[int]) -> list[int]:
    """The sentence (not `barred`) whose first `left` words add the most uncovered weight (the
    earliest in its article on a tie: any words fill a length-cut summary better than none)."""
    if left <= 0:
        return []
    covered = set().union(*(concepts[i] for i in chosen))
    best, key = [], None
    for i, (_, run, text) in enumerate(pool):
        if i in chosen or i in barred:
            continue
        gain = sum(weights.get(c, 0.0) for c in bigrams(" ".join(text.split()[:left])) - covered)
        if key is None or (gain, -run[0].index) > key:
            best, key = [i], (gain, -run[0].index)
    return best
