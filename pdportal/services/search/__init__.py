"""Search of the catalog: a teacher's words (`parse_query`, with the field's synonym table
in `vocabulary`) asked of the database's own full-text engine (`matches`), over an index
of each workshop's text kept current on every flush (`keep_current`, `reindex`), and the
county of a venue (`county_of`) for the "near me" filter."""

from pdportal.services.search.engine import matches
from pdportal.services.search.index import keep_current, rebuild, reindex
from pdportal.services.search.places import county_of
from pdportal.services.search.query import SearchQuery, Term, parse_query

__all__ = [
    "SearchQuery",
    "Term",
    "county_of",
    "keep_current",
    "matches",
    "parse_query",
    "rebuild",
    "reindex",
]
