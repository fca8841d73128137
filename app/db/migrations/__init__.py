"""Alembic migrations of Steward's schema (``render_as_batch`` for SQLite).

``REVISIONS`` lists every revision in order, oldest first; the last is the head
this version of Steward expects. It is written out here so that opening a
current database needs no Alembic import; a test checks it against the scripts
in ``versions/``.
"""

from __future__ import annotations

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent

REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004")
HEAD = REVISIONS[-1]
