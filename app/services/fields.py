"""Changing some fields of a row: only the fields whose value differs are written, and both sides kept for the audit.

Also what the audit keeps of a row as it stands (:func:`snapshot`), before it changes or goes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


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
