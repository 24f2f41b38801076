"""Ingest of every supported format, on real files."""
from storyweave.ingest import read_paths
from storyweave.ingest.formats import untokenize
from tests.paths import EVAL, EXAMPLES, SEEDS


def test_seeds_ids_dates_and_text():
    articles, problems = read_paths([SEEDS])
    assert problems == []
    ids = {a.id: a for a in articles}
    assert sorted(ids) == ["000_23681386da3cda5e", "003_3ed83b411920e6fd",
                           "004_756a3012894d7d36"]
    assert ids["000_23681386da3cda5e"].published == "2017-11-22"
    assert ids["003_3ed83b411920e6fd"].published is None
    # The date prefix is metadata, not text.
    assert not ids["000_23681386da3cda5e"].text.lstrip().startswith("date")


def test_duc_sgml_cluster():
    articles, problems = read_paths([EVAL / "duc2004/docs/d30001t"])
    assert problems == [] and len(articles) == 10
    first = articles[0]
    assert first.id == "APW19981016.0240" and first.published == "1998-10-16"
    assert first.format == "sgml" and first.source == "Associated Press"
    assert "``" not in first.text and '"internationalize"' in first.text


def test_tac_docset():
    articles, problems = read_paths([EVAL / "tac2010/docs_tokenized/D1001A-A"])
    assert problems == [] and len(articles) == 10
    first = articles[0]
    assert first.id == "APW19990421.0284"
    assert first.title == "Explosive Devices Slow Body Count"
    assert first.published == "1999-04-21T16:33:18"
    assert "sheriff's initial estimate" in first.text  # detokenized


def test_untokenize():
    assert untokenize("`` There were so many , '' Davis said .") == \
        '"There were so many," Davis said.'
    assert untokenize("LITTLETON , Colo. ( AP ) -- It did n't work .") == \
        "LITTLETON, Colo. (AP) -- It didn't work."


def test_demo_corpus_formats(expected):
    articles, problems = read_paths([EXAMPLES])
    assert problems == []
    by_id = {a.id: a for a in articles}
    assert set(by_id) == set(expected["articles"])
    for article_id, truth in expected["articles"].items():
        article = by_id[article_id]
        assert article.format == truth["format"]
        assert (article.published or "")[:10] == (truth["published"] or "")
        if truth["format"] != "txt":
            assert article.title == truth["title"]
            assert article.source == truth["source"]


def test_html_main_text_only():
    [article], _ = read_paths([EXAMPLES / "alder_gazette.html"])
    assert article.url and article.url.startswith("https://")
    for boilerplate in ("Related stories", "All rights reserved", "Subscribe"):
        assert boilerplate not in article.text
