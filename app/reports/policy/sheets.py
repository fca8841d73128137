"""The policy report as a spreadsheet: the XLSX (a sheet per part of the document) and the CSV (the sprints).

Points are numbers, days are dates; text is made safe by ``app.reports.workbook``
(string cells, ``xlsx_cell``) and ``app.reports.output`` (``safe_cell``'s apostrophe in the CSV).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from app.labels import DEPARTMENTS, DISPOSITIONS, ITEM_STATUSES, SPRINT_STATES, STAGES, label_in
from app.reports.output import csv_bytes
from app.reports.phrases import GOVERNANCE_COLUMNS, governance_rows, yes_no
from app.reports.policy.document import ITEM_GROUPS, PLANNED_GROUP, is_planned

SPRINT_COLUMNS = (
    "Sprint",
    "Goal",
    "Start",
    "End",
    "State",
    "Capacity",
    "Committed",
    "Completed",
    "Added",
    "Removed",
    "Carried over",
    "Planned points",
)


def _sprint_rows(document: Mapping[str, Any]) -> list[list[Any]]:
    """The Sprints sheet and the CSV: one row per sprint, points as numbers, dates as dates."""
    return [
        [
            sprint["name"],
            sprint["goal"],
            date.fromisoformat(sprint["start"]),
            date.fromisoformat(sprint["end"]),
            label_in(SPRINT_STATES, sprint["state"]),
            sprint["capacity_points"],
            sprint["committed_points"],
            sprint["completed_points"],
            sprint["added_points"],
            sprint["removed_points"],
            sprint["carried_over_points"],
            sprint.get("planned_points"),
        ]
        for sprint in document["sprints"]
    ]


def render_csv(document: Mapping[str, Any]) -> bytes:
    """One row per sprint (the Sprints sheet). UTF-8 with a byte-order mark, so that Excel reads accents right."""
    return csv_bytes(SPRINT_COLUMNS, _sprint_rows(document))


def _summary_rows(document: Mapping[str, Any]) -> list[list[Any]]:
    """The Summary sheet: the project, and how many sprints, versions, comments and gaps the report holds."""
    project = document["project"]
    return [
        ["Project", project["name"]],
        ["Stage", label_in(STAGES, project["stage"])],
        ["Generated on", date.fromisoformat(document["generated_on"])],
        ["Sprints", len(document["sprints"])],
        ["Sprints planned, not started", sum(1 for sprint in document["sprints"] if is_planned(sprint))],
        ["Average velocity (closed sprints)", document["velocity_average"]],
        ["Policy versions published", len(document["policy_versions"])],
        ["Feedback received", len(document["feedback"])],
        ["Open feedback", sum(1 for row in document["feedback"] if row["disposition"] == "open")],
        ["Open governance gaps", len(document["governance_gaps"])],
    ]


def render_xlsx(document: Mapping[str, Any]) -> bytes:
    """Sheets Summary, Sprints, Burndown, Velocity, (Items,) Policy versions, Feedback, Governance gaps."""
    from app.reports.workbook import SUMMARY_COLUMNS, workbook_bytes

    sheets: dict[str, tuple[Sequence[str], list[list[Any]]]] = {
        "Summary": (SUMMARY_COLUMNS, _summary_rows(document)),
        "Sprints": (SPRINT_COLUMNS, _sprint_rows(document)),
        "Burndown": (
            ("Sprint", "Date", "Remaining points", "Scope points", "Ideal points"),
            [
                [
                    sprint["name"],
                    date.fromisoformat(point["date"]),
                    point["remaining_points"],
                    point["scope_points"],
                    point["ideal_points"],
                ]
                for sprint in document["sprints"]
                for point in sprint["burndown"]
            ],
        ),
        "Velocity": (
            ("Sprint", "Committed points", "Completed points", "Running average", "In progress"),
            [
                [
                    row["name"],
                    row["committed_points"],
                    row["completed_points"],
                    row["running_average"],
                    yes_no(row["in_progress"]),
                ]
                for row in document["velocity"]
            ],
        ),
    }
    if any("items" in sprint for sprint in document["sprints"]):
        sheets["Items"] = (
            ("Sprint", "Group", "Item", "Points", "Status"),
            [
                [sprint["name"], group, item["title"], item["points"], label_in(ITEM_STATUSES, item["status"])]
                for sprint in document["sprints"]
                for key, group in (*ITEM_GROUPS, PLANNED_GROUP)
                for item in sprint["items"].get(key, [])
            ],
        )
    sheets.update(_policy_sheets(document))
    return workbook_bytes(sheets, formats={float: "0.0", date: "yyyy-mm-dd"})


def _policy_sheets(document: Mapping[str, Any]) -> dict[str, tuple[Sequence[str], list[list[Any]]]]:
    """The Policy versions, Sign-offs, Feedback and Governance gaps sheets."""
    sheets: dict[str, tuple[Sequence[str], list[list[Any]]]] = {}
    sheets["Policy versions"] = (
        ("Policy", "Version", "Published on", "Sprint", "Change summary", "Approved by", "Approved on"),
        [
            [
                row["policy"],
                row["version"],
                date.fromisoformat(row["published_on"]),
                row["sprint"] or "",
                row["change_summary"],
                row["approved_by"] or "",
                date.fromisoformat(row["approved_on"]) if row["approved_on"] else None,
            ]
            for row in document["policy_versions"]
        ],
    )
    sheets["Sign-offs"] = (
        ("Policy", "Version", "Department", "Signed by", "Signer's own department", "Signed on"),
        [
            [
                row["policy"],
                row["version"],
                label_in(DEPARTMENTS, sign_off["department"]),
                sign_off["signed_by"] or "",
                sign_off["signer_department"],
                date.fromisoformat(sign_off["signed_on"]),
            ]
            for row in document["policy_versions"]
            for sign_off in row["sign_offs"]
        ],
    )
    sheets["Feedback"] = (
        ("Received on", "Department", "On", "Comment", "Disposition"),
        [
            [
                date.fromisoformat(row["received_on"]),
                label_in(DEPARTMENTS, row["department"]),
                row["on"],
                row["comment"],
                label_in(DISPOSITIONS, row["disposition"]),
            ]
            for row in document["feedback"]
        ],
    )
    sheets["Governance gaps"] = (
        GOVERNANCE_COLUMNS,
        governance_rows(document["governance_gaps"]),
    )
    return sheets
