"""Stories served from folders: one story per PATH, listed, searched by words and dates."""
import datetime as dt

from storyweave.service.sources import FolderSource, slug
from tests.paths import EXAMPLES


def test_each_path_is_one_story(source):
    stories = {s.id: s for s in source.stories()}
    assert list(stories) == ["examples", "seeds", "hostile"]
    demo = stories["examples"]
    assert len(demo.articles) == 5
    assert "The Alder Gazette" in demo.outlets and "Meridian Daily" in demo.outlets
    assert (demo.first, demo.last) == ("2024-09-02", "2024-09-03")
    assert "Greyshank" in demo.headline
    assert demo.disagree and stories["seeds"].disagree
    assert stories["seeds"].first == stories["seeds"].last == "2017-11-22"
    digest = source.digest("seeds")
    assert len(digest["articles"]) == 3 and digest["summary"]
    assert source.digest("nope") is None and source.resolve("nope") is None
    assert source.resolve("seeds") == "seeds"


def test_search_by_words_and_dates(source):
    search = source.search
    assert [s.id for s in search("greyshank REEF")] == ["examples"]
    assert [s.id for s in search("korean")] == ["seeds"]
    assert search("greyshank korean") == []
    assert [s.id for s in search(until=dt.date(2020, 1, 1))] == ["seeds"]
    assert [s.id for s in search(since=dt.date(2024, 9, 3))] == ["examples", "hostile"]
    assert search(since=dt.date(2024, 9, 4)) == []
    assert len(search()) == 3


def test_story_ids_are_readable_and_unique(digester, tmp_path):
    assert slug("../shared/seeds") == "seeds"
    assert slug("/data/My Story.jsonl") == "my-story"
    twice = FolderSource([str(EXAMPLES), str(EXAMPLES)], digester, words=60)
    assert [s.id for s in twice.stories()] == ["examples", "examples-2"]


def test_a_path_without_articles_is_a_problem_not_a_story(digester, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    served = FolderSource([str(empty), str(EXAMPLES)], digester, words=60)
    assert [s.id for s in served.stories()] == ["examples"]
    assert [str(p) for p in served.problems] == [f"{empty}: empty file"]
