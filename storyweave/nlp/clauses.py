"""Whether a stretch of parsed text is a news sentence: a clause (a verb with its subject)
ending in terminal punctuation, with nothing after it.

Crawled pages put captions ("The scene after ..."), picture credits, posting stamps, gallery
counters and reading prompts next to the story; sentence splitting keeps them as sentences or
glues them to one. They differ from news sentences in their grammar, not their words, so the
test reads the spaCy parse (`Doc.parse`) and no list of phrases. The parser may cut one
sentence in several (at a dash, a quotation): one clause among the pieces is enough, and the
terminal punctuation at the end catches what is glued after a sentence (what the parser
cuts off before one is not caught).

The small model mistags verbs in about one news sentence in thirty (a past tense as a
participle, a present tense as a base form or a plural noun); the tests below are as loose
as the captions allow. Measured on the summary candidates of the first six clusters of DUC
2004 and of TAC 2010 (newswire, where nearly every sentence is news), 1.4% and 2.9% are
rejected beyond the questions and lead-ins a pattern rejected before, among them TAC's
distribution notes and questions inside quotes; on Multi-News dev and BASIL the shown
sentences failing fell from 8.3% and 3.6% to under 0.5% (bench/sentences.py).
"""
from __future__ import annotations

import re

# Penn tags of a finite verb (past, present, modal); spaCy's morphology says VerbForm=Fin
# for the same tokens, but not always for the modal.
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
# A root with these tags and no finite auxiliary heads a phrase, not a clause, even with a
# subject ("Protesters marching in Paris on Sunday"). Base forms (VB) and participles (VBN)
# are not listed: the small model tags many a present or past verb so ("The pickets stand
# daily outside ...", "About 90 walkers crossed into ..."), and with a subject they are
# one; without a subject a base form is an imperative ("Click here"), which is rejected.
UNTENSED_TAGS = {"VBG", "TO"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
AUXILIARIES = {"aux", "auxpass"}
# A statement ends with a full stop (not an ellipsis: a cut teaser) or an exclamation mark,
# which closing quotation marks may follow. A question, a lead-in ending in a colon, a clause
# cut at a semicolon do not; nor does a sentence followed by anything else (a credit, a
# prompt, a counter: furniture).
TERMINAL = re.compile(r"(?:(?<!\.)\.|!)[\"'”’»]*\s*$")
WORD = re.compile(r"\w+")  # what a deletion keeps or drops
# A stretch of text inside quotation marks: straight, curly, or British single.
QUOTED = re.compile(r'"[^"]*"|“[^”]*”|‘[^’]*’')


def all_quoted(text: str) -> bool:
    """Whether every word of `text` stands inside quotation marks: speech with no speaker
    ('"There is a possibility."'), which says nothing without the quotes section's name."""
    return bool(QUOTED.search(text)) and not WORD.search(QUOTED.sub(" ", text))


def finite(token) -> bool:
    """A verb carrying tense: finite by its morphology or Penn tag, or through its
    auxiliary ("has been arrested")."""
    def tensed(t) -> bool:
        return "Fin" in t.morph.get("VerbForm") or t.tag_ in FINITE_TAGS
    return token.pos_ in ("VERB", "AUX") and (
        tensed(token) or any(c.dep_ in AUXILIARIES and tensed(c) for c in token.children))


def clause(sentence, kept: set[int] | None = None) -> bool:
    """A parsed sentence that is a clause: its root governs a subject and is no gerund or
    infinitive, or its root is a finite verb and a subject is found in the sentence (the
    parser may hang it elsewhere: "In Geneva, a prosecutor, Jane Roe, said ...").
    With `kept` (indices of the tokens a deletion left), the roots are the kept tokens
    whose head went ("..., officials said." deleted leaves the clause they said), and
    their subjects must be kept."""
    def left(token) -> bool:
        return kept is None or token.i in kept
    roots = [sentence.root] if kept is None else \
        [t for t in sentence if left(t) and (t.head == t or not left(t.head))]
    return any(_heads_clause(root, sentence, left) for root in roots)


def _heads_clause(root, sentence, left) -> bool:
    if any(c.dep_ in SUBJECTS and left(c) for c in root.children) and \
            (finite(root) or root.tag_ not in UNTENSED_TAGS):
        return True
    return finite(root) and any(t.dep_ in SUBJECTS and left(t) for t in sentence)


def defects(parse, start: int, end: int, shown: str | None = None) -> list[str]:
    """Why `parse`'s text from `start` to `end` is not a news sentence (empty if it is).
    `shown` is the text as shown when words were deleted from it (compression): the
    deletion must leave the terminal punctuation and a clause ("Jane Roe, a lawyer, said
    on Monday." less its attribution is no sentence)."""
    span = parse.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return ["empty"]
    found = []
    if not TERMINAL.search(span.text if shown is None else shown):
        found.append("no terminal punctuation")
    kept = None if shown in (None, span.text) else _kept(span, shown)
    if not any(clause(s, kept) for s in _sentences(span)):
        found.append("not a clause")
    return found


def news_sentence(parse, start: int, end: int, shown: str | None = None) -> bool:
    """Whether `parse`'s text from `start` to `end` (shown as `shown`, see `defects`) is a
    complete, clean news sentence; without a parse (`annotate(parse=False)`) nothing is
    judged and every text is one."""
    return parse is None or not defects(parse, start, end, shown)


def _kept(span, shown: str) -> set[int] | None:
    """Indices of the tokens of `span` whose words all remain in `shown`, a deletion of the
    span's text (words aligned as their longest common subsequence); None when `shown` is not
    such a deletion."""
    words = [(t.i, w) for t in span for w in WORD.findall(t.text)]
    target = WORD.findall(shown)
    n, m = len(words), len(target)
    longest = [[0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            longest[a][b] = longest[a + 1][b + 1] + 1 if words[a][1] == target[b] else \
                max(longest[a + 1][b], longest[a][b + 1])
    if longest[0][0] < m:
        return None
    matched, a, b = set(), 0, 0
    while a < n and b < m:
        if words[a][1] == target[b]:
            matched.add(a)
            a, b = a + 1, b + 1
        elif longest[a + 1][b] >= longest[a][b + 1]:
            a += 1
        else:
            b += 1
    lost = {words[k][0] for k in range(n) if k not in matched}
    return {t.i for t in span} - lost


def _sentences(span) -> list:
    """The parser's sentences inside `span`, cut to it."""
    doc = span.doc
    cut = []
    for sentence in span.sents:
        part = doc[max(sentence.start, span.start):min(sentence.end, span.end)]
        if any(t.text.isalpha() for t in part):  # a cached parse has no lexical flags
            cut.append(part)
    return cut
