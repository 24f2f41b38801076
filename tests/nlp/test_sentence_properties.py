"""The sentence splitter on any text: offsets always slice the text, in order, no overlap."""
from hypothesis import example, given
from hypothesis import strategies as st

from storyweave.nlp.sentences import split_sentences

TEXT = st.lists(st.one_of(st.sampled_from([". ", "? ", "\n\n", "\n", "\"", "”", "’", ")",
                                           "Dr. ", "U.N. ", "Nov. 13 ", "said Rep. ", "...",
                                           "The river rose", " \t ", "\u2028", "é"]),
                          st.text(max_size=10)), max_size=40).map("".join)


@given(TEXT)
@example('(0")"')  # a closing quote taken by a sentence was another's start
def test_offsets_slice_the_text(text):
    sentences = split_sentences("a", text)
    end = 0
    for index, s in enumerate(sentences):
        assert s.index == index and s.text == text[s.start:s.end] and s.text.strip()
        assert end <= s.start < s.end <= len(text)
        end = s.end
