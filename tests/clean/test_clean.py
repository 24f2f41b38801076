"""Clean on real crawls: every noise line goes, no body sentence is lost."""
import pytest

from storyweave.clean import clean_article
from storyweave.clean import lines as rules
from storyweave.ingest import read_paths
from storyweave.nlp.sentences import split_sentences
from storyweave.records import Article
from tests.paths import EVAL, EXAMPLES, SEEDS

# Noise in ../shared/seeds, by line number among the raw file's non-blank lines (the text
# itself stays in ../shared and is read at run time).
SEED_NOISE = {
    "000_23681386da3cda5e": [4, 13, 16],  # two picture captions, a contributor line
    "003_3ed83b411920e6fd": [1, 2],  # a picture's title and caption
    "004_756a3012894d7d36": [1, 2, 3, 27, 28, 29],  # "Watch:" headers, newsletter promos
}
# Metadata in ../shared/seeds, by where it sits: the dateline is the place between the
# first line's date and its dash; the byline is a whole line; the title is a line after
# its "Label: " prefix (line numbers as above).
SEED_METADATA = {
    "000_23681386da3cda5e": {"dateline": 1, "byline": 16},
    "003_3ed83b411920e6fd": {},
    "004_756a3012894d7d36": {"title": 1},
}


def _raw_lines(path):
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


def seed_noise(article_id):
    """The starts (first five words) of the seed's noise lines."""
    lines = _raw_lines(SEEDS / f"{article_id}.txt")
    return [" ".join(lines[n - 1].split()[:5]) for n in SEED_NOISE[article_id]]


def seed_metadata(article_id):
    """(dateline, byline, title) of the seed, read from the raw file at the listed lines."""
    lines = _raw_lines(SEEDS / f"{article_id}.txt")
    where = SEED_METADATA[article_id]
    dateline = byline = title = None
    if "dateline" in where:  # "date <YYYY-MM-DD> <PLACE> — <story>"
        dateline = lines[where["dateline"] - 1].split(" — ", 1)[0].split(" ", 2)[2]
    if "byline" in where:
        byline = lines[where["byline"] - 1]
    if "title" in where:
        title = lines[where["title"] - 1].split(": ", 1)[1]
    return dateline, byline, title


@pytest.fixture(scope="module")
def seeds():
    articles, _ = read_paths([SEEDS])
    return {a.id: (a, clean_article(a)) for a in articles}


@pytest.mark.parametrize("article_id", sorted(SEED_NOISE))
def test_seed_noise_removed(seeds, article_id):
    _, cleaned = seeds[article_id]
    for start in seed_noise(article_id):
        assert start not in cleaned.text
        assert any(r.split(": ", 1)[1].startswith(start) for r in cleaned.removed)
    assert "newsletter" not in cleaned.text.lower()
    assert "Getty Images" not in cleaned.text and "/ EPA" not in cleaned.text


@pytest.mark.parametrize("article_id", sorted(SEED_NOISE))
def test_seed_body_lines_all_kept(seeds, article_id):
    """Every raw line that is not listed noise is in the cleaned text, whole."""
    raw, cleaned = seeds[article_id]
    noise = seed_noise(article_id)
    dateline, _, _ = seed_metadata(article_id)
    kept = [line for line in _raw_lines(SEEDS / f"{article_id}.txt")
            if not any(line.startswith(n) for n in noise)
            and not any(line.startswith(n) for n in ("date ",))]
    kept = list(dict.fromkeys(kept))  # repeated lines appear once
    for line in kept:
        if line.startswith("date "):
            continue
        body = line.split("— ", 1)[1] if dateline and line.startswith("date") else line
        assert body in cleaned.text, body[:60]
    # The first line of 000 carries the date prefix and the dateline.
    if dateline:
        first = _raw_lines(SEEDS / f"{article_id}.txt")[0]
        assert cleaned.text.startswith(first.split("— ", 1)[1])


@pytest.mark.parametrize("article_id", sorted(SEED_METADATA))
def test_seed_metadata(seeds, article_id):
    _, cleaned = seeds[article_id]
    assert (cleaned.dateline, cleaned.byline, cleaned.title) == seed_metadata(article_id)


