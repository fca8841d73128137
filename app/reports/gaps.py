"""The staffing-gap report of one project: what HR hands to a director, as PDF, XLSX, CSV or JSON.

``build_gap_report`` runs the staffing analysis (``app.analysis.staffing``) for one
project and turns it into one JSON-ready document; ``write_gap_report`` renders that
document in the format the output's extension names. Every format is drawn from the
same document, so the PDF never shows a number the JSON lacks.

With ``pseudonymise`` every person's name becomes a code of their initials and a
number taken from their id ("P.R.-07"): the same person gets the same code in every
report of the same database, and nothing in the report leads back to the name
without that database. It is applied while the document is built, so no format can
leak a name.

The JSON keys (documented in the README) are stable: ``project``, ``generated_on``,
``pseudonymised``, ``level_labels``, ``shape_thresholds``, ``summary``,
``requirements``, ``shape_counts`` and ``discipline_mix``. FTE values are numbers
rounded to two decimals.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from app.labels import CRITICALITIES, DECISION_MODES, MODEL_ORIGINS, SHAPES, STAGES, criticality_rank, label_in
from app.reports.output import Renderer, csv_bytes, render_json, write_report
from app.reports.phrases import fte, joined, yes_no

if TYPE_CHECKING:
    from app.analysis.staffing import ProjectStaffing
    from app.db.database import Database
    from app.queries.projects import ProjectProfile
    from app.settings import ShapeThresholds

# The PDF lists this many internal candidates per requirement; the XLSX and JSON list all.
PDF_INTERNAL_CANDIDATES = 5

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


# --- the document -----------------------------------------------------------------------


def build_gap_report(
    database: Database, project_name: str, *, pseudonymise: bool = False, today: date | None = None
) -> dict[str, Any]:
    """The staffing-gap report of the project called ``project_name``, as a JSON-ready document.

    Raises ``UserError`` when no project has that name.
    """
    from app.analysis.skills import load_matrix
    from app.analysis.staffing import analyse_project, load_staffing_frame
    from app.queries.projects import require_project
    from app.settings import load_staffing_settings

    reader = database.reader()
    profile = require_project(reader, project_name)
    settings = load_staffing_settings(reader)
    snapshot = load_matrix(reader, thresholds=settings.shapes)
    staffing = analyse_project(snapshot, load_staffing_frame(reader), profile.id)
    level_labels = {
        int(level): str(label)
        for level, label in reader.rows("SELECT level, label FROM level_descriptor ORDER BY level")
    }
    return gap_document(
        profile,
        staffing,
        level_labels=level_labels,
        thresholds=settings.shapes,
        generated_on=today or date.today(),
        pseudonymise=pseudonymise,
    )


def pseudonym(person_id: int, name: str) -> str:
    """A person's stable code for wider circulation: initials and their id, "Priya Raman" (7) -> "P.R.-07"."""
    words = [word for word in name.split() if any(char.isalpha() for char in word)]
    picked = words[:1] + words[1:][-1:]
    initials = "".join(f"{_initial(word)}." for word in picked) or "X."
    return f"{initials}-{person_id:02d}"


def _initial(word: str) -> str:
    letter = next(char for char in word if char.isalpha())
    # "Ś" -> "S": the code stays typeable; a letter with no plain form is kept as it is.
    plain = "".join(char for char in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(char))
    return (plain or letter).upper()


