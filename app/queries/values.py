"""Values as SQLite hands them back to the read models: dates and instants stored as ISO text.

A date column may come back as a ``date``, as ISO text or as ISO text with a time
(older rows, other drivers); an instant as a ``datetime`` or ISO text. Empty is None.
A text column that may be NULL reads as "", and a date a valid row always has as
``date.min`` when it is missing, so that a record's field keeps its one type.
"""

from __future__ import annotations

from datetime import date, datetime


def day(value: object) -> date | None:
    """A date as SQLite hands it back (ISO text, sometimes with a time) or None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def instant(value: object) -> datetime | None:
    """A moment as SQLite hands it back (ISO text or a ``datetime``) or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def known_day(value: object) -> date:
    """A date a valid row always has (a sprint's start, a version's creation), ``date.min`` when it is missing."""
    return day(value) or date.min


def text(value: str | None) -> str:
    """A text column that may be NULL, as text: "" for NULL."""
    return value or ""
