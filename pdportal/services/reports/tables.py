"""Published tables of people: count each person once per cell and total (a person may
sit in several rows or columns), add up a measure beside the count, and hide what
`suppression` says to hide. The reach, sponsored-seats and impact reports share it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from pdportal.services.reports.suppression import Grid, Position, suppress

Value = int | Decimal

ALL = "+all"  # the one column of a table of one dimension


def period(starts_on: date, ends_on: date) -> tuple[datetime, datetime]:
    """A report's date range as UTC instants: from the first day's start to the end of
    the last day (the instant the next one starts)."""
    start = datetime.combine(starts_on, time(), tzinfo=UTC)
    return start, datetime.combine(ends_on + timedelta(days=1), time(), tzinfo=UTC)


@dataclass(frozen=True)
class Entry:
    """One fact about one person: the rows and columns it counts in, and its value."""

    row_keys: Sequence[str]
    column_keys: Sequence[str]
    person: int
    value: Value = 1


@dataclass(frozen=True)
class Counted:
    """The measure at every position of the table (None: hidden) and how many people the
    whole table counts (None: hidden)."""

    values: dict[Position, Value | None]
    people: int | None


def count(row_keys: Sequence[str], column_keys: Sequence[str], entries: Iterable[Entry]) -> Counted:
    """Tally the entries into the table whose rows and columns are these keys (an entry's
    keys not among them are left out), and hide every position whose number of people is
    small, with its complements. With the one column `[ALL]`, row totals are the cells."""
    row_index = {key: index for index, key in enumerate(row_keys)}
    column_index = {key: index for index, key in enumerate(column_keys)}
    people: dict[Position, set[int]] = defaultdict(set)
    sums: dict[Position, Value] = defaultdict(int)
    for entry in entries:
        rows = {row_index[key] for key in entry.row_keys if key in row_index}
        columns = {column_index[key] for key in entry.column_keys if key in column_index}
        positions = [(None, None)]
        positions += [(None, column) for column in columns]
        for row in rows:
            positions.append((row, None))
            positions += [(row, column) for column in columns]
        person, value = entry.person, entry.value
        for position in positions:
            people[position].add(person)
            sums[position] += value

    def of(position: Position) -> int:
        return len(people.get(position, ()))

    row_range = range(len(row_keys))
    column_range = range(len(column_keys))
    grid = Grid(
        cells=[[of((r, c)) for c in column_range] for r in row_range],
        row_totals=[of((r, None)) for r in row_range],
        column_totals=[of((None, c)) for c in column_range],
        total=of((None, None)),
    )
    hidden = suppress(grid)
    values: dict[Position, Value | None] = {
        position: None if position in hidden else sums.get(position, 0)
        for position in grid.positions()
    }
    if list(column_keys) == [ALL]:  # the row totals are the cells themselves
        for row in row_range:
            values[(row, None)] = values[(row, 0)]
    return Counted(values, None if (None, None) in hidden else grid.total)