def test_demo_corpus(expected):
    articles, _ = read_paths([EXAMPLES])
    cleaned = {a.id: clean_article(a) for a in articles}
    for start in expected["noise_lines"]:
        for article in cleaned.values():
            assert not any(p.startswith(start) for p in article.text.split("\n\n")), start
    for article_id, sentences in expected["body_sentences"].items():
        for sentence in sentences:
            assert sentence in cleaned[article_id].text, sentence
    for article_id, dateline in expected["dateline"].items():
        assert cleaned[article_id].dateline == dateline
    for article_id, byline in expected["byline"].items():
        if byline:
            assert cleaned[article_id].byline == byline


def test_no_sentence_of_duc_or_tac_dropped_as_caption_or_promo():
    """Rules written from crawls must not fire on clean newswire."""
    for folder in (EVAL / "duc2004/docs/d30001t", EVAL / "tac2010/docs_tokenized/D1001A-A"):
        articles, _ = read_paths([folder])
        for article in articles:
            reasons = {r.split(":")[0] for r in clean_article(article).removed}
            assert not reasons & {"caption", "promo", "share widget", "embed"}, article.id


@pytest.mark.parametrize("line,credit", [
    ("A ranger stands guard on a ridge above the dam, Feb 9, 2011. Reuters", "Reuters"),
    ("Rescuers carry a man ashore on Sunday. Harbour Police / EPA", "Harbour Police / EPA"),
    ("AFP - Getty Images", "AFP - Getty Images"),
    ("There were no ferries at the pier at the time of the storm, Havel said.", None),
    ("Watch: Dramatic footage shows a ferry's night rescue off the cape", None),
])
def test_credit(line, credit):
    assert rules.credit(line) == credit


def test_dateline_split():
    assert rules.split_dateline("GREELEY, Colo. (AP) -- The sheriff said.") == \
        ("GREELEY, Colo.", "The sheriff said.")
    assert rules.split_dateline("North Korea - the state said.") == \
        (None, "North Korea - the state said.")
    assert rules.split_dateline("London (CNN) The bridge reopened.") == \
        ("London", "The bridge reopened.")
    assert rules.split_dateline("July 4 (UPI) -- The bridge reopened.") == \
        ("July 4", "The bridge reopened.")
    assert rules.split_dateline("(CNN) The bridge reopened.") == ("CNN", "The bridge reopened.")
    assert rules.split_dateline("London (CNN)") == ("London", "")
    assert rules.split_dateline("The council (AP) said so.") == (None, "The council (AP) said so.")


def test_offsets_survive_cleaning(seeds):
    for _, cleaned in seeds.values():
        for s in split_sentences(cleaned.id, cleaned.text):
            assert cleaned.text[s.start:s.end] == s.text


