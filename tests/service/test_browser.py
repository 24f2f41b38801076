"""The web app in a real browser: `storyweave serve` on the seeds (and a hostile feed) in a
real uvicorn process, driven through headless Chromium by Playwright."""
import json
import os
import urllib.request

import pytest

from storyweave.service.process import running_server
from tests.paths import SEEDS
from tests.service.conftest import TOKEN, hostile_article

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The base URL of `storyweave serve SEEDS hostile.jsonl` on a free loopback port."""
    folder = tmp_path_factory.mktemp("served")
    feed = folder / "hostile.jsonl"
    feed.write_text(json.dumps(hostile_article()) + "\n", encoding="utf-8")
    with running_server([str(SEEDS), str(feed), "--db", str(folder / "cache.sqlite")],
                        env={"STORYWEAVE_TOKEN": TOKEN}) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    assert os.path.exists(CHROMIUM), "the browser tests need Chromium: `make setup`"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def fetch(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def test_a_citation_opens_its_source_at_the_backing_sentence(server, browser, tmp_path):
    digest = fetch(server + "/api/stories/seeds")
    texts = {a["id"]: a["text"] for a in digest["articles"]}
    number = {a["id"]: n for n, a in enumerate(digest["articles"], 1)}
    item = digest["summary"][0]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    page.on("console", lambda message: problems.append(message.text))
    page.goto(server + "/stories/seeds")
    assert page.locator("#reader article.source:visible").count() == 0
    marker = page.locator(".summary p.claim").first.locator(
        f"a.cite[data-n='{number[item['article']]}']")
    marker.click()
    shown = page.locator("#reader article.source:visible")
    assert shown.count() == 1
    assert shown.get_attribute("id") == f"src-{number[item['article']]}"
    highlighted = "".join(shown.locator("span.hl").all_inner_texts())
    assert highlighted == texts[item["article"]][item["start"]:item["end"]]
    assert shown.locator("span.hl").first.is_visible()
    assert "active" in marker.get_attribute("class")
    page.screenshot(path=tmp_path / "story.png")
    assert (tmp_path / "story.png").stat().st_size > 10_000

    other = next(s for s in item["sources"] if s != item["article"])
    page.locator(".summary p.claim").first.locator(f"a.cite[data-n='{number[other]}']").click()
    shown = page.locator("#reader article.source:visible")
    assert shown.get_attribute("id") == f"src-{number[other]}"
    near = "".join(shown.locator("span.hl").all_inner_texts())
    # the other outlet's sentences the digest gives as its evidence for the same claim
    assert near == "".join(texts[other][e["start"]:e["end"]] for e in item["evidence"]
                           if e["article"] == other)
    page.keyboard.press("Escape")
    assert page.locator("#reader article.source:visible").count() == 0
    assert problems == []


def test_the_stories_page_lists_and_searches(server, browser):
    page = browser.new_page()
    page.goto(server + "/")
    assert page.locator("li.card").count() == 2
    page.fill("input[name=q]", "korean soldier")
    page.click("button[type=submit]")
    assert page.locator("li.card").count() == 1
    page.click("li.card a.headline")
    assert page.url.endswith("/stories/seeds")
    assert page.locator(".dispute .side").count() >= 2


def test_nothing_an_article_carries_runs(server, browser):
    page = browser.new_page()
    violations = []
    page.on("console", lambda message: violations.append(message.text))
    for path in ("/", "/stories/hostile"):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        assert page.get_attribute("body", "data-pwned") is None
    page.locator("a.cite").first.click()
    assert "<script>" in page.locator("#reader article.source:visible").inner_text()
    # Control: a script added inline is refused by the page's policy, not merely absent.
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = "document.body.setAttribute('data-pwned','1')";
        document.body.appendChild(s); }""")
    assert page.get_attribute("body", "data-pwned") is None
    assert any("Content Security Policy" in v for v in violations)


def test_on_a_narrow_screen_the_page_scrolls_to_the_sentence_and_back(server, browser):
    page = browser.new_page(viewport={"width": 420, "height": 800})
    page.goto(server + "/stories/seeds")
    marker = page.locator(".summary a.cite").last
    marker.click()
    highlighted = page.locator("#reader article.source:visible span.hl").first
    assert highlighted.is_visible()
    box = highlighted.bounding_box()
    assert 0 <= box["y"] < 800  # in the viewport: the page scrolled down to it
    page.locator("#reader article.source:visible button.close").click()
    box = marker.bounding_box()
    assert 0 <= box["y"] < 800  # back at the citation
