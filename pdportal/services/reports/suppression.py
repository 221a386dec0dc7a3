"""Small-cell suppression for published tables (as OSPI publishes its reports).

A table is a grid of counts of people with a total for each row and column and a grand
total. Every count from 1 to `SMALLEST_SHOWN - 1` is hidden (primary suppression); then,
in every row and column (its cells and its total, a "line"), more counts are hidden until
nothing hidden can be worked out from what is shown:

- a line never has exactly one hidden count (the total minus the others would give it);
- when a line's total is shown, its hidden cells never add up to their own number (each
  hidden count is at least 1, so a sum of k over k cells would make every one of them 1).

Complements are the smallest shown non-zero counts of the line (zeros are shown: a
hidden value is always at least 1, and hiding a zero would only mislead). Totals are
counted as people, once each, so they need not be the sum of their cells (a person in
two race groups); the rules hold either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SMALLEST_SHOWN = 10

# A position in the table with its margins: (row, column), where None is the total.
Position = tuple[int | None, int | None]


@dataclass(frozen=True)
class Grid:
    """Counts of people: cells[row][column], the row and column totals, the grand total."""

    cells: Sequence[Sequence[int]]
    row_totals: Sequence[int]
    column_totals: Sequence[int]
    total: int

    def value(self, position: Position) -> int:
        row, column = position
        if row is None and column is None:
            return self.total
        if row is None:
            return self.column_totals[column]
        if column is None:
            return self.row_totals[row]
        return self.cells[row][column]

    def lines(self) -> list[list[Position]]:
        """Each row and column with its total last (the margins are lines too). A table
        of one column is one line: its row totals would repeat its cells."""
        rows = range(len(self.row_totals))
        columns = range(len(self.column_totals))
        by_column: list[list[Position]] = [
            [*((row, column) for row in rows), (None, column)] for column in columns
        ]
        if len(self.column_totals) == 1:
            return by_column
        by_row: list[list[Position]] = [
            [*((row, column) for column in columns), (row, None)] for row in (*rows, None)
        ]
        margin: list[Position] = [*((row, None) for row in rows), (None, None)]
        return [*by_row, *by_column, margin]

    def positions(self) -> list[Position]:
        return sorted({position for line in self.lines() for position in line}, key=_order)


def _order(position: Position) -> tuple[int, int]:
    row, column = position
    return (-1 if row is None else row, -1 if column is None else column)


def is_small(count: int) -> bool:
    return 0 < count < SMALLEST_SHOWN


def suppress(grid: Grid) -> set[Position]:
    """The positions to hide: every small count, and the complements that protect them."""
    hidden = {position for position in grid.positions() if is_small(grid.value(position))}
    lines = grid.lines()
    changed = True
    while changed:
        changed = False
        for line in lines:
            if _line_is_exposed(grid, line, hidden) and (
                complement := _complement(grid, line, hidden)
            ):
                hidden.add(complement)
                changed = True
    return hidden


def _line_is_exposed(grid: Grid, line: list[Position], hidden: set[Position]) -> bool:
    hidden_here = [position for position in line if position in hidden]
    if not hidden_here:
        return False
    if len(hidden_here) == 1:
        return True
    total = line[-1]
    if total in hidden:
        return False
    hidden_cells = [position for position in hidden_here if position != total]
    return sum(grid.value(position) for position in hidden_cells) <= len(hidden_cells)


def _complement(grid: Grid, line: list[Position], hidden: set[Position]) -> Position | None:
    """The smallest shown non-zero count of the line, a cell before the total. None when
    all that is shown is zero: then nothing hidden can be worked out from this line (its
    total would be the sum of zeros, or, counted as people, is not a sum at all)."""
    total = line[-1]
    candidates = [p for p in line if p not in hidden and grid.value(p) > 0]
    if not candidates:
        return None
    return min(candidates, key=lambda p: (p == total, grid.value(p), _order(p)))
