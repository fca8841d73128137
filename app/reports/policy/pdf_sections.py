"""The policy PDF's sections of record: the sprint's items, the sprints, the versions published with
their approvals and sign-offs, the stakeholder feedback and the open governance gaps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.labels import DEPARTMENTS, DISPOSITIONS, ITEM_STATUSES, SPRINT_STATES, STAGES, label_in
from app.reports.phrases import NO_GOVERNANCE_GAP, areas_needing_work, day, plural, span
from app.reports.policy.document import ITEM_GROUPS, PLANNED_GROUP, is_planned


def approval_words(version: Mapping[str, Any]) -> str:
    """ "Approved by N. N. on 2026-03-31" (without the name where none was recorded), or "Not approved"."""
    if version.get("approved_on") is None:
        return "Not approved"
    if version.get("approved_by"):
        return f"Approved by {version['approved_by']} on {version['approved_on']}"
    return f"Approved on {version['approved_on']}"


def sign_off_words(sign_off: Mapping[str, Any]) -> str:
    """ "Signed by N. N. (Payments) for Finance on 2026-03-31": the signer's own department when it is another."""
    department = label_in(DEPARTMENTS, sign_off["department"])
    who = sign_off["signed_by"] or "nobody named"
    own = f" ({sign_off['signer_department']})" if sign_off["signer_department"] else ""
    return f"Signed by {who}{own} for {department} on {sign_off['signed_on']}"


def items_section(sprint: Mapping[str, Any], style: Any) -> list[Any]:
    flowables: list[Any] = [style.heading("Backlog items")]
    items = sprint["items"]
    # A planned sprint's items are its plan; the done / not done / added groups begin when it starts.
    groups = ((PLANNED_GROUP[0], "Planned into the sprint"),) if is_planned(sprint) else ITEM_GROUPS
    for key, title in groups:
        rows = items[key]
        if key == "removed" and not rows:
            continue
        total = sum(item["points"] for item in rows)
        if key == "carried_over" and sprint["state"] != "closed":
            title = "Not done yet"  # nothing is carried over until the sprint closes
        heading = style.paragraph(f"{title} · {plural(len(rows), 'item')}, {plural(total, 'point')}", "h2")
        if not rows:
            flowables += [heading, style.paragraph("None.", "note")]
            continue
        table = style.data_table(
            ("Item", "Status", "Points"),
            [[item["title"], label_in(ITEM_STATUSES, item["status"]), str(item["points"])] for item in rows],
            widths=(0.7, 0.18, 0.12),
            numeric=(2,),
        )
        flowables.append(style.keep_together([heading, table]) if len(rows) <= 12 else heading)
        if len(rows) > 12:
            flowables.append(table)
    return flowables


def sprints_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    sprints = document["sprints"]
    if not sprints:
        return []

    def figure(sprint: Mapping[str, Any], key: str) -> str:
        return "–" if sprint[key] is None else str(sprint[key])

    flowables: list[Any] = [style.heading("Sprints")]
    planned = [sprint for sprint in sprints if is_planned(sprint)]
    if planned:
        listed = "; ".join(
            f"{sprint['name']}, {plural(sprint['planned_points'] or 0, 'point')} of {sprint['capacity_points']}"
            for sprint in planned
        )
        flowables.append(
            style.paragraph(
                "A planned sprint has no committed or completed points and no burndown until it starts "
                f"(shown “–”). Planned into {'it' if len(planned) == 1 else 'them'} so far: {listed}.",
                "note",
            )
        )
    flowables.append(
        style.data_table(
            ("Sprint", "Goal", "Dates", "Committed", "Completed", "Added", "Carried over"),
            [
                [
                    sprint["name"]
                    + ("" if sprint["state"] == "closed" else f" ({label_in(SPRINT_STATES, sprint['state'])})"),
                    sprint["goal"],
                    span(sprint["start"], sprint["end"]),
                    figure(sprint, "committed_points"),
                    figure(sprint, "completed_points"),
                    figure(sprint, "added_points"),
                    figure(sprint, "carried_over_points"),
                ]
                for sprint in sprints
            ],
            widths=(0.12, 0.27, 0.16, 0.13, 0.13, 0.09, 0.1),
            numeric=(3, 4, 5, 6),
        )
    )
    return flowables


def _scoped_heading(document: Mapping[str, Any], style: Any, title: str, *, during: str) -> tuple[bool, Any]:
    """Whether the report reviews one sprint, and a heading: ``title``, with ``during`` after it in a review of one."""
    single = document["scope"] == "sprint"
    return single, style.heading(title + (during if single else ""))


