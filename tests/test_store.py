"""The store: schema migrations, idempotent articles, stories with redirects, digests."""
import multiprocessing
import sqlite3

from storyweave.records import Article
from storyweave.store import SCHEMA_VERSION, Store

# Stamps of the code that made a digest (`pipeline.code_stamp`): before and after an upgrade.
CODE, UPGRADED = "c0de0001", "c0de0002"


def _article(id_, text, source="Harbor Post", published="2026-03-02"):
    return Article(id=id_, text=text, source=source, published=published, title=f"T {id_}")


def test_a_cache_file_from_before_the_corpus_tables_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    old.executescript("CREATE TABLE cache (kind TEXT, key TEXT, value BLOB, "
                      "PRIMARY KEY (kind, key));"
                      "CREATE TABLE digests (id TEXT PRIMARY KEY, created TEXT, json TEXT);"
                      "INSERT INTO cache VALUES ('parse:x', 'k', x'01');")
    old.commit()
    old.close()
    store = Store(path)
    assert store.get("parse:x", "k") == b"\x01"
    assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.put_article(_article("a", "Text."), "Text.", "h1").status == "new"
    store.close()
    assert Store(path).count_articles() == 1


def test_the_same_article_twice_is_stored_once_and_a_change_is_an_update():
    store = Store(":memory:")
    assert store.put_article(_article("a", "One."), "One.", "h1").status == "new"
    assert store.put_article(_article("a", "One."), "One.", "h1").status == "same"
    store.put_story("s1", b"", "Headline", "2026-03-02", "2026-03-02")
    store.add_to_story("a", "s1")
    store.put_story_digest("s1", {"disagreements": []}, ["a"], CODE)
    assert store.story_digest("s1", CODE) == {"disagreements": []}
    changed = store.put_article(_article("a", "One, updated."), "One, updated.", "h2")
    assert (changed.status, changed.story) == ("changed", "s1")
    assert store.story_digest("s1", CODE) is None
    assert store.article("a").text == "One, updated."
    assert store.raw_text("a") == "One, updated."
    assert store.count_articles() == 1


def test_a_digest_of_members_that_changed_meanwhile_is_refused():
    store = Store(":memory:")
    for name in "ab":
        store.put_article(_article(name, "Words."), "Words.", name)
    store.put_story("s1", b"", None, None, None)
    store.add_to_story("a", "s1")
    store.add_to_story("b", "s1")
    assert not store.put_story_digest("s1", {}, ["a"], CODE)
    assert store.put_story_digest("s1", {"disagreements": [{}]}, ["b", "a"], CODE)
    assert store.story("s1").disagree is True


def test_a_digest_is_served_only_to_the_code_that_made_it():
    store = Store(":memory:")
    store.put_article(_article("a", "Words."), "Words.", "a")
    store.put_story("s1", b"", None, None, None)
    store.add_to_story("a", "s1")
    assert store.put_story_digest("s1", {"summary": ["old"]}, ["a"], CODE)
    assert store.story_digest("s1", UPGRADED) is None  # made again by the new code
    assert store.story_digest("s1", CODE) == {"summary": ["old"]}
    assert store.put_story_digest("s1", {"summary": ["new"]}, ["a"], UPGRADED)
    assert store.story_digest("s1", UPGRADED) == {"summary": ["new"]}
    assert store.story_digest("s1", CODE) is None


def test_a_merged_story_redirects_and_keeps_its_articles():
    store = Store(":memory:")
    for name, source in (("a", "Harbor Post"), ("b", "Valley News"), ("c", "Valley News")):
        store.put_article(_article(name, "Words.", source), "Words.", name)
    store.put_story("s1", b"1", "First", "2026-03-02", "2026-03-02")
    store.put_story("s2", b"2", "Second", "2026-03-02", "2026-03-03")
    store.add_to_story("a", "s1")
    store.add_to_story("b", "s2")
    store.add_to_story("c", "s2")
    version = store.clock()
    store.merge_stories("s1", "s2")
    assert store.resolve("s2") == "s1"
    story = store.story("s2")
    assert story.id == "s1" and story.articles == ["a", "b", "c"]
    assert story.outlets == ["Harbor Post", "Valley News"]
    assert [s.id for s in store.stories()] == ["s1"]
    assert dict(store.story_states(version)) == {"s2": None, "s1": b"1"}
    assert store.resolve("nope") is None and store.story("nope") is None