@pytest.mark.parametrize("line,reason", [
    ("(Editing by Marta Lind)", "byline"),
    ("(PHOTOS: Commuters speak out on bridge tolls)", "media header"),
    ("Turn on push notifications for harbour news and more.", "promo"),
    ("Contributing: The Associated Press. Follow KTLN on Twitter: @ktln", "promo"),
    ("RELATED: Harbour Board Votes To Keep The Old Ferry Terminal Open For Another Two Years",
     "promo"),
    ("(Also on THE LEDGER: Council delays vote on bridge tolls)", "promo"),
    ("Harbour news you need, delivered every morning.", "promo"),
    ("(Associated Press)", "byline"),
    ("Tweet with a location", "embed"),
    ("Embed Bridge closure explained 1:42 autoplay autoplay Copy this code to your blog",
     "embed"),
    ("1 of 12 Full Screen Autoplay Close Skip Ad × Scenes from the bridge View Photos", "embed"),
    ("The WARC files of this crawl are not available to the public.", "embed"),
    ("[ See full-size infographic Credit: Ledger graphics desk", "embed"),
    ("Image copyright Harbour Photos Image caption Commuters queue at the closed terminal",
     "caption"),
    ("JUST WATCHED Bridge closure explained Replay More Videos ... MUST WATCH Bridge closure "
     "explained 01:42", "embed"),
    ("[Council delays vote on bridge tolls]", "promo"),
    ("Never miss a story from the harbour. Start your free trial of the Ledger today. "
     "SUBSCRIBE NOW", "promo"),
    ("Did the closure change your commute? Tell us about it in the comments.", "promo"),
    ("News | Sport | Weather | Harbour | Opinion", "share widget"),
    ("Media playback is unsupported on your device Media caption The mayor on the closure",
     "caption"),
    ("In this May 3, 2014 file photo, the mayor walks across the harbour bridge.", "caption"),
    ("In this photo provided by the Ledger, the bridge is seen from the harbour.", "caption"),
    ("FILE- In this June 9, 2010 file photo, the mayor opens the bridge.", "caption"),
    ("FILE - This undated picture shows the old harbour bridge.", "caption"),
    ("- Slash pages from every domain on the web:", "embed"),
    ("Updated:", "update note"),
    ("More on the bridge closure:", "promo"),
    ("Newsletter Sign Up Continue reading the main story Our morning briefing brings the "
     "harbour's news to your inbox before the first ferry leaves. Enter your address below. "
     "Pick the briefings you want. Sign Up The Ledger will send you its news, offers and "
     "events. You can leave the list whenever you like.", "embed"),
    ("► Aug. 14: Harbour report on the bridge: Read the full document", "promo"),
    ("Updated 6:42 a.m. ET Feb. 3 with the council's announcement.", "update note"),
    ("View larger image The bridge at dawn on Monday.", "caption"),
    ("Jane Roe can be reached at jroe@ledger.example.", "byline"),
    ("Mayor Jane Roe, left, and engineer John Doe open the bridge on Monday.", "caption"),
    ("The mayor's daughters Ann (left) and Beth walk across the bridge.", "caption"),
    ("Commuters wait for the ferry at the harbour, Tuesday, March 3, 2020, in Port Alder.",
     "caption"),
    ("Correction: An earlier version of this story misspelled the engineer's name.",
     "update note"),
    ("Editor’s note: This story has been updated with the council's vote.", "update note"),
    ("• Ferry timetable changes for the winter", "promo"),
    ("De gemeenteraad heeft maandag besloten de brug tot het voorjaar te sluiten.",
     "not English (nl)"),
    ("El ayuntamiento cerró el puente el lunes para hacer reparaciones hasta la primavera.",
     "not English (es)"),
])
def test_web_noise_in_multinews_style(line, reason):
    """Each noise line is dropped, for the stated reason, and nothing else is."""
    from storyweave.records import Article
    body = "The council voted on Monday to close the bridge for repairs until spring."
    cleaned = clean_article(Article("x", f"{body}\n{line}\n{body.replace('Monday', 'Tuesday')}"))
    assert cleaned.removed == [f"{reason}: {line}"]


@pytest.mark.parametrize("line,kept,cut", [
    ("The bridge reopened at noon. (Photo: Jane Roe, The Ledger) Traffic returned soon. (AP)",
     "The bridge reopened at noon. Traffic returned soon.",
     ["caption: (Photo: Jane Roe, The Ledger)", "caption: (AP)"]),
    ("The council published its findings. Click here to view the full report. The vote is "
     "on Friday.", "The council published its findings. The vote is on Friday.",
     ["promo: Click here to view the full report."]),
    ("The council closed the bridge.\n[Updated at 4:05 p.m. PDT May 21: It reopened at noon.]",
     "The council closed the bridge.\n\nIt reopened at noon.",
     ["update note: [Updated at 4:05 p.m. PDT May 21:"]),
    ("\x97 UPDATE: 815 a.m. - Police say the bridge reopened at noon.",
     "Police say the bridge reopened at noon.", ["update note: — UPDATE: 815 a.m. -"]),
    ("Harbour bridge to reopen By Jane Roe - Tweet The bridge reopened at noon.",
     "The bridge reopened at noon.", ["byline: Harbour bridge to reopen By Jane Roe - Tweet"]),
    ('Tweet View Comments "The bridge is safe," the mayor said.',
     '"The bridge is safe," the mayor said.', ["share widget: Tweet View Comments"]),
    ("Jane Roe/Getty The mayor crossed the reopened bridge.",
     "The mayor crossed the reopened bridge.", ["caption: Jane Roe/Getty"]),
    ("The bridge reopened. | Jane Roe/AP The mayor crossed it first.",
     "The bridge reopened. The mayor crossed it first.", ["caption: | Jane Roe/AP"]),
    ("Jane Roe THE CANADIAN PRESS Police closed the bridge on Monday.",
     "Police closed the bridge on Monday.", ["caption: Jane Roe THE CANADIAN PRESS"]),
    ("10:45 AM PT: Police say the bridge reopened at noon.",
     "Police say the bridge reopened at noon.", ["update note: 10:45 AM PT:"]),
    ("Senate leader Rob Quill Robert (Rob) Anders QuillWeekend talk preview: "
     "bridge fight MORE (R-Vt.) said the bridge would reopen.",
     "Senate leader Rob Quill (R-Vt.) said the bridge would reopen.",
     ["name pop-up: Robert (Rob) Anders QuillWeekend talk preview: bridge fight MORE"]),
])
def test_credits_and_calls_to_action_cut_from_a_paragraph(line, kept, cut):
    from storyweave.records import Article
    cleaned = clean_article(Article("x", line))
    assert (cleaned.text, cleaned.removed) == (kept, cut)


