"""Alignment: group sentences of different articles that state the same content.

Similarity mixes the sentence embeddings' cosine with the lexical cosine of content stems;
groups are grown greedily from the most similar pair down, one sentence per article per
group, so a fact never absorbs two sentences of the same outlet.

Embedding every sentence costs more than the whole analysis may spend, so the lexical
cosine (sparse TF-IDF, milliseconds for a cluster) decides alone where it is clear: pairs
at `LEXICAL_SURE` or above state the same content, pairs under `LEXICAL_MAYBE` do not.
Only sentences of pairs in between are embedded, through `encode`, at most `MAX_EMBEDDED`
a cluster; undecided pairs left over, and every pair without an encoder, are decided by
the lexical cosine at `LEXICAL_SAME`. With `vectors` for every sentence, every pair gets
the mixed similarity.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import sparse

from storyweave.analysis.claims import Frame, read_frames
from storyweave.analysis.entities import name_key
from storyweave.analysis.values import agree
from storyweave.nlp.clauses import news_sentence
from storyweave.nlp.tokens import content_stems, numbers, word_count
from storyweave.records import Article, Doc, Fact

# Weight of the embedding cosine against the lexical cosine. Embeddings catch paraphrase
# ("was shot at least three times" ~ "shoot him at least six times"); the lexical part keeps
# topical-but-different sentences of one story apart. 0.6 was set on the seed cluster.
EMBEDDING_WEIGHT = 0.6
# Mixed similarity from which two sentences state the same content. Calibrated on the
# seeds: the paraphrased pairs a reader matches score 0.55-0.85, the closest unrelated
# pairs of the same story 0.35-0.50.
SAME_CONTENT = 0.52
# The lexical prefilter, measured against the mixed similarity on the seeds, the demo and
# six DUC 2004 clusters (130,000 cross-article pairs, 239 of them same-content): every
# pair at 0.6 or above is same-content, under 0.25 only 31 of 239 are, and between the two
# lie a third of the sentences, the ones worth embedding.
LEXICAL_SURE = 0.6
LEXICAL_MAYBE = 0.25
# Lexical cosine alone from which two sentences state the same content, when they are not
# embedded: it agrees with the mixed decision at precision 0.75 and recall 0.74 on the
# same pairs (0.3: 0.54 / 0.83; 0.4: 0.82 / 0.64).
LEXICAL_SAME = 0.35
# Sentences embedded at most per cluster, those of the undecided pairs closest to sure
# first: the seeds have 23 such sentences, the demo 39, a DUC cluster 35-200. MiniLM
# embeds 32 in about 0.2 s on 2 cores (bench/analysis.py: alignment 0.26 s a cluster
# against 0.05 s lexical), which keeps the analysis at half its 1 s budget.
MAX_EMBEDDED = 32

# Facts only one outlet reports: how many of each outlet's are kept (the most novel: names
# and figures no other outlet gives), and the shortest sentence that can be one (shorter
# ones are captions and fragments, as for the summary).
EXCLUSIVE_PER_OUTLET = 2
EXCLUSIVE_MIN_WORDS = 8
NAMED = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART"}

Key = tuple[str, int]  # (article id, sentence index)
Encode = Callable[[list[str]], np.ndarray]  # texts -> unit vectors, one row each


def lexical_matrix(docs: list[Doc]) -> tuple[list[Key], sparse.csr_matrix]:
    """Sentence keys and their TF-IDF unit rows of content stems, IDF over the cluster."""
    keys, bags = [], []
    for doc in docs:
        for s in doc.sentences:
            keys.append((doc.article.id, s.index))
            bags.append(content_stems(s.text))
    vocabulary: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, bag in enumerate(bags):
        for stem in bag:
            rows.append(r)
            cols.append(vocabulary.setdefault(stem, len(vocabulary)))
            vals.append(1.0)
    counts = sparse.csr_matrix((vals, (rows, cols)), shape=(len(keys), len(vocabulary)))
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=len(vocabulary))
    idf = np.log(1 + max(len(keys), 1) / np.maximum(df, 1))
    weighted = counts.multiply(idf[None, :]).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return keys, sparse.csr_matrix(sparse.diags(1 / norms) @ weighted)


def similarities(docs: list[Doc], vectors: dict[str, np.ndarray] | None = None,
                 encode: Encode | None = None) -> list[tuple[float, Key, Key]]:
    """Cross-article sentence pairs stating the same content, most similar first."""
    keys, matrix = lexical_matrix(docs)
    if not keys:
        return []
    lexical = (matrix @ matrix.T).tocoo()
    article = np.array([n for n, doc in enumerate(docs)
                        for _ in doc.sentences])
    cross = (lexical.row < lexical.col) & (article[lexical.row] != article[lexical.col])
    rows, cols, lex = lexical.row[cross], lexical.col[cross], lexical.data[cross]
    if vectors is not None and all(len(vectors.get(d.article.id, [])) == len(d.sentences)
                                   for d in docs):
        dense = np.vstack([vectors[d.article.id] for d in docs if d.sentences])
        full = EMBEDDING_WEIGHT * (dense @ dense.T) + (1 - EMBEDDING_WEIGHT) * \
            (matrix @ matrix.T).toarray()
        pairs = [(float(full[i, j]), keys[i], keys[j])
                 for i, j in zip(*np.nonzero(np.triu(full >= SAME_CONTENT, 1)))
                 if article[i] != article[j]]
    elif encode is not None:
        pairs = [(float(s), keys[i], keys[j]) for i, j, s in zip(rows, cols, lex)
                 if s >= LEXICAL_SURE]
        maybe = [(float(s), i, j) for i, j, s in zip(rows, cols, lex)
                 if LEXICAL_MAYBE <= s < LEXICAL_SURE]
        maybe.sort(reverse=True)
        wanted: dict[int, None] = {}  # the sentences of the closest undecided pairs first
        for _, i, j in maybe:
            for k in (i, j):
                if len(wanted) < MAX_EMBEDDED:
                    wanted.setdefault(k)
        text = {(d.article.id, s.index): s.text for d in docs for s in d.sentences}
        embedded = dict(zip(wanted, encode([text[keys[k]] for k in wanted]))) \
            if wanted else {}
        for s, i, j in maybe:
            if i in embedded and j in embedded:
                mixed = EMBEDDING_WEIGHT * float(embedded[i] @ embedded[j]) + \
                    (1 - EMBEDDING_WEIGHT) * s
                if mixed >= SAME_CONTENT:
                    pairs.append((mixed, keys[i], keys[j]))
            elif s >= LEXICAL_SAME:
                pairs.append((s, keys[i], keys[j]))
    else:
        pairs = [(float(s), keys[i], keys[j]) for i, j, s in zip(rows, cols, lex)
                 if s >= LEXICAL_SAME]
    pairs.sort(reverse=True)
    return pairs


def align(docs: list[Doc], vectors: dict[str, np.ndarray] | None = None,
          encode: Encode | None = None) -> list[Fact]:
    """Facts: groups of same-content sentences, largest support first; singletons included.

    `vectors` (unit sentence vectors per article, rows following `doc.sentences`) mixes
    embeddings into every pair; `encode` embeds only the sentences the lexical cosine
    cannot decide on; with neither, the lexical cosine decides alone.
    """
    group_of = {(d.article.id, s.index): i for i, (d, s) in
                enumerate((d, s) for d in docs for s in d.sentences)}
    members = {g: [k] for k, g in group_of.items()}
    for _, ka, kb in similarities(docs, vectors, encode):
        ga, gb = group_of[ka], group_of[kb]
        if ga == gb:
            continue
        if {k[0] for k in members[ga]} & {k[0] for k in members[gb]}:
            continue  # one sentence per article per fact
        for k in members[gb]:
            group_of[k] = ga
        members[ga].extend(members.pop(gb))
    text = {(d.article.id, s.index): s.text for d in docs for s in d.sentences}
    order = {d.article.id: i for i, d in enumerate(docs)}
    facts = []
    for keys in members.values():
        keys.sort(key=lambda k: (order[k[0]], k[1]))
        facts.append(Fact(text=text[keys[0]], articles=[k[0] for k in keys], sentences=keys))
    facts.sort(key=lambda f: (-len(f.articles), order[f.sentences[0][0]], f.sentences[0][1]))
    return facts


def support(facts: list[Fact], docs: list[Doc], frames: list[Frame] | None = None
            ) -> dict[Key, list[Key]]:
    """For every sentence, the sentences that state its content: itself first, then for each
    other article that supports it, that article's aligned sentence and, when the article
    gives one of its figures elsewhere, the sentence that does (what a reader checks).

    An aligned sentence of another article supports a sentence with figures only when it
    `vouches` for them. `frames` are the story's claim frames (`claims.read_frames` of every
    doc), read here when not given.
    """
    if frames is None:
        frames = [f for doc in docs for f in read_frames(doc)]
    of_sentence: dict[Key, list[Frame]] = {}
    of_article: dict[str, dict[tuple, list[Frame]]] = {}
    for frame in frames:
        of_sentence.setdefault((frame.claim.article, frame.claim.sentence), []).append(frame)
        of_article.setdefault(frame.claim.article, {}).setdefault(thing(frame), []).append(
            frame)
    result = {}
    for fact in facts:
        for key in fact.sentences:
            mine = of_sentence.get(key, [])
            found = [key]
            for other in fact.sentences:
                theirs, article = of_sentence.get(other, []), of_article.get(other[0], {})
                if other[0] != key[0] and vouches(mine, theirs, article):
                    found += [other, *elsewhere(mine, theirs, article)]
            result[key] = list(dict.fromkeys(found))
    return result


def cited(keys: list[Key]) -> list[str]:
    """The articles of `support`'s sentences, in their order."""
    return list(dict.fromkeys(article for article, _ in keys))


