"""CSV files for spreadsheets: every export (roster, payments, transcript) goes through
here, so each opens in Excel on Windows as UTF-8 (a byte-order mark first: "Nguyễn Thị
Ánh", not mojibake) and no cell typed by a person runs as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from flask import Response

from pdportal.services.common.csv_cells import safe_row

UTF8_BOM = "\ufeff"


def csv_text(rows: Iterable[list[object]]) -> str:
    buffer = io.StringIO()
    buffer.write(UTF8_BOM)
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(safe_row(row))
    return buffer.getvalue()


def csv_download(rows: Iterable[list[object]], filename: str) -> Response:
    return Response(
        csv_text(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
