"""The analysis in the digest: JSON contract, Markdown and HTML sections, escaping."""
import json

import pytest

from storyweave.records import (Article, Claim, Digest, Disagreement, Evidence, Fact, Quote,
                                TimelineEvent)
from storyweave.render import render

EVIL = "<script>alert('x')</script>"


@pytest.fixture
def digest():
    """A hand-made digest whose every analysis section holds text from input."""
    articles = [Article("a", "Text of a.", source="Wire <b>One</b>", published="2024-09-02"),
                Article("b", "Text of b.", source="Daily Two", published="2024-09-03"),
                Article("c", "Text of c.", source="Radio Three")]
    return Digest(
        articles=articles,
        facts=[Fact("Both say the ferry ran aground.", ["a", "b"],
                    evidence=[Evidence("a", 0, 31), Evidence("b", 40, 72)])],
        exclusive=[Fact(f"Only Two says {EVIL}.", ["b"])],
        disagreements=[
            Disagreement(f"number of passengers {EVIL}", "contradiction",
                         [Claim("a", "212", "carrying 212 passengers"),
                          Claim("b", "218", f"carrying 218 passengers {EVIL}")]),
            Disagreement("number of people treated in hospital", "update",
                         [Claim("a", "17", "17 people were admitted"),
                          Claim("b", "26 (by Tuesday)", "rose to 26 by Tuesday")])],
        quotes=[Quote("a", "We did our best,", "Tamsin Orrell"),
                Quote("b", f"{EVIL} happened,", "Tamsin Orrell"),
                Quote("c", "Nobody screamed.", "Petra Vane"),
                Quote("c", "It was dark.", None)],
        timeline=[TimelineEvent("2024-08-31", "The ferry struck the reef on Saturday.",
                                ["b", "a"], "Saturday")],
        undated=["c"])


def test_json_contract_additions(digest):
    data = json.loads(render(digest, "json"))
    assert data["disagreements"][0] == {
        "about": f"number of passengers {EVIL}", "kind": "contradiction",
        "claims": [{"article": "a", "value": "212", "quote": "carrying 212 passengers"},
                   {"article": "b", "value": "218",
                    "quote": f"carrying 218 passengers {EVIL}"}]}
    assert {"article", "quote", "speaker"} <= set(data["quotes"][0])
    assert data["timeline"][0]["date"] == "2024-08-31"
    assert data["timeline"][0]["articles"] == ["b", "a"]
    assert data["facts"] == [{"text": "Both say the ferry ran aground.", "articles": ["a", "b"],
                              "evidence": [{"article": "a", "start": 0, "end": 31},
                                           {"article": "b", "start": 40, "end": 72}]}]
    assert Digest.from_json(data).facts[0].evidence == digest.facts[0].evidence
    assert data["exclusive"] == [{"text": f"Only Two says {EVIL}.", "article": "b"}]
    assert data["undated"] == ["c"]


def test_markdown_sections(digest):
    out = render(digest, "markdown")
    assert "_3 articles from 3 sources, 2024-09-02 to 2024-09-03_" in out
    disagree = out.split("## Where the sources disagree", 1)[1].split("\n## ", 1)[0]
    assert "(contradiction)" in disagree and "update" in disagree
    assert "  - 218 (1 source)\n    - Daily Two: “carrying 218 passengers" in disagree
    assert "  - 26 (by Tuesday) (1 source)\n    - Daily Two: “rose to 26 by Tuesday” [2]" in \
        disagree
    quotes = out.split("## Quotes", 1)[1].split("\n## ", 1)[0]
    orrell, vane, unattributed = (quotes.index(n) for n in
                                  ("**Tamsin Orrell**", "**Petra Vane**", "**Unattributed**"))
    assert orrell < vane < unattributed  # most quoted first, unattributed last
    assert "“We did our best,” [1]" in quotes
    timeline = out.split("## Timeline", 1)[1].split("\n## ", 1)[0]
    # The expression resolved is shown; citations read in source order.
    assert "2024-08-31 (“Saturday”): The ferry struck the reef on Saturday. [1][2]" in timeline
    assert "Radio Three [3]" in timeline.split("Undated", 1)[1]
    assert "Only Two says" in out.split("## Reported by one outlet only", 1)[1]
    assert "<script>" not in out


