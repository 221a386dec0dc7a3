"""The relevance suite: what teachers type, and the workshops that must come first, on
SQLite (FTS5, bm25) and PostgreSQL (tsvector, ts_rank) alike.

Each case: the query, the workshops that must be the first results (in any order among
themselves), and whether they are all it may find. A draft and a past workshop that
match many of these words must never be listed.
"""

from __future__ import annotations

import pytest

ALL_NGSS = ["ngss-phenomena", "ngss-assessment", "science-plc", "steam", "climate-rivers"]
GRADES_6_8 = ["ngss-phenomena", "ngss-assessment", "im-launch", "robotics", "responsive-math"]
GRADES_9_12 = [
    "ngss-assessment", "ap-csp", "science-plc", "climate-rivers", "career-employers",
    "data-science",
]  # fmt: skip
MATH = ["im-launch", "number-talks", "responsive-math", "fractions", "data-science"]
CS = ["ap-csp", "unplugged", "data-science"]
K_2 = ["number-talks", "unplugged", "engineering-elementary"]
ONLINE_OR_HYBRID = [
    "ngss-assessment", "unplugged", "science-plc", "responsive-math", "data-science",
    "im-launch", "career-employers",
]  # fmt: skip
ELEMENTARY = [
    "ngss-phenomena", "number-talks", "unplugged", "steam", "responsive-math", "fractions",
    "engineering-elementary",
]  # fmt: skip

# (query, must come first, nothing else may match)
CASES = [
    # several words, in any order: every one must match
    ("NGSS assessment", ["ngss-assessment"], True),
    ("assessment NGSS", ["ngss-assessment"], True),
    ("middle school math", ["im-launch", "responsive-math"], True),
    ("online math", ["im-launch", "responsive-math", "data-science"], True),
    ("elementary engineering", ["engineering-elementary", "steam"], True),
    ("grades 6-8 engineering", ["robotics"], True),
    ("data science", ["data-science"], False),  # "Climate Science and Data" too, after it
    ("king county", ["number-talks", "engineering-elementary"], True),
    # a topic's own word and its synonyms
    ("ngss", ALL_NGSS, True),
    ("science standards", ALL_NGSS, True),
    ("math", MATH, True),
    ("maths", MATH, True),
    ("mathematics", MATH, True),
    ("computer science", CS, True),
    ("CS", CS, True),
    ("PLC", ["science-plc"], True),
    ("professional learning community", ["science-plc"], True),
    ("STEAM", ["steam"], True),
    ("arts integration", ["steam"], True),
    ("climate", ["climate-rivers"], True),
    ("CTE", ["career-employers"], True),
    ("equity", ["responsive-math"], True),
    # grade words
    ("middle school", GRADES_6_8, True),
    ("7th grade", GRADES_6_8, True),
    ("high school", ["data-science"], False),  # its title says so: first of the six
    ("high school", GRADES_9_12, True),
    ("K-2", K_2, True),
    ("kindergarten", K_2, True),
    ("elementary", ["engineering-elementary"], False),  # in its title: first
    ("elementary", ELEMENTARY, True),
    # places: a city, a county, a network, a format
    ("Yakima", ["ngss-phenomena", "climate-rivers"], True),
    ("Vancouver", ["im-launch", "career-employers"], True),
    ("Wenatchee", ["ap-csp", "steam"], True),
    ("Portland", ["unplugged", "robotics", "fractions"], True),
    ("South Central", ["ngss-phenomena", "climate-rivers", "responsive-math"], True),
    ("online", ONLINE_OR_HYBRID, True),
    ("virtual", ONLINE_OR_HYBRID, True),
    # facilitators, with or without accents
    ("Grace Kimura", ["ngss-assessment", "im-launch", "data-science"], True),
    ("kimura", ["ngss-assessment", "im-launch", "data-science"], True),
    ("Tomas Herrera", ["ngss-phenomena", "ap-csp"], True),
    ("Tomás", ["ngss-phenomena", "ap-csp"], True),
    # plural and singular, and a plural misspelt
    ("robots", ["robotics"], True),
    ("robot", ["robotics"], True),
    ("fraction", ["fractions"], True),
    ("assessments", ["ngss-assessment"], True),
    ("phenomenas", ["ngss-phenomena"], True),
    # a title beats a mention elsewhere
    ("coding", ["unplugged"], True),
    ('"number talks"', ["number-talks"], True),
    ("fractions or robots", ["fractions", "robotics"], True),
]


def test_the_suite_holds_at_least_thirty_queries():
    assert len({query for query, _first, _only in CASES}) >= 30


def test_teachers_queries_find_the_right_workshops_first(found):
    problems = []
    for query, first, only in CASES:
        slugs = found(query)
        if sorted(slugs[: len(first)]) != sorted(first) or (only and len(slugs) != len(first)):
            problems.append(
                f"{query!r}: expected {first} first{' only' if only else ''}, got {slugs}"
            )
    assert problems == []


@pytest.mark.parametrize("query", ["ngss", "phenomena", "Yakima", "Tomás Herrera"])
def test_drafts_and_past_workshops_are_never_found(found, query):
    assert not {"ngss-draft", "ngss-past"} & set(found(query))
