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
    # The headline is the file's HEADLINE field, read at run time.
    raw = (EVAL / "tac2010/docs_tokenized/D1001A-A" / first.id).read_text()
    headline = next(line for line in raw.splitlines() if line.startswith("HEADLINE:"))
    assert first.title == headline.split(":", 1)[1].strip() and first.title
    assert first.published == "1999-04-21T16:33:18"
    assert " 's " in raw and " 's " not in first.text  # detokenized


def test_a_tac_dateline_in_date_time_leaves_the_date_to_the_file_name(tmp_path):
    path = tmp_path / "XIN_ENG_20070305.0042"
    path.write_text("HEADLINE: Harbour bridge reopens after repairs\nDATE_TIME: OSLO, March 5\n\n"
                    "The harbour bridge reopened to traffic on Monday , two weeks early .\n")
    articles, problems = read_paths([path])
    assert problems == [] and articles[0].published == "2007-03-05"
    (tmp_path / "notes").mkdir()
    undated = tmp_path / "notes" / "harbour"
    undated.write_text(path.read_text())
    assert read_paths([undated])[0][0].published is None


def test_untokenize():
    assert untokenize("`` There were so many , '' Davis said .") == \
        '"There were so many," Davis said.'
    assert untokenize("GREELEY , Colo. ( AP ) -- It did n't work .") == \
        "GREELEY, Colo. (AP) -- It didn't work."


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


def _warc(path, pages, gzip_records=True):
    """A web archive of HTML responses (url, html bytes) written with warcio."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzip_records)
        for url, html, kind in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=BytesIO(html), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-09-03T08:00:00Z"}))


def test_warc_html_records_through_the_html_reader(tmp_path):
    html = (EXAMPLES / "alder_gazette.html").read_bytes()
    url = "https://aldergazette.example/ferry"
    _warc(tmp_path / "crawl.warc.gz", [(url, html, "text/html; charset=utf-8"),
                                       ("https://x.example/logo", b"\x89PNG", "image/png")])
    articles, problems = read_paths([tmp_path])
    [article] = articles
    [direct], _ = read_paths([EXAMPLES / "alder_gazette.html"])
    assert article.text == direct.text and article.title == direct.title
    assert article.format == "warc" and article.url == url
    assert article.id.startswith("warc-")
    assert [p.reason for p in problems] == [
        "WARC record https://x.example/logo: no article text found (content type image/png, "
        "not HTML)"]
    again, _ = read_paths([tmp_path / "crawl.warc.gz"])
    assert again[0].id == article.id  # the same page: the same article


def test_gzipped_files_are_read_by_their_inner_suffix(tmp_path):
    import gzip

    for name in ("feed.jsonl", "vpa_wire.txt"):
        (tmp_path / f"{name}.gz").write_bytes(gzip.compress((EXAMPLES / name).read_bytes()))
    articles, problems = read_paths([tmp_path])
    direct, _ = read_paths([EXAMPLES / "feed.jsonl", EXAMPLES / "vpa_wire.txt"])
    assert problems == []
    assert sorted((a.id, a.text) for a in articles) == sorted((a.id, a.text) for a in direct)


def test_a_broken_gzip_or_warc_is_one_problem(tmp_path):
    (tmp_path / "bad.txt.gz").write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    (tmp_path / "bad.warc").write_bytes(b"this is no archive\n")
    articles, problems = read_paths([tmp_path])
    assert articles == []
    reasons = {p.path.rsplit("/", 1)[-1]: p.reason for p in problems}
    assert reasons["bad.txt.gz"].startswith("not a readable gzip file")
    assert reasons["bad.warc"].startswith("malformed WARC")


def test_a_docno_that_is_not_one_word_never_spans_lines(tmp_path):
    """An unclosed <DOCNO> that runs into the text (atheris found it) is no DOCNO: the
    reason is one line and the well-formed DOC is still read."""
    path = tmp_path / "feed.sgml"
    path.write_text("<DOC>\n<DOCNO> HP001\n<TEXT>\nThe quay was\nrepaired.\n</TEXT>\n"
                    "</DOCNO>\n</DOC>\n<DOC>\n<DOCNO> HP002 </DOCNO>\n<TEXT>\n"
                    "The harbour reopened on Monday after the storm.\n</TEXT>\n</DOC>\n")
    articles, problems = read_paths([path])
    assert [a.id for a in articles] == ["HP002"]
    assert len(problems) == 1 and "\n" not in problems[0].reason
    assert "has no <DOCNO>" in problems[0].reason
