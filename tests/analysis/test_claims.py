"""Claims: values with what they measure, from hand-made sentences and the demo corpus."""
import pytest

from storyweave.analysis.claims import PERSON, POPULATION, extract_claims, format_number


def claims(make_doc, text, **kwargs):
    return extract_claims(make_doc(text, **kwargs))


def only(make_doc, text, **kwargs):
    found = claims(make_doc, text, **kwargs)
    assert len(found) == 1, [(r.kind, r.claim.value) for r in found]
    return found[0]


@pytest.mark.parametrize("text, value, number", [
    ("Seventeen people were taken to hospital.", "17", 17),
    ("The ship was hit twenty-six times in the storm.", "26", 26),
    ("Two hundred people fled the town overnight.", "200", 200),
    ("The storm forced 1.5 million people from their homes.", "1.5 million", 1_500_000),
    ("Officials said a dozen people were arrested.", "12", 12),
    ("At least 1,400 people were evacuated.", "at least 1,400", 1400),
])
def test_numbers_in_digits_and_words(make_doc, text, value, number):
    reading = only(make_doc, text)
    assert reading.kind == "count" and reading.claim.value == value
    assert reading.number == number


def test_qualifier_measure_and_verb(make_doc):
    reading = only(make_doc, "His former comrades shoot him at least five times as he runs.")
    assert reading.claim.value == "at least five"
    assert reading.qualifier == "at least"
    assert (reading.measure, reading.verb) == ("time", "shoot")
    also = only(make_doc, "The defector was shot at least four times in his escape.")
    assert (also.measure, also.verb) == ("time", "shoot")  # "shot" and "shoot" are one verb


def test_events_are_classes_and_belong_to_the_nearest_number(make_doc):
    killed, wounded = claims(make_doc, "The bomb went off in the market, killing two people "
                                       "and wounding 21.")
    assert killed.events == {"death"} and wounded.events == {"injury"}
    assert wounded.measure == PERSON  # "21" alone counts what "two people" counted
    first, second = claims(make_doc, "Eleven people were killed and 85 were injured.")
    assert first.events == {"death"} and second.events == {"injury"}


def test_place_and_region(make_doc):
    honduras, region = claims(
        make_doc, "At least 231 people have been confirmed dead in Honduras, bringing the "
                  "storm's death toll in the region to 357.", GPE=["Honduras"])
    assert honduras.scope == "honduras" and region.scope == "(region)"
    assert region.events == {"death"}


@pytest.mark.parametrize("text", [
    "The meeting took place in 1998 at the embassy.",
    "The ferry sent a distress call at 9:42 p.m. from the reef.",
    "The defector escaped on Nov. 13 across the border.",
    "Rebels shot down a Boeing 727 near the town.",
    "No one was killed in the accident.",
    "One of its engines failed in the storm.",
])
def test_numbers_that_are_not_claims(make_doc, text):
    assert [r for r in claims(make_doc, text) if r.kind != "date"] == []


def test_ages_name_their_subject(make_doc):
    named = only(make_doc, "The bombers were identified as Youssef Zughayer, 21, from Anata.",
                 PERSON=["Youssef Zughayer"])
    assert (named.kind, named.claim.value, named.subject) == ("age", "21", "youssef zughayer")
    assert named.claim.quote == "Youssef Zughayer, 21"
    noun = only(make_doc, "Relatives say the 21-year-old Palestinian showed no sign of it.")
    assert (noun.kind, noun.subject) == ("age", "palestinian")


def test_quantities_money_and_shares(make_doc):
    km = only(make_doc, "The ferry struck the reef 3km off the harbour mouth.")
    miles = only(make_doc, "It struck the reef just under two miles south of the harbour.")
    assert km.kind == miles.kind == "quantity" and km.unit == miles.unit == "length"
    assert miles.number == pytest.approx(3.218) and miles.qualifier == "about"
    money = only(make_doc, "The team paid $1.5 million for the player last year.")
    assert (money.kind, money.claim.value) == ("money", "$1.5 million")
    share = only(make_doc, "Two-thirds of children under seven were stunted.")
    assert share.kind == "percent" and share.number == pytest.approx(66.67, abs=0.01)
    assert share.measure_of == "child"


