"""Importing and exporting the skills matrix as HR keeps it: what the preview says, what gets written."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.db.database import Database
from app.demo.generator import fill_demo
from app.errors import UserError
from app.io.matrix_file import apply_import, describe_plan, export_matrix, plan_import
from app.services import people, skills
from tests.app.sheets import write_csv, write_xlsx

pytestmark = pytest.mark.both_backends

LEVEL_HINT = "use 0–4 or None, Awareness, Working, Advanced, Expert."


def skill_id(database: Database, name: str) -> int:
    return database.reader().scalar("SELECT id FROM skill WHERE name = :name", {"name": name})


def counts(database: Database) -> tuple[int, int, int]:
    """People, assessments and audit events: what an import would change."""
    return database.reader().one(
        "SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM assessment), (SELECT count(*) FROM audit_event)"
    )


def levels_of(database: Database, email: str) -> dict[str, tuple[int, str, str]]:
    """A person's current (level, date, source) per skill name."""
    found: dict[str, tuple[int, str, str]] = {}
    for name, level, assessed_on, source in database.reader().rows(
        "SELECT s.name, a.level, a.assessed_on, a.source FROM assessment AS a JOIN skill AS s ON s.id = a.skill_id "
        "JOIN person AS p ON p.id = a.person_id WHERE p.email = :email ORDER BY a.assessed_on, a.id",
        {"email": email},
    ):
        found[name] = (level, assessed_on, source)
    return found


@pytest.fixture
def ann(database: Database) -> int:
    """Ann is in Steward already, with Threat modelling at 3."""
    person = people.create_person(database, name="Ann Lee", email="ann@example.org", department="Risk").ids[0]
    skills.record_assessment(database, person, skill_id(database, "Threat modelling"), 3, assessed_on="2025-01-10")
    return person


WIDE_HEADINGS = ["Name", "E-mail", "Department", "Threat modelling", "Data wrangling"]


# --- wide layout -------------------------------------------------------------------------------


def test_a_wide_file_previews_new_people_and_only_the_levels_that_change(
    database: Database, ann: int, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "matrix.csv",
        [
            WIDE_HEADINGS,
            ["Ann Lee", "ANN@example.org ", "Risk", "3", "expert"],
            ["Cat Diaz", "cat@example.org", "Claims", "Working", ""],
        ],
    )
    before = counts(database)
    plan = plan_import(database, path)
    assert plan.ok and plan.layout == "wide" and plan.file_type == "csv"
    assert describe_plan(plan) == "1 new person, 2 new assessments, 1 unchanged"
    assert [(person.row, person.name, person.email, person.department) for person in plan.new_people] == [
        (3, "Cat Diaz", "cat@example.org", "Claims")
    ]
    assert [(a.row, a.column, a.person, a.skill, a.old_level, a.level) for a in plan.new_assessments] == [
        (2, "5 (Data wrangling)", "Ann Lee", "Data wrangling", None, 4),
        (3, "4 (Threat modelling)", "Cat Diaz", "Threat modelling", None, 2),
    ]
    assert counts(database) == before, "planning writes nothing"


def test_applying_a_plan_writes_people_and_levels_in_one_audited_change(
    database: Database, ann: int, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "matrix.csv",
        [
            WIDE_HEADINGS,
            ["Ann Lee", "ann@example.org", "Risk", "4", ""],
            ["Cat Diaz", "cat@example.org", "Claims", "1", "Advanced"],
        ],
    )
    people_before, assessments_before, audit_before = counts(database)
    change = apply_import(database, plan_import(database, path), source="self", assessed_on="2025-06-30")
    assert (change.entity, change.action) == ("import", "applied")
    assert counts(database)[:2] == (people_before + 1, assessments_before + 3)
    assert levels_of(database, "ann@example.org")["Threat modelling"] == (4, "2025-06-30", "self")
    assert levels_of(database, "cat@example.org") == {
        "Threat modelling": (1, "2025-06-30", "self"),
        "Data wrangling": (3, "2025-06-30", "self"),
    }
    assert database.reader().one("SELECT name, department, active FROM person WHERE email = 'cat@example.org'") == (
        "Cat Diaz",
        "Claims",
        1,
    )
    events = database.reader().rows("SELECT entity, action, after, reason FROM audit_event ORDER BY id")[audit_before:]
    assert [(entity, action, reason) for entity, action, _after, reason in events] == [
        ("person", "created", "import of matrix.csv"),
        ("import", "applied", "import of matrix.csv"),
    ]
    assert json.loads(events[-1][2]) == {"new_people": 1, "assessments": 3, "people": 2, "skills": 2}
    again = plan_import(database, path)
    assert describe_plan(again) == "0 new people, 0 new assessments, 3 unchanged"


