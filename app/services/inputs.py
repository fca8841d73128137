"""Checking what every service is given: its fields, each by its own cleaner, and the words of an enum.

A service names the fields it accepts once, as a :class:`Fields` of cleaners (the
areas' own ``inputs`` modules hold the cleaners of their values); :func:`choice`
reads a member of an enum from its word wherever a service takes one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from app.errors import UserError

ChoiceT = TypeVar("ChoiceT", bound=StrEnum)

# What checks one field's value: returns it as stored, or refuses it with a ``UserError``.
Cleaner = Callable[[Any], Any]


# Tab, line feed and carriage return are text; every other control character is not, and no
# spreadsheet can hold one (XML 1.0 has no way to write it), so an export would silently drop it.
_TEXT_CONTROLS = frozenset("\t\n\r")


def refuse_control_characters(value: Any, *, what: str) -> Any:
    """``value`` as it is, unless it is text holding a control character: then one sentence naming the first."""
    if isinstance(value, str):
        for character in value:
            if character not in _TEXT_CONTROLS and unicodedata.category(character) == "Cc":
                raise UserError(
                    f"The {what} holds a control character (U+{ord(character):04X}), which no spreadsheet or report "
                    "can show; remove it and try again."
                )
    return value


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
            cleaned[key] = refuse_control_characters(cleaner(value), what=key.replace("_", " "))
        return cleaned
