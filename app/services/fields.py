"""Changing some fields of a row: only the fields whose value differs are written, and both sides kept for the audit.

Also what the audit keeps of a row as it stands (:func:`snapshot`), before it changes or goes, and the
checking of the fields a service is given, each by its own cleaner (:func:`clean_fields`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from app.errors import UserError

# What checks one field's value: returns it as stored, or refuses it with a ``UserError``.
Cleaner = Callable[[Any], Any]


def as_given(value: Any) -> Any:
    """The cleaner of a field taken as it is (an id the service or the database checks)."""
    return value


def clean_fields(values: Mapping[str, Any], cleaners: Mapping[str, Cleaner], *, unknown: str) -> dict[str, Any]:
    """``values`` each passed through its field's cleaner, in the order given (so the first bad one is named).

    A field without a cleaner is refused with ``unknown``, in which ``{key!r}`` names it.
    """
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        cleaner = cleaners.get(key)
        if cleaner is None:
            raise UserError(unknown.format(key=key))
        cleaned[key] = cleaner(value)
    return cleaned


def snapshot(row: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` on ``row``, by name: what the audit keeps of a row before it changes or goes."""
    return {key: getattr(row, key) for key in fields}


def apply_changes(row: Any, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set on ``row`` those of ``values`` that differ from its own; returns those fields before and after.

    Both are empty when nothing differs, and then nothing was set: the service
    returns its "unchanged" Change and writes no audit event.
    """
    before = {key: getattr(row, key) for key in values if getattr(row, key) != values[key]}
    after = {key: values[key] for key in before}
    for key, value in after.items():
        setattr(row, key, value)
    return before, after
