"""CSV exports open in a spreadsheet as text: a typed value never runs as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from pdportal.documents.spreadsheet import UTF8_BOM, csv_text
from pdportal.documents.transcript import transcript_rows
from pdportal.services.common.csv_cells import safe_cell, safe_row
from tests.certificates.test_transcripts import certificate


@pytest.mark.parametrize("typed", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_would_run_as_a_formula_is_quoted(typed):
    assert safe_cell(typed) == "'" + typed


def test_ordinary_values_pass_unchanged():
    assert safe_row(["Kent SD", 42, None, "PO-7"]) == ["Kent SD", "42", "", "PO-7"]


def test_the_transcript_csv_quotes_a_provider_typed_as_a_formula():
    issued = certificate("Course", 2026, "3", provider="\t=cmd|' /C calc'!A0", designee="D")
    rows = list(csv.reader(io.StringIO(csv_text(transcript_rows([issued])).removeprefix(UTF8_BOM))))
    assert rows[1][6] == "'\t=cmd|' /C calc'!A0"


def test_every_csv_export_opens_in_excel_as_utf8():
    text = csv_text([["Nguyễn Thị Ánh", "=1+1"]])
    assert text.startswith(UTF8_BOM)  # Excel on Windows reads UTF-8 only after a BOM
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(text.removeprefix(UTF8_BOM)))) == [
        ["Nguyễn Thị Ánh", "'=1+1"]
    ]
