"""What the story page shows, computed from real digests: markers, source cuts, the chart."""
import pytest

from storyweave.nlp.sentences import paragraphs
from storyweave.records import Article
from storyweave.service.views import (CHART_BAR, CHART_TOP, CHART_WIDTH, coverage_chart, locate,
                                      segments, story_view)


def test_locate_exact_then_closest_sentence():
    text = ("The ferry left Port Alder at nine. It struck the reef in a gale.\n\n"
            "Rescue boats came from three harbours.")
    assert locate(text, "struck the reef") == (text.index("struck"),
                                               text.index("struck") + 15, True)
    start, end, exact = locate(text, "Boats from three nearby harbours came to rescue them.")
    assert text[start:end] == "Rescue boats came from three harbours." and not exact


def test_segments_cut_paragraphs_at_every_span():
    text = "One two. Three four.\n\nFive six."
    cut = segments(text, {(9, 20), (0, 8)})
    assert [[piece for _, _, piece in p] for p in cut] == [["One two.", " ", "Three four."],
                                                           ["Five six."]]
    assert all(text[a:b] == piece for p in cut for a, b, piece in p)


def test_every_summary_marker_of_its_own_article_is_the_exact_sentence(source):
    for story_id in ("examples", "seeds"):
        digest = source.digest(story_id)
        view = story_view(story_id, digest)
        numbers = {a["id"]: n for n, a in enumerate(digest["articles"], 1)}
        for item, (text, markers) in zip(digest["summary"], view["summary"]):
            assert text == item["text"]
            assert sorted(m.n for m in markers) == sorted(numbers[s] for s in item["sources"])
            own = next(m for m in markers if m.n == numbers[item["article"]])
            assert own.exact and own.spans == ((item["start"], item["end"]),)
        for source_view in view["sources"]:
            text = digest["articles"][source_view["n"] - 1]["text"]
            assert ["".join(piece for _, _, piece in p) for p in source_view["paragraphs"]] \
                == [text[a:b] for a, b in paragraphs(text)]


def test_a_citation_marks_every_sentence_the_digest_gives_as_evidence():
    texts = {"a": "The storm killed 12 people in the valley.",
             "b": "The storm hit the valley on Sunday. Roads closed. It killed 12 people."}
    fact = "The storm killed 12 people in the valley."
    evidence = [{"article": "a", "start": 0, "end": 41}, {"article": "b", "start": 0, "end": 35},
                {"article": "b", "start": 50, "end": 70}]
    data = {"articles": [{"id": k, "text": v} for k, v in texts.items()],
            "facts": [{"text": fact, "articles": ["a", "b"], "evidence": evidence}]}
    view = story_view("s", data)
    (_, (own, other)), = view["facts"]
    assert own.exact and own.spans == ((0, 41),)
    assert other.exact and other.spans == ((0, 35), (50, 70)) and other.ranges == "0-35 50-70"
    pieces = [piece for a, b, piece in view["sources"][1]["paragraphs"][0]
              if any(lo <= a and b <= hi for lo, hi in other.spans)]
    assert pieces == ["The storm hit the valley on Sunday.", "It killed 12 people."]
    del data["facts"][0]["evidence"]  # a digest stored before evidence: closest sentence
    (_, (_, near)), = story_view("s", data)["facts"]
    assert not near.exact and near.spans == ((50, 70),)


def test_disagreement_sides_are_values_with_their_outlets(source):
    view = story_view("examples", source.digest("examples"))
    passengers = next(d for d in view["disagreements"] if "passengers" in d["about"])
    values = {value: said for value, said, _ in passengers["sides"]}
    assert {"212", "218"} <= set(values)
    assert len(values["212"]) == 2 and values["218"][0][0] == "The Northern Ledger"
    assert [n for _, _, n in passengers["sides"]] == [2, 1]
    for claims in values.values():
        for _, quote, marker in claims:
            (start, end), = marker.spans
            assert marker.exact and end - start == len(quote)