def test_html_sections_escape_every_input_string(digest):
    page = render(digest, "html")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>One</b>" not in page
    for heading in ("Where the sources disagree", "What the sources agree on",
                    "Reported by one outlet only", "Quotes", "Timeline"):
        assert f"<h2>{heading}</h2>" in page
    assert '<a href="#src-2">[2]</a>' in page
    assert "<p class=meta>3 articles from 3 sources, 2024-09-02 to 2024-09-03</p>" in page
    timeline = page.split("<h2>Timeline</h2>", 1)[1]
    assert "Radio Three" in timeline
    assert '<strong>2024-08-31</strong> (“Saturday”)' in timeline
    assert timeline.index('href="#src-1"') < timeline.index('href="#src-2"')


HOSTILE_URLS = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                'https://ok.example/a"><script>alert(1)</script>',
                "https://ok.example/a> <img src=x onerror=alert(1)>"]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_no_link_a_reader_should_not_follow(digest, url):
    """Both renderers link http(s) addresses only, and nothing in a source line (id, date,
    address) becomes markup once a CommonMark renderer that passes HTML through has run."""
    from markdown_it import MarkdownIt

    digest.articles[0].url = url
    digest.articles[1].url = "https://ok.example/story"
    digest.articles[2].id = "c`<img src=x onerror=alert(1)>`"
    for page in (render(digest, "html"), MarkdownIt("commonmark").render(render(digest))):
        assert "<script" not in page and "<img" not in page and "javascript:" not in page
        assert 'href="https://ok.example/story"' in page


def test_a_value_many_outlets_give_is_counted_quoted_twice_and_cited(digest):
    c = digest.articles[2].id
    digest.articles.append(Article("d", "Text of d.", source="Paper Four"))
    digest.disagreements = [Disagreement("passengers aboard", "contradiction", [
        Claim("a", "212", "carrying 212 passengers"), Claim("b", "212", "212 passengers"),
        Claim(c, "212", "with 212 aboard"), Claim("d", "218", "218 passengers")])]
    out = render(digest, "markdown")
    assert "  - 212 (3 sources)\n    - Wire" in out
    assert "    - Daily Two: “212 passengers” [2]" in out
    assert "    - also Radio Three [3]\n  - 218 (1 source)\n    - Paper Four: “218" in out
    assert "with 212 aboard" not in out
    page = render(digest, "html")
    assert "(3 sources)" in page and "<p>also Radio Three" in page
    assert "with 212 aboard" not in page


def test_versions_of_one_outlet_count_as_one_source(digest):
    """Two versions of the wire's story giving 212 are one source for it, quoted both."""
    digest.articles.append(Article("a2", "Text of a2.", source="Wire <b>One</b>"))
    digest.disagreements = [Disagreement("passengers aboard", "contradiction", [
        Claim("a", "212", "carrying 212 passengers"), Claim("a2", "212", "212 passengers"),
        Claim("b", "218", "218 passengers")])]
    out = render(digest, "markdown")
    assert "  - 212 (1 source)\n    - Wire" in out and "“212 passengers” [4]" in out
    assert "(1 source)" in render(digest, "html") and "(2 sources)" not in out


def test_a_quote_printed_by_several_articles_is_shown_once(digest):
    """Versions of one wire story print the same quote: one line, every article cited."""
    digest.quotes = [Quote("b", "We did  our best,", "Tamsin Orrell"),
                     Quote("a", "We did our best,", "Tamsin Orrell"),
                     Quote("c", "Nobody screamed.", "Tamsin Orrell")]
    out = render(digest, "markdown")
    assert "  - “We did  our best,” [1][2]\n  - “Nobody screamed.” [3]" in out
    quotes = render(digest, "html").split("<h2>Quotes</h2>", 1)[1].split("</ul>", 1)[0]
    assert quotes.count("our best,") == 1 and quotes.count("<blockquote>") == 2