def test_stories_since_a_date():
    store = Store(":memory:")
    store.put_article(_article("a", "Words."), "Words.", "a")
    store.put_story("s1", b"", "Old", "2026-01-01", "2026-01-02")
    store.add_to_story("a", "s1")
    assert store.stories(since="2026-01-02")[0].id == "s1"
    assert store.stories(since="2026-01-03") == []
    assert store.integrity() == "ok"


def test_a_store_of_schema_version_2_gains_the_index_of_merge_redirects(tmp_path):
    from storyweave.store import MIGRATIONS

    path = tmp_path / "v2.sqlite"
    old = sqlite3.connect(path)
    old.executescript("".join(MIGRATIONS[:2]) + "PRAGMA user_version=2;")
    old.execute("INSERT INTO stories (id, version) VALUES ('s1', 1)")
    old.commit()
    old.close()
    store = Store(path)
    assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    plan = store._db.execute("EXPLAIN QUERY PLAN UPDATE stories SET merged_into=? "
                             "WHERE merged_into=?", ("a", "b")).fetchall()
    assert any("stories_merged" in row[-1] for row in plan)
    store.put_story("s2", b"", "Second", None, None)
    store.merge_stories("s2", "s1")
    assert store.resolve("s1") == "s2"
    assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_store_of_schema_version_3_gains_the_digests_code_and_drops_the_digests_table(
        tmp_path):
    from storyweave.store import MIGRATIONS

    path = tmp_path / "v3.sqlite"
    old = sqlite3.connect(path)
    old.executescript("".join(MIGRATIONS[:3]) + "PRAGMA user_version=3;")
    old.execute("INSERT INTO cache VALUES ('parse:x', 'k', x'01')")
    old.execute("INSERT INTO digests (id, json) VALUES ('d1', '{}')")
    old.execute("INSERT INTO stories (id, headline, version, digest, disagree, stale) "
                "VALUES ('s1', 'Ferry aground', 1, '{\"summary\": []}', 1, 0)")
    old.execute("INSERT INTO articles (id, story, title, raw, text, hash) "
                "VALUES ('a', 's1', 'T a', 'Raw words.', 'Words.', 'h1')")
    old.commit()
    old.close()
    store = Store(path)
    assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    columns = [row[1] for row in store._db.execute("PRAGMA table_info(stories)")]
    assert "digest_code" in columns
    assert store._value("SELECT name FROM sqlite_master WHERE name='digests'") is None
    story = store.story("s1")
    assert (story.headline, story.articles, story.disagree) == ("Ferry aground", ["a"], True)
    assert (store.article("a").text, store.raw_text("a")) == ("Words.", "Raw words.")
    assert store.get("parse:x", "k") == b"\x01"
    assert store.story_digest("s1", CODE) is None  # made by code of no known stamp
    assert store.put_story_digest("s1", {"summary": ["new"]}, ["a"], CODE)
    assert store.story_digest("s1", CODE) == {"summary": ["new"]}
    store.close()
    store, problem = Store.open_or_memory(path)
    assert problem is None and store.integrity() == "ok"


def _open_at_once(path, barrier, results):
    barrier.wait()
    try:
        Store(path).close()
        results.put("ok")
    except sqlite3.OperationalError as error:
        results.put(str(error))


def test_processes_opening_one_new_file_at_once_all_succeed(tmp_path):
    # Turning a new file to WAL takes it exclusively without waiting on a busy handler:
    # before the retry, about one round in five had a process told "database is locked".
    context = multiprocessing.get_context("fork")
    for round_ in range(10):
        path = tmp_path / f"new{round_}.sqlite"
        barrier, results = context.Barrier(8), context.Queue()
        processes = [context.Process(target=_open_at_once, args=(path, barrier, results))
                     for _ in range(8)]
        for process in processes:
            process.start()
        answers = [results.get(timeout=120) for _ in processes]
        for process in processes:
            process.join()
        assert answers == ["ok"] * 8, answers
        assert Store(path).integrity() == "ok"
