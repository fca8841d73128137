"""The policy-iteration report of one project: the sprint review a CISO circulates, as PDF, XLSX, CSV or JSON.

``build_policy_report`` reads the project's sprints through ``app.analysis.sprints``
(figures, burndown and velocity from the items' status history), the policy
versions published and the stakeholder feedback received, and the open governance
gaps (``app.analysis.governance``), and returns one JSON-ready document;
``write_policy_report`` renders that document in the format the output's extension
names. Every format is drawn from the same document, so the PDF never shows a
number the JSON lacks.

With a sprint name the report covers that sprint: its figures and burndown, the
items done, carried over, added and removed mid-sprint, the versions published and
the feedback received between its first and last day. A planned sprint's review is
its plan instead: it says the sprint has not started and shows the points planned
into it so far against its capacity and the items planned, with no committed,
completed, burndown or velocity figures. Without a sprint name it covers every
sprint: the closed and active ones with their figures, the velocity trend and the
versions over time, and the planned ones as planned (their state, dates and the
points planned into them so far; no committed, completed or burndown figures, which
a sprint only has once it starts).

Points come from ``item_history`` only, never from an item's current columns, so a
closed sprint's report does not change when its items are edited later.

The JSON keys (documented in the README): ``project`` (``name``, ``stage``),
``generated_on``, ``scope`` ("sprint" or "all"), ``sprints`` (each: ``name``,
``goal``, ``start``, ``end``, ``state``, ``capacity_points``, ``committed_points``,
``completed_points``, ``added_points``, ``removed_points``, ``carried_over_points``
(``null`` for a planned sprint), ``planned_points`` (the points planned into a
planned sprint so far; ``null`` once it has started), ``burndown`` [each ``date``,
``remaining_points``, ``scope_points``, ``ideal_points``; ``null`` for a day still
to come; empty for a planned sprint], and with a sprint named, ``items`` with
``completed``, ``carried_over``, ``added``, ``removed`` and ``planned`` (a planned
sprint's items; the other four are empty for it, and ``planned`` once it has
started) lists of ``title``, ``points``, ``status``), ``velocity`` (each: ``name``,
``committed_points``, ``completed_points``, ``running_average``, ``in_progress``;
empty in a planned sprint's review), ``velocity_average`` (``null`` there),
``policy_versions`` (each: ``policy``, ``version``,
``published_on``, ``change_summary``, ``sprint``, ``approved_by``, ``approved_on``,
``sign_offs`` [each ``department``, ``signed_by``, ``signer_department`` — the
signer's own department when it is not the one signed for, else "" —
``signed_on``]), ``feedback`` (each:
``received_on``, ``department``, ``disposition``, ``on``, ``comment``) and
``governance_gaps`` (each: ``category``, ``status`` "missing" or "stale",
``reason``, ``blocking``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import UserError
from app.labels import (
    DEPARTMENTS,
    DISPOSITIONS,
    ITEM_STATUSES,
    SPRINT_STATES,
    STAGES,
    label_in,
)
from app.reports.output import Renderer, csv_bytes, render_json, write_report
from app.reports.phrases import GOVERNANCE_COLUMNS, day, governance_rows, span, yes_no

if TYPE_CHECKING:
    from app.analysis.sprints import SprintFigures
    from app.db.database import Database
    from app.db.reader import Reader


# The groups of a sprint's items, by their key in the document (the labels of stored values are ``app.labels``').
ITEM_GROUPS = (
    ("completed", "Done"),
    ("carried_over", "Carried over"),
    ("added", "Added mid-sprint"),
    ("removed", "Removed mid-sprint"),
)
# The one group of a planned sprint's items (empty for a sprint that has started).
PLANNED_GROUP = ("planned", "Planned")

# The all-sprints PDF draws this many of the latest sprints' burndowns; the XLSX and JSON hold every one.
PDF_BURNDOWNS = 6

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
# The figures a sprint has only once it has started: a planned sprint of the all-sprints report has none.
STARTED_FIGURES = ("committed_points", "completed_points", "added_points", "removed_points", "carried_over_points")


# --- the document -----------------------------------------------------------------------


def build_policy_report(
    database: Database, project_name: str, *, sprint_name: str | None = None, today: date | None = None
) -> dict[str, Any]:
    """The policy-iteration report of the project called ``project_name``, as a JSON-ready document.

    Raises ``UserError`` for an unknown project or sprint.
    """
    from app.analysis.governance import open_gaps
    from app.analysis.sprints import analyse_project_sprints
    from app.queries.projects import require_project

    reader = database.reader()
    profile = require_project(reader, project_name)
    today = today or date.today()
    analysed = analyse_project_sprints(reader, profile.id, today=today)
    pairs = list(zip(analysed.figures, analysed.burndowns, strict=True))
    if sprint_name is not None:
        wanted = sprint_name.strip().casefold()
        chosen = [pair for pair in pairs if pair[0].name.casefold() == wanted]
        if not chosen:
            names = ", ".join(figure.name for figure, _ in pairs) or "none yet"
            raise UserError(f"{profile.name} has no sprint called {sprint_name!r}; its sprints are {names}.")
        pairs = chosen[:1]
    sprints = []
    for figures, chart in pairs:
        sprint = {
            **figures.as_json(),
            "capacity_points": figures.capacity_points,
            "planned_points": None,
            "burndown": [point.as_json() for point in chart.points],
        }
        if figures.state == "planned":
            # Not started: its scope so far is planned, not committed, and it has no burndown or figures yet;
            # what is in it now is what it holds at its end (done or not), all of it planned.
            planned = figures.completed_points + figures.carried_over_points
            sprint.update(dict.fromkeys(STARTED_FIGURES), planned_points=planned, burndown=[])
        if sprint_name is not None:
            sprint["items"] = _sprint_items(reader, figures)
        sprints.append(sprint)
    # The review of a planned sprint has no velocity of its own to show: it is the plan, not a result.
    planned_review = sprint_name is not None and pairs[0][0].state == "planned"
    last_start = pairs[-1][0].start_on if sprint_name is not None else None
    velocity = [
        {
            "name": point.name,
            "committed_points": point.committed_points,
            "completed_points": point.completed_points,
            "running_average": point.running_average,
            "in_progress": point.in_progress,
        }
        for point in analysed.velocity
        if not planned_review and (last_start is None or point.start_on <= last_start)
    ]
    all_sprints = [(figure.name, figure.start_on, figure.end_on) for figure in analysed.figures]
    if sprint_name is not None:
        window: tuple[date, date] | None = (pairs[0][0].start_on, pairs[0][0].end_on)
    else:
        window = None
    return {
        "project": {"name": profile.name, "stage": profile.stage.value},
        "generated_on": today.isoformat(),
        "scope": "all" if sprint_name is None else "sprint",
        "sprints": sprints,
        "velocity": velocity,
        "velocity_average": None if planned_review else analysed.velocity_average,
        "policy_versions": _versions(reader, profile.id, window=window, sprints=all_sprints),
        "feedback": _feedback(reader, profile.id, window=window),
        "governance_gaps": [
            {"category": gap.category.value, "status": gap.status, "reason": gap.reason, "blocking": gap.blocking}
            for gap in open_gaps(reader, profile.id, today=today)
        ],
    }


def _moment(value: object) -> datetime:
    """A stored timestamp (naive UTC, as text or datetime) as a naive datetime."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=None)


