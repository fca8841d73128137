"""Writing a report: the renderer its output's extension names, and the file written all at once.

Every report builds one JSON-ready document and has a renderer per format, each a
function from that document to the file's bytes. ``write_report`` picks the
renderer by the output's extension, checks the folder, builds the document only
then, and writes the bytes through ``app.files.atomic_write_bytes``, so a report
that fails half-way (a bad name, a full disk, a bug in a renderer) leaves the
output path as it was.

``render_json`` and ``csv_bytes`` are the two renderers' halves every report
shares: the JSON of the document as it is, and a CSV as Excel reads it;
``renderers`` puts a report's own three beside the JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.errors import UserError

# The formats every report is written in, in the order its messages list them.
FORMATS = (".pdf", ".xlsx", ".csv", ".json")

Document = Mapping[str, Any]
Renderer = Callable[[Document], bytes]


def write_report(
    output: Path | str, renderers: Mapping[str, Renderer], build: Callable[[], Document], *, what: str
) -> Path:
    """Write the document ``build`` returns to ``output``, rendered in the format its extension names.

    ``what`` names the report in a message ("A gap report"). Raises ``UserError``
    for an extension ``renderers`` lacks or a folder that does not exist (before
    anything is built), and whatever ``build`` raises; the output path is left as
    it was then, and on any other failure.
    """
    from app.files import atomic_write_bytes

    output = Path(output)
    render = renderers.get(output.suffix.lower())
    if render is None:
        raise UserError(f"{what} is written as {_listed(renderers)}; {output.name!r} is none of these.")
    if not output.parent.is_dir():
        raise UserError(f"The folder {output.parent} does not exist; create it or choose another place for the report.")
    atomic_write_bytes(output, render(build()))
    return output


def renderers(*, pdf: Renderer, xlsx: Renderer, csv: Renderer) -> dict[str, Renderer]:
    """A report's renderers by extension, in ``FORMATS`` order; its JSON is the document itself (``render_json``)."""
    return {".pdf": pdf, ".xlsx": xlsx, ".csv": csv, ".json": render_json}


def _listed(extensions: Iterable[str]) -> str:
    """ ".pdf, .xlsx, .csv or .json" """
    names = list(extensions)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def render_json(document: Document) -> bytes:
    """The document itself, indented, with its text as written (not \\u-escaped), and a final newline."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, float_format: str | None = None) -> bytes:
    """A CSV of one header and its rows, as a spreadsheet reads it back.

    UTF-8 with a byte-order mark (so that Excel reads accented names right) and CRLF
    line ends; text through ``safe_cell`` (no formula runs), an amount as its plain
    decimal ("1234.50"), a day as ISO ("2026-03-31"), nothing for None, and a float
    in ``float_format`` when one is given ("{:.2f}") or as Python writes it.
    """
    from app.files import safe_cell

    def cell(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, float) and float_format is not None:
            return float_format.format(value)
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, date):
            return value.isoformat()
        return safe_cell(value)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(column) for column in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")
