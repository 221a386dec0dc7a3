"""What a teacher typed, as terms to search for: every term must match (in any order),
and a term matches when any of its alternatives does (the synonym table's group).

Understood as a web search box is: "quoted words" are one phrase, `or` between two words
accepts either, everything else is a word (punctuation is dropped). Stop words are left
out; a phrase of the synonym table ("middle school", "computer science") is one term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pdportal.services.search.vocabulary import (
    GROUP_OF_PHRASE,
    LONGEST_PHRASE,
    STOP_WORDS,
    normalise,
    words,
)

MAX_TERMS = 12
_QUOTED = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class Term:
    """One thing that must match: `typed` as the teacher wrote it (normalised), found as
    any of `alternatives` (each a phrase of normalised words)."""

    typed: str
    alternatives: tuple[str, ...]

    @property
    def also(self) -> tuple[str, ...]:
        """The alternatives other than what was typed (what a synonym added)."""
        return tuple(phrase for phrase in self.alternatives if phrase != self.typed)


@dataclass(frozen=True)
class SearchQuery:
    text: str  # as typed
    terms: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)

    def without(self, index: int) -> str:
        """The query text with its `index`th term left out (a "drop a word" suggestion)."""
        return " ".join(
            _as_text(term) for position, term in enumerate(self.terms) if position != index
        )


def _as_text(term: Term) -> str:
    """A term as it can be typed again: a phrase not in the synonym table is quoted."""
    plain = " " not in term.typed or " or " in term.typed or _is_group_phrase(term.typed)
    return term.typed if plain else f'"{term.typed}"'


def _is_group_phrase(phrase: str) -> bool:
    return tuple(phrase.split()) in GROUP_OF_PHRASE


def _terms_of_words(tokens: list[str]) -> list[Term]:
    """Terms of unquoted words: synonym phrases (longest first), else single words."""
    terms: list[Term] = []
    position = 0
    while position < len(tokens):
        for length in range(min(LONGEST_PHRASE, len(tokens) - position), 0, -1):
            phrase = tuple(tokens[position : position + length])
            group = GROUP_OF_PHRASE.get(phrase)
            if group:
                terms.append(Term(" ".join(phrase), group))
                position += length
                break
        else:
            word = tokens[position]
            if word not in STOP_WORDS:
                terms.append(Term(word, (word,)))
            position += 1
    return terms


def _join_ors(pieces: list[Term | str]) -> list[Term]:
    """Terms with `or` between two of them merged into one (either may match)."""
    terms: list[Term] = []
    joining = False
    for piece in pieces:
        if piece == "or":
            joining = bool(terms)
            continue
        assert isinstance(piece, Term)
        if joining:
            last = terms.pop()
            merged = dict.fromkeys((*last.alternatives, *piece.alternatives))
            piece = Term(f"{last.typed} or {piece.typed}", tuple(merged))
        terms.append(piece)
        joining = False
    return terms


def parse_query(text: str) -> SearchQuery:
    """The terms of a search box's text (at most MAX_TERMS; the rest are ignored)."""
    pieces: list[Term | str] = []
    for index, chunk in enumerate(_QUOTED.split(text.replace("“", '"').replace("”", '"'))):
        if index % 2:  # inside quotes: one phrase, as written
            phrase = " ".join(words(normalise(chunk)))
            if phrase and not STOP_WORDS.issuperset(phrase.split()):
                pieces.append(Term(phrase, (phrase,)))
            continue
        tokens = words(normalise(chunk))
        run: list[str] = []
        for word in [*tokens, "or"]:
            if word == "or":
                pieces.extend(_terms_of_words(run))
                pieces.append("or")
                run = []
            else:
                run.append(word)
        pieces.pop()  # the sentinel
    return SearchQuery(text=text, terms=tuple(_join_ors(pieces)[:MAX_TERMS]))