def gap_document(
    profile: ProjectProfile,
    staffing: ProjectStaffing,
    *,
    level_labels: Mapping[int, str],
    thresholds: ShapeThresholds,
    generated_on: date,
    pseudonymise: bool = False,
) -> dict[str, Any]:
    """The report's document from an analysed project (pure: no database)."""
    name_of: Callable[[int, str], str] = pseudonym if pseudonymise else (lambda _person_id, name: name)

    def member(covering: Any) -> dict[str, Any]:
        return {
            "name": name_of(covering.person_id, covering.name),
            "level": int(covering.level),
            "allocation": fte(covering.allocation),
        }

    requirements: list[dict[str, Any]] = []
    for gap in staffing.requirements:
        requirements.append(
            {
                "skill": gap.skill,
                "area": gap.area,
                "min_level": int(gap.min_level),
                "needed_fte": fte(gap.needed_fte),
                "covered_fte": fte(gap.covered_fte),
                "gap_fte": fte(gap.gap_fte),
                "criticality": str(gap.criticality),
                "key_person_risk": bool(gap.key_person_risk),
                "covering_members": [member(covering) for covering in gap.covering_members],
                "training_candidates": [member(candidate) for candidate in gap.training_candidates],
                "internal_candidates": [
                    {
                        "name": name_of(candidate.person_id, candidate.name),
                        "department": candidate.department,
                        "level": int(candidate.level),
                        "free_capacity": fte(candidate.free_capacity),
                    }
                    for candidate in gap.internal_candidates
                ],
            }
        )
    # Shortfalls first, the most critical and largest on top: the order a director reads in.
    requirements.sort(
        key=lambda row: (
            row["gap_fte"] <= 0,
            -criticality_rank(row["criticality"]),
            -row["gap_fte"],
            row["skill"].casefold(),
        )
    )
    shape_counts = {shape: int(staffing.shape_counts.get(shape, 0)) for shape in SHAPES}
    shape_counts.update({str(shape): int(count) for shape, count in staffing.shape_counts.items()})
    return {
        "project": {
            "name": profile.name,
            "stage": profile.stage.value,
            "decision_mode": profile.decision_mode.value,
            "model_origin": profile.model_origin.value,
            "personal_data": profile.personal_data,
        },
        "generated_on": generated_on.isoformat(),
        "pseudonymised": pseudonymise,
        "level_labels": {str(level): label for level, label in sorted(level_labels.items())},
        "shape_thresholds": dict(thresholds._asdict()),
        "summary": {
            "requirements": len(requirements),
            "requirements_with_gap": sum(1 for row in requirements if row["gap_fte"] > 0),
            "total_gap_fte": fte(staffing.total_gap_fte),
            "key_person_risks": sum(1 for row in requirements if row["key_person_risk"]),
            "members": sum(shape_counts.values()),  # active members: the analysis counts no one else
            "missing_disciplines": list(staffing.missing_disciplines),
        },
        "requirements": requirements,
        "shape_counts": shape_counts,
        "discipline_mix": [
            {"discipline": discipline, "covered": bool(covered), "members": int(members)}
            for discipline, covered, members in staffing.discipline_mix
        ],
    }


# --- writing ----------------------------------------------------------------------------


def write_gap_report(
    database: Database, project_name: str, output: Path, *, pseudonymise: bool = False, today: date | None = None
) -> Path:
    """Write the project's staffing-gap report to ``output``, in the format its extension names.

    Raises ``UserError`` for an extension other than .pdf, .xlsx, .csv or .json, a
    folder that does not exist or an unknown project; the output path is left as it
    was then, and on any other failure.
    """
    return write_report(
        output,
        _RENDERERS,
        lambda: build_gap_report(database, project_name, pseudonymise=pseudonymise, today=today),
        what="A gap report",
    )


def _level(level: int, document: Mapping[str, Any]) -> str:
    """A level as people read it: "3 Advanced"."""
    label = document["level_labels"].get(str(level))
    return f"{level} {label}" if label else str(level)


def _level_phrase(level: int, document: Mapping[str, Any]) -> str:
    """A level inside a sentence: "level 2 (Working)"."""
    label = document["level_labels"].get(str(level))
    return f"level {level} ({label})" if label else f"level {level}"


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


