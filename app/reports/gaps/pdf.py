"""The gap report's PDF: what a head of HR hands to a director.

The cover (the project's profile, the headline figures and a verdict), the
requirements and their gaps, the key-person risks, the team (discipline mix and
skill shapes) and, per requirement with a gap, who could close it. The look is
``app.reports.pdf_style``, the charts ``app.reports.charts``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import ModuleType
from typing import Any

from app.labels import CRITICALITIES, DECISION_MODES, MODEL_ORIGINS, SHAPES, STAGES, label_in
from app.reports.phrases import joined, yes_no

# The PDF lists this many internal candidates per requirement; the XLSX and JSON list all.
PDF_INTERNAL_CANDIDATES = 5


def render_pdf(document: Mapping[str, Any]) -> bytes:
    """The report a head of HR hands to a director (see ``app.reports.pdf_style`` for the look)."""
    from app.reports import pdf_style as style

    project = document["project"]
    flowables = _cover(document, style)
    flowables += _requirements_section(document, style)
    flowables += _risks_section(document, style)
    flowables += _team_section(document, style)
    flowables += _recommendations(document, style)
    footer = f"Steward · Staffing gaps · {project['name']} · {document['generated_on']}"
    if document["pseudonymised"]:
        footer += " · pseudonymised"
    return style.render(
        flowables, title=f"Staffing gaps: {project['name']}", subject="Staffing-gap report", footer=footer
    )


def _cover(document: Mapping[str, Any], style: ModuleType) -> list[Any]:
    """The title block with the project's profile, the headline figures and the verdict."""
    project, summary = document["project"], document["summary"]
    generated_on = date.fromisoformat(document["generated_on"])
    head = style.title_block(
        "Staffing-gap report",
        project["name"],
        f"Skills the project needs against the people on it, as of {generated_on.day} {generated_on:%B %Y}.",
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
    figures = [
        style.Figure("Requirements", str(summary["requirements"])),
        style.Figure(
            "Requirements with a gap",
            str(summary["requirements_with_gap"]),
            "alert" if summary["requirements_with_gap"] else "plain",
        ),
        style.Figure(
            "Total gap (FTE)", f"{summary['total_gap_fte']:.2f}", "alert" if summary["total_gap_fte"] > 0 else "plain"
        ),
        style.Figure(
            "Key-person risks", str(summary["key_person_risks"]), "warn" if summary["key_person_risks"] else "plain"
        ),
        style.Figure("Members", str(summary["members"])),
        style.Figure("Missing disciplines", str(len(missing)), "alert" if missing else "plain"),
    ]
    return list(style.cover(head, figures, _verdict(document)))


def _requirements_section(document: Mapping[str, Any], style: ModuleType) -> list[Any]:
    """Every requirement against its cover, the short ones shaded."""
    requirements = document["requirements"]
    heading = style.heading("Requirements and gaps")
    if not requirements:
        return [heading, style.paragraph("The project states no skill requirements yet, so nothing can be short.")]
    short = [index for index, row in enumerate(requirements) if row["gap_fte"] > 0]
    table = style.data_table(
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
    )
    return list(
        style.captioned(
            heading,
            table,
            "FTE: full-time equivalents. Covered counts the allocations of members at or above "
            "the minimum level; rows with a gap are shaded.",
            together=False,
        )
    )


def _risks_section(document: Mapping[str, Any], style: ModuleType) -> list[Any]:
    """The requirements that rest on one member, and who that is."""
    heading = style.heading("Key-person risks")
    risks = [row for row in document["requirements"] if row["key_person_risk"]]
    if not risks:
        return [heading, style.paragraph("No requirement rests on a single member.")]
    return [
        heading,
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


def _level(level: int, document: Mapping[str, Any]) -> str:
    """A level as people read it: "3 Advanced"."""
    label = document["level_labels"].get(str(level))
    return f"{level} {label}" if label else str(level)


def _level_phrase(level: int, document: Mapping[str, Any]) -> str:
    """A level inside a sentence: "level 2 (Working)"."""
    label = document["level_labels"].get(str(level))
    return f"level {level} ({label})" if label else f"level {level}"


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

    heading = style.heading("The team")
    if not document["summary"]["members"]:
        return [
            heading,
            style.paragraph(
                "No members: the project has nobody on it yet, so there is no "
                "discipline mix or shape distribution to show."
            ),
        ]
    missing = document["summary"]["missing_disciplines"]
    if missing:
        closing = style.paragraph(
            f"Missing: <b>{style.text(joined(missing))}</b>. The brief behind Steward asks every MLOps team to "
            "combine data science, machine learning, software engineering and cyber security.",
            markup=True,
        )
    else:
        closing = style.paragraph(
            "All four core disciplines (data science, machine learning, software "
            "engineering and cyber security) are on the team."
        )
    return [
        heading,
        style.side_by_side(_discipline_chart(document, style), _shape_chart(document, style)),
        Spacer(1, 6),
        closing,
    ]


def _discipline_chart(document: Mapping[str, Any], style: ModuleType) -> list[Any]:
    """How many members are broad in each core discipline, a missing one in red."""
    from app.reports import charts

    mix = document["discipline_mix"]
    broad = _level_phrase(document["shape_thresholds"]["broad_level"], document)
    if mix:
        chart = charts.bar_chart(
            [row["discipline"] + ("" if row["covered"] else " (missing)") for row in mix],
            [row["members"] for row in mix],
            width=style.HALF_WIDTH,
            bar_colours=[style.ACCENT if row["covered"] else style.ALERT for row in mix],
            label_colours=[style.INK if row["covered"] else style.ALERT for row in mix],
            value_format="{:.0f}",
        )
    else:
        chart = style.paragraph("No core disciplines are marked in the taxonomy.")
    return list(
        style.explained(
            [style.paragraph("Discipline mix", "h2")],
            f"Members at {broad} or above in each core discipline.",
            chart,
            together=False,
        )
    )


def _shape_chart(document: Mapping[str, Any], style: ModuleType) -> list[Any]:
    """How many members have each skill shape."""
    from app.reports import charts

    thresholds, shapes = document["shape_thresholds"], document["shape_counts"]
    return list(
        style.explained(
            [style.paragraph("Skill shapes", "h2")],
            f"An area is deep at level {thresholds['deep_level']} or above, broad at "
            f"{thresholds['broad_level']} or above; T, Π and generalist need "
            f"{thresholds['min_broad']} broad areas.",
            charts.bar_chart(
                [label_in(SHAPES, shape) for shape in shapes],
                list(shapes.values()),
                width=style.HALF_WIDTH,
                value_format="{:.0f}",
            ),
            together=False,
        )
    )


def _recommendations(document: Mapping[str, Any], style: ModuleType) -> list[Any]:
    heading = style.heading("Recommendations")
    short = [row for row in document["requirements"] if row["gap_fte"] > 0]
    if not short:
        return [heading, style.paragraph("Every requirement is covered; nothing to recommend.")]
    return [
        heading,
        style.paragraph(
            "For each requirement with a gap: people elsewhere in the organisation who already qualify (by level, "
            "then free capacity across all their projects), and members one level short whom training would "
            "bring up to it."
        ),
        *[_recommendation(row, document, style) for row in short],
    ]


def _recommendation(row: Mapping[str, Any], document: Mapping[str, Any], style: ModuleType) -> Any:
    """One requirement with a gap: who elsewhere qualifies, and which members training would bring up to it."""
    from reportlab.platypus import Spacer

    block: list[Any] = [
        style.paragraph(f"{row['skill']}: {row['gap_fte']:.2f} FTE short of the {row['needed_fte']:.2f} needed", "h2"),
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
    return style.keep_together(block)