def _none_listed(document: Mapping[str, Any], style: Any, heading: Any, nothing: str) -> list[Any]:
    """A section with nothing to list: ``nothing`` says so, or in a planned sprint's review that it has not started."""
    planned_review = document["scope"] == "sprint" and is_planned(document["sprints"][0])
    return [heading, style.paragraph("None yet: the sprint has not started." if planned_review else nothing)]


def versions_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    versions = document["policy_versions"]
    single, heading = _scoped_heading(document, style, "Policy versions published", during=" during the sprint")
    if not versions:
        return _none_listed(
            document,
            style,
            heading,
            "No policy version was published "
            + ("during the sprint." if single else "for the project's policies yet."),
        )
    if single:
        return [
            heading,
            style.data_table(
                ("Policy", "Version", "Published", "Change summary"),
                [
                    [row["policy"], str(row["version"]), day(row["published_on"]), row["change_summary"]]
                    for row in versions
                ],
                widths=(0.27, 0.1, 0.14, 0.49),
                numeric=(1,),
            ),
            *_approvals_section(versions, style),
        ]
    return [
        heading,
        style.paragraph(
            "The project's own policies and the organisation-wide ones its backlog works "
            "on, oldest first; the sprint is the one running when the version was "
            "published.",
            "note",
        ),
        style.data_table(
            ("Published", "Policy", "Version", "Sprint", "Change summary"),
            [
                [
                    day(row["published_on"]),
                    row["policy"],
                    str(row["version"]),
                    row["sprint"] or "–",
                    row["change_summary"],
                ]
                for row in versions
            ],
            widths=(0.14, 0.24, 0.1, 0.11, 0.41),
            numeric=(2,),
        ),
        *_approvals_section(versions, style),
    ]


def _approvals_section(versions: Sequence[Mapping[str, Any]], style: Any) -> list[Any]:
    """Who approved each listed version and who signed it off: one row per version, a line per fact."""
    rows = [
        [
            row["policy"],
            str(row["version"]),
            style.paragraph(
                "<br/>".join(
                    style.text(words)
                    for words in (approval_words(row), *(sign_off_words(sign_off) for sign_off in row["sign_offs"]))
                ),
                "cell",
                markup=True,
            ),
        ]
        for row in versions
    ]
    return [
        style.heading("Approval and sign-offs of these versions", level=2),
        style.paragraph(
            "Who approved each version and which stakeholder departments signed it off; someone who "
            "signed for a department not their own is named with their own. A department without a "
            "line has not signed that version.",
            "note",
        ),
        style.data_table(("Policy", "Version", "Approval and sign-offs"), rows, widths=(0.3, 0.1, 0.6), numeric=(1,)),
    ]


def feedback_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    feedback = document["feedback"]
    single, heading = _scoped_heading(document, style, "Stakeholder feedback", during=" received during the sprint")
    if not feedback:
        return _none_listed(
            document, style, heading, "No feedback was received" + (" during the sprint." if single else ".")
        )
    counts: dict[str, int] = {}
    for row in feedback:
        counts[row["disposition"]] = counts.get(row["disposition"], 0) + 1
    summary = ", ".join(
        f"{count} {label_in(DISPOSITIONS, disposition).lower()}"
        for disposition, count in sorted(
            counts.items(), key=lambda pair: list(DISPOSITIONS).index(pair[0]) if pair[0] in DISPOSITIONS else 99
        )
    )
    open_rows = [index for index, row in enumerate(feedback) if row["disposition"] == "open"]
    return [
        heading,
        style.paragraph(f"{plural(len(feedback), 'comment')}: {summary}. Open comments are shaded."),
        style.data_table(
            ("Received", "From", "On", "Comment", "Disposition"),
            [
                [
                    day(row["received_on"]),
                    label_in(DEPARTMENTS, row["department"]),
                    row["on"],
                    row["comment"],
                    label_in(DISPOSITIONS, row["disposition"]),
                ]
                for row in feedback
            ],
            widths=(0.14, 0.12, 0.19, 0.42, 0.13),
            highlight=open_rows,
            highlight_colour=style.WARN_LIGHT,
        ),
    ]


def governance_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    gaps = document["governance_gaps"]
    heading = style.heading("Governance gaps still open")
    if not gaps:
        return [heading, style.paragraph(NO_GOVERNANCE_GAP)]
    blocking = sum(1 for gap in gaps if gap["blocking"])
    summary = style.paragraph(
        f"{areas_needing_work(gaps)} ({label_in(STAGES, document['project']['stage']).lower()})"
        + (
            f", {blocking} of them blocking: the rules let the project reach this stage only with a "
            "recorded justification."
            if blocking
            else "."
        )
    )
    # A handful of gaps read as one block: a table split over a page for three rows looks careless.
    return [style.keep_together([heading, summary, style.governance_table(gaps, widths=(0.22, 0.14, 0.11, 0.53))])]