def render_xlsx(document: Mapping[str, Any]) -> bytes:
    """Sheets Summary, Requirements, Candidates and Disciplines; bold frozen headers; FTE as numbers."""
    from app.reports.workbook import workbook_bytes

    project, summary, labels = document["project"], document["summary"], document["level_labels"]
    sheets: dict[str, tuple[Sequence[str], list[list[Any]]]] = {
        "Summary": (
            ("Measure", "Value"),
            [
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
            ],
        ),
        "Requirements": (REQUIREMENT_COLUMNS, _requirement_rows(document)),
        "Candidates": (
            CANDIDATE_COLUMNS,
            [
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
            ],
        ),
        "Disciplines": (
            ("Discipline", "Covered", "Members at broad level or above"),
            [[row["discipline"], yes_no(row["covered"]), row["members"]] for row in document["discipline_mix"]],
        ),
    }
    return workbook_bytes(sheets, formats={float: "0.00"})


def render_pdf(document: Mapping[str, Any]) -> bytes:
    """The report a head of HR hands to a director (see ``app.reports.pdf_style`` for the look)."""
    from reportlab.platypus import Spacer

    from app.reports import pdf_style as style

    project, summary = document["project"], document["summary"]
    requirements = document["requirements"]
    generated_on = date.fromisoformat(document["generated_on"])
    shown_date = f"{generated_on.day} {generated_on:%B %Y}"
    flowables: list[Any] = style.title_block(
        "Staffing-gap report",
        project["name"],
        f"Skills the project needs against the people on it, as of {shown_date}.",
        [
            ("Stage", label_in(STAGES, project["stage"])),
            ("Decision mode", label_in(DECISION_MODES, project["decision_mode"])),
            ("Model origin", label_in(MODEL_ORIGINS, project["model_origin"])),
            ("Personal data", yes_no(project["personal_data"])),
        ],
        note=(
            "Names are pseudonymised for wider circulation: each person appears as initials and a number "
            "that stays the same across reports."
        )
        if document["pseudonymised"]
        else None,
    )
    missing = summary["missing_disciplines"]
    flowables += [
        Spacer(1, 12),
        style.summary_figures(
            [
                style.Figure("Requirements", str(summary["requirements"])),
                style.Figure(
                    "Requirements with a gap",
                    str(summary["requirements_with_gap"]),
                    "alert" if summary["requirements_with_gap"] else "plain",
                ),
                style.Figure(
                    "Total gap (FTE)",
                    f"{summary['total_gap_fte']:.2f}",
                    "alert" if summary["total_gap_fte"] > 0 else "plain",
                ),
                style.Figure(
                    "Key-person risks",
                    str(summary["key_person_risks"]),
                    "warn" if summary["key_person_risks"] else "plain",
                ),
                style.Figure("Members", str(summary["members"])),
                style.Figure("Missing disciplines", str(len(missing)), "alert" if missing else "plain"),
            ]
        ),
        Spacer(1, 8),
        style.paragraph(_verdict(document)),
    ]

    flowables.append(style.heading("Requirements and gaps"))
    if requirements:
        short = [index for index, row in enumerate(requirements) if row["gap_fte"] > 0]
        flowables += [
            style.data_table(
                ("Skill", "Area", "Minimum level", "Needed", "Covered", "Gap", "Criticality"),
                [
                    [
                        row["skill"],
                        row["area"],
                        _level(row["min_level"], document),
                        f"{row['needed_fte']:.2f}",
                        f"{row['covered_fte']:.2f}",
                        f"{row['gap_fte']:.2f}",
                        label_in(CRITICALITIES, row["criticality"]),
                    ]
                    for row in requirements
                ],
                widths=(0.23, 0.17, 0.14, 0.11, 0.11, 0.09, 0.15),
                numeric=(3, 4, 5),
                highlight=short,
                emphasis=[(index, 5) for index in short],
            ),
            Spacer(1, 4),
            style.paragraph(
                "FTE: full-time equivalents. Covered counts the allocations of members at or above "
                "the minimum level; rows with a gap are shaded.",
                "note",
            ),
        ]
    else:
        flowables.append(style.paragraph("The project states no skill requirements yet, so nothing can be short."))

    flowables.append(style.heading("Key-person risks"))
    risks = [row for row in requirements if row["key_person_risk"]]
    if risks:
        flowables += [
            style.paragraph(
                "Each of these requirements is met by one member only: if they leave or fall ill, "
                "the skill leaves the project with them."
            ),
            style.data_table(
                ("Skill", "Criticality", "Only member covering it", "Their level", "Allocation"),
                [
                    [
                        row["skill"],
                        label_in(CRITICALITIES, row["criticality"]),
                        only["name"],
                        _level(only["level"], document),
                        f"{only['allocation']:.2f}",
                    ]
                    for row in risks
                    for only in row["covering_members"][:1]
                ],
                widths=(0.28, 0.14, 0.28, 0.17, 0.13),
                numeric=(4,),
                highlight=range(len(risks)),
                highlight_colour=style.WARN_LIGHT,
            ),
        ]
    else:
        flowables.append(style.paragraph("No requirement rests on a single member."))

    flowables += _team_section(document, style)
    flowables += _recommendations(document, style)
    footer = f"Steward · Staffing gaps · {project['name']} · {document['generated_on']}"
    if document["pseudonymised"]:
        footer += " · pseudonymised"
    return style.render(
        flowables, title=f"Staffing gaps: {project['name']}", subject="Staffing-gap report", footer=footer
    )