def test_coverage_chart_counts_articles_per_day_and_outlet():
    day = lambda d, o: Article(id=f"{d}{o}", text="x", published=d, source=o)  # noqa: E731
    chart = coverage_chart([day("2024-09-02", "A"), day("2024-09-02", "B"),
                            day("2024-09-02T10:00:00", "A"), day("2024-09-04", "B"),
                            Article(id="u", text="x")])
    assert (chart["first"], chart["last"], chart["per"], chart["top"]) == \
        ("2024-09-02", "2024-09-04", "day", 3)
    assert chart["undated"] == 1 and [name for name, _ in chart["legend"]] == ["A", "B"]
    labels = sorted(b["label"] for b in chart["bars"])
    assert labels == ["2024-09-02: 1 from B", "2024-09-02: 2 from A", "2024-09-04: 1 from B"]
    tallest = max(b["h"] for b in chart["bars"])
    assert tallest == pytest.approx((chart["axis"] - CHART_TOP) * 2 / 3, abs=0.1)
    assert all(b["w"] <= CHART_BAR and 0 <= b["x"] <= CHART_WIDTH - b["w"]
               for b in chart["bars"])
    assert coverage_chart([Article(id="u", text="x")]) is None


def test_a_long_span_is_drawn_per_week():
    articles = [Article(id=str(i), text="x", published=f"2010-{m:02d}-01", source=f"S{i}")
                for i, m in enumerate(range(1, 13))]
    chart = coverage_chart(articles)
    assert chart["per"] == "week"
    assert len(chart["legend"]) == 9 and chart["legend"][-1] == ("4 other outlets", 8)


def test_the_story_page_quotes_two_outlets_a_side_and_cites_the_rest():
    from jinja2 import Environment, PackageLoader

    from storyweave.records import Claim, Digest, Disagreement

    pages = Environment(loader=PackageLoader("storyweave.service", "templates"),
                        autoescape=True, trim_blocks=True, lstrip_blocks=True)
    values = {"a": "212", "b": "212", "c": "212", "d": "218"}
    digest = Digest(
        articles=[Article(x, f"The ferry sailed with {v} aboard.", source=f"Outlet {x.upper()}",
                          published="2024-09-02") for x, v in values.items()],
        disagreements=[Disagreement("passengers aboard", "contradiction", [
            Claim(x, v, f"with {v} aboard") for x, v in values.items()])])
    page = pages.get_template("story.html").render(story=story_view("s", digest.to_json()))
    disputes = page.split('class="dispute"', 1)[1].split("</section>", 1)[0]
    assert disputes.count("<blockquote>") == 3  # two of 212's three outlets, 218's one
    assert "3 sources" in disputes and 'class="also">also' in disputes
    assert "Outlet C" in disputes.split('class="also">', 1)[1].split("</p>", 1)[0]


def test_a_quote_two_versions_print_is_said_once_and_cited_to_both():
    from jinja2 import Environment, PackageLoader

    from storyweave.records import Digest, Quote

    pages = Environment(loader=PackageLoader("storyweave.service", "templates"),
                        autoescape=True, trim_blocks=True, lstrip_blocks=True)
    text = '"We will check every hull," Lind said.'
    digest = Digest(
        articles=[Article(x, text, source="Wire", published="2024-09-02") for x in "ab"],
        quotes=[Quote(x, "We will check every hull,", "Ada Lind", start=1, end=26) for x in "ba"])
    view = story_view("s", digest.to_json())
    (speaker, ((quote, markers),)), = view["speakers"]
    assert (speaker, quote) == ("Ada Lind", "We will check every hull,")
    assert [(m.n, m.spans) for m in markers] == [(1, ((1, 26),)), (2, ((1, 26),))]
    page = pages.get_template("story.html").render(story=view)
    said = page.split('class="speaker"', 1)[1].split("</div>", 1)[0]
    assert said.count("<blockquote>") == 1 and said.count('href="#src-') == 2
    assert "1 quote<" in said
