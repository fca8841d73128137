"""Reading a block pasted into the budget grid before anything is written: where it lands, what it
changes and adds, and one bad cell refusing the whole paste with the sentence that names it."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from app.analysis.budget import Period
from views.budget.cells import CATEGORY, DESCRIPTION, DIFFERENCE, NOTE, PLANNED
from views.budget.paste import Paste, PasteRefused, paste_targets, read_paste

LINES = [
    SimpleNamespace(
        id=11, category="cloud_compute", description="Scoring cluster", period=Period("month", 1), actual=None, note=""
    ),
    SimpleNamespace(id=12, category="contingency", planned=Decimal("5000.00"), actual=None),
]
NEW_ROW = len(LINES)  # the "new line" row under the lines
DEFAULTS: dict[str, Any] = {
    "category": "contingency",
    "description": "",
    "period": Period("month", 1),
    "stage": "production",
    "planned": Decimal("0.00"),
    "actual": None,
    "note": "",
}


def read(
    block: list[list[str]], *, selected: tuple[tuple[int, int], ...] = (), current: tuple[int, int] | None = None
) -> Paste:
    origin, targets = paste_targets(block, selected=list(selected), current=current, new_row=NEW_ROW)
    return read_paste(
        targets,
        origin=origin,
        new_row=NEW_ROW,
        line_at=LINES.__getitem__,
        defaults=DEFAULTS,
        fiscal_year=2026,
        start_month=1,
    )


def test_a_block_lands_at_the_selections_top_left_else_the_current_cell_else_the_new_line() -> None:
    block = [["a", "b"], ["c", "d"]]
    assert paste_targets(block, selected=[(1, 2), (0, 3)], current=None, new_row=5)[0] == (0, 2)
    assert paste_targets(block, selected=[], current=(1, 1), new_row=5) == (
        (1, 1),
        {(1, 1): "a", (1, 2): "b", (2, 1): "c", (2, 2): "d"},
    )
    assert paste_targets(block, selected=[], current=None, new_row=5)[0] == (5, CATEGORY)


def test_one_value_fills_every_selected_cell() -> None:
    cells = [(0, PLANNED), (1, PLANNED)]
    assert paste_targets([["7"]], selected=cells, current=None, new_row=5)[1] == dict.fromkeys(cells, "7")


def test_only_what_differs_changes_and_the_difference_column_is_left_as_it_is() -> None:
    paste = read([["Scoring cluster", "Jun 2026"]], current=(0, DESCRIPTION))
    assert paste.updates == {11: {"period": Period("month", 6)}} and paste.additions == []
    paste = read([["1,200.50", "", "99"]], current=(1, PLANNED))  # the difference copied along is no edit
    assert paste.updates == {12: {"planned": Decimal("1200.50")}}
    assert paste.befores == {12: {"planned": Decimal("5000.00")}}
    assert DIFFERENCE == PLANNED + 2  # the third cell pasted is the difference's


def test_rows_on_the_new_line_become_new_lines_from_the_defaults() -> None:
    paste = read([["Cloud compute", "Extra GPU nodes"], ["Hardware", "Spare GPU"]], current=(NEW_ROW, CATEGORY))
    assert paste.updates == {}
    assert [(line["category"], line["description"], line["stage"]) for line in paste.additions] == [
        ("cloud_compute", "Extra GPU nodes", "production"),
        ("hardware", "Spare GPU", "production"),
    ]


def test_one_bad_cell_refuses_the_whole_paste_naming_it() -> None:
    with pytest.raises(PasteRefused) as refused:
        read([["Cloud compute"], ["Ghosts"]], current=(0, CATEGORY))
    assert str(refused.value).startswith("Pasted row 2, Category: ")
    assert str(refused.value).endswith("; nothing was pasted.")
    with pytest.raises(PasteRefused, match="Pasted row 1 has more cells than the grid has columns from Note"):
        read([["a note", "one too many"]], current=(0, NOTE))