def _sprint_items(reader: Reader, figures: SprintFigures) -> dict[str, list[dict[str, Any]]]:
    """Titles and points of the items behind each figure, read from the history as the analysis reads it.

    An item's points are those of its last history row before the sprint ended (for
    done and carried-over items), when it entered (added) or when it left (removed).
    """
    row = reader.one("SELECT started_at, closed_at FROM sprint WHERE id = :id", {"id": figures.sprint_id})
    assert row is not None
    start = _moment(row[0]) if row[0] is not None else datetime.combine(figures.start_on, datetime.min.time())
    end = datetime.combine(figures.end_on + timedelta(days=1), datetime.min.time())
    if row[1] is not None and _moment(row[1]) < end:
        end = _moment(row[1])
    ids = (
        set(figures.completed_item_ids)
        | set(figures.carried_over_item_ids)
        | set(figures.added_item_ids)
        | set(figures.removed_item_ids)
    )
    if not ids:
        return {key: [] for key, _ in (*ITEM_GROUPS, PLANNED_GROUP)}
    marks = ", ".join(f":i{index}" for index in range(len(ids)))
    params = {f"i{index}": item_id for index, item_id in enumerate(sorted(ids))}
    titles: dict[int, str] = dict(reader.rows(f"SELECT id, title FROM backlog_item WHERE id IN ({marks})", params))
    history: dict[int, list[tuple[datetime, str, int | None, int]]] = {}
    for item_id, changed_at, status, sprint_id, points in reader.rows(
        f"SELECT item_id, changed_at, status, sprint_id, points FROM item_history WHERE item_id IN ({marks}) "
        "ORDER BY item_id, changed_at, id",
        params,
    ):
        history.setdefault(item_id, []).append((_moment(changed_at), str(status), sprint_id, points or 0))
    final: dict[int, tuple[str, int]] = {}
    entered: dict[int, int] = {}
    left: dict[int, int] = {}
    for item_id, events in history.items():
        was_in, was_status, was_points = False, "", 0
        for moment, status, sprint_id, points in events:
            if moment >= end:
                break
            is_in = sprint_id == figures.sprint_id
            if moment > start and is_in and not was_in:
                entered[item_id] = entered.get(item_id, 0) + points
            elif moment > start and was_in and not is_in and was_status != "done":
                left[item_id] = left.get(item_id, 0) + was_points
            was_in, was_status, was_points = is_in, status, points
        final[item_id] = (was_status, was_points)

    def listed(item_ids: Sequence[int], points_of: Callable[[int], int]) -> list[dict[str, Any]]:
        rows = [
            {
                "title": titles.get(item_id, f"Item {item_id}"),
                "points": points_of(item_id),
                "status": final.get(item_id, ("", 0))[0],
            }
            for item_id in item_ids
        ]
        return sorted(rows, key=lambda item: (-item["points"], item["title"].casefold()))

    if figures.state == "planned":
        # Nothing is done, carried over, added or removed before a sprint starts: its items are its plan.
        in_it = (*figures.completed_item_ids, *figures.carried_over_item_ids)
        return {
            **{key: [] for key, _ in ITEM_GROUPS},
            "planned": listed(in_it, lambda item_id: final[item_id][1]),
        }
    return {
        "completed": listed(figures.completed_item_ids, lambda item_id: final[item_id][1]),
        "carried_over": listed(figures.carried_over_item_ids, lambda item_id: final[item_id][1]),
        "added": listed(figures.added_item_ids, lambda item_id: entered.get(item_id, 0)),
        "removed": listed(figures.removed_item_ids, lambda item_id: left.get(item_id, 0)),
        "planned": [],
    }


