"""Noun classes from the WordNet files `make setup` installs."""
import pytest

from storyweave.nlp import wordnet


@pytest.mark.parametrize("noun", ["governor", "congresswoman", "staffer", "analyst", "wife"])
def test_people_are_person_nouns(noun):
    assert wordnet.is_person_noun(noun)


@pytest.mark.parametrize("noun", ["agency", "statement", "company", "court", "xqzv"])
def test_bodies_texts_and_unknown_words_are_not(noun):
    assert not wordnet.is_person_noun(noun)


def test_a_missing_wordnet_is_named(monkeypatch, tmp_path):
    monkeypatch.setattr(wordnet, "WORDNET", tmp_path)
    wordnet._first_senses.cache_clear()
    wordnet._first_sense.cache_clear()
    with pytest.raises(RuntimeError, match="wordnet-base"):
        wordnet.is_person_noun("pilot")
    wordnet._first_senses.cache_clear()
