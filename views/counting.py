"""A count with its noun in the right number, in one place: "1 requirement", "3 requirements".

Sentences assembled from parts are where "1 requirements" and "key-person
risk(s)" creep in; every count the user reads goes through ``counted``.
"""

from __future__ import annotations

from views.labels import tr


def counted(count: int, one: str, many: str) -> str:
    """``one`` or ``many`` (translated, each with a ``{count}`` field) for ``count``."""
    return (tr(one) if count == 1 else tr(many)).format(count=count)
