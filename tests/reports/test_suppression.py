"""Small-cell suppression: over random tables, nothing from 1 to 9 is shown and nothing
hidden can be worked out from the shown cells and totals of its row or column."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pdportal.services.reports.suppression import SMALLEST_SHOWN, Grid, suppress

# Counts skewed small, as real cross-tabs of a region's educators are: many cells of 0-12.
counts = st.one_of(st.integers(0, 12), st.integers(0, 400))


@st.composite
def additive_grids(draw) -> Grid:
    """A table whose totals are the sums of its cells (each person in one cell)."""
    rows = draw(st.integers(1, 7))
    columns = draw(st.integers(1, 6))
    cells = [[draw(counts) for _ in range(columns)] for _ in range(rows)]
    return Grid(
        cells=cells,
        row_totals=[sum(row) for row in cells],
        column_totals=[sum(column) for column in zip(*cells, strict=True)],
        total=sum(map(sum, cells)),
    )


@st.composite
def people_grids(draw) -> Grid:
    """A table of people who may be in several cells (maximum representation): each
    total counts people once, so it is at least its largest cell and at most the sum."""
    grid = draw(additive_grids())

    def squeeze(values: list[int]) -> int:
        return draw(st.integers(max(values, default=0), sum(values)))

    row_totals = [squeeze(list(row)) for row in grid.cells]
    column_totals = [squeeze(list(column)) for column in zip(*grid.cells, strict=True)]
    total = draw(st.integers(max([*row_totals, *column_totals]), sum(row_totals)))
    return Grid(grid.cells, row_totals, column_totals, total)


def attacker_ranges(grid: Grid, hidden: set) -> dict:
    """What someone learns about each hidden count from one line at a time, knowing that
    every hidden count is at least 1 and the line's cells add up to its total."""
    learned: dict = {}
    for line in grid.lines():
        total = line[-1]
        hidden_cells = [p for p in line[:-1] if p in hidden]
        if total in hidden or not hidden_cells:
            continue
        rest = grid.value(total) - sum(grid.value(p) for p in line[:-1] if p not in hidden)
        for position in hidden_cells:
            high = rest - (len(hidden_cells) - 1)
            low, old_high = learned.get(position, (1, high))
            learned[position] = (low, min(high, old_high))
    return learned


@settings(max_examples=400, deadline=None)
@given(additive_grids())
def test_no_hidden_count_can_be_worked_out_from_its_row_or_column(grid: Grid) -> None:
    hidden = suppress(grid)
    for position in grid.positions():
        if position not in hidden:
            assert not 0 < grid.value(position) < SMALLEST_SHOWN
    for line in grid.lines():
        hidden_here = [p for p in line if p in hidden]
        assert len(hidden_here) != 1, f"one hidden count alone in {line}"
    for position, (low, high) in attacker_ranges(grid, hidden).items():
        assert low <= grid.value(position) <= high  # the attacker's reasoning is sound
        assert high > low, f"{position} is exactly {low}"


@settings(max_examples=200, deadline=None)
@given(people_grids())
def test_tables_of_people_in_several_groups_show_no_small_count(grid: Grid) -> None:
    hidden = suppress(grid)
    for position in grid.positions():
        if position not in hidden:
            assert not 0 < grid.value(position) < SMALLEST_SHOWN
    for line in grid.lines():
        hidden_here = [p for p in line if p in hidden]
        shown_non_zero = [p for p in line if p not in hidden and grid.value(p)]
        assert len(hidden_here) != 1 or not shown_non_zero


def test_a_lone_small_cell_gets_a_complement_in_its_column() -> None:
    grid = Grid(cells=[[12], [3], [40]], row_totals=[12, 3, 40], column_totals=[55], total=55)
    assert suppress(grid) == {(1, 0), (0, 0)}


def test_two_hidden_ones_are_not_left_to_add_up_to_two() -> None:
    grid = Grid(
        cells=[[1], [1], [30], [45]], row_totals=[1, 1, 30, 45], column_totals=[77], total=77
    )
    assert suppress(grid) == {(0, 0), (1, 0), (2, 0)}


def test_zeros_stay_shown() -> None:
    grid = Grid(cells=[[0], [25], [30]], row_totals=[0, 25, 30], column_totals=[55], total=55)
    assert suppress(grid) == set()
