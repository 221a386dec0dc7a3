"""CSV exports open in a spreadsheet as text: a typed value never runs as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from pdportal.documents.transcript import transcript_csv
from pdportal.services.common.csv_cells import safe_cell, safe_row
from tests.certificates.test_transcripts import certificate


@pytest.mark.parametrize("typed", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_would_run_as_a_formula_is_quoted(typed):
    assert safe_cell(typed) == "'" + typed


def test_ordinary_values_pass_unchanged():
    assert safe_row(["Kent SD", 42, None, "PO-7"]) == ["Kent SD", "42", "", "PO-7"]


def test_the_transcript_csv_quotes_a_provider_typed_as_a_formula():
    issued = certificate("Course", 2026, "3", provider="\t=cmd|' /C calc'!A0", designee="D")
    rows = list(csv.reader(io.StringIO(transcript_csv([issued]))))
    assert rows[1][6] == "'\t=cmd|' /C calc'!A0"
