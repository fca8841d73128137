"""Cells of an imported spreadsheet: as text, headings as keys, column letters, and parsing a column at once.

Shared by the skills-matrix and the actuals imports. ``parse_distinct`` is what keeps
an import of 1.5 million cells quick: each column is parsed one *distinct* value at a
time and the results are mapped back with ``pandas.factorize``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, time
from typing import Any

import numpy as np
import pandas as pd

from app.files import unescape_cell


class CellProblem(Exception):
    """A cell (or the file) that cannot be read as what its column holds; the message says why."""


def cell_text(value: Any) -> str:
    """A cell as trimmed text ("" when empty), with Steward's formula escape undone."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, str):
        return " ".join(unescape_cell(value.strip()).split())
    return str(value).strip()


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def header_key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def column_letter(index: int) -> str:
    """Spreadsheet letters of the 0-based column ``index`` (0 -> A, 26 -> AA)."""
    number, letters = index + 1, ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def parse_distinct(
    values: np.ndarray, parse: Callable[[Any], Any], *, empty: Any, dtype: Any = object
) -> tuple[np.ndarray, np.ndarray]:
    """``parse`` applied to every cell of ``values``, called once per distinct value.

    Returns the parsed values (``empty`` for missing cells and for problems) and,
    in the same shape, each cell's problem message or None.
    """
    flat = values.ravel()
    codes, distinct = pd.factorize(flat, use_na_sentinel=True)
    parsed = np.empty(len(distinct) + 1, dtype=dtype)
    messages = np.full(len(distinct) + 1, None, dtype=object)
    for index, value in enumerate(distinct):
        try:
            parsed[index] = parse(value)
        except CellProblem as problem:
            parsed[index] = empty
            messages[index] = str(problem)
    parsed[-1] = empty  # code -1: None or NaN
    return parsed[codes].reshape(values.shape), messages[codes].reshape(values.shape)


def count(number: int, one: str, many: str) -> str:
    """ "1 new person", "3 new people": ``number`` with the word for it."""
    return f"{number} {one if number == 1 else many}"


def match_roles(keys: Sequence[str], aliases: Mapping[str, frozenset[str]]) -> dict[str, int]:
    """The column of each role whose heading key is one of its ``aliases``, the first such column for each."""
    roles: dict[str, int] = {}
    for column, key in enumerate(keys):
        for role, role_aliases in aliases.items():
            if key in role_aliases and role not in roles:
                roles[role] = column
                break
    return roles
