"""CSV cells a spreadsheet opens as text, never as a formula (OWASP "CSV injection").

Names, districts, PO numbers and provider names are typed by people; a cell starting
with =, +, -, @, a tab or a carriage return would run as a formula in Excel or Sheets.
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def safe_row(values: list[object]) -> list[str]:
    return [safe_cell(value) for value in values]