# The policies a project's report speaks for: its own, and the org-wide ones its backlog works on.
_RELEVANT_POLICIES = """
    SELECT id FROM policy WHERE project_id = :project_id
    UNION SELECT policy_id FROM backlog_item WHERE project_id = :project_id AND policy_id IS NOT NULL
"""


def _versions(
    reader: Reader, project_id: int, *, window: tuple[date, date] | None, sprints: Sequence[tuple[str, date, date]]
) -> list[dict[str, Any]]:
    rows = reader.rows(
        f"""SELECT p.title, v.number, v.published_on, v.change_summary, a.name, v.approved_on, v.id
            FROM policy_version AS v
            JOIN policy AS p ON p.id = v.policy_id
            LEFT JOIN person AS a ON a.id = v.approved_by_id
            WHERE v.published_on IS NOT NULL AND p.id IN ({_RELEVANT_POLICIES})
            ORDER BY v.published_on, p.title, v.number""",
        {"project_id": project_id},
    )
    sign_offs = _sign_offs(reader, project_id)
    versions = []
    for title, number, published_on, summary, approver, approved_on, version_id in rows:
        published = date.fromisoformat(str(published_on)[:10])
        if window is not None and not window[0] <= published <= window[1]:
            continue
        during = next((name for name, first, last in sprints if first <= published <= last), None)
        versions.append(
            {
                "policy": title,
                "version": int(number),
                "published_on": published.isoformat(),
                "change_summary": summary or "",
                "sprint": during,
                "approved_by": approver,
                "approved_on": None if approved_on is None else str(approved_on)[:10],
                "sign_offs": sign_offs.get(version_id, []),
            }
        )
    return versions


