"""The reduce step's online clusterer: copies, stories, time windows, undated articles."""
from storyweave.records import Article
from storyweave.scale.stages import features
from storyweave.scale.stories import WINDOW_DAYS, OnlineStories

FLOOD = ("The river Alder burst its banks at Millbrook on Tuesday, flooding two hundred homes "
         "and forcing the closure of the old stone bridge. Emergency crews evacuated the "
         "riverside school and the county opened a shelter in the town hall. ")
ELECTION = ("Voters in Eastport elected Maria Okafor as mayor on Sunday, ending twelve years "
            "of rule by the harbour party. Turnout reached a record sixty per cent and the "
            "count finished after midnight. ")


def add(stories, article_id, published, title, text):
    row = features(Article(id=article_id, title=title, published=published, text=text))
    return stories.add(row["id"], row["published"], row["stems"], row["signature"])


def test_a_light_rewrite_is_a_copy_in_its_originals_story():
    stories = OnlineStories()
    story, copy = add(stories, "a", "2024-03-05", "River floods Millbrook", FLOOD * 3)
    edited = (FLOOD * 3).replace("two hundred", "about 200").replace("Tuesday", "Tuesday night")
    again, original = add(stories, "b", "2024-03-06", "Floods at Millbrook", edited)
    assert copy is None and (again, original) == (story, "a")
    assert stories.copies() == {"b": "a"}


def test_reports_of_one_event_share_a_story_and_other_events_do_not():
    stories = OnlineStories()
    flood, _ = add(stories, "a", "2024-03-05", "River floods Millbrook", FLOOD)
    other = ("Floodwater from the Alder covered Millbrook's riverside on Tuesday: homes were "
             "flooded, the stone bridge closed and the school evacuated to a town hall shelter.")
    same, copy = add(stories, "b", "2024-03-05", "Millbrook flooded as the Alder rises", other)
    vote, _ = add(stories, "c", "2024-03-05", "Okafor elected mayor of Eastport", ELECTION)
    assert same == flood and copy is None and vote != flood
    assert stories.members[flood] == ["a", "b"]


def test_a_story_closes_after_its_window_and_undated_articles_still_join():
    stories = OnlineStories()
    first, _ = add(stories, "a", "2024-03-05", "Okafor elected mayor of Eastport", ELECTION)
    later = f"2024-03-{5 + WINDOW_DAYS + 2:02d}"
    text = "Maria Okafor, elected mayor of Eastport after twelve years of harbour party rule, " \
           "took office with record turnout behind her."
    reopened, _ = add(stories, "b", later, "Okafor takes office in Eastport", text)
    undated, _ = add(stories, "c", None, "Eastport's new mayor Okafor", text)
    assert reopened != first and undated == reopened
