"""The synonym table, the words indexed for topics, grades and formats, how a typed query
becomes terms, and the county of an address."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pdportal.models import GradeBand, Topic, WorkshopFormat
from pdportal.services.search import county_of, parse_query
from pdportal.services.search.query import MAX_TERMS
from pdportal.services.search.vocabulary import (
    FORMAT_WORDS,
    GRADE_WORDS,
    GROUP_OF_PHRASE,
    SYNONYMS,
    TOPIC_WORDS,
    normalise,
)


def alternatives(text: str) -> list[tuple[str, ...]]:
    return [term.alternatives for term in parse_query(text).terms]


@pytest.mark.parametrize(
    ("typed", "also_finds"),
    [
        ("math", "mathematics"),
        ("mathematics", "math"),
        ("NGSS", "science standards"),
        ("science standards", "ngss"),
        ("CS", "computer science"),
        ("computer science", "cs"),
        ("PLC", "professional learning community"),
        ("STEAM", "arts integration"),
        ("K–2", "kindergarten"),
        ("kindergarten", "k 2"),
        ("3-5", "upper elementary"),
        ("middle school", "6 8"),
        ("grades 6–8", "middle school"),
        ("7th grade", "middle school"),
        ("high school", "9 12"),
        ("9-12", "high school"),
        ("virtual", "online"),
    ],
)
def test_a_synonym_finds_the_other_words_of_its_group(typed, also_finds):
    (term,) = parse_query(typed).terms
    assert also_finds in term.alternatives


def test_every_group_word_leads_to_the_whole_group():
    for group in SYNONYMS:
        for phrase in group:
            assert GROUP_OF_PHRASE[tuple(normalise(phrase).split())] == tuple(
                normalise(word) for word in group
            )


@pytest.mark.parametrize(
    ("enum", "words"),
    [(Topic, TOPIC_WORDS), (GradeBand, GRADE_WORDS), (WorkshopFormat, FORMAT_WORDS)],
)
def test_every_topic_grade_band_and_format_has_words_to_index(enum, words):
    assert set(words) == {member.value for member in enum}


def test_grade_bands_are_indexed_with_the_school_level_teachers_say():
    assert "middle school" in GRADE_WORDS["6_8"] and "high school" in GRADE_WORDS["9_12"]
    assert "elementary" in GRADE_WORDS["k_2"] and "elementary" in GRADE_WORDS["3_5"]


def test_normalise_folds_case_accents_and_dashes():
    assert normalise("Tomás  HERRERA") == "tomas herrera"
    assert normalise("K–2 / 6_8 — Career-connected") == "k 2 6 8 career connected"


def test_every_word_must_match_in_any_order():
    assert [term.typed for term in parse_query("assessment NGSS").terms] == ["assessment", "ngss"]


def test_stop_words_and_punctuation_are_not_terms():
    assert parse_query("the workshops for teachers in %").terms == ()
    assert not parse_query("  ")


def test_quotes_keep_a_phrase_and_or_joins_two_words():
    assert alternatives('"number talks" fractions') == [("number talks",), ("fractions",)]
    assert alternatives("robots or drones") == [("robots", "drones")]
    assert alternatives("or robots or") == [("robots",)]


def test_a_phrase_of_the_table_is_one_term_longest_first():
    assert alternatives("middle school science")[1] == ("science",)
    assert parse_query("computer science principles").terms[0].typed == (
        "computer science principles"
    )


def test_without_gives_the_query_less_one_term():
    query = parse_query('middle school "number talks" Yakima')
    assert query.without(0) == '"number talks" yakima'
    assert query.without(2) == 'middle school "number talks"'
    assert parse_query(query.without(1)).terms[0].typed == "middle school"


@given(st.text(max_size=300))
def test_any_text_parses_into_at_most_max_terms_of_plain_words(text):
    for term in parse_query(text).terms[:MAX_TERMS]:
        for phrase in term.alternatives:
            assert phrase and '"' not in phrase and all(word.isalnum() for word in phrase.split())
    assert len(parse_query(text).terms) <= MAX_TERMS


@pytest.mark.parametrize(
    ("address", "county"),
    [
        ("33 S 2nd Ave, Yakima, WA 98902", "Yakima"),
        ("800 Oakesdale Ave SW, Renton, WA 98057", "King"),
        ("2500 NE 65th Ave, Vancouver, WA 98661", "Clark"),
        ("1112 SE Madison St, Portland, OR 97214", "Multnomah"),
        ("12345 SW Main St, Beaverton, Oregon", "Washington"),
        ("Redmond, WA", "King"),
        ("Redmond, OR 97756", "Deschutes"),
        ("Somewhere, ID 83843", ""),
        ("", ""),
    ],
)
def test_county_of_an_address(address, county):
    assert county_of(address) == county
