"""Reading Steward's data files from the ``resources`` package."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any


def read_json(name: str) -> Any:
    """A JSON file shipped in ``resources/`` (``name`` may contain ``/``)."""
    return json.loads(files("resources").joinpath(name).read_text(encoding="utf-8"))
