"""The cleaner on any text: never an exception; what it keeps is one block of paragraphs."""
from hypothesis import given
from hypothesis import strategies as st

from storyweave.clean import clean_article
from storyweave.records import Article

NOISY = st.lists(st.one_of(
    st.sampled_from(["\n", "\n\n", "\r\n", " ", "\u00a0", "\u200b", "\x97", "(CNN)",
                     "PORT ALDER, Velmark — ", "Photo: Reuters", "Subscribe to our newsletter",
                     "Click here", "http://x.example", "@handle", "Watch:", "The river rose.",
                     "“Quoted,” she said.", "Москва", "中文", "Updated 10:41 a.m."]),
    st.text(max_size=12)), max_size=40).map("".join)


@given(NOISY, st.one_of(st.none(), st.text(max_size=20)))
def test_clean_any_text(text, title):
    cleaned = clean_article(Article("x", text, title=title))
    assert "\r" not in cleaned.text and "\n\n\n" not in cleaned.text
    assert cleaned.text == cleaned.text.strip()
    for paragraph in cleaned.text.split("\n\n") if cleaned.text else []:
        assert paragraph.strip() and "\n" not in paragraph
