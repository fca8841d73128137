"""The spreadsheet reading both imports share (skills matrix, actuals): headings, cells, problems as listed."""

from __future__ import annotations

from datetime import datetime

from app.io.cells import cell_text, column_letter, count, header_key, match_roles
from app.io.grid import HEADER_SEARCH_ROWS, find_heading_row
from app.io.sheet import LISTED_PROBLEMS, ImportProblem, problem_lines

ALIASES = {
    "email": frozenset({"email", "emailaddress"}),
    "name": frozenset({"name", "fullname"}),
}


def people_heading(index: int, roles: dict[str, int]) -> tuple[int, dict[str, int]] | None:
    return (index, roles) if {"email", "name"} <= roles.keys() else None


def test_headings_match_on_letters_and_digits_whatever_their_case_and_punctuation() -> None:
    keys = [header_key(text) for text in ("Full name", "E-mail address", "Notes", "EMAIL")]
    # The first column naming a role is the one read; a second one is left alone.
    assert match_roles(keys, ALIASES) == {"name": 0, "email": 1}


def test_the_heading_row_may_sit_below_a_title_and_blank_lines() -> None:
    rows = [["Skills matrix, March"], [None, ""], ["Name", "E-mail"], ["Ana", "ana@example.org"]]
    assert find_heading_row(rows, ALIASES, people_heading) == (2, {"name": 0, "email": 1})


def test_no_heading_row_is_looked_for_past_the_first_rows_with_text() -> None:
    titles = [[f"title line {number}"] for number in range(HEADER_SEARCH_ROWS)]
    assert find_heading_row([*titles, ["Name", "E-mail"]], ALIASES, people_heading) is None
    assert find_heading_row([*titles[1:], ["Name", "E-mail"]], ALIASES, people_heading) is not None


def test_cells_read_as_the_spreadsheet_shows_them() -> None:
    assert cell_text(None) == ""
    assert cell_text(float("nan")) == ""
    assert cell_text(3.0) == "3"
    assert cell_text(datetime(2026, 3, 31)) == "2026-03-31"
    assert cell_text("  Ana   Ruiz ") == "Ana Ruiz"


def test_columns_are_named_by_their_letters() -> None:
    assert [column_letter(index) for index in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_counts_say_one_or_many() -> None:
    assert count(1, "new person", "new people") == "1 new person"
    assert count(0, "new person", "new people") == "0 new people"


def test_a_long_list_of_problems_is_cut_and_says_how_many_more() -> None:
    problems = [ImportProblem(row, "B", "The e-mail is missing.") for row in range(2, LISTED_PROBLEMS + 4)]
    lines = problem_lines(problems).splitlines()
    assert len(lines) == LISTED_PROBLEMS + 1
    assert lines[0] == "Row 2, column B: The e-mail is missing."
    assert lines[-1] == "... and 2 more problems."
    assert problem_lines(problems[:1]) == "Row 2, column B: The e-mail is missing."
