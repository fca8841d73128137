"""The gap report as a spreadsheet: the XLSX (Summary, Requirements, Candidates, Disciplines) and the CSV
(the requirements). FTE are numbers; text is made safe by ``app.reports.workbook`` (string cells,
``xlsx_cell``) and ``app.reports.output`` (``safe_cell``'s apostrophe in the CSV).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.labels import CRITICALITIES, DECISION_MODES, MODEL_ORIGINS, SHAPES, STAGES, label_in
from app.reports.output import csv_bytes
from app.reports.phrases import yes_no

REQUIREMENT_COLUMNS = (
    "Skill",
    "Area",
    "Minimum level",
    "Level label",
    "Needed FTE",
    "Covered FTE",
    "Gap FTE",
    "Criticality",
    "Key-person risk",
    "Covering members",
    "Training candidates",
    "Internal candidates",
)
CANDIDATE_COLUMNS = (
    "Skill",
    "Gap FTE",
    "Suggestion",
    "Name",
    "Department",
    "Level",
    "Level label",
    "Free capacity FTE",
    "Allocation FTE",
)


def _people(members: Sequence[Mapping[str, Any]]) -> str:
    return "; ".join(
        f"{member['name']} (level {member['level']}, {member['allocation']:.2f} FTE)" for member in members
    )


def _requirement_rows(document: Mapping[str, Any]) -> list[list[Any]]:
    """The Requirements sheet and the CSV: one row per requirement, numbers as numbers."""
    labels = document["level_labels"]
    return [
        [
            row["skill"],
            row["area"],
            row["min_level"],
            labels.get(str(row["min_level"]), ""),
            row["needed_fte"],
            row["covered_fte"],
            row["gap_fte"],
            label_in(CRITICALITIES, row["criticality"]),
            yes_no(row["key_person_risk"]),
            _people(row["covering_members"]),
            _people(row["training_candidates"]),
            len(row["internal_candidates"]),
        ]
        for row in document["requirements"]
    ]


def render_csv(document: Mapping[str, Any]) -> bytes:
    """One row per requirement (the Requirements sheet), FTE with two decimals.

    UTF-8 with a byte-order mark, so that Excel reads accented names right.
    """
    return csv_bytes(REQUIREMENT_COLUMNS, _requirement_rows(document), float_format="{:.2f}")


def _summary_rows(document: Mapping[str, Any]) -> list[list[Any]]:
    """The Summary sheet: the project's profile, the report's totals and the team's shapes."""
    project, summary = document["project"], document["summary"]
    return [
        ["Project", project["name"]],
        ["Stage", label_in(STAGES, project["stage"])],
        ["Decision mode", label_in(DECISION_MODES, project["decision_mode"])],
        ["Model origin", label_in(MODEL_ORIGINS, project["model_origin"])],
        ["Personal data", yes_no(project["personal_data"])],
        ["Generated on", document["generated_on"]],
        ["Names pseudonymised", yes_no(document["pseudonymised"])],
        ["Requirements", summary["requirements"]],
        ["Requirements with a gap", summary["requirements_with_gap"]],
        ["Total gap FTE", summary["total_gap_fte"]],
        ["Key-person risks", summary["key_person_risks"]],
        ["Members", summary["members"]],
        ["Missing disciplines", ", ".join(summary["missing_disciplines"]) or "None"],
        *[[f"{label} members", document["shape_counts"][shape]] for shape, label in SHAPES.items()],
    ]


def render_xlsx(document: Mapping[str, Any]) -> bytes:
    """Sheets Summary, Requirements, Candidates and Disciplines; bold frozen headers; FTE as numbers."""
    from app.reports.workbook import SUMMARY_COLUMNS, workbook_bytes

    sheets: dict[str, tuple[Sequence[str], list[list[Any]]]] = {
        "Summary": (SUMMARY_COLUMNS, _summary_rows(document)),
        "Requirements": (REQUIREMENT_COLUMNS, _requirement_rows(document)),
        "Candidates": (CANDIDATE_COLUMNS, _candidate_rows(document)),
        "Disciplines": (
            ("Discipline", "Covered", "Members at broad level or above"),
            [[row["discipline"], yes_no(row["covered"]), row["members"]] for row in document["discipline_mix"]],
        ),
    }
    return workbook_bytes(sheets, formats={float: "0.00"})


def _candidate_rows(document: Mapping[str, Any]) -> list[list[Any]]:
    """The Candidates sheet: for each requirement with a gap, its internal candidates, then its training candidates."""
    labels = document["level_labels"]
    return [
        row
        for requirement in document["requirements"]
        if requirement["gap_fte"] > 0
        for row in (
            *[
                [
                    requirement["skill"],
                    requirement["gap_fte"],
                    "Internal candidate",
                    candidate["name"],
                    candidate["department"],
                    candidate["level"],
                    labels.get(str(candidate["level"]), ""),
                    candidate["free_capacity"],
                    None,
                ]
                for candidate in requirement["internal_candidates"]
            ],
            *[
                [
                    requirement["skill"],
                    requirement["gap_fte"],
                    "Training candidate",
                    member["name"],
                    None,
                    member["level"],
                    labels.get(str(member["level"]), ""),
                    None,
                    member["allocation"],
                ]
                for member in requirement["training_candidates"]
            ],
        )
    ]
