"""The words of the field: what teachers type for the catalog's topics, grade bands and
formats, and which of their words mean the same (the synonym table).

Everything here is normalised text (`normalise`): lower case, accents folded, dashes,
slashes and underscores as spaces, so "K–2", "k-2" and "K_2" are all "k 2". Both sides of
a search go through it: the texts indexed (`services.search.index`) and the query typed
(`services.search.query`).
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_/·]+")
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Lower case, accents folded ("Tomás" → "tomas"), separators as single spaces."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return _SEPARATORS.sub(" ", folded.lower()).strip()


def words(text: str) -> list[str]:
    """The words of normalised `text` (letters and digits; punctuation dropped)."""
    return _WORD.findall(text.replace("_", " "))


# What each enum value of a workshop is called, in the words teachers use (indexed with
# the workshop, so "middle school" finds a workshop for grades 6–8).
TOPIC_WORDS = {
    "ngss_science": "NGSS science",
    "mathematics": "mathematics",
    "computer_science": "computer science",
    "engineering": "engineering",
    "assessment": "assessment",
    "career_connected": "career-connected learning",
    "environmental": "environmental and climate education",
    "equity": "equity in STEM",
}
GRADE_WORDS = {
    "pre_k": "pre-K preschool early learning",
    "k_2": "grades K–2 elementary",
    "3_5": "grades 3–5 elementary",
    "6_8": "grades 6–8 middle school",
    "9_12": "grades 9–12 high school",
    "adult": "adult post-secondary",
}
FORMAT_WORDS = {
    "in_person": "in person",
    "online": "online",
    "hybrid": "hybrid online in person",
}

# Words a teacher types that say nothing about which workshop: PostgreSQL's English stop
# words (which its index leaves out, so SQLite must leave them out of queries too), and a
# few of the field's ("math workshop for teachers" asks for math).
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing don down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such t than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with you your yours yourself yourselves
    s workshop workshops grade grades class classes course courses training trainings
    session sessions teacher teachers educator educators near""".split()  # noqa: SIM905
)

# Each group: words that mean the same to a teacher. (An ordinal counts only with "grade":
# "2nd" alone is as often a street, "33 S 2nd Ave".) A query holding one of them (a
# whole phrase, longest first) searches for any of the group. Keep it short: every
# entry widens every search that uses it.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("math", "maths", "mathematics"),
    ("ngss", "next generation science standards", "science standards"),
    ("cs", "computer science", "computing"),
    ("csp", "cs principles", "computer science principles"),
    ("steam", "arts integration", "stem and arts"),
    ("plc", "plcs", "professional learning community", "professional learning communities"),
    ("pbl", "project based learning"),
    ("cte", "career technical education", "career connected"),
    ("ell", "ells", "english learners", "multilingual learners", "english language learners"),
    ("ap", "advanced placement"),
    ("ai", "artificial intelligence"),
    ("climate", "environmental"),
    ("k 2", "kindergarten", "primary", "1st grade", "2nd grade", "first grade", "second grade"),
    (
        "3 5",
        "upper elementary",
        "3rd grade",
        "4th grade",
        "5th grade",
        "third grade",
        "fourth grade",
        "fifth grade",
    ),
    ("elementary", "elementary school", "k 5"),
    (
        "middle school",
        "6 8",
        "middle",
        "junior high",
        "6th grade",
        "7th grade",
        "8th grade",
        "sixth grade",
        "seventh grade",
        "eighth grade",
    ),
    (
        "high school",
        "9 12",
        "9th grade",
        "10th grade",
        "11th grade",
        "12th grade",
        "ninth grade",
        "tenth grade",
        "eleventh grade",
        "twelfth grade",
    ),
    ("online", "virtual", "remote", "zoom"),
    ("in person", "face to face", "onsite"),
)


def _groups_by_phrase() -> dict[tuple[str, ...], tuple[str, ...]]:
    by_phrase: dict[tuple[str, ...], tuple[str, ...]] = {}
    for group in SYNONYMS:
        phrases = tuple(normalise(phrase) for phrase in group)
        for phrase in phrases:
            by_phrase[tuple(phrase.split())] = phrases
    return by_phrase


GROUP_OF_PHRASE = _groups_by_phrase()  # ("middle", "school") -> every phrase of its group
LONGEST_PHRASE = max(len(phrase) for phrase in GROUP_OF_PHRASE)
