"""The JSON API and the pages through the app (in process): contract, auth, size limits, bad
JSON, unknown ids, escaping and the security headers."""
import json

import pytest
from fastapi.testclient import TestClient

from storyweave.service import create_app
from storyweave.service.app import POLICY
from tests.service.conftest import HOSTILE, TOKEN, hostile_article

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLES = [
    {"id": "harbour", "source": "Harbour Herald", "published": "2024-09-02",
     "title": "Ferry aground off Port Alder",
     "text": "The ferry Corran Light ran aground on the Greyshank Reef off Port Alder late on "
             "Saturday with 212 passengers aboard, the coastguard said.\n\nAll passengers "
             "were taken off by lifeboats and fishing boats overnight, officials said.\n\n"
             "Divers from a salvage company will inspect the hull on Monday before the ship "
             "is towed to the Brightwater yard, the Skerrow Line said in a statement."},
    {"id": "wire", "source": "Coast Wire", "published": "2024-09-03",
     "text": "The Corran Light ferry struck the Greyshank Reef off Port Alder on Saturday "
             "night carrying 218 passengers, the coastguard said.\n\nLifeboats and fishing "
             "boats took every passenger off the ship overnight, officials said.\n\n"
             "The Velmark Marine Safety Board has sent three inspectors to Port Alder to "
             "find out why one of the ferry's two engines lost power in the gale."},
]


def test_stories_list_and_search(client):
    stories = client.get("/api/stories").json()
    assert [s["id"] for s in stories] == ["examples", "seeds", "hostile"]
    assert set(stories[0]) == {"id", "headline", "articles", "outlets", "first", "last",
                               "disagree"}
    assert [s["id"] for s in client.get("/api/stories", params={"q": "korean"}).json()] == \
        ["seeds"]
    found = client.get("/api/stories", params={"since": "2024-01-01", "until": "2024-12-31"})
    assert [s["id"] for s in found.json()] == ["examples", "hostile"]
    for value in ("last tuesday", "0.0", "1700000000", ""):
        bad = client.get("/api/stories", params={"since": value})
        assert bad.status_code == 422 and "is not a date" in bad.json()["error"]


def test_stories_are_paged(client, app, monkeypatch):
    ids = [s["id"] for s in client.get("/api/stories").json()]
    assert [s["id"] for s in client.get("/api/stories", params={"offset": 1, "limit": 1})
            .json()] == ids[1:2]
    assert client.get("/api/stories", params={"limit": 0}).status_code == 422
    monkeypatch.setattr("storyweave.service.app.PAGE_STORIES", 2)
    first = client.get("/").text
    assert first.count('class="card"') == 2 and "1–2 shown" in first
    assert 'href="/?q=&amp;since=&amp;until=&amp;page=2"' in first
    second = client.get("/", params={"page": 2}).text
    assert second.count('class="card"') == 1 and "More stories" not in second
    bad = client.get("/", params={"page": "two"}, headers={"accept": "text/html"})
    assert bad.status_code == 422 and "page" in bad.text and "<h1>422</h1>" in bad.text


def test_story_digest_is_the_json_contract(client, source):
    response = client.get("/api/stories/seeds")
    assert response.status_code == 200
    assert response.json() == source.digest("seeds")
    assert response.headers["content-security-policy"] == POLICY


def test_unknown_ids_are_404_with_a_message(client):
    response = client.get("/api/stories/no-such-story")
    assert response.status_code == 404
    assert response.json() == {"error": "no story with id 'no-such-story'"}
    page = client.get("/stories/no-such-story", headers={"accept": "text/html"})
    assert page.status_code == 404 and "no story with id" in page.text
    assert page.headers["content-type"].startswith("text/html")
    assert client.get("/api/nothing-here").json() == {"error": "Not Found"}
    assert client.get("/static/../app.py").status_code == 404


def test_digest_on_request(client):
    response = client.post("/api/digest", json={"articles": ARTICLES, "words": 40}, headers=AUTH)
    assert response.status_code == 200, response.text
    digest = response.json()
    assert [a["id"] for a in digest["articles"]] == ["harbour", "wire"]
    assert digest["summary"] and digest["problems"] == []
    texts = {a["id"]: a["text"] for a in digest["articles"]}
    for item in digest["summary"]:  # a sentence of its article, maybe less some words
        sentence = texts[item["article"]][item["start"]:item["end"]]
        assert all(word.strip(".,") in sentence for word in item["text"].split())
    passengers = [d for d in digest["disagreements"] if {"212", "218"} <= {
        c["value"] for c in d["claims"]}]
    assert passengers, digest["disagreements"]
    assert client.get("/api/stories").json()[-1]["id"] == "hostile"  # nothing stored


def test_an_id_sent_twice_is_renamed_as_files_are(client):
    twice = client.post("/api/digest", json={"articles": [ARTICLES[0], ARTICLES[0]]},
                        headers=AUTH).json()
    assert [a["id"] for a in twice["articles"]] == ["harbour", "harbour~2"]
    assert twice["problems"] == ["article 2: article id 'harbour' already read from article 1;"
                                 " renamed to 'harbour~2'"]


