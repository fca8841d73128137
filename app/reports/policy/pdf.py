"""The policy report's PDF: the sprint review (or plan) of one sprint, or the iteration report of them all.

The cover (title block, headline figures, verdict), the burndown and velocity
charts, then the items or the sprints with their burndowns, and the versions,
feedback and governance gaps (``pdf_sections``). The look is
``app.reports.pdf_style``, the drawings ``app.reports.charts``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.labels import SPRINT_STATES, STAGES, label_in
from app.reports.phrases import day, plural, span
from app.reports.policy.document import is_planned

# The all-sprints PDF draws this many of the latest sprints' burndowns; the XLSX and JSON hold every one.
PDF_BURNDOWNS = 6


def _points(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}" if value != int(value) else f"{int(value)}"


def render_pdf(document: Mapping[str, Any]) -> bytes:
    """The sprint review a CISO circulates (see ``app.reports.pdf_style`` for the look)."""
    from app.reports import pdf_style as style
    from app.reports.policy import pdf_sections as sections

    project, sprints = document["project"], document["sprints"]
    single = document["scope"] == "sprint"
    if single and is_planned(sprints[0]):
        head, figures, space = _plan_cover(document, style)
    elif single:
        head, figures, space = _review_cover(document, style)
    else:
        head, figures, space = _all_sprints_cover(document, style)
    flowables: list[Any] = style.cover(head, figures, _verdict(document), space=space)
    # One sprint: its burndown and the velocity so far, then its items. All sprints: the trend, the
    # table behind it, then each sprint's burndown as the detail.
    flowables += _charts_section(document, style)
    if single:
        flowables += sections.items_section(sprints[0], style)
    else:
        flowables += sections.sprints_section(document, style)
        flowables += _burndown_grid(document, style)
    flowables += sections.versions_section(document, style)
    flowables += sections.feedback_section(document, style)
    flowables += sections.governance_section(document, style)
    subject = f"{sprints[0]['name']}" if single else "all sprints"
    kind = (
        ("Policy sprint plan" if is_planned(sprints[0]) else "Policy sprint review")
        if single
        else "Policy iteration report"
    )
    footer = f"Steward · {kind} · {project['name']} · {subject} · {document['generated_on']}"
    return style.render(
        flowables, title=f"{kind}: {project['name']}, {subject}", subject="Policy iteration report", footer=footer
    )


# A cover's head (the title block and what follows it), its headline figures, and the space between them.
Cover = tuple[list[Any], list[Any], float]


def _sprint_title(document: Mapping[str, Any], style: Any, kicker: str, subtitle: str) -> list[Any]:
    """The title block of one sprint's review or plan, and the sprint's goal under it."""
    from reportlab.platypus import Spacer

    project, sprint = document["project"], document["sprints"][0]
    flowables: list[Any] = style.title_block(
        kicker,
        f"{project['name']}: {sprint['name']}",
        subtitle,
        [
            ("Sprint", sprint["name"]),
            ("Dates", span(sprint["start"], sprint["end"])),
            ("State", label_in(SPRINT_STATES, sprint["state"])),
            ("Capacity", f"{sprint['capacity_points']} points"),
        ],
    )
    if sprint["goal"]:
        flowables += [
            Spacer(1, 6),
            style.paragraph(f"<b>Sprint goal.</b> {style.text(sprint['goal'])}", markup=True),
        ]
    return flowables


def _review_cover(document: Mapping[str, Any], style: Any) -> Cover:
    """A started sprint's review: what was committed, completed, added and carried over."""
    sprint = document["sprints"][0]
    head = _sprint_title(
        document,
        style,
        "Policy sprint review",
        f"What the policy team committed to, delivered and published, as of {day(document['generated_on'])}.",
    )
    committed, completed = sprint["committed_points"], sprint["completed_points"]
    closed = sprint["state"] == "closed"
    figures = [
        style.Figure("Committed points", str(committed)),
        style.Figure("Completed points", str(completed), "warn" if completed < committed and closed else "plain"),
        style.Figure("Added mid-sprint", str(sprint["added_points"]), "warn" if sprint["added_points"] else "plain"),
        # Until the sprint closes, its unfinished points are not carried over yet, only not done.
        style.Figure(
            "Carried over" if closed else "Not done yet",
            str(sprint["carried_over_points"]),
            "warn" if sprint["carried_over_points"] and closed else "plain",
        ),
        style.Figure("Average velocity", _points(document["velocity_average"])),
    ]
    return head, figures, 8


