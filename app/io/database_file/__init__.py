"""The whole database out and back in: Steward's exit strategy (``steward export``, ``steward import``).

``export_database`` writes every table (the audit trail and settings included) to
one JSON document or one workbook, read as of one moment and written atomically;
``import_database`` loads such a file into an empty database in one transaction,
ids and audit trail preserved, so that the database is the exported one row for
row. The JSON format is documented in docs/export-format.md.

The parts: ``columns`` (the tables, each column's kind and words), ``values`` (a
value written and parsed by kind), ``snapshot`` (reading the database a chunk at
a time), ``json_file`` and ``workbook`` (the two forms), ``reading`` (a file
opened and checked for import), ``dump`` (the export) and ``load`` (the import).
"""

from __future__ import annotations

from app.io.database_file.columns import FORMAT_NAME, FORMAT_VERSION
from app.io.database_file.dump import ExportSummary, export_database
from app.io.database_file.load import ImportSummary, database_is_empty, import_database
from app.io.database_file.reading import looks_like_database_file

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "ExportSummary",
    "ImportSummary",
    "database_is_empty",
    "export_database",
    "import_database",
    "looks_like_database_file",
]