def vouches(mine: list[Frame], theirs: list[Frame], article: dict[tuple, list[Frame]]
            ) -> bool:
    """Whether an aligned sentence supports a sentence whose figures are `mine`: it gives
    no other value for what one of them counts (`rival`: "two were admitted" beside "17
    were admitted"), and it states each figure a reader would check (`checked`) as a value
    ("17" = "seventeen", roundings per `values.agree`), in the sentence itself (`theirs`)
    or elsewhere in its article about the same thing (`article`: its frames by `thing`).

    Chosen on bench/citations.py's 107 judged citations: of those it keeps, 0.96 cite an
    article that states the figures and none conflicts or is unrelated (before, when any
    number shared was support: 0.80 and 5); it keeps 0.82 of the good ones. Taking a value
    stated anywhere in the article, whatever it counts, kept 0.92 of them at 0.93 (1 bad);
    the aligned sentence alone, 0.69 at 0.98."""
    if any(rival(f, theirs) for f in mine if not stated(f, theirs)):
        return False
    return all(stated(f, theirs) or stated(f, article.get(thing(f), [])) for f in checked(mine))


def elsewhere(mine: list[Frame], theirs: list[Frame], article: dict[tuple, list[Frame]]
               ) -> list[Key]:
    """The sentences of an article that state the figures of `mine` (`checked`) its aligned
    sentence (`theirs`) leaves out: for each, the first about the same thing (`thing`)."""
    found = []
    for figure in checked(mine):
        if not stated(figure, theirs):
            found += [(f.claim.article, f.claim.sentence) for f in article.get(thing(figure), [])
                      if stated(figure, [f])][:1]
    return found