def test_every_problem_of_a_wide_csv_is_reported_with_row_and_column_and_nothing_is_written(
    database: Database, ann: int, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "hr.csv",
        [
            [*WIDE_HEADINGS, "Threat modeling", "threat modelling", ""],
            ["Ann Lee", "ann@example.org", "Risk", "Expertt", "7", "", "", ""],
            ["Bob Kay", "bob(at)example.org", "IT", "2", "2.5", "", "", ""],
            ["", "dan@example.org", "IT", "1", "", "", "", ""],
            ["Ann Again", "ann@example.org", "Risk", "", "", "", "", ""],
            ["Eve", "", "IT", "1", "", "", "", "4"],
        ],
    )
    before = counts(database)
    plan = plan_import(database, path)
    assert describe_plan(plan).splitlines() == [
        "Row 1, column 6 (Threat modeling): 'Threat modeling' is not a skill in Steward; "
        "correct the name or add the skill first (did you mean 'Threat modelling'?).",
        "Row 1, column 7 (threat modelling): 'threat modelling' is the same skill as column 4 (Threat modelling); "
        "keep one column per skill.",
        "Row 1, column 8: This column has levels but no heading; write the skill's name here.",
        f"Row 2, column 4 (Threat modelling): 'Expertt' is not a level; {LEVEL_HINT}",
        "Row 2, column 5 (Data wrangling): Level 7 is not on the scale 0–4.",
        "Row 3, column 2 (E-mail): 'bob(at)example.org' is not an e-mail address.",
        f"Row 3, column 5 (Data wrangling): 2.5 is not a whole level; {LEVEL_HINT}",
        "Row 4, column 1 (Name): dan@example.org is not in Steward yet, so the new person needs a name.",
        "Row 5, column 2 (E-mail): ann@example.org is also on row 2; keep one row per person.",
        "Row 6, column 2 (E-mail): The e-mail is missing.",
    ]
    assert not plan.ok and plan.new_assessments == ()
    with pytest.raises(UserError) as caught:
        apply_import(database, plan)
    assert str(caught.value) == (
        "Nothing was imported from hr.csv: row 1, column 6 (Threat modeling): 'Threat modeling' is not a skill in "
        "Steward; correct the name or add the skill first (did you mean 'Threat modelling'?) (and 9 more problems)."
    )
    assert counts(database) == before


def test_a_workbook_names_columns_by_letter(database: Database, ann: int, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "hr.xlsx",
        [
            ["Name", "E-mail", "Department", "Threat modelling", "Quantum cooking"],
            ["Ann Lee", "ann@example.org", "Risk", "Guru", 2],
            ["Bob Kay", "bob@example.org", "IT", 5, None],
        ],
    )
    plan = plan_import(database, path)
    assert [str(problem) for problem in plan.errors] == [
        "Row 1, column E: 'Quantum cooking' is not a skill in Steward; correct the name or add the skill first.",
        f"Row 2, column D: 'Guru' is not a level; {LEVEL_HINT}",
        "Row 3, column D: Level 5 is not on the scale 0–4.",
    ]
    assert [(problem.row, problem.column_number) for problem in plan.errors] == [(1, 5), (2, 4), (3, 4)]


def test_a_title_above_the_headings_and_blank_rows_keep_row_numbers_as_the_sheet_shows_them(
    database: Database, ann: int, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "hr.xlsx",
        [
            ["Skills matrix, spring review"],
            [],
            WIDE_HEADINGS,
            ["Ann Lee", "ann@example.org", "Risk", 3, 1],
            [],
            ["Bob Kay", "bob@example.org", "IT", "Working", "Expertt"],
        ],
    )
    plan = plan_import(database, path)
    assert [str(problem) for problem in plan.errors] == [f"Row 6, column E: 'Expertt' is not a level; {LEVEL_HINT}"]


