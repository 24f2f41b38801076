"""Quotes and speakers: hand-made hard cases, the demo corpus and the hand labels."""
import importlib.util
import json
import re

import pytest

from storyweave.analysis.quotes import extract_quotes, quote_spans
from storyweave.clean import clean_article
from storyweave.ingest import read_paths
from storyweave.nlp import annotate
from storyweave.records import Article, Doc
from tests.paths import EVAL, EXAMPLES, SHARED

DEV = EVAL / "disagreements_dev"


def quotes_of(doc: Doc) -> list[tuple[str, str | None]]:
    return [(q.quote, q.speaker) for q in extract_quotes([doc])]


def load(path):
    articles, _ = read_paths([path])
    return annotate([clean_article(a) for a in articles])


def scorer():
    """The official scorer in ../shared/eval, imported from there at run time."""
    spec = importlib.util.spec_from_file_location("score_analysis", EVAL / "score_analysis.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- hard cases (spaCy parses each text, as the pipeline does) -----------------------------

def parsed(text: str) -> Doc:
    """One article of our own writing, parsed."""
    return annotate([Article(id="a", text=text)])[0]


def quotes_in(text: str) -> list[tuple[str, str | None]]:
    return quotes_of(parsed(text))


def test_split_quote_gives_two_entries_with_one_speaker():
    assert quotes_in('Capt. Tamsin Orrell led the rescue.\n\n"The sea was throwing everything '
                     'at us," Orrell said, "and still everyone is safe."') == [
        ("The sea was throwing everything at us,", "Tamsin Orrell"),
        ("and still everyone is safe.", "Tamsin Orrell")]


def test_pronoun_goes_to_the_subject_not_the_object():
    assert quotes_in('Elias Marrow joked that police could have waited to detain Oskar '
                     'Delvane. "Now they talk about the detention instead of the treaty," he '
                     'said.') == [("Now they talk about the detention instead of the treaty,",
                                   "Elias Marrow")]


@pytest.mark.parametrize("opener", ["Last week he", "On Monday he", "Yesterday morning he"])
def test_a_time_adverbial_before_the_pronoun_is_not_the_speaker(opener):
    assert quotes_in("The decision rests with the justice minister, Piers Alder. "
                     f'{opener} said he would weigh "any mitigating circumstances."') == \
        [("any mitigating circumstances.", "Piers Alder")]


@pytest.mark.parametrize("sentence,speaker", [
    ('Estoria\'s prime minister warned Tuesday of the "grave risk of a blockade."',
     "Estoria's minister"),
    ('Lund\'s family said that he was charged with "conspiring to defraud the bank."',
     "Lund's family"),
])
def test_a_possessive_speaker_keeps_its_owner(sentence, speaker):
    assert [s for _, s in quotes_in(sentence)] == [speaker]


def test_pronoun_agrees_in_gender():
    assert quotes_in('Tomas Hale nominated his wife, Ingrid Solberg, as leader. She called '
                     'the hearings "spite and intimidation."') == \
        [("spite and intimidation.", "Ingrid Solberg")]


def test_the_spokeswoman_is_the_person_called_one():
    assert quotes_in('Nadia Brisk, a spokeswoman for the company, said the ferry was sound.'
                     '\n\nDeclan Moy took 22 people off.\n\n'
                     '"We will not speculate," the spokeswoman said.') == \
        [("We will not speculate,", "Nadia Brisk")]


def test_appositions_inversions_and_continuations():
    assert quotes_in('"I have seen worse," said Petra Vane, a 34-year-old teacher. "Nobody '
                     'screamed."\n\nMaj. Owen T. Lasker, a spokesman for the border mission, '
                     'said the guard ran for a "few yards before turning back."\n\n'
                     '"We asked for a meeting," Lasker said.') == [
        ("I have seen worse,", "Petra Vane"), ("Nobody screamed.", "Petra Vane"),
        ("few yards before turning back.", "Owen T. Lasker"),
        ("We asked for a meeting,", "Owen T. Lasker")]


def test_organisations_speak_and_statements_go_to_their_issuer():
    assert quotes_in('The Ilse Marten Party, in a statement issued on Friday, accused Dag Orvik '
                     'of being "afraid of any public audit." "A hearing in public would be '
                     'fairer," said the statement.') == [
        ("afraid of any public audit.", "Ilse Marten Party"),
        ("A hearing in public would be fairer,", "Ilse Marten Party")]


def test_quote_over_sentences_and_unclosed_paragraph_quote():
    assert quotes_in('Anton Ferris said: "The treaty was disputed. But it stays in '
                     'force.\n\n"We will honour it," he said. Ferris thanked the crews.') == [
        ("The treaty was disputed. But it stays in force.", "Anton Ferris"),
        ("We will honour it,", "Anton Ferris")]


def test_scare_quotes_and_titles_are_not_quotes_but_attributed_fragments_are():
    assert quotes_in('The press dubbed her the "ice queen" long ago. Her novel "Saltmarsh" '
                     'sold well. The lifeboat crews "showed remarkable calm that '
                     'night" and "defused this dangerous standoff" at the pier, Owen '
                     'Lasker said.') == [
        ("showed remarkable calm that night", "Owen Lasker"),
        ("defused this dangerous standoff", "Owen Lasker")]


def test_curly_quotes_and_reported_speech():
    assert quotes_in("“Inchvane will not be cut off,” Nadia Brisk said. "
                     "The Nordpress news agency "
                     "quoted Arvid Kallas as saying “they chose to bring the council "
                     "down.”") == [("Inchvane will not be cut off,", "Nadia Brisk"),
                                   ("they chose to bring the council down.",
                                    "Arvid Kallas")]


def test_british_single_quotes_over_paragraphs_with_apostrophes_inside():
    assert quotes_in("Hughes' brother was in tears.\n\n'We are dealing with families who "
                     "can't wait,' Fenna Rusk told reporters.\n\n'They have savings. It's "
                     "thin.\n\n'They need to be told.'") == [
        ("We are dealing with families who can't wait,", "Fenna Rusk"),
        ("They have savings. It's thin.", "Fenna Rusk"),
        ("They need to be told.", "Fenna Rusk")]


def test_doubled_apostrophes_guillemets_and_nested_quotes():
    assert quotes_in("``We will rebuild,'' said Mayor Rhoswen Tull. « Nous resterons ici », "
                     "Pierre Lagarde told the radio. “He told me ‘never again’ and left,” "
                     "Lise Ambrose said.") == [
        ("We will rebuild,", "Rhoswen Tull"), ("Nous resterons ici", "Pierre Lagarde"),
        ("He told me ‘never again’ and left,", "Lise Ambrose")]


def test_according_to_a_colon_label_and_nameless_speakers():
    assert quotes_in('According to Dr. Amal Haddad, "the water is safe to drink."\n\n'
                     'Ruth Okafor: "We were never told."\n\n'
                     '"Nobody came for hours," an official said.') == [
        ("the water is safe to drink.", "Amal Haddad"), ("We were never told.", "Ruth Okafor"),
        ("Nobody came for hours,", None)]


def test_speech_verbs_by_lemma_in_any_tense():
    assert quotes_in('"The deal is dead," Governor Ada Lindqvist tweeted. "We will try again," '
                     'insists Marco Bellini. "It cannot wait," Lindqvist had written.') == [
        ("The deal is dead,", "Ada Lindqvist"), ("We will try again,", "Marco Bellini"),
        ("It cannot wait,", "Ada Lindqvist")]


def test_offsets_and_sentence_point_into_the_text():
    doc = parsed('Declan Moy went out. "You don\'t wait to be asked," he said.')
    [quote] = extract_quotes([doc])
    assert doc.article.text[quote.start:quote.end] == quote.quote
    assert quote.sentence == 1


def test_quote_spans_pair_marks_by_context():
    text = 'He said "a," then "b c" and \'d e\' but not the \'90s or Jones\' car, and "f.'
    assert [text[s:e] for s, e, _ in quote_spans(text)] == ["a,", "b c", "d e", "f."]


def test_a_pronoun_keeps_the_last_speaker_of_its_sex_over_names_in_between():
    assert quotes_in('Mara Quill, a spokeswoman for the museum, spoke first. "It stings," '
                     'Quill said.\n\nHer brother, Tobin Marsh, is a painter. The gallery of '
                     'Lena Park shows his work.\n\n"Nobody asked us," she added.') == [
        ("It stings,", "Mara Quill"), ("Nobody asked us,", "Mara Quill")]


def test_a_pronoun_for_a_person_left_unnamed_names_nobody():
    assert quotes_in('Dan Moss stood outside the house. His mother opened the door. '
                     '"Come inside," she said.') == [("Come inside,", None)]


@pytest.mark.parametrize("sentence", [
    'Julia Vance is said to be "furious" about the audit.',
    'A source close to Julia Vance told the Daily Courier: "She turned the offer down."',
    'Julia Vance, an actress, won. "The timing was wrong," a Vance source tells the Courier.',
    # "he" is the brother, whom the text never names; the place inside his description is
    # no speaker (a sentence of this shape in TAC 2010 gave a country).
    'Her brother, a teacher at a school in Perth, Australia, said the family had heard '
    'nothing. "She has lost her phone," he said.',
])
def test_nameless_and_passive_speakers_are_none(sentence):
    assert [s for _, s in quotes_in(sentence)] == [None]


def test_a_quote_after_a_line_of_narration_continues_its_speaker():
    assert quotes_in('"We must act," Dr. Ana Ruiz said.\n\nThe river has been dredged twice '
                     'since May.\n\n"Each dredging kills the fish."') == [
        ("We must act,", "Ana Ruiz"), ("Each dredging kills the fish.", "Ana Ruiz")]


def test_a_statement_speaks_for_the_body_that_issued_it():
    assert quotes_in('The NTSB released a statement saying a clerk "ignored the procedure '
                     'twice."') == [("ignored the procedure twice.", "NTSB")]


def test_a_document_introduced_by_a_colon_speaks_for_its_writer():
    assert quotes_in('Harlow police released a page of Carl Moody\'s letter that they say '
                     'was found in his van:\n\n"I never meant to frighten anyone."') == [
        ("I never meant to frighten anyone.", "Carl Moody")]


def test_as_someone_puts_it_and_a_statement_from_someone():
    assert quotes_in('As Rosa Lindqvist puts it, "the numbers never lie."\n\n'
                     'The Harbour Party issued a statement on Monday from its pollster, '
                     'Neil Okafor, conceding that the mayor "gained some ground."') == [
        ("the numbers never lie.", "Rosa Lindqvist"), ("gained some ground.", "Neil Okafor")]


def test_the_spokesperson_goes_back_to_who_spoke_for_someone():
    assert quotes_in("Actress Dana Bright mourned her sister. On Monday, Bright's rep released a "
                     'statement.\n\n"The funeral will be private," the spokesperson said.') == [
        ("The funeral will be private,", "Dana Bright's rep")]


def test_sings_and_began_attribute_lyrics_and_openings():
    assert quotes_in('The pop star Ariana Lane released a song about him.\n\n"Rain on the '
                     'harbour / and you never came home," Lane sings.') == [
        ("Rain on the harbour / and you never came home,", "Ariana Lane")]
    assert quotes_in('Snoop Lyle, 47, thanked his teachers.\n\n“First of all, thank you for '
                     'coming,” he began. “This star belongs to my mother.”') == [
        ("First of all, thank you for coming,", "Snoop Lyle"),
        ("This star belongs to my mother.", "Snoop Lyle")]

def test_a_quoted_report_that_names_its_speaker_is_theirs():
    assert quotes_in('The Journal reported it this way: "Orders for ferries doubled in a year, '
                     'and the yard hired forty welders, said Ada Bell, the yard\'s chief."') == [
        ("Orders for ferries doubled in a year, and the yard hired forty welders, said Ada "
         "Bell, the yard's chief.", "Ada Bell")]


def test_an_acronym_speaks_under_the_name_it_abbreviates():
    assert quotes_in('The Harbour Workers Union wrote to the council.\n\n'
                     'The HWU responds: "The new rota is unsafe."') == [
        ("The new rota is unsafe.", "Harbour Workers Union")]


@pytest.mark.parametrize("body", ["Tarn Commission", "NATO Command"])
def test_a_body_written_in_lower_case_is_the_name_the_cluster_gives_it(body):
    lower = body.split()[0] + " " + body.split()[1].lower()
    assert quotes_in(f'The {body} met on Monday.\n\n'
                     f'The {lower} said the pier "will stay shut."') == [
        ("will stay shut.", body)]


@pytest.mark.parametrize("before, speaker", [("", None),
                                             ("President-elect Dag Orvik met the press.\n\n",
                                              "Dag Orvik")])
def test_a_title_alone_is_no_name(before, speaker):
    assert quotes_in(before + 'During a call, the President-elect said of the fleet, '
                     '"Let it be a race."') == [("Let it be a race.", speaker)]


# --- real text ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_quotes():
    return extract_quotes(load(EXAMPLES))


def test_demo_corpus_quotes_and_speakers(expected, demo_quotes):
    score = scorer()
    for gold in expected["quotes"]:
        hits = [q for q in demo_quotes if q.article == gold["doc"]
                and score.quote_matches(gold["quote"], q.quote)]
        assert hits, gold
        surname = gold["speaker"].split()[-1]
        assert any(surname in (q.speaker or "") for q in hits), (gold, hits)
    assert len(demo_quotes) == len(expected["quotes"])  # nothing that is not a quote


def test_demo_corpus_speakers_use_the_fullest_name(demo_quotes):
    speakers = {q.speaker for q in demo_quotes}
    assert {"Tamsin Orrell", "Nadia Brisk", "Rhoswen Tull", "Lise Ambrose"} <= speakers
    assert "Orrell" not in speakers and None not in speakers


def test_seed_quotes_match_the_hand_labels():
    gold = json.loads((DEV / "seed.json").read_text())
    quotes = extract_quotes(load(SHARED / gold["input"]))
    score = scorer()
    for label in gold["quotes"]:
        hits = [q for q in quotes if q.article == label["doc"]
                and score.quote_matches(label["quote"], q.quote)]
        assert hits, label
        assert any(score.words(label["speaker"])[-1] in score.words(q.speaker or "") for q in hits)
    # The labels' fullest names (a middle initial, a hyphenated part) come out whole.
    fullest = {label["speaker"] for label in gold["quotes"] if re.fullmatch(
        r"[A-Z][a-z]+ (?:[A-Z]\. [A-Z][a-z]+|[A-Z][a-z]+-[A-Z][a-z]+)", label["speaker"] or "")}
    assert len(fullest) >= 2
    assert fullest <= {q.speaker for q in quotes}


FAMILIES = {"seeds + DUC 2004": ["seed.json", "d300*.json"], "TAC 2010": ["D10*.json"],
            "Multi-News": ["mn*.json"]}


@pytest.mark.parametrize("family", ["seeds + DUC 2004", "TAC 2010", "Multi-News"])
def test_dev_clusters_recall_and_speaker_accuracy(family):
    """The official matching over each family's labelled clusters: quote recall at least
    0.95, speaker accuracy at least 0.9 (a null speaker is right only when predicted null)."""
    score = scorer()
    found = right = total = 0
    for path in sorted(p for pattern in FAMILIES[family] for p in DEV.glob(pattern)):
        gold = json.loads(path.read_text())
        quotes = extract_quotes(load(SHARED / gold["input"]))
        first3 = sorted(gold["docs"])[:3]
        for label in gold["quotes"]:
            if label["doc"] not in first3:
                continue
            total += 1
            hits = [q for q in quotes if q.article == label["doc"]
                    and score.quote_matches(label["quote"], q.quote)]
            found += bool(hits)
            lasts = [w[-1] for w in map(score.words, (label["speaker"] or "").split("|")) if w]
            right += any(any(w in score.words(q.speaker) for w in lasts) if lasts
                         else not score.words(q.speaker) for q in hits)
    assert total > 100
    assert found / total >= 0.95
    assert right / found >= 0.9


def test_a_document_quoted_from_is_no_loop():
    # "from a statement" made the statement its own origin: the issuer lookup recursed
    # until Python gave up, and the whole digest failed (found by bench/sentences.py).
    assert quotes_in('The council quoted from a statement: "We will rebuild the bridge '
                     'by spring."') == [("We will rebuild the bridge by spring.", None)]



def test_a_definite_description_is_the_person_the_cluster_calls_so():
    first = parsed('Gov. Irene Callow of Ohio vetoed the harbour bill on Monday.')
    second = annotate([Article(id="b", text='The veto surprised the port. "We will not '
                               'retreat," the Ohio governor said on Tuesday.')])[0]
    assert [(q.quote, q.speaker) for q in extract_quotes([first, second])] == [
        ("We will not retreat,", "Irene Callow")]


def test_of_several_holders_a_description_is_the_one_named_last():
    assert quotes_in('Senator Irene Callow and Senator Hugo Brandt met on Monday. Brandt '
                     'left early.\n\n"It went well," the senator said.') == [
        ("It went well,", "Hugo Brandt")]


@pytest.mark.parametrize("text", [
    'A senior Labour staffer said the vote would come late. Minister Hugo Brandt spoke first.'
    '\n\n"We have the numbers," said the Labour staffer.',
    '"I was there," Hugo Brandt said. One man said he was hurt in the crush.\n\n'
    '"Nobody helped us," the victim said.',
    '"I did nothing wrong," Piet Maas said. His sister stood at the door. "Come inside now," '
    'the sister said.'])
def test_a_description_of_someone_the_text_never_names_names_nobody(text):
    assert quotes_in(text)[-1][1] is None



@pytest.mark.parametrize("text", [
    'Senate Majority Whip Ama Mensah (Ohio) said the fight is "one thing that unites us."',
    '"The ward will reopen in May. The staff are ready," said chief cardiologist and '
    'lecturer Ama Mensah of the Lakeside Clinic.'])
def test_a_bare_title_before_a_name_gives_the_name(text):
    assert [s for _, s in quotes_in(text)] == ["Ama Mensah"]


def test_a_title_coordinated_before_a_name_gives_the_name():
    # The parse makes "Leader" the conjunct and "Maas" an apposition of "Mensah".
    assert quotes_in('House Speaker Nancy Mensah and Senate Democratic Leader Chuck Maas said '
                     'in a joint statement: "The crossing stays closed until the reef is '
                     'marked."') == [("The crossing stays closed until the reef is marked.",
                                      "Nancy Mensah and Chuck Maas")]


def test_a_party_and_state_tag_after_a_name_is_no_subject():
    # The tag after the name made the parse leave "said" without a subject.
    assert quotes_in('Rep. Ama Mensah said the budget was fair. "We kept every promise," '
                     'Mensah, R-Wis., said.') == [("We kept every promise,", "Ama Mensah")]
    # A town and its county set off by commas are no aside after a speaker.
    assert quotes_in('After the council voted, the mayor of Ashford, Kent, suggested the firm '
                     'was selling “cheap tricks.”') == [("cheap tricks.", None)]


def test_a_name_a_colon_lead_is_about_is_not_its_speaker():
    assert quotes_in('Lena Marsh took questions for an hour.\n\nOn how she would treat Hugo '
                     'Brandt: "I would send him home."') == [("I would send him home.", None)]
    assert quotes_in('Lena Marsh took questions for an hour.\n\nIvo Brandt: "I would send '
                     'him home."') == [("I would send him home.", "Ivo Brandt")]