def _plan_cover(document: Mapping[str, Any], style: Any) -> Cover:
    """A planned sprint's review: its plan (points so far against capacity, items), no results."""
    sprint = document["sprints"][0]
    planned, capacity = sprint["planned_points"] or 0, sprint["capacity_points"]
    head = _sprint_title(
        document,
        style,
        "Policy sprint plan",
        f"The sprint has not started: what is planned into it so far, as of {day(document['generated_on'])}.",
    )
    over = planned > capacity
    figures = [
        style.Figure("Points planned so far", str(planned)),
        style.Figure("Capacity in points", str(capacity)),
        style.Figure(
            "Points over capacity" if over else "Points still free",
            str(abs(capacity - planned)),
            "warn" if over else "plain",
        ),
        style.Figure("Items planned", str(len(sprint["items"]["planned"]))),
        style.Figure("Starts", day(sprint["start"])),
    ]
    return head, figures, 8


def _all_sprints_cover(document: Mapping[str, Any], style: Any) -> Cover:
    """Every sprint of the project: how many, the points completed, velocity, versions and gaps."""
    project, sprints, gaps = document["project"], document["sprints"], document["governance_gaps"]
    period = span(sprints[0]["start"], sprints[-1]["end"]) if sprints else "no sprints yet"
    planned = sum(1 for sprint in sprints if is_planned(sprint))
    counted = f"{len(sprints)} ({planned} planned)" if planned else str(len(sprints))
    head = style.title_block(
        "Policy iteration report",
        project["name"],
        f"Every sprint of the project's policy work, as of {day(document['generated_on'])}.",
        [("Stage", label_in(STAGES, project["stage"])), ("Sprints", counted), ("Period", period)],
    )
    figures = [
        style.Figure("Sprints", counted),
        style.Figure(
            "Points completed", str(sum(sprint["completed_points"] for sprint in sprints if not is_planned(sprint)))
        ),
        style.Figure("Average velocity", _points(document["velocity_average"])),
        style.Figure("Versions published", str(len(document["policy_versions"]))),
        style.Figure(
            "Open governance gaps",
            str(len(gaps)),
            "alert" if any(gap["blocking"] for gap in gaps) else "warn" if gaps else "plain",
        ),
    ]
    return head, figures, 10


def _verdict(document: Mapping[str, Any]) -> str:
    """The review in two or three sentences, for a reader who stops at the first page."""
    sprints = document["sprints"]
    parts: list[str] = _sprint_verdict(document)
    versions, feedback = document["policy_versions"], document["feedback"]
    # Before a sprint starts nothing has been published or received during it: no "0 published" to read.
    not_started = document["scope"] == "sprint" and is_planned(sprints[0]) and not versions and not feedback
    if not not_started:
        open_feedback = sum(1 for row in feedback if row["disposition"] == "open")
        parts.append(
            f"{plural(len(versions), 'policy version')} published; {plural(len(feedback), 'comment')} "
            f"from stakeholders, {open_feedback} still open."
        )
    gaps = document["governance_gaps"]
    blocking = sum(1 for gap in gaps if gap["blocking"])
    if gaps:
        parts.append(f"{plural(len(gaps), 'governance gap')} open" + (f", {blocking} blocking." if blocking else "."))
    return " ".join(parts)


