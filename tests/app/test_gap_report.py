"""The staffing-gap report (``steward report gaps``) as the people who receive it see it.

Every test writes real files from the demo organisation and reads them back the way
a user's tools would: the PDF through ``pdftotext``, the workbook through openpyxl,
the CSV through the ``csv`` module. What is checked is what a reader would notice:
the numbers agree with the staffing analysis, no real name survives
pseudonymisation, spreadsheet cells hold numbers and never run a formula, and a
refused or failed report leaves the output path alone.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.analysis.skills import load_matrix
from app.analysis.staffing import analyse_project, load_staffing_frame
from app.db.database import Database
from app.errors import UserError
from app.queries.projects import find_project
from app.reports import gaps
from app.reports.gaps import build_gap_report, pseudonym, write_gap_report
from app.services.people import create_person
from app.services.projects import add_member, create_project
from app.services.skills import add_skill, record_assessment
from app.services.staffing import add_requirement
from tests.app.report_files import TODAY, break_the_pdf_renderer, pdf_text

pytestmark = pytest.mark.both_backends

FORMATS = (".pdf", ".xlsx", ".csv", ".json")


def busiest_project(database: Database) -> str:
    """The demo project with the most requirements: the fullest report."""
    return database.reader().scalar(
        """SELECT p.name FROM project AS p
           ORDER BY (SELECT count(*) FROM skill_requirement AS r WHERE r.project_id = p.id) DESC, p.name LIMIT 1"""
    )


def everyone(database: Database) -> list[str]:
    return [name for (name,) in database.reader().rows("SELECT name FROM person ORDER BY id")]


def xlsx_text(path: Path) -> str:
    workbook = load_workbook(path)
    return "\n".join(
        str(value)
        for sheet in workbook
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def text_of(path: Path) -> str:
    """What a reader of the file sees, whatever its format."""
    if path.suffix == ".pdf":
        return pdf_text(path)
    if path.suffix == ".xlsx":
        return xlsx_text(path)
    return path.read_text(encoding="utf-8-sig")


def analysed(database: Database, project: str):
    reader = database.reader()
    return analyse_project(load_matrix(reader), load_staffing_frame(reader), find_project(reader, project).id)


# --- the document -------------------------------------------------------------------------


def test_json_carries_the_analysis_numbers_under_stable_keys(demo: Database, tmp_path: Path) -> None:
    project = busiest_project(demo)
    written = write_gap_report(demo, project, tmp_path / "gaps.json", today=TODAY)
    document = json.loads(written.read_text(encoding="utf-8"))
    staffing = analysed(demo, project)

    assert {"project", "generated_on", "summary", "requirements", "shape_counts", "discipline_mix"} <= set(document)
    assert document["project"] == {
        "name": project,
        "stage": "production",
        "decision_mode": "automated",
        "model_origin": "in_house",
        "personal_data": True,
    }
    assert document["generated_on"] == "2026-11-25"
    by_skill = {row["skill"]: row for row in document["requirements"]}
    assert set(by_skill) == {gap.skill for gap in staffing.requirements}
    for gap in staffing.requirements:
        row = by_skill[gap.skill]
        assert set(row) == {
            "skill",
            "area",
            "min_level",
            "needed_fte",
            "covered_fte",
            "gap_fte",
            "criticality",
            "key_person_risk",
            "covering_members",
            "training_candidates",
            "internal_candidates",
        }
        assert (row["area"], row["min_level"], row["criticality"], row["key_person_risk"]) == (
            gap.area,
            gap.min_level,
            gap.criticality,
            gap.key_person_risk,
        )
        assert (row["needed_fte"], row["covered_fte"], row["gap_fte"]) == (
            round(gap.needed_fte, 2),
            round(gap.covered_fte, 2),
            round(gap.gap_fte, 2),
        )
        assert row["covering_members"] == [
            {"name": member.name, "level": member.level, "allocation": round(member.allocation, 2)}
            for member in gap.covering_members
        ]
        assert [member["name"] for member in row["training_candidates"]] == [
            member.name for member in gap.training_candidates
        ]
        assert row["internal_candidates"] == [
            {
                "name": candidate.name,
                "department": candidate.department,
                "level": candidate.level,
                "free_capacity": round(candidate.free_capacity, 2),
            }
            for candidate in gap.internal_candidates
        ]
    summary = document["summary"]
    assert summary == {
        "requirements": len(staffing.requirements),
        "requirements_with_gap": sum(1 for gap in staffing.requirements if gap.gap_fte > 0),
        "total_gap_fte": round(staffing.total_gap_fte, 2),
        "key_person_risks": sum(1 for gap in staffing.requirements if gap.key_person_risk),
        "members": sum(staffing.shape_counts.values()),
        "missing_disciplines": list(staffing.missing_disciplines),
    }
    # The demo leaves this project short on purpose: the report must have something to say.
    assert summary["requirements_with_gap"] > 0 and summary["total_gap_fte"] > 0
    assert document["shape_counts"] == dict(staffing.shape_counts)
    assert document["discipline_mix"] == [
        {"discipline": name, "covered": covered, "members": members}
        for name, covered, members in staffing.discipline_mix
    ]
    # Shortfalls lead, so the first rows of every format are the ones that need action.
    gaps_first = [row["gap_fte"] > 0 for row in document["requirements"]]
    assert gaps_first == sorted(gaps_first, reverse=True)


def test_build_and_the_written_json_are_the_same_document(demo: Database, tmp_path: Path) -> None:
    project = busiest_project(demo)
    written = write_gap_report(demo, project, tmp_path / "gaps.json", today=TODAY)
    assert json.loads(written.read_text(encoding="utf-8")) == build_gap_report(demo, project, today=TODAY)


def test_a_project_is_found_whatever_its_case(demo: Database) -> None:
    project = busiest_project(demo)
    assert build_gap_report(demo, project.upper(), today=TODAY)["project"]["name"] == project


# --- pseudonymisation ------------------------------------------------------------------------


def test_pseudonyms_are_initials_and_a_stable_number() -> None:
    assert pseudonym(7, "Priya Raman") == "P.R.-07"
    assert pseudonym(1234, "Przemysław Ślusarz") == "P.S.-1234"
    assert pseudonym(31, "Anna van der Berg") == "A.B.-31"
    assert pseudonym(5, "Cher") == "C.-05"
    assert pseudonym(7, "Priya Raman") == pseudonym(7, "Priya Raman")
    # Two people with the same initials stay apart.
    assert pseudonym(8, "Paul Roberts") != pseudonym(7, "Priya Raman")


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_pseudonymised_report_contains_no_real_name(demo: Database, tmp_path: Path, suffix: str) -> None:
    project = busiest_project(demo)
    plain = text_of(write_gap_report(demo, project, tmp_path / f"plain{suffix}", today=TODAY))
    hidden_path = write_gap_report(demo, project, tmp_path / f"hidden{suffix}", pseudonymise=True, today=TODAY)
    hidden = text_of(hidden_path)
    names = everyone(demo)
    # Not vacuous: the plain report does name people, and the same format then shows codes instead.
    assert any(name in plain for name in names)
    leaked = [name for name in names if name in hidden or name.encode("utf-8") in hidden_path.read_bytes()]
    assert leaked == []
    assert re.search(r"\b[A-Z]\.[A-Z]\.-\d{2,}\b", hidden)


def test_a_person_keeps_their_code_across_projects(demo: Database) -> None:
    codes: dict[str, set[str]] = {}
    name_of_id = dict(demo.reader().rows("SELECT id, name FROM person"))
    for (project,) in demo.reader().rows("SELECT name FROM project"):
        document = build_gap_report(demo, project, pseudonymise=True, today=TODAY)
        for row in document["requirements"]:
            for person in (*row["covering_members"], *row["training_candidates"], *row["internal_candidates"]):
                number = int(person["name"].rsplit("-", 1)[1])
                codes.setdefault(name_of_id[number], set()).add(person["name"])
    assert codes and all(len(seen) == 1 for seen in codes.values())
    assert any(name == "Priya Raman" for name in codes)
    (priya,) = codes["Priya Raman"]
    assert priya.startswith("P.R.-")


# --- refusals and atomic writes -------------------------------------------------------------


def test_an_unknown_project_is_refused_and_nothing_written(demo: Database, out: Path) -> None:
    with pytest.raises(UserError) as refused:
        write_gap_report(demo, "Moon base", out / "gaps.pdf")
    assert str(refused.value) == "No project is called 'Moon base'; `steward projects` lists them."
    assert list(out.iterdir()) == []


def test_an_unknown_extension_is_refused_naming_the_allowed_ones(demo: Database, out: Path) -> None:
    with pytest.raises(UserError) as refused:
        write_gap_report(demo, busiest_project(demo), out / "gaps.docx")
    assert all(suffix in str(refused.value) for suffix in FORMATS)
    assert list(out.iterdir()) == []


def test_a_missing_folder_is_refused(demo: Database, out: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        write_gap_report(demo, busiest_project(demo), out / "nowhere" / "gaps.csv")
    assert list(out.iterdir()) == []


def test_a_failed_report_leaves_the_previous_file_as_it_was(
    demo: Database, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = out / "gaps.pdf"
    output.write_bytes(b"last week's report")
    break_the_pdf_renderer(monkeypatch, gaps)
    with pytest.raises(RuntimeError):
        write_gap_report(demo, busiest_project(demo), output)
    assert output.read_bytes() == b"last week's report"
    assert [path.name for path in out.iterdir()] == ["gaps.pdf"]
    with pytest.raises(UserError):
        write_gap_report(demo, "Moon base", output)
    assert output.read_bytes() == b"last week's report"


# --- the formats -----------------------------------------------------------------------------


def test_the_pdf_shows_title_pages_and_every_requirement(demo: Database, tmp_path: Path) -> None:
    project = busiest_project(demo)
    path = write_gap_report(demo, project, tmp_path / "gaps.pdf", today=TODAY)
    assert path.read_bytes().startswith(b"%PDF")
    text = pdf_text(path)
    flat = " ".join(text.split())
    assert "STAFFING-GAP REPORT" in flat and project in flat
    pages = text.count("\f")
    assert pages >= 2
    assert f"Page 1 of {pages}" in flat and f"Page {pages} of {pages}" in flat
    document = build_gap_report(demo, project, today=TODAY)
    for row in document["requirements"]:
        assert " ".join(row["skill"].split()) in flat
    # Levels read with their label, and the charts' categories are drawn as text.
    assert "3 Advanced" in flat
    for name in ("Data science", "Machine learning", "Software engineering", "Cyber security", "T-shaped"):
        assert name in flat
    for row in document["requirements"]:
        if row["gap_fte"] > 0:
            assert f"{row['gap_fte']:.2f} FTE short of the {row['needed_fte']:.2f} needed" in flat


def test_a_project_without_members_or_requirements_says_so_instead_of_empty_charts(
    database: Database, tmp_path: Path
) -> None:
    create_project(database, name="Greenfield")
    text = " ".join(pdf_text(write_gap_report(database, "Greenfield", tmp_path / "empty.pdf")).split())
    assert "No members" in text
    assert "states no skill requirements" in text
    assert "Page 1 of 1" in text


def test_the_workbook_holds_numbers_as_numbers_under_frozen_bold_headers(demo: Database, tmp_path: Path) -> None:
    project = busiest_project(demo)
    workbook = load_workbook(write_gap_report(demo, project, tmp_path / "gaps.xlsx", today=TODAY))
    assert workbook.sheetnames == ["Summary", "Requirements", "Candidates", "Disciplines"]
    for sheet in workbook:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1])
        assert sheet.column_dimensions["A"].width >= 10
    requirements = workbook["Requirements"]
    header = [cell.value for cell in requirements[1]]
    document = build_gap_report(demo, project, today=TODAY)
    assert requirements.max_row == len(document["requirements"]) + 1
    for column in ("Minimum level", "Needed FTE", "Covered FTE", "Gap FTE", "Internal candidates"):
        cells = [row[header.index(column)] for row in requirements.iter_rows(min_row=2)]
        assert all(cell.data_type == "n" and isinstance(cell.value, int | float) for cell in cells), column
    gap_cells = [row[header.index("Gap FTE")].value for row in requirements.iter_rows(min_row=2)]
    assert gap_cells == [row["gap_fte"] for row in document["requirements"]]
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Total gap FTE"] == document["summary"]["total_gap_fte"]
    assert summary["Requirements with a gap"] == document["summary"]["requirements_with_gap"]
    short = [row for row in document["requirements"] if row["gap_fte"] > 0]
    candidates = list(workbook["Candidates"].iter_rows(min_row=2, values_only=True))
    assert len(candidates) == sum(len(row["internal_candidates"]) + len(row["training_candidates"]) for row in short)


def test_the_csv_has_one_row_per_requirement(demo: Database, tmp_path: Path) -> None:
    project = busiest_project(demo)
    text = write_gap_report(demo, project, tmp_path / "gaps.csv", today=TODAY).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    document = build_gap_report(demo, project, today=TODAY)
    assert [row["Skill"] for row in rows] == [row["skill"] for row in document["requirements"]]
    assert [float(row["Gap FTE"]) for row in rows] == [row["gap_fte"] for row in document["requirements"]]


def test_a_skill_that_looks_like_a_formula_stays_literal(database: Database, tmp_path: Path) -> None:
    project_id = create_project(database, name="Injection").ids[0]
    area_id = database.reader().scalar("SELECT id FROM skill_area ORDER BY position LIMIT 1")
    skill_id = add_skill(database, area_id, "=cmd|' /C calc'!A0").ids[0]
    person_id = create_person(database, name="@Mallory Evil", email="m@example.org", department="=HR").ids[0]
    record_assessment(database, person_id, skill_id, 3, assessed_on=TODAY)
    add_member(database, project_id, person_id, allocation=0.5)
    add_requirement(database, project_id, skill_id, min_level=3, needed_fte=1.0, criticality="high")

    csv_text = write_gap_report(database, "Injection", tmp_path / "gaps.csv").read_text(encoding="utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(csv_text)))
    assert row["Skill"] == "'=cmd|' /C calc'!A0"
    assert row["Covering members"].startswith("'@Mallory Evil")
    workbook = load_workbook(write_gap_report(database, "Injection", tmp_path / "gaps.xlsx"))
    cell = workbook["Requirements"]["A2"]
    # A string cell shown as typed (no apostrophe), with the quote prefix that keeps it text when edited.
    assert cell.data_type == "s" and cell.value == "=cmd|' /C calc'!A0" and cell.quotePrefix
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    assert all(cell.quotePrefix for cell in cells if isinstance(cell.value, str) and cell.value.startswith(("=", "@")))


def test_names_outside_latin_1_print_intact(database: Database, tmp_path: Path) -> None:
    project_id = create_project(database, name="Łódź pilot").ids[0]
    skill_id = database.reader().scalar("SELECT id FROM skill WHERE name = 'Threat modelling'")
    person_id = create_person(
        database, name="Przemysław Wiśniewski", email="pw@example.org", department="Security"
    ).ids[0]
    record_assessment(database, person_id, skill_id, 4, assessed_on=TODAY)
    add_member(database, project_id, person_id, allocation=0.4)
    add_requirement(database, project_id, skill_id, min_level=3, needed_fte=1.0, criticality="critical")

    text = " ".join(pdf_text(write_gap_report(database, "Łódź pilot", tmp_path / "gaps.pdf")).split())
    assert "Łódź pilot" in text
    assert "Przemysław Wiśniewski" in text  # the only member covering it: a key-person risk
    assert "0.60 FTE short of the 1.00 needed" in text
    hidden = " ".join(
        pdf_text(write_gap_report(database, "Łódź pilot", tmp_path / "hidden.pdf", pseudonymise=True)).split()
    )
    assert f"P.W.-{person_id:02d}" in hidden and "Wiśniewski" not in hidden