def checked(figures: list[Frame]) -> list[Frame]:
    """The figures of a sentence a reader checks: whole counts of a named thing and ages; a
    part ("two of whom") or a bare number ("the two had differed") only when there is
    none."""
    return [f for f in figures if not f.part and (f.head or f.kind == "age")] or figures


def stated(figure: Frame, frames: list[Frame]) -> bool:
    """Whether one of `frames` gives `figure`'s value, compared as values (roundings,
    bounds and ranges per `values.agree`)."""
    return any(f.kind == figure.kind and
               agree(figure.value, f.value, approximate=figure.converted or f.converted)
               for f in frames)


def rival(figure: Frame, frames: list[Frame]) -> bool:
    """Whether one of `frames` gives another value for the thing `figure` counts (a named
    head: a bare number says too little of what it counts to be a rival)."""
    return bool(figure.head) and any(
        thing(f) == thing(figure) and not agree(figure.value, f.value) for f in frames)


def thing(frame: Frame) -> tuple[str, str, str, bool]:
    """What a frame counts or measures, as far as the parse tells: its kind, head, unit and
    whether it is a part of a larger whole."""
    return frame.kind, frame.head, frame.unit, frame.part


def outlet_of(article: Article) -> str:
    """Who published an article: its outlet, else the article itself (a page that names no
    outlet counts as its own). Several versions of one agency's story are one outlet."""
    return article.source or article.id


def exclusive_facts(facts: list[Fact], docs: list[Doc]) -> list[Fact]:
    """Facts only one outlet reports, up to `EXCLUSIVE_PER_OUTLET` an outlet: sentences no
    other outlet's sentence aligns with that name someone or something, or give a figure,
    that no other outlet mentions. Quotations are left to the quotes."""
    outlet = {d.article.id: outlet_of(d.article) for d in docs}
    names: dict[str, set[str]] = {}
    figures: dict[str, set[float]] = {}
    for doc in docs:
        names.setdefault(outlet[doc.article.id], set()).update(
            name_key(text) for *_, label, text in doc.entities if label in NAMED)
        figures.setdefault(outlet[doc.article.id], set()).update(numbers(doc.article.text))
    sentences = {(d.article.id, s.index): s for d in docs for s in d.sentences}
    entities = {d.article.id: d.entities for d in docs}
    parses = {d.article.id: d.parse for d in docs}
    scored = []
    for fact in facts:
        own = {outlet[a] for a in fact.articles}
        if len(own) > 1:
            continue
        mine = own.pop()
        key = fact.sentences[0]
        sentence = sentences[key]
        if word_count(sentence.text) < EXCLUSIVE_MIN_WORDS or \
                any(mark in sentence.text for mark in '"“”') or \
                not news_sentence(parses[key[0]], sentence.start, sentence.end):
            continue
        elsewhere_names = set().union(*(v for k, v in names.items() if k != mine))
        elsewhere_figures = set().union(*(v for k, v in figures.items() if k != mine))
        new_names = {name_key(text) for s, e, label, text in entities[key[0]]
                     if label in NAMED and sentence.start <= s and e <= sentence.end} - \
            elsewhere_names
        new_figures = numbers(sentence.text) - elsewhere_figures
        novelty = len(new_names) + len(new_figures)
        if novelty:
            scored.append((-novelty, key[1], mine, fact))
    kept: dict[str, int] = {}
    result = []
    for *_, mine, fact in sorted(scored, key=lambda x: x[:2]):
        if kept.get(mine, 0) < EXCLUSIVE_PER_OUTLET:
            kept[mine] = kept.get(mine, 0) + 1
            result.append(fact)
    order = {d.article.id: i for i, d in enumerate(docs)}
    result.sort(key=lambda f: (order[f.sentences[0][0]], f.sentences[0][1]))
    return result