def _sprint_verdict(document: Mapping[str, Any]) -> list[str]:
    """The verdict's first sentences: the planned sprint's plan, the sprint's result, or the sprints' results."""
    sprints = document["sprints"]
    parts: list[str] = []
    if document["scope"] == "sprint" and is_planned(sprints[0]):
        sprint = sprints[0]
        planned, capacity = sprint["planned_points"] or 0, sprint["capacity_points"]
        room = (
            f"{plural(planned - capacity, 'point')} over it"
            if planned > capacity
            else f"{plural(capacity - planned, 'point')} to spare"
        )
        parts.append(
            f"The sprint has not started; it starts on {day(sprint['start'])}. "
            f"{plural(planned, 'point')} {'is' if planned == 1 else 'are'} planned into it so far "
            f"({plural(len(sprint['items']['planned']), 'item')}), against a capacity of {capacity} ({room}). "
            "Its burndown and velocity follow once it starts."
        )
    elif document["scope"] == "sprint":
        sprint = sprints[0]
        committed, completed = sprint["committed_points"], sprint["completed_points"]
        verb = "completed" if sprint["state"] == "closed" else "has completed so far"
        share = f" ({completed / committed:.0%})" if committed else ""
        parts.append(f"The team committed to {plural(committed, 'point')} and {verb} {completed}{share}.")
        if sprint["added_points"] or sprint["removed_points"]:
            parts.append(
                f"Scope changed mid-sprint: {sprint['added_points']} added, {sprint['removed_points']} removed."
            )
        if sprint["carried_over_points"] and sprint["state"] == "closed":
            parts.append(f"{plural(sprint['carried_over_points'], 'point')} carried over.")
    elif not sprints:
        parts.append("The project has not started a sprint yet.")
    else:
        closed = [sprint for sprint in sprints if sprint["state"] == "closed"]
        if closed:
            parts.append(
                f"{plural(len(closed), 'closed sprint')} completed "
                f"{plural(sum(sprint['completed_points'] for sprint in closed), 'point')} of "
                f"{sum(sprint['committed_points'] for sprint in closed)} committed."
            )
        else:
            parts.append("No sprint has closed yet.")
        planned = [sprint for sprint in sprints if is_planned(sprint)]
        if planned:
            parts.append(
                f"{plural(len(planned), 'sprint')} planned, not started yet, with "
                f"{plural(sum(sprint['planned_points'] or 0 for sprint in planned), 'point')} planned into "
                f"{'it' if len(planned) == 1 else 'them'} so far."
            )
    return parts


def _charts_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    from app.reports import charts

    sprints, velocity = document["sprints"], document["velocity"]
    flowables: list[Any] = []
    if document["scope"] == "sprint" and len(sprints[0]["burndown"]) >= 2:  # a one-day sprint has no line to draw
        sprint = sprints[0]
        flowables += style.explained(
            [style.heading("Burndown")],
            "Points not yet done at the end of each day, against the scope (which moves when items "
            "are added or removed mid-sprint) and the ideal straight line from the commitment."
            + (" Days still to come are left blank." if sprint["state"] != "closed" else ""),
            charts.burndown_drawing(sprint, width=style.CONTENT_WIDTH, height=180),
        )
    if velocity:
        flowables += style.explained(
            [style.heading("Velocity")],
            "Committed against completed points per sprint; the line is the running average of "
            "the closed sprints (an active sprint is still counting).",
            charts.velocity_drawing(velocity, width=style.CONTENT_WIDTH, height=170),
        )
    return flowables


def _burndown_grid(document: Mapping[str, Any], style: Any) -> list[Any]:
    """Every sprint's burndown (the latest ``PDF_BURNDOWNS``), two side by side."""
    from reportlab.platypus import Spacer

    from app.reports import charts

    sprints = document["sprints"]
    flowables: list[Any] = []
    if any(len(sprint["burndown"]) >= 2 for sprint in sprints):
        shown = [sprint for sprint in sprints if len(sprint["burndown"]) >= 2][-PDF_BURNDOWNS:]
        flowables.append(style.heading("Burndown per sprint"))
        started = [sprint for sprint in sprints if not is_planned(sprint)]
        if len(shown) < len(started):
            flowables.append(
                style.paragraph(
                    f"{len(shown)} of the {len(started)} started sprints; every sprint's "
                    "burndown is in the XLSX and JSON exports.",
                    "note",
                )
            )
        cells = [
            [
                style.paragraph(f"{sprint['name']} · {span(sprint['start'], sprint['end'])}", "h2"),
                charts.burndown_drawing(sprint, width=style.HALF_WIDTH, height=140),
            ]
            for sprint in shown
        ]
        for index in range(0, len(cells), 2):
            right = cells[index + 1] if index + 1 < len(cells) else []
            flowables += [style.side_by_side(cells[index], right), Spacer(1, 6)]
    return flowables
