"""Entities merged across articles: name variants folded, spaCy's labels repaired."""
import re

import pytest

from storyweave.analysis.entities import (canonical_name, canonical_person, merge_entities,
                                          name_key)
from storyweave.clean import clean_article
from storyweave.ingest import read_paths
from storyweave.nlp import annotate
from tests.analysis.docs import make_doc
from tests.paths import EXAMPLES, SEEDS


def load(path):
    articles, _ = read_paths([path])
    return annotate([clean_article(a) for a in articles])


@pytest.fixture(scope="module")
def demo():
    return merge_entities(load(EXAMPLES))


@pytest.fixture(scope="module")
def seeds():
    return merge_entities(load(SEEDS))


def find(entities, variant):
    hits = [e for e in entities if variant in e.variants]
    assert len(hits) == 1, (variant, hits)
    return hits[0]


def test_titles_possessives_initials_and_surnames_fold():
    docs = [make_doc("Col. Chad G. Carroll spoke. Carroll's office agreed.", "a",
                     PERSON=["Col. Chad G. Carroll", "Carroll's"]),
            make_doc("Chad Carroll said so. Carroll left.", "b", PERSON=["Chad Carroll"],
                     ORG=[re.compile(r"Carroll(?= left)")]),
            make_doc("Mr. Carroll was there.", "c", PERSON=["Mr. Carroll"])]
    people = [e for e in merge_entities(docs) if e.label == "PERSON"]
    assert len(people) == 1
    assert people[0].text == "Chad G. Carroll"
    assert people[0].articles == ["a", "b", "c"]


def test_surname_shared_by_two_people_stays_apart():
    docs = [make_doc("King Norodom Sihanouk met Prince Norodom Ranariddh. Norodom spoke.", "a",
                     PERSON=["Norodom Sihanouk", "Norodom Ranariddh",
                             re.compile(r"Norodom(?= spoke)")])]
    names = {e.text for e in merge_entities(docs) if e.label == "PERSON"}
    assert {"Norodom Sihanouk", "Norodom Ranariddh"} <= names
    assert canonical_person("Norodom", merge_entities(docs)) == "Norodom"


def test_organisation_variants_and_acronyms_fold():
    docs = [make_doc("The U.N. Command said. UN Command agreed. The UNC said.", "a",
                     ORG=["The U.N. Command", "UN Command", "UNC"]),
            make_doc("the U.N. command and the United Nations Command.", "b",
                     ORG=["the U.N. command", "the United Nations Command"])]
    orgs = [e for e in merge_entities(docs) if e.label == "ORG"]
    assert len(orgs) == 1
    assert orgs[0].text == "U.N. Command"
    assert canonical_name("UNC", orgs) == "U.N. Command"


def test_majority_label_and_surname_relabelled_as_person():
    docs = [make_doc("Augusto Pinochet was held. Pinochet protested. Saqib said so.", str(i),
                     PERSON=["Augusto Pinochet"], GPE=[re.compile(r"(?<!Augusto )Pinochet")],
                     ORG=[re.compile(r"(?<!Mohammed )Saqib")])
            for i in range(3)]
    docs.append(make_doc("Justice Noor Mohammed Saqib spoke.", "z",
                         PERSON=["Noor Mohammed Saqib"]))
    entities = merge_entities(docs)
    assert find(entities, "Pinochet").label == "PERSON"
    assert find(entities, "Pinochet") is find(entities, "Augusto Pinochet")
    assert find(entities, "Saqib").text == "Noor Mohammed Saqib"
    assert not [e for e in entities if e.label == "PLACE"]


def test_context_repairs_person_and_organisation_labels():
    text = ("A spokeswoman, Nadia Brisk, said the ship was sound. Nadia Brisk, who speaks for "
            "Skerrow Line, added more. Skerrow Line said nothing. Mayor Rhoswen Tull spoke.")
    doc = make_doc(text, "a", ORG=["Nadia Brisk"], PERSON=["Skerrow Line", "Rhoswen"])
    entities = merge_entities([doc])
    assert find(entities, "Nadia Brisk").label == "PERSON"
    assert find(entities, "Skerrow Line").label == "ORG"
    assert find(entities, "Rhoswen Tull").label == "PERSON"  # span spaCy cut short


def test_name_key_folds_surface_forms():
    assert name_key("Gen. Vincent K. Brooks") == name_key("Vincent K. Brooks")
    assert name_key("the U.N. command") == name_key("UN Command") == "un command"
    assert name_key("The U.S.-led U.N. Command") == "un command"
    assert name_key("Hun Sen's") == "hun sen"


def test_demo_corpus_names_orrell_four_ways_as_one_person(demo):
    orrell = find(demo, "Tamsin Orrell")
    assert orrell.text == "Tamsin Orrell"
    assert orrell.label == "PERSON"
    assert "Orrell" in orrell.variants
    assert len(orrell.articles) == 5
    for title in ("Capt. Orrell", "Coastguard commander Orrell", "Orrell"):
        assert canonical_person(title, demo) == "Tamsin Orrell"
    assert find(demo, "Skerrow Line").label == "ORG"
    assert find(demo, "Nadia Brisk").label == "PERSON"


def test_seed_people_and_command(seeds):
    carroll = find(seeds, "Chad G. Carroll")
    assert carroll.text == "Chad G. Carroll"
    assert {"Carroll", "Chad Carroll"} <= set(carroll.variants)
    assert carroll.label == "PERSON"
    command = find(seeds, "UN Command")
    assert command.label == "ORG"
    assert {"U.N. Command", "UNC", "United Nations Command"} <= set(command.variants)
    assert canonical_person("Gen. Brooks", seeds) == "Vincent K. Brooks"
    assert canonical_person("Lee", seeds) == "Lee Cook-Jong"


def test_a_bare_direction_is_not_a_place(seeds):
    """The seeds say "the North" and "North and South" for the Koreas: not places a reader
    can look up, while "North Korea" and "South Korea" are."""
    places = {e.text for e in seeds if e.label == "PLACE"}
    assert {"North Korea", "South Korea"} <= places
    assert not places & {"North", "South", "North and South"}