@pytest.mark.parametrize("line", [
    "The streaming service said it would let viewers turn off autoplay for previews.",
    "The mayor said she would sign up for the new ferry pass herself.",
    "Officials urged residents to watch the video for safety tips before the storm.",
    "The statement said the council [had] acted lawfully when it closed the bridge.",
    "Traffic slowed to a crawl as the bridge closed on Monday.",
    "Related reading lists were handed to every pupil, the council said.",
    "The council said it would update residents at 5 p.m. on Monday.",
    "Updates at 9 a.m. will follow, the mayor said.",
    "The Associated Press reported that the bridge was closed, Roe said.",
    "Bridge traffic, by Jane Roe's count, fell by half on Monday.",
    "In this city, photos of the bridge hang in every cafe, the mayor said.",
    "File - or at least keep - every receipt for the bridge toll, the council advised.",
    "Updated figures on bridge traffic will follow on Monday, the council said.",
    "The council (AP) said the bridge would reopen.",
    "Voters on the left, right and center backed the bridge repairs.",
    "Council member Jane Roe (R) voted against the closure.",
    "The bridge, which opened on Tuesday, March 3, 1920, needs repairs, the council said.",
    "• The council will close the bridge for repairs until spring.",
    "Corrections officers closed the bridge road to the jail on Monday.",
    "Mayor Ngozi Okonkwo-Van der Berg met Jean-Luc Dubois at the Hotel de Ville on Monday.",
])
def test_news_sentences_near_the_noise_words_kept(line):
    from storyweave.records import Article
    assert clean_article(Article("x", line)).removed == []


@pytest.mark.parametrize("glued,spaced", [
    ("The bridge reopened at noon.Traffic returned soon.",
     "The bridge reopened at noon. Traffic returned soon."),
    ('"It is safe," the mayor said."We checked it twice."',
     '"It is safe," the mayor said. "We checked it twice."'),
    ('"We checked it twice."The bridge reopened.', '"We checked it twice." The bridge reopened.'),
    ("“We checked it.”The bridge reopened.“It is safe.”",
     "“We checked it.” The bridge reopened. “It is safe.”"),
    ("Tolls are listed at www.Ledger.example and on Ferries.Com today.",
     "Tolls are listed at www.Ledger.example and on Ferries.Com today."),
])
def test_sentences_glued_by_the_crawl_are_spaced(glued, spaced):
    from storyweave.clean import normalise
    assert normalise(glued) == spaced


# Paragraphs written for this test: Russian, Chinese, Greek and Arabic have no [A-Za-z] words.
@pytest.mark.parametrize("paragraph, language", [
    ("Городской совет заявил во вторник, что новый мост откроется весной.", "ru"),
    ("市议会周二表示，新桥将于春季开通。", "zh"),
    ("Το δημοτικό συμβούλιο ανακοίνωσε ότι η νέα γέφυρα θα ανοίξει την άνοιξη.", "el"),
    ("قال مجلس المدينة يوم الثلاثاء إن الجسر الجديد سيفتح في الربيع.", "ar"),
])
def test_paragraphs_in_another_script_are_not_english(paragraph, language):
    english = "The city council said on Tuesday that the new bridge would open in the spring."
    cleaned = clean_article(Article("x", f"{english}\n\n{paragraph}"))
    assert cleaned.text == english
    assert cleaned.removed == [f"not English ({language}): {paragraph}"]


@pytest.mark.parametrize("line", [
    "Xi Jinping (习近平) told the summit on Tuesday that the talks would continue.",
    "The mayor of Zürich, Corinne Mauch, said the new tram line would open in May.",
])
def test_english_with_a_name_in_another_script_kept(line):
    assert clean_article(Article("x", line)).text == line