def test_a_european_excel_csv_with_semicolons_and_accents_is_read(database: Database, ann: int, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "matrix.csv",
        [["Nom", "E-mail", "Department", "Threat modelling"], ["Chloé Martin", "chloe@example.org", "Qualité", "2"]],
        delimiter=";",
        encoding="cp1252",
    )
    # "Nom" is not a heading this import knows, so there is no name column: say so, on row 1.
    assert "No heading row was found" in describe_plan(plan_import(database, path))
    write_csv(
        path,
        [["Name", "E-mail", "Department", "Threat modelling"], ["Chloé Martin", "chloe@example.org", "Qualité", "2"]],
        delimiter=";",
        encoding="cp1252",
    )
    plan = plan_import(database, path)
    assert [(person.name, person.department) for person in plan.new_people] == [("Chloé Martin", "Qualité")]


def test_a_skill_name_two_areas_share_needs_its_area(database: Database, ann: int, tmp_path: Path) -> None:
    ml = database.reader().scalar("SELECT id FROM skill_area WHERE name = 'Machine learning'")
    skills.add_skill(database, ml, "Observability")
    ambiguous = write_csv(
        tmp_path / "a.csv", [["Name", "E-mail", "Observability"], ["Ann Lee", "ann@example.org", "2"]]
    )
    assert [problem.message for problem in plan_import(database, ambiguous).errors] == [
        "'Observability' is a skill in both Machine learning and IT operations / platform; write it as "
        "'Area / Skill', for example 'Machine learning / Observability'."
    ]
    # The area's own name holds a slash; the heading still resolves.
    qualified = write_csv(
        tmp_path / "b.csv",
        [
            ["Name", "E-mail", "IT operations / platform / Observability", "machine learning/observability"],
            ["Ann Lee", "ann@example.org", "2", "4"],
        ],
    )
    plan = plan_import(database, qualified)
    assert plan.ok
    assert sorted((a.skill_id, a.level) for a in plan.new_assessments) == sorted(
        [
            (
                database.reader().scalar(
                    "SELECT s.id FROM skill AS s JOIN skill_area AS a ON a.id = s.area_id "
                    "WHERE s.name = 'Observability' AND a.name = 'IT operations / platform'"
                ),
                2,
            ),
            (
                database.reader().scalar(
                    "SELECT id FROM skill WHERE name = 'Observability' AND area_id = :a", {"a": ml}
                ),
                4,
            ),
        ]
    )


def test_a_retired_skill_takes_no_new_levels(database: Database, ann: int, tmp_path: Path) -> None:
    skills.retire_skill(database, skill_id(database, "Data wrangling"))
    path = write_csv(tmp_path / "m.csv", [WIDE_HEADINGS, ["Ann Lee", "ann@example.org", "Risk", "3", "2"]])
    assert [str(problem) for problem in plan_import(database, path).errors] == [
        "Row 1, column 5 (Data wrangling): 'Data wrangling' is a retired skill; use the skill that replaced it."
    ]


# --- long layout -------------------------------------------------------------------------------


LONG_HEADINGS = ["E-mail", "Skill", "Level", "Date", "Source"]


def test_a_long_file_records_dated_history_and_reimporting_it_changes_nothing(
    database: Database, ann: int, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "history.csv",
        [
            LONG_HEADINGS,
            ["ann@example.org", "Threat modelling", "3", "2025-01-10", "manager"],  # already in Steward
            ["ann@example.org", "Threat modelling", "2", "2024-06-01", "self"],  # older history, new to Steward
            ["ann@example.org", "Data wrangling", "Awareness", "2025-02-01", "Certified"],
            ["ann@example.org", "Data wrangling", "1", "2025-03-01", ""],  # same level as the row before
            ["ann@example.org", "Data wrangling", "3", "", ""],  # no date: the import's date
        ],
    )
    plan = plan_import(database, path)
    assert plan.layout == "long"
    assert describe_plan(plan) == "0 new people, 3 new assessments, 2 unchanged"
    assert [(a.row, a.column, a.level, a.assessed_on, a.source) for a in plan.new_assessments] == [
        (3, "3 (Level)", 2, date(2024, 6, 1), "self"),
        (4, "3 (Level)", 1, date(2025, 2, 1), "certified"),
        (6, "3 (Level)", 3, None, None),
    ]
    apply_import(database, plan, assessed_on="2025-04-01")
    assert levels_of(database, "ann@example.org") == {
        "Threat modelling": (3, "2025-01-10", "manager"),
        "Data wrangling": (3, "2025-04-01", "manager"),
    }
    assert database.reader().scalar("SELECT count(*) FROM assessment") == 4
    assert describe_plan(plan_import(database, path)) == "0 new people, 0 new assessments, 5 unchanged"


