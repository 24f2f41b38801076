"""The local path's spill file: rows come back in the reduce step's order and by story,
whatever order they were added in, with the copies and stories the reduce step set."""
from storyweave.scale.spill import Spill
from storyweave.scale.stages import ARTICLE_FIELDS, order_key


def row(article_id: str, published: str | None, title: str) -> dict:
    fields = dict.fromkeys(ARTICLE_FIELDS)
    return fields | {"id": article_id, "published": published, "title": title,
                     "source": "Harbour Post", "text": f"{title}. The ferry left at noon.",
                     "features": article_id.encode() * 3}


def test_rows_come_back_in_order_and_by_story(tmp_path):
    rows = [row("b", "2025-03-02", "Ferry delayed by fog"),
            row("undated", None, "Council meets on ferry fares"),
            row("a", "2025-03-02", "Fog delays the morning ferry"),
            row("c", "2025-03-01T18:00", "Harbour opens new pier"),
            row("d", "2025-03-04", "Ferry fares to rise")]
    spill = Spill(tmp_path / "spill.sqlite")
    try:
        spill.add(rows[:2])
        spill.add(rows[2:])
        placed = list(spill.in_order())
        assert [r["id"] for r in placed] == [r["id"] for r in sorted(rows, key=order_key)] \
            == ["c", "a", "b", "d", "undated"]
        assert placed[1] == rows[2]

        spill.set_copies([("b", "a")])
        spill.set_stories([("a", "s2"), ("b", "s2"), ("c", "s1"), ("d", "s3"),
                           ("undated", "s3")])
        assert [(r["id"], r["story"], r["copy_of"]) for r in spill.articles(
            ("id", "story", "copy_of"))] == [("c", "s1", None), ("a", "s2", None),
                                             ("b", "s2", "a"), ("d", "s3", None),
                                             ("undated", "s3", None)]
        assert [(story, [m["id"] for m in members]) for story, members in
                spill.stories(("id", "title"))] == [("s1", ["c"]), ("s2", ["a", "b"]),
                                                    ("s3", ["d", "undated"])]
    finally:
        spill.close()