def test_parts_of_counts_and_superseded_figures(make_doc):
    total, part = claims(make_doc, "The hospital admitted 17 people, two of whom were in a "
                                   "serious condition.")
    assert not total.partial and part.partial
    other = only(make_doc, "Nine other deaths had been reported by Thursday.")
    assert other.partial
    new, old = claims(make_doc, "Mitch had killed 6,076 people in Honduras, down from "
                                "officials' earlier estimate of 7,000.", GPE=["Honduras"])
    assert not new.superseded and old.superseded


def test_update_wording_forecasts_and_populations(make_doc):
    rose = only(make_doc, "The number of people treated in hospital rose to 26 by Tuesday.")
    assert rose.claim.value == "26 (by Tuesday)" and rose.revision
    assert rose.events == {"hospital"} and rose.measure == PERSON
    expected = claims(make_doc, "The games are expected to attract more than 10,000 "
                                "athletes from 43 nations.")
    assert all(r.forecast for r in expected)
    assert [r.measure for r in expected] == ["athlet", "nation"]
    population = only(make_doc, "North Korea struggles to feed its 23 million people.",
                      GPE=["North Korea"])
    assert population.measure == POPULATION and population.scope == "north korea"


def test_who_claimed_responsibility(make_doc):
    found = claims(make_doc, "Although Hamas initially claimed responsibility, all sides "
                             "now agree that it was Islamic Jihad that carried it out.",
                   ORG=["Hamas", "Islamic Jihad"])
    roles = {r.claim.value: r for r in found if r.kind == "role"}
    assert set(roles) == {"Hamas", "Islamic Jihad"}
    assert roles["Hamas"].superseded and not roles["Islamic Jihad"].superseded


def test_format_number():
    assert [format_number(v) for v in (5, 17, 1400, 23_000_000, 21_230_000, 2.5)] == \
        ["five", "17", "1,400", "23 million", "21.23 million", "2.5"]


def test_demo_claims_quote_their_article(demo_docs):
    for doc in demo_docs:
        for reading in extract_claims(doc):
            assert reading.claim.quote in doc.article.text
            assert reading.claim.article == doc.article.id
    vpa = next(d for d in demo_docs if d.article.id == "vpa_wire")
    seventeen = [r for r in extract_claims(vpa) if r.claim.value == "17"]
    assert seventeen and seventeen[0].claim.quote.startswith("Seventeen people were taken")
    assert seventeen[0].events == {"hospital"}


def test_an_underscore_aside_does_not_cut_a_count_from_its_event(make_doc):
    found = claims(make_doc, "In the valley, 600,000 people _ 10 percent of the population _ "
                             "were forced to flee their homes.")
    count = next(r for r in found if r.kind == "count")
    assert count.number == 600_000 and count.events == {"homeless"}
    share = next(r for r in found if r.kind == "percent")  # the aside's own figure stays
    assert share.number == 10 and not share.events


def test_a_date_range_is_dated_by_the_initials_of_its_named_event(make_doc):
    found = [r for r in claims(make_doc, "The trial will pause for the Nov. 12-18 APEC "
                                         "meetings. Delegates fly to the Asia-Pacific Economic "
                                         "Cooperation forum Nov. 14-18. The summit is on Nov. "
                                         "17-18.", published="1998-10-19")
             if r.measure.startswith("dates of")]
    assert [(r.claim.value, r.unit, r.measure) for r in found] == [
        ("Nov. 12-18", "1998-11-12", "dates of APEC"), ("Nov. 14-18", "1998-11-14",
                                                        "dates of APEC")]
