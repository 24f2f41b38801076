"""Summarize: choose and order sentences under a word budget; cite every supporting article."""
from __future__ import annotations

import re

from storyweave.nlp.tokens import word_count
from storyweave.records import Doc, SummaryItem
from storyweave.summarize.concepts import bigrams, concept_weights, select

# Sentences shorter than this are fragments (captions, sign-offs); longer ones eat the
# budget of a 100-word summary. Set on the DUC 2004 dev clusters.
MIN_WORDS, MAX_WORDS = 8, 55
# Openers that lean on a previous sentence; out of context they leave the reader lost.
DANGLING = re.compile(r"^(?:he|she|they|it|his|her|their|its|this|these|those|that|but|and|"
                      r"also|however|meanwhile|still|then|there|so|yet|instead)\b", re.I)
# Per-sentence bonus, in concept-weight units, for each extra article that states the
# same content, and for being early in its article (news puts the essentials first).
SUPPORT_BONUS = 0.5
LEAD_BONUS = 1.0


def candidates(docs: list[Doc]):
    """(doc, sentence) pairs fit to stand alone in a summary."""
    for doc in docs:
        for s in doc.sentences:
            n = word_count(s.text)
            if MIN_WORDS <= n <= MAX_WORDS and not DANGLING.match(s.text) \
                    and not s.text.rstrip().endswith("?") and s.text.count('"') % 2 == 0 \
                    and s.text.count("“") == s.text.count("”"):
                yield doc, s


def min_docs(n_docs: int) -> int:
    """Articles a concept needs to count: 2, and a fifth of a large cluster."""
    return max(2, round(n_docs / 5)) if n_docs > 1 else 1


def summarize(docs: list[Doc], words: int = 120,
              support: dict[tuple[str, int], list[str]] | None = None) -> list[SummaryItem]:
    """An extractive summary of at most `words` words, each sentence citing its sources."""
    support = support or {}
    pool = list(candidates(docs))
    if not pool:
        return []
    concepts = [bigrams(s.text) for _, s in pool]
    weights = concept_weights(concepts, [d.article.id for d, _ in pool], min_docs(len(docs)))
    lengths = [word_count(s.text) for _, s in pool]
    bonus = [SUPPORT_BONUS * (len(support.get((d.article.id, s.index), [])) - 1 if support
                              else 0) + LEAD_BONUS / (1 + s.index)
             for d, s in pool]
    chosen = select(lengths, concepts, weights, words, bonus)
    order = {d.article.id: i for i, d in enumerate(docs)}
    chosen.sort(key=lambda i: (pool[i][1].index / max(len(pool[i][0].sentences), 1),
                               order[pool[i][0].article.id]))
    return [SummaryItem(text=s.text, article=d.article.id, start=s.start, end=s.end,
                        sources=support.get((d.article.id, s.index), [d.article.id]))
            for d, s in (pool[i] for i in chosen)]