def test_an_unusable_article_is_a_problem_and_the_rest_is_digested(client):
    blank = {"id": "menu", "text": "Share this article\n\nSubscribe to our newsletter"}
    response = client.post("/api/digest", json={"articles": [ARTICLES[0], blank]},
                           headers=AUTH)
    assert response.status_code == 200
    assert [a["id"] for a in response.json()["articles"]] == ["harbour"]
    assert response.json()["problems"] == ["menu: no article text found (nothing left after "
                                           "cleaning)"]
    alone = client.post("/api/digest", json={"articles": [blank]}, headers=AUTH).json()
    assert alone["articles"] == alone["summary"] == [] and len(alone["problems"]) == 1
    spaces = client.post("/api/digest", json={"articles": [{"text": " \x1d\n"}]}, headers=AUTH)
    assert spaces.json()["problems"] == ["article-1: no article text found (nothing left after "
                                         "cleaning)"]


@pytest.mark.parametrize("headers, status", [
    ({}, 401), ({"Authorization": "Bearer wrong"}, 401), ({"Authorization": TOKEN}, 401),
    ({"Authorization": f"Basic {TOKEN}"}, 401)])
def test_writes_need_the_token(client, headers, status):
    for path in ("/api/digest", "/api/articles"):
        response = client.post(path, json={"articles": ARTICLES}, headers=headers)
        assert response.status_code == status
        assert "Authorization: Bearer" in response.json()["error"]
        assert response.headers["www-authenticate"] == "Bearer"


def test_without_a_token_every_write_is_refused(source, digester):
    open_server = TestClient(create_app(source, digester, token=None))
    for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Bearer None"}):
        response = open_server.post("/api/digest", json={"articles": ARTICLES},
                                    headers=headers)
        assert response.status_code == 403
        assert "STORYWEAVE_TOKEN" in response.json()["error"]
    assert open_server.get("/api/stories").status_code == 200


def test_a_folder_server_stores_nothing(client):
    response = client.post("/api/articles", json={"articles": ARTICLES}, headers=AUTH)
    assert response.status_code == 409 and "--store" in response.json()["error"]


def test_bad_json_is_400_and_a_bad_body_422(client):
    surrogate = client.post("/api/digest", content=b'{"articles": [{"text": "A \\ud800 b"}]}',
                            headers={**AUTH, "content-type": "application/json"})
    assert surrogate.status_code == 422 and "surrogate" in surrogate.json()["error"]
    broken = client.post("/api/digest", content=b'{"articles": [', headers={
        **AUTH, "content-type": "application/json"})
    assert broken.status_code == 400 and broken.json()["error"].startswith("the body is not")
    for body, field in [({"articles": []}, "articles"), ({"words": 10}, "articles"),
                        ({"articles": [{"title": "no text"}]}, "articles.0.text"),
                        ({"articles": [{**ARTICLES[0], "published": "Tuesday"}]}, "published"),
                        ({"articles": ARTICLES, "words": 0}, "words")]:
        response = client.post("/api/digest", json=body, headers=AUTH)
        assert response.status_code == 422, body
        assert field in response.json()["error"]


def test_bodies_are_size_limited(source, digester):
    small = TestClient(create_app(source, digester, token=TOKEN, max_body=2000))
    big = {"articles": [{**ARTICLES[0], "text": ARTICLES[0]["text"] * 20}]}
    response = small.post("/api/digest", json=big, headers=AUTH)
    assert response.status_code == 413
    assert response.json() == {"error": "request body over the 2,000-byte limit"}

    def chunks():  # no Content-Length: the limit holds on the bytes as they come
        data = json.dumps(big).encode()
        for i in range(0, len(data), 500):
            yield data[i:i + 500]
    streamed = small.post("/api/digest", content=chunks(),
                          headers={**AUTH, "content-type": "application/json"})
    assert streamed.status_code == 413
    assert small.post("/api/digest", json={"articles": ARTICLES[:1]},
                      headers=AUTH).status_code == 200


def test_pages_escape_every_article_string(client):
    page = client.get("/stories/hostile").text
    assert "<script>" not in page and "onerror=\"" not in page
    assert "Outlet &lt;img src=x onerror=" in page
    assert "javascript:" not in page  # the url is not a link
    listing = client.get("/").text
    assert "Ferry &lt;img" in listing and "<img src=x" not in listing
    digest = client.post("/api/digest", json={"articles": [hostile_article()]}, headers=AUTH)
    assert HOSTILE in digest.json()["articles"][0]["source"]  # JSON keeps the text as sent


def test_pages_carry_the_policy_and_load_only_own_files(client):
    for path in ("/", "/stories/examples", "/static/app.js", "/api/stories"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["content-security-policy"] == POLICY
        assert response.headers["x-content-type-options"] == "nosniff"
    page = client.get("/stories/examples").text
    assert '<script src="/static/app.js" defer></script>' in page
    assert page.count("<script") == 1 and " style=" not in page and "onclick" not in page


def test_story_page_shows_every_part(client):
    page = client.get("/stories/examples").text
    for heading in ("Summary", "Where the sources disagree", "Coverage over time", "Timeline",
                    "Who said what", "Only one outlet reports", "Names in the story",
                    "Sources"):
        assert f">{heading}</h2>" in page
    assert page.count('class="cite') > 20 and "<svg class=\"chart\"" in page
    assert page.count('<article class="source"') == 5


def test_stories_page_searches(client):
    page = client.get("/", params={"q": "korean"}).text
    assert "/stories/seeds" in page and "/stories/examples" not in page
    assert "1 of 3 stories" in page
    bad = client.get("/", params={"since": "yesterday"})
    assert bad.status_code == 200 and "&#39;yesterday&#39; is not a date" in bad.text


def test_openapi_spec_lists_the_api(client):
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {"/api/stories", "/api/stories/{story_id}", "/api/digest",
                                  "/api/articles"}
    assert spec["paths"]["/api/digest"]["post"]["security"] == [{"HTTPBearer": []}]