def _sign_offs(reader: Reader, project_id: int) -> dict[int, list[dict[str, Any]]]:
    """The sign-offs of the relevant policies' versions, by version id, in the stakeholder departments' order."""
    order = list(DEPARTMENTS)
    found: dict[int, list[dict[str, Any]]] = {}
    for version_id, department, signer, signer_department, signed_on in reader.rows(
        f"""SELECT s.version_id, s.department, p.name, s.signer_department, s.signed_on FROM sign_off AS s
            JOIN policy_version AS v ON v.id = s.version_id
            LEFT JOIN person AS p ON p.id = s.person_id
            WHERE v.policy_id IN ({_RELEVANT_POLICIES})""",
        {"project_id": project_id},
    ):
        found.setdefault(version_id, []).append(
            {
                "department": str(department),
                "signed_by": signer,
                "signer_department": signer_department or "",
                "signed_on": str(signed_on)[:10],
            }
        )
    for rows in found.values():
        rows.sort(key=lambda row: order.index(row["department"]) if row["department"] in order else len(order))
    return found


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


def _feedback(reader: Reader, project_id: int, *, window: tuple[date, date] | None) -> list[dict[str, Any]]:
    """Feedback on the project's items and on versions of its policies, oldest first."""
    rows = reader.rows(
        f"""SELECT f.received_on, f.department, f.disposition, i.title, f.comment, f.id FROM feedback AS f
              JOIN backlog_item AS i ON i.id = f.item_id WHERE i.project_id = :project_id
            UNION ALL
            SELECT f.received_on, f.department, f.disposition, p.title || ', version ' || v.number, f.comment, f.id
              FROM feedback AS f JOIN policy_version AS v ON v.id = f.version_id JOIN policy AS p ON p.id = v.policy_id
              WHERE p.id IN ({_RELEVANT_POLICIES})
            ORDER BY 1, 6""",
        {"project_id": project_id},
    )
    feedback = []
    for received_on, department, disposition, target, comment, _ in rows:
        received = date.fromisoformat(str(received_on)[:10])
        if window is not None and not window[0] <= received <= window[1]:
            continue
        feedback.append(
            {
                "received_on": received.isoformat(),
                "department": str(department),
                "disposition": str(disposition),
                "on": target,
                "comment": comment,
            }
        )
    return feedback


# --- writing ----------------------------------------------------------------------------


