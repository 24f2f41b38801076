"""Sentences keep abbreviations whole and point exactly into the text."""
from storyweave.nlp.sentences import paragraphs, split_sentences
from storyweave.nlp.tokens import numbers


def test_abbreviations_do_not_split():
    text = ("The U.S.-led U.N. Mission released a report on Nov. 21 showing the damage. "
            "Col. Marek T. Havel spoke to reporters.\n\nGen. Ferris said \"it stands.\"")
    sentences = split_sentences("a", text)
    assert [s.text for s in sentences] == [
        "The U.S.-led U.N. Mission released a report on Nov. 21 showing the damage.",
        "Col. Marek T. Havel spoke to reporters.",
        'Gen. Ferris said "it stands."']
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_a_title_does_not_end_a_sentence():
    text = ("The bill was written by Rep. Carl Dunmore of Vermont. It passed, said the Rev. "
            "Amos Tilley. Harold Banks Jr. sang.")
    sentences = split_sentences("a", text)
    assert [s.text for s in sentences][:2] == [
        "The bill was written by Rep. Carl Dunmore of Vermont.",
        "It passed, said the Rev. Amos Tilley."]
    assert [s.index for s in sentences] == list(range(len(sentences)))
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_paragraphs():
    assert paragraphs("a b\n\n\nc\n \nd") == [(0, 3), (6, 7), (10, 11)]


def test_numbers_in_digits_and_words():
    assert numbers("shot at least four times by 1,400 of 2.5 men, Seventeen said") == \
        {4.0, 1400.0, 2.5, 17.0}