def test_every_problem_of_a_long_workbook_is_reported_with_row_and_column(
    database: Database, ann: int, tmp_path: Path
) -> None:
    tomorrow = date.today() + timedelta(days=1)
    path = write_xlsx(
        tmp_path / "long.xlsx",
        [
            LONG_HEADINGS,
            ["zed@example.org", "Threat modelling", 2, datetime(2025, 1, 1), "manager"],
            ["ann@example.org", "Threat modeling", 2, "2025-01-01", "manager"],
            ["ann@example.org", "Data wrangling", "", "31/12/2024", "boss"],
            ["ann@example.org", "Data wrangling", 2, tomorrow, None],
            ["ann@example.org", "Threat modelling", 1, "2025-05-05", None],
            ["ann@example.org", "Threat modelling", 2, "2025-05-05", None],
            ["not an address", "", 2, None, None],
        ],
    )
    before = counts(database)
    plan = plan_import(database, path)
    assert [str(problem) for problem in plan.errors] == [
        "Row 2, column A: No one in Steward has the e-mail zed@example.org; add them first "
        "(a wide-layout import can add people).",
        "Row 3, column B: 'Threat modeling' is not a skill in Steward; correct the name or add the skill first "
        "(did you mean 'Threat modelling'?).",
        "Row 4, column C: The level is missing.",
        "Row 4, column D: '31/12/2024' is not a date; write dates as year-month-day, such as 2024-03-31.",
        "Row 4, column E: 'boss' is not a source of an assessment; use self, manager, certified.",
        f"Row 5, column D: {tomorrow.isoformat()} is in the future; an assessment records a level already seen.",
        "Row 7, column C: Row 6 gives ann@example.org a different Threat modelling level dated 2025-05-05; "
        "keep one of the two rows.",
        "Row 8, column A: 'not an address' is not an e-mail address.",
        "Row 8, column B: The skill is missing.",
    ]
    with pytest.raises(UserError, match="Nothing was imported from long.xlsx"):
        apply_import(database, plan)
    assert counts(database) == before