def _verdict(document: Mapping[str, Any]) -> str:
    """The summary in one or two sentences, for a reader who stops at the first page."""
    summary = document["summary"]
    parts: list[str] = []
    if not summary["requirements"]:
        parts.append("The project states no skill requirements yet.")
    elif summary["requirements_with_gap"]:
        parts.append(
            f"{summary['requirements_with_gap']} of {summary['requirements']} requirements are short, "
            f"by {summary['total_gap_fte']:.2f} FTE in total."
        )
    else:
        parts.append(f"All {summary['requirements']} requirements are covered by the team.")
    risks = summary["key_person_risks"]
    if risks:
        parts.append(f"{risks} {'rests' if risks == 1 else 'rest'} on a single member.")
    missing = summary["missing_disciplines"]
    if missing:
        parts.append(
            f"The team lacks {joined([_in_sentence(name) for name in missing])}, which every MLOps team needs."
        )
    return " ".join(parts)


def _in_sentence(name: str) -> str:
    """A name inside a sentence: "Cyber security" -> "cyber security", but "ML ops" stays."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _team_section(document: Mapping[str, Any], style: ModuleType) -> list[Any]:
    from reportlab.platypus import Spacer

    from app.reports import charts

    flowables: list[Any] = [style.heading("The team")]
    members = document["summary"]["members"]
    if not members:
        flowables.append(
            style.paragraph(
                "No members: the project has nobody on it yet, so there is no "
                "discipline mix or shape distribution to show."
            )
        )
        return flowables
    thresholds = document["shape_thresholds"]
    mix = document["discipline_mix"]
    broad = _level_phrase(thresholds["broad_level"], document)
    discipline_chart: list[Any] = [
        style.paragraph("Discipline mix", "h2"),
        style.paragraph(f"Members at {broad} or above in each core discipline.", "note"),
        Spacer(1, 4),
    ]
    if mix:
        discipline_chart.append(
            charts.bar_chart(
                [row["discipline"] + ("" if row["covered"] else " (missing)") for row in mix],
                [row["members"] for row in mix],
                width=style.HALF_WIDTH,
                bar_colours=[style.ACCENT if row["covered"] else style.ALERT for row in mix],
                label_colours=[style.INK if row["covered"] else style.ALERT for row in mix],
                value_format="{:.0f}",
            )
        )
    else:
        discipline_chart.append(style.paragraph("No core disciplines are marked in the taxonomy."))
    shapes = document["shape_counts"]
    shape_chart: list[Any] = [
        style.paragraph("Skill shapes", "h2"),
        style.paragraph(
            f"An area is deep at level {thresholds['deep_level']} or above, broad at "
            f"{thresholds['broad_level']} or above; T, Π and generalist need "
            f"{thresholds['min_broad']} broad areas.",
            "note",
        ),
        Spacer(1, 4),
        charts.bar_chart(
            [label_in(SHAPES, shape) for shape in shapes],
            list(shapes.values()),
            width=style.HALF_WIDTH,
            value_format="{:.0f}",
        ),
    ]
    flowables.append(style.side_by_side(discipline_chart, shape_chart))
    missing = document["summary"]["missing_disciplines"]
    flowables.append(Spacer(1, 6))
    if missing:
        flowables.append(
            style.paragraph(
                f"Missing: <b>{style.text(joined(missing))}</b>. The brief behind Steward asks every MLOps team to "
                "combine data science, machine learning, software engineering and cyber security.",
                markup=True,
            )
        )
    else:
        flowables.append(
            style.paragraph(
                "All four core disciplines (data science, machine learning, software "
                "engineering and cyber security) are on the team."
            )
        )
    return flowables


def _recommendations(document: Mapping[str, Any], style: ModuleType) -> list[Any]:
    from reportlab.platypus import Spacer

    flowables: list[Any] = [style.heading("Recommendations")]
    short = [row for row in document["requirements"] if row["gap_fte"] > 0]
    if not short:
        flowables.append(style.paragraph("Every requirement is covered; nothing to recommend."))
        return flowables
    flowables.append(
        style.paragraph(
            "For each requirement with a gap: people elsewhere in the organisation who already qualify (by level, "
            "then free capacity across all their projects), and members one level short whom training would "
            "bring up to it."
        )
    )
    for row in short:
        block: list[Any] = [
            style.paragraph(
                f"{row['skill']}: {row['gap_fte']:.2f} FTE short of the {row['needed_fte']:.2f} needed", "h2"
            ),
            style.paragraph(
                f"Needs {_level(row['min_level'], document)} or above · "
                f"{label_in(CRITICALITIES, row['criticality'])} · {row['area']}",
                "note",
            ),
            Spacer(1, 3),
        ]
        internal = row["internal_candidates"]
        if internal:
            shown = internal[:PDF_INTERNAL_CANDIDATES]
            block.append(
                style.data_table(
                    ("Internal candidate", "Department", "Level", "Free capacity (FTE)"),
                    [
                        [
                            candidate["name"],
                            candidate["department"],
                            _level(candidate["level"], document),
                            f"{candidate['free_capacity']:.2f}",
                        ]
                        for candidate in shown
                    ],
                    widths=(0.34, 0.30, 0.18, 0.18),
                    numeric=(3,),
                )
            )
            if len(internal) > len(shown):
                block.append(Spacer(1, 2))
                block.append(
                    style.paragraph(
                        f"… and {len(internal) - len(shown)} more who qualify (all are in the XLSX and JSON exports).",
                        "note",
                    )
                )
        else:
            block.append(style.paragraph("Nobody outside the team qualifies: recruit, or train a member.", "note"))
        block.append(Spacer(1, 6))
        training = row["training_candidates"]
        if training:
            block.append(
                style.data_table(
                    ("Training candidate (member)", "Current level", "Allocation (FTE)"),
                    [
                        [member["name"], _level(member["level"], document), f"{member['allocation']:.2f}"]
                        for member in training
                    ],
                    widths=(0.34, 0.48, 0.18),
                    numeric=(2,),
                )
            )
        else:
            block.append(style.paragraph("No member is one level short.", "note"))
        block.append(Spacer(1, 6))
        flowables.append(style.keep_together(block))
    return flowables


_RENDERERS: dict[str, Renderer] = {
    ".pdf": render_pdf,
    ".xlsx": render_xlsx,
    ".csv": render_csv,
    ".json": render_json,
}
