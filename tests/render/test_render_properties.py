"""No string from input changes the structure of the Markdown or HTML digest (hypothesis)."""
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from storyweave.records import (Article, Claim, Digest, Disagreement, Entity, Fact, Quote,
                                SummaryItem, TimelineEvent)
from storyweave.render import render
from storyweave.render.markdown import UNATTRIBUTED

# Any text, with the characters that mean something to Markdown, HTML or a terminal often.
FIELDS = 22
SPECIAL = list("\n\r\t #>-+=*_`[]()<>&\"'|\\!1.:\u2028\x85")
HOSTILE = st.lists(st.one_of(st.sampled_from(SPECIAL + ["</li>", "<!--", "&#10;", "    "]),
                             st.characters()), min_size=1, max_size=30).map("".join)
# A speaker named like the unattributed group, or none, joins it: content, not structure.
STRINGS = st.lists(HOSTILE, min_size=FIELDS, max_size=FIELDS).filter(
    lambda s: s[18].strip() and s[18] != UNATTRIBUTED)


def digest_with(s: list[str]) -> Digest:
    """A digest with an input string in every field a renderer shows."""
    # (The article's text and URL are left out: its paragraphs are paragraphs of the page,
    # and a URL a reader should not follow is not linked, by design.)
    articles = [Article(f"a{s[0]}", "Text of a.", title=s[2], source=s[3],
                        published="2024-09-02", url="https://x.example/a"),
                Article(f"b{s[5]}", "Text of b.", source=s[6])]
    a, b = articles[0].id, articles[1].id
    return Digest(
        articles=articles,
        summary=[SummaryItem(s[7], a, 0, 4, [a, b])],
        entities=[Entity(s[8], "PERSON", [a]), Entity(s[9], "PLACE", [b])],
        facts=[Fact(s[10], [a, b])], exclusive=[Fact(s[11], [b])],
        # A disagreement's values differ (each is one side of it).
        disagreements=[Disagreement(s[12], "update", [Claim(a, f"1{s[13]}", s[14]),
                                                     Claim(b, f"2{s[15]}", s[16])])],
        quotes=[Quote(a, s[17], s[18]), Quote(b, s[19], None)],
        timeline=[TimelineEvent("2024-08-31", s[20], [a, b], s[21])], undated=[b])


MARKDOWN = MarkdownIt("commonmark")


def markdown_blocks(text: str) -> list[tuple[str, int]]:
    """The block structure a CommonMark reader sees: each block token's type and level."""
    return [(t.type, t.level) for t in MARKDOWN.parse(text) if t.block]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(("<", tag, tuple(k for k, _ in attrs)))

    def handle_endtag(self, tag):
        self.tags.append((">", tag))

    def handle_comment(self, data):
        self.tags.append(("comment",))


def html_tags(text: str) -> list[tuple]:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.tags


BENIGN = digest_with(["x"] * FIELDS)


@given(STRINGS)
def test_markdown_structure_is_fixed(strings):
    assert markdown_blocks(render(digest_with(strings), "markdown")) == \
        markdown_blocks(render(BENIGN, "markdown"))


@given(STRINGS)
def test_html_structure_is_fixed(strings):
    assert html_tags(render(digest_with(strings), "html")) == html_tags(render(BENIGN, "html"))


def test_newline_in_title_id_or_file_name_starts_no_line():
    strings = ["x"] * FIELDS
    strings[0] = "\n# Injected heading"
    strings[2] = "Title\n# Injected heading\n- item"
    strings[3] = "Outlet\r\n> quote"
    page = render(digest_with(strings), "markdown")
    assert not any(line.startswith(("# Injected", "- item", "> quote"))
                   for line in page.splitlines())
    assert markdown_blocks(page) == markdown_blocks(render(BENIGN, "markdown"))