# --- files that are not a matrix ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("matrix.pdf", b"%PDF-1.7", "matrix.pdf is not a file this import reads; use a .csv or .xlsx file."),
        (
            "matrix.xls",
            b"\xd0\xcf\x11\xe0",
            "matrix.xls is in the old Excel format (.xls); save it as .xlsx or .csv and import that.",
        ),
        ("matrix.csv", b"", "matrix.csv is empty."),
        ("matrix.csv", b"\r\n ,, \r\n", "matrix.csv is empty."),
        ("matrix.csv", b"Name,E-mail,Threat modelling\r\n", "matrix.csv has headings but no rows below them."),
        (
            "matrix.xlsx",
            b"this is not a workbook",
            "matrix.xlsx cannot be read as an Excel workbook; it may be damaged, protected or in another format.",
        ),
        (
            "matrix.csv",
            b"PK\x03\x04rest of a zip",
            "matrix.csv is an Excel workbook, not a CSV file; give it the .xlsx extension.",
        ),
    ],
)
def test_a_file_that_cannot_be_a_matrix_is_one_problem_and_writes_nothing(
    database: Database, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    plan = plan_import(database, path)
    assert describe_plan(plan) == message
    assert plan.errors[0].row is None
    with pytest.raises(UserError, match="Nothing was imported"):
        apply_import(database, plan)


def test_a_missing_file_and_a_file_without_headings_are_reported(database: Database, tmp_path: Path) -> None:
    assert describe_plan(plan_import(database, tmp_path / "gone.csv")) == f"{tmp_path / 'gone.csv'} does not exist."
    path = write_csv(tmp_path / "odd.csv", [["Who", "What"], ["Ann", "3"]])
    (problem,) = plan_import(database, path).errors
    assert (problem.row, problem.column) == (1, None)
    assert str(problem).startswith(
        "Row 1: No heading row was found; the first row should name the columns: Name, E-mail"
    )


def test_a_long_list_of_problems_is_cut_short_with_a_count(database: Database, ann: int, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", [WIDE_HEADINGS] + [["X", f"x{n}@example", "", "", ""] for n in range(130)])
    lines = describe_plan(plan_import(database, path)).splitlines()
    assert len(lines) == 101
    assert lines[-1] == "... and 30 more problems."


# --- export ------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_exported_matrix_imports_back_with_no_change(database: Database, tmp_path: Path, suffix: str) -> None:
    fill_demo(database)
    exported = export_matrix(database, tmp_path / f"matrix{suffix}")
    active = database.reader().scalar("SELECT count(*) FROM person WHERE active")
    assert (exported.people, exported.skills) == (active, 40)
    plan = plan_import(database, exported.path)
    assert plan.ok and plan.changes == 0
    assert plan.unchanged == database.reader().scalar(
        "SELECT count(DISTINCT a.person_id || '-' || a.skill_id) FROM assessment AS a JOIN person AS p "
        "ON p.id = a.person_id WHERE p.active"
    )


def test_an_exported_workbook_keeps_levels_as_numbers(database: Database, ann: int, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    export_matrix(database, tmp_path / "matrix.xlsx")
    sheet = load_workbook(tmp_path / "matrix.xlsx").active
    headings = [cell.value for cell in sheet[1]]
    # Skills by area (in the taxonomy's order), then by name.
    assert headings[:4] == ["Name", "E-mail", "Department", "Bias and fairness analysis"]
    ann_row = list(sheet[2])
    threat = ann_row[headings.index("Threat modelling")]
    assert (threat.value, threat.data_type) == (3, "n")
    assert ann_row[headings.index("Data wrangling")].value is None
    assert sheet.freeze_panes == "D2"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_name_that_looks_like_a_formula_is_exported_as_text_and_reads_back_unchanged(
    database: Database, tmp_path: Path, suffix: str
) -> None:
    formula = '=HYPERLINK("http://evil.example","click me")'
    person = people.create_person(database, name=formula, email="-eve@example.org", department="+44 desk").ids[0]
    skills.record_assessment(database, person, skill_id(database, "Threat modelling"), 2)
    path = export_matrix(database, tmp_path / f"matrix{suffix}").path
    if suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        assert "'=HYPERLINK(" in text and ",'-eve@example.org,'+44 desk," in text
    else:
        from openpyxl import load_workbook

        row = list(load_workbook(path).active[2])
        # Text cells shown as typed, with the quote prefix that keeps them text when someone edits them.
        assert [(cell.value, cell.data_type, cell.quotePrefix) for cell in row[:3]] == [
            (formula, "s", True),
            ("-eve@example.org", "s", True),
            ("+44 desk", "s", True),
        ]
    plan = plan_import(database, path)
    assert describe_plan(plan) == "0 new people, 0 new assessments, 1 unchanged"


def test_export_refuses_other_formats_and_keeps_the_old_file_when_writing_fails(
    database: Database, ann: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(UserError, match=r"matrix\.pdf: the skills matrix is exported as \.csv or \.xlsx"):
        export_matrix(database, tmp_path / "matrix.pdf")
    target = tmp_path / "matrix.xlsx"
    target.write_bytes(b"last week's export")
    import app.files

    def disk_full(_descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(app.files.os, "fsync", disk_full)
    with pytest.raises(UserError, match=r"^The disk is full: .*matrix\.xlsx was not saved; free some space"):
        export_matrix(database, target)
    assert target.read_bytes() == b"last week's export"
    assert sorted(path.name for path in tmp_path.glob("matrix*")) == ["matrix.xlsx"]
    assert not list(tmp_path.glob(".matrix*"))


def test_applying_a_plan_that_changes_nothing_writes_nothing_not_even_an_audit_event(
    database: Database, ann: int, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "same.csv", [LONG_HEADINGS, ["ann@example.org", "Threat modelling", "3", "", ""]])
    plan = plan_import(database, path)
    assert describe_plan(plan) == "0 new people, 0 new assessments, 1 unchanged"
    before = counts(database)
    change = apply_import(database, plan)
    assert (change.entity, change.action) == ("import", "unchanged")
    assert counts(database) == before


def test_a_new_persons_name_with_a_control_character_is_a_problem_of_its_cell(
    database: Database, tmp_path: Path
) -> None:
    """Not a person Steward could then not export (a workbook cannot even hold the character): the cell is named."""
    path = write_csv(
        tmp_path / "matrix.csv",
        [["name", "email", "department", "Data wrangling"], ["Bo\x01b", "bob@example.org", "HR", 3]],
    )
    plan = plan_import(database, path)
    assert [str(problem) for problem in plan.errors] == [
        "Row 2, column 1 (name): The name holds a control character (U+0001), which no spreadsheet or report "
        "can show; remove it and try again."
    ]