def write_policy_report(
    database: Database, project_name: str, output: Path, *, sprint_name: str | None = None, today: date | None = None
) -> Path:
    """Write the project's policy-iteration report to ``output``, in the format its extension names.

    Raises ``UserError`` for an extension other than .pdf, .xlsx, .csv or .json, a
    folder that does not exist, or an unknown project or sprint; the output path is
    left as it was then, and on any other failure.
    """
    return write_report(
        output,
        _RENDERERS,
        lambda: build_policy_report(database, project_name, sprint_name=sprint_name, today=today),
        what="A policy report",
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


def render_xlsx(document: Mapping[str, Any]) -> bytes:
    """Sheets Summary, Sprints, Burndown, Velocity, (Items,) Policy versions, Feedback, Governance gaps."""
    from app.reports.workbook import workbook_bytes

    project = document["project"]
    sheets: dict[str, tuple[Sequence[str], list[list[Any]]]] = {
        "Summary": (
            ("Measure", "Value"),
            [
                ["Project", project["name"]],
                ["Stage", label_in(STAGES, project["stage"])],
                ["Generated on", date.fromisoformat(document["generated_on"])],
                ["Sprints", len(document["sprints"])],
                ["Sprints planned, not started", sum(1 for sprint in document["sprints"] if _planned(sprint))],
                ["Average velocity (closed sprints)", document["velocity_average"]],
                ["Policy versions published", len(document["policy_versions"])],
                ["Feedback received", len(document["feedback"])],
                ["Open feedback", sum(1 for row in document["feedback"] if row["disposition"] == "open")],
                ["Open governance gaps", len(document["governance_gaps"])],
            ],
        ),
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
    return workbook_bytes(sheets, formats={float: "0.0", date: "yyyy-mm-dd"})


# --- the PDF ----------------------------------------------------------------------------


def _points(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}" if value != int(value) else f"{int(value)}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_pdf(document: Mapping[str, Any]) -> bytes:
    """The sprint review a CISO circulates (see ``app.reports.pdf_style`` for the look)."""
    from reportlab.platypus import Spacer

    from app.reports import pdf_style as style

    project, sprints = document["project"], document["sprints"]
    single = document["scope"] == "sprint"
    generated = day(document["generated_on"])
    if single and _planned(sprints[0]):
        flowables: list[Any] = _planned_sprint_head(document, style)
    elif single:
        sprint = sprints[0]
        flowables = style.title_block(
            "Policy sprint review",
            f"{project['name']}: {sprint['name']}",
            f"What the policy team committed to, delivered and published, as of {generated}.",
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
        committed, completed = sprint["committed_points"], sprint["completed_points"]
        flowables += [
            Spacer(1, 8),
            style.summary_figures(
                [
                    style.Figure("Committed points", str(committed)),
                    style.Figure(
                        "Completed points",
                        str(completed),
                        "warn" if completed < committed and sprint["state"] == "closed" else "plain",
                    ),
                    style.Figure(
                        "Added mid-sprint", str(sprint["added_points"]), "warn" if sprint["added_points"] else "plain"
                    ),
                    # Until the sprint closes, its unfinished points are not carried over yet, only not done.
                    style.Figure(
                        "Carried over" if sprint["state"] == "closed" else "Not done yet",
                        str(sprint["carried_over_points"]),
                        "warn" if sprint["carried_over_points"] and sprint["state"] == "closed" else "plain",
                    ),
                    style.Figure("Average velocity", _points(document["velocity_average"])),
                ]
            ),
        ]
    else:
        period = span(sprints[0]["start"], sprints[-1]["end"]) if sprints else "no sprints yet"
        planned = sum(1 for sprint in sprints if _planned(sprint))
        counted = f"{len(sprints)} ({planned} planned)" if planned else str(len(sprints))
        flowables = style.title_block(
            "Policy iteration report",
            project["name"],
            f"Every sprint of the project's policy work, as of {generated}.",
            [("Stage", label_in(STAGES, project["stage"])), ("Sprints", counted), ("Period", period)],
        )
        flowables += [
            Spacer(1, 10),
            style.summary_figures(
                [
                    style.Figure("Sprints", counted),
                    style.Figure(
                        "Points completed",
                        str(sum(sprint["completed_points"] for sprint in sprints if not _planned(sprint))),
                    ),
                    style.Figure("Average velocity", _points(document["velocity_average"])),
                    style.Figure("Versions published", str(len(document["policy_versions"]))),
                    style.Figure(
                        "Open governance gaps",
                        str(len(document["governance_gaps"])),
                        "alert"
                        if any(gap["blocking"] for gap in document["governance_gaps"])
                        else "warn"
                        if document["governance_gaps"]
                        else "plain",
                    ),
                ]
            ),
        ]
    flowables += [Spacer(1, 8), style.paragraph(_verdict(document))]
    # One sprint: its burndown and the velocity so far, then its items. All sprints: the trend, the
    # table behind it, then each sprint's burndown as the detail.
    flowables += _charts_section(document, style)
    if single:
        flowables += _items_section(sprints[0], style)
    else:
        flowables += _sprints_section(document, style)
        flowables += _burndown_grid(document, style)
    flowables += _versions_section(document, style)
    flowables += _feedback_section(document, style)
    flowables += _governance_section(document, style)
    subject = f"{sprints[0]['name']}" if single else "all sprints"
    kind = (
        ("Policy sprint plan" if _planned(sprints[0]) else "Policy sprint review")
        if single
        else "Policy iteration report"
    )
    footer = f"Steward · {kind} · {project['name']} · {subject} · {document['generated_on']}"
    return style.render(
        flowables, title=f"{kind}: {project['name']}, {subject}", subject="Policy iteration report", footer=footer
    )


def _planned_sprint_head(document: Mapping[str, Any], style: Any) -> list[Any]:
    """The first lines of a planned sprint's review: its plan (points so far against capacity, items), no results."""
    from reportlab.platypus import Spacer

    project, sprint = document["project"], document["sprints"][0]
    planned, capacity = sprint["planned_points"] or 0, sprint["capacity_points"]
    items = len(sprint["items"]["planned"])
    flowables: list[Any] = style.title_block(
        "Policy sprint plan",
        f"{project['name']}: {sprint['name']}",
        f"The sprint has not started: what is planned into it so far, as of {day(document['generated_on'])}.",
        [
            ("Sprint", sprint["name"]),
            ("Dates", span(sprint["start"], sprint["end"])),
            ("State", label_in(SPRINT_STATES, sprint["state"])),
            ("Capacity", f"{capacity} points"),
        ],
    )
    if sprint["goal"]:
        flowables += [
            Spacer(1, 6),
            style.paragraph(f"<b>Sprint goal.</b> {style.text(sprint['goal'])}", markup=True),
        ]
    over = planned > capacity
    flowables += [
        Spacer(1, 8),
        style.summary_figures(
            [
                style.Figure("Points planned so far", str(planned)),
                style.Figure("Capacity in points", str(capacity)),
                style.Figure(
                    "Points over capacity" if over else "Points still free",
                    str(abs(capacity - planned)),
                    "warn" if over else "plain",
                ),
                style.Figure("Items planned", str(items)),
                style.Figure("Starts", day(sprint["start"])),
            ]
        ),
    ]
    return flowables


def _verdict(document: Mapping[str, Any]) -> str:
    """The review in two or three sentences, for a reader who stops at the first page."""
    sprints = document["sprints"]
    parts: list[str] = []
    if document["scope"] == "sprint" and _planned(sprints[0]):
        sprint = sprints[0]
        planned, capacity = sprint["planned_points"] or 0, sprint["capacity_points"]
        room = (
            f"{_plural(planned - capacity, 'point')} over it"
            if planned > capacity
            else f"{_plural(capacity - planned, 'point')} to spare"
        )
        parts.append(
            f"The sprint has not started; it starts on {day(sprint['start'])}. "
            f"{_plural(planned, 'point')} {'is' if planned == 1 else 'are'} planned into it so far "
            f"({_plural(len(sprint['items']['planned']), 'item')}), against a capacity of {capacity} ({room}). "
            "Its burndown and velocity follow once it starts."
        )
    elif document["scope"] == "sprint":
        sprint = sprints[0]
        committed, completed = sprint["committed_points"], sprint["completed_points"]
        verb = "completed" if sprint["state"] == "closed" else "has completed so far"
        share = f" ({completed / committed:.0%})" if committed else ""
        parts.append(f"The team committed to {_plural(committed, 'point')} and {verb} {completed}{share}.")
        if sprint["added_points"] or sprint["removed_points"]:
            parts.append(
                f"Scope changed mid-sprint: {sprint['added_points']} added, {sprint['removed_points']} removed."
            )
        if sprint["carried_over_points"] and sprint["state"] == "closed":
            parts.append(f"{_plural(sprint['carried_over_points'], 'point')} carried over.")
    elif not sprints:
        parts.append("The project has not started a sprint yet.")
    else:
        closed = [sprint for sprint in sprints if sprint["state"] == "closed"]
        if closed:
            parts.append(
                f"{_plural(len(closed), 'closed sprint')} completed "
                f"{_plural(sum(sprint['completed_points'] for sprint in closed), 'point')} of "
                f"{sum(sprint['committed_points'] for sprint in closed)} committed."
            )
        else:
            parts.append("No sprint has closed yet.")
        planned = [sprint for sprint in sprints if _planned(sprint)]
        if planned:
            parts.append(
                f"{_plural(len(planned), 'sprint')} planned, not started yet, with "
                f"{_plural(sum(sprint['planned_points'] or 0 for sprint in planned), 'point')} planned into "
                f"{'it' if len(planned) == 1 else 'them'} so far."
            )
    versions, feedback = document["policy_versions"], document["feedback"]
    # Before a sprint starts nothing has been published or received during it: no "0 published" to read.
    not_started = document["scope"] == "sprint" and _planned(sprints[0]) and not versions and not feedback
    if not not_started:
        open_feedback = sum(1 for row in feedback if row["disposition"] == "open")
        parts.append(
            f"{_plural(len(versions), 'policy version')} published; {_plural(len(feedback), 'comment')} "
            f"from stakeholders, {open_feedback} still open."
        )
    gaps = document["governance_gaps"]
    blocking = sum(1 for gap in gaps if gap["blocking"])
    if gaps:
        parts.append(f"{_plural(len(gaps), 'governance gap')} open" + (f", {blocking} blocking." if blocking else "."))
    return " ".join(parts)


def _charts_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    from reportlab.platypus import Spacer

    from app.reports import charts

    sprints, velocity = document["sprints"], document["velocity"]
    flowables: list[Any] = []
    if document["scope"] == "sprint" and len(sprints[0]["burndown"]) >= 2:  # a one-day sprint has no line to draw
        sprint = sprints[0]
        flowables.append(
            style.keep_together(
                [
                    style.heading("Burndown"),
                    style.paragraph(
                        "Points not yet done at the end of each day, against the scope (which moves when items "
                        "are added or removed mid-sprint) and the ideal straight line from the commitment."
                        + (" Days still to come are left blank." if sprint["state"] != "closed" else ""),
                        "note",
                    ),
                    Spacer(1, 4),
                    charts.burndown_drawing(sprint, width=style.CONTENT_WIDTH, height=180),
                ]
            )
        )
    if velocity:
        flowables.append(
            style.keep_together(
                [
                    style.heading("Velocity"),
                    style.paragraph(
                        "Committed against completed points per sprint; the line is the running average of "
                        "the closed sprints (an active sprint is still counting).",
                        "note",
                    ),
                    Spacer(1, 4),
                    charts.velocity_drawing(velocity, width=style.CONTENT_WIDTH, height=170),
                ]
            )
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
        started = [sprint for sprint in sprints if not _planned(sprint)]
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


def _items_section(sprint: Mapping[str, Any], style: Any) -> list[Any]:
    flowables: list[Any] = [style.heading("Backlog items")]
    items = sprint["items"]
    # A planned sprint's items are its plan; the done / not done / added groups begin when it starts.
    groups = ((PLANNED_GROUP[0], "Planned into the sprint"),) if _planned(sprint) else ITEM_GROUPS
    for key, title in groups:
        rows = items[key]
        if key == "removed" and not rows:
            continue
        total = sum(item["points"] for item in rows)
        if key == "carried_over" and sprint["state"] != "closed":
            title = "Not done yet"  # nothing is carried over until the sprint closes
        heading = style.paragraph(f"{title} · {_plural(len(rows), 'item')}, {_plural(total, 'point')}", "h2")
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


def _planned(sprint: Mapping[str, Any]) -> bool:
    """A planned sprint of the all-sprints report: listed, with no figures until it starts."""
    return sprint["state"] == "planned" and sprint.get("committed_points") is None


def _sprints_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    sprints = document["sprints"]
    if not sprints:
        return []

    def figure(sprint: Mapping[str, Any], key: str) -> str:
        return "–" if sprint[key] is None else str(sprint[key])

    flowables: list[Any] = [style.heading("Sprints")]
    planned = [sprint for sprint in sprints if _planned(sprint)]
    if planned:
        listed = "; ".join(
            f"{sprint['name']}, {_plural(sprint['planned_points'] or 0, 'point')} of {sprint['capacity_points']}"
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


def _versions_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    versions = document["policy_versions"]
    single = document["scope"] == "sprint"
    heading = style.heading("Policy versions published" + (" during the sprint" if single else ""))
    if not versions:
        if single and _planned(document["sprints"][0]):
            return [heading, style.paragraph("None yet: the sprint has not started.")]
        return [
            heading,
            style.paragraph(
                "No policy version was published "
                + ("during the sprint." if single else "for the project's policies yet.")
            ),
        ]
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


def _feedback_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    feedback = document["feedback"]
    single = document["scope"] == "sprint"
    heading = style.heading("Stakeholder feedback" + (" received during the sprint" if single else ""))
    if not feedback:
        if single and _planned(document["sprints"][0]):
            return [heading, style.paragraph("None yet: the sprint has not started.")]
        return [heading, style.paragraph("No feedback was received" + (" during the sprint." if single else "."))]
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
        style.paragraph(f"{_plural(len(feedback), 'comment')}: {summary}. Open comments are shaded."),
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


def _governance_section(document: Mapping[str, Any], style: Any) -> list[Any]:
    gaps = document["governance_gaps"]
    flowables: list[Any] = [style.heading("Governance gaps still open")]
    if not gaps:
        return [
            *flowables,
            style.paragraph(
                "Every policy the governance rules ask of the project at its stage is in "
                "force and within its review date."
            ),
        ]
    blocking = sum(1 for gap in gaps if gap["blocking"])
    section = [
        style.paragraph(
            f"{len(gaps)} policy {'area needs' if len(gaps) == 1 else 'areas need'} work at the project's "
            f"stage ({label_in(STAGES, document['project']['stage']).lower()})"
            + (
                f", {blocking} of them blocking: the rules let the project reach this stage only with a "
                "recorded justification."
                if blocking
                else "."
            )
        ),
        style.data_table(
            GOVERNANCE_COLUMNS,
            governance_rows(gaps),
            widths=(0.22, 0.14, 0.11, 0.53),
            highlight=[index for index, gap in enumerate(gaps) if gap["blocking"]],
        ),
    ]
    # A handful of gaps read as one block: a table split over a page for three rows looks careless.
    return [style.keep_together([*flowables, *section])]


_RENDERERS: dict[str, Renderer] = {
    ".pdf": render_pdf,
    ".xlsx": render_xlsx,
    ".csv": render_csv,
    ".json": render_json,
}
