"""A `SearchQuery` asked of the database's own full-text engine: FTS5 with `bm25` on
SQLite, `tsvector @@ tsquery` with `ts_rank` on PostgreSQL (see `models.search`).

`matches` is a common table expression of (workshop_id, score), one row per matching
workshop, where a lower score is a better match on both databases (bm25 is negative;
ts_rank is negated). It is MATERIALIZED: else SQLite's planner may run the full-text
query once per workshop row it joins (500 ms instead of 2 ms for 2,000 workshops).
Column weights put a title match first, then summary/topics/grade bands, then network,
place, format and people, then the description.
"""

from __future__ import annotations

from sqlalchemy import CTE, Float, column, func, literal_column, select, table
from sqlalchemy.sql.elements import ColumnElement

from pdportal.extensions import db
from pdportal.models.search import FTS_TABLE, TEXT_SEARCH_CONFIG, TSVECTOR_COLUMN
from pdportal.services.search.query import SearchQuery

# bm25 weights of the FTS5 columns (title, subjects, places, body), and ts_rank's for the
# weights D, C, B, A: the same order of importance on both databases.
BM25_WEIGHTS = (10.0, 4.0, 2.0, 1.0)
_RANK_WEIGHTS = literal_column("'{0.1, 0.3, 0.5, 1.0}'::float4[]")
_CONFIG = literal_column(f"'{TEXT_SEARCH_CONFIG}'::regconfig")

_fts = table(FTS_TABLE, column("rowid"), column(FTS_TABLE))
_search = table("workshop_search", column("workshop_id"), column(TSVECTOR_COLUMN))


def fts5_expression(query: SearchQuery) -> str:
    """FTS5 query syntax: each term a parenthesised OR of quoted phrases, terms ANDed.
    Phrases hold only letters, digits and spaces (see `vocabulary.words`), so quoting
    them is all the escaping FTS5 needs."""
    terms = (
        "(" + " OR ".join(f'"{phrase}"' for phrase in term.alternatives) + ")"
        for term in query.terms
    )
    return " AND ".join(terms)


def _tsquery(query: SearchQuery) -> ColumnElement:
    """The terms as one tsquery: phrases ORed (`||`) within a term, terms ANDed (`&&`),
    each phrase stemmed by PostgreSQL itself (`phraseto_tsquery`)."""
    combined: ColumnElement | None = None
    for term in query.terms:
        either: ColumnElement | None = None
        for phrase in term.alternatives:
            one = func.phraseto_tsquery(_CONFIG, phrase)
            either = one if either is None else either.op("||")(one)
        assert either is not None
        combined = either if combined is None else combined.op("&&")(either)
    assert combined is not None
    return combined


def matches(query: SearchQuery, *, ranked: bool = True) -> CTE:
    """(workshop_id, score) of the workshops matching every term of `query`; without
    `ranked`, (workshop_id) only: ranking costs more than matching (bm25 or ts_rank for
    each match), and a count needs no order."""
    if db.engine.dialect.name == "postgresql":
        tsquery = _tsquery(query)
        document = _search.c[TSVECTOR_COLUMN]
        columns = [_search.c.workshop_id.label("workshop_id")]
        if ranked:
            score = -func.ts_rank(_RANK_WEIGHTS, document, tsquery, type_=Float)
            columns.append(score.label("score"))
        condition = document.op("@@")(tsquery)
    else:
        columns = [_fts.c.rowid.label("workshop_id")]
        if ranked:
            bm25 = func.bm25(_fts.c[FTS_TABLE], *BM25_WEIGHTS, type_=Float)
            columns.append(bm25.label("score"))
        condition = _fts.c[FTS_TABLE].op("MATCH")(fts5_expression(query))
    return select(*columns).where(condition).cte("search_hits").prefix_with("MATERIALIZED")
