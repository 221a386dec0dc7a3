"""The directory of school districts and schools: importing it from the state's CSV,
finding a school, and matching schools people typed to listed ones."""

from pdportal.services.directory.importing import (
    ImportReport,
    RefusedRow,
    RowProblem,
    import_csv,
)
from pdportal.services.directory.schools import (
    QUERY_MAX_LENGTH,
    UnlistedSchool,
    by_code,
    district,
    districts,
    get,
    match,
    search,
    states,
    unlisted,
)

__all__ = [
    "ImportReport",
    "QUERY_MAX_LENGTH",
    "RefusedRow",
    "RowProblem",
    "UnlistedSchool",
    "by_code",
    "district",
    "districts",
    "get",
    "import_csv",
    "match",
    "search",
    "states",
    "unlisted",
]
