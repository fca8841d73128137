"""Changing some fields of a row: only the fields whose value differs are written, and both sides kept for the audit.

Also what the audit keeps of a row as it stands (:func:`snapshot`), before it changes or goes, and the
checking of the fields a service is given, each by its own cleaner (:class:`Fields`; :func:`choice` for
the fields that hold one of an enum's words).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from app.errors import UserError

ChoiceT = TypeVar("ChoiceT", bound=StrEnum)

# What checks one field's value: returns it as stored, or refuses it with a ``UserError``.
Cleaner = Callable[[Any], Any]


def as_given(value: Any) -> Any:
    """The cleaner of a field taken as it is (an id the service or the database checks)."""
    return value


def choice(kind: type[ChoiceT], value: Any, *, refusal: str) -> ChoiceT:
    """``value`` as a member of ``kind``: a member, or its word in any case with spaces around it ignored.

    Anything else is refused with ``refusal``, in which ``{value!r}`` names what was given and
    ``{choices}`` the words there are.
    """
    try:
        return kind(value.strip().lower() if isinstance(value, str) else value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise UserError(refusal.format(value=value, choices=choices)) from None


class Fields:
    """The fields a service is given, each checked by its own cleaner; any other is refused with one sentence."""

    def __init__(self, cleaners: Mapping[str, Cleaner], *, unknown: str) -> None:
        self._cleaners = dict(cleaners)
        self._unknown = unknown  # ``{key!r}`` in it names the field
        self.names = tuple(cleaners)

    def clean(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` each passed through its field's cleaner, in the order given (so the first bad one is named)."""
        cleaned: dict[str, Any] = {}
        for key, value in values.items():
            cleaner = self._cleaners.get(key)
            if cleaner is None:
                raise UserError(self._unknown.format(key=key))
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
