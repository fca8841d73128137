"""The policy report's document: the project's sprints, versions, feedback and governance gaps, JSON-ready.

``build_policy_report`` reads the sprints through ``app.analysis.sprints`` (figures,
burndown and velocity from the items' status history), the policy versions
published with their approvals and sign-offs, and the stakeholder feedback received
(within the sprint's days when one sprint is asked for), and the open governance
gaps. Points come from ``item_history`` only, never from an item's current columns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from app.errors import UserError
from app.labels import DEPARTMENTS

if TYPE_CHECKING:
    from app.analysis.sprints import Burndown, ProjectSprints, SprintFigures
    from app.db.database import Database
    from app.db.reader import Reader
    from app.queries.projects import ProjectProfile

# The groups of a sprint's items, by their key in the document (the labels of stored values are ``app.labels``').
ITEM_GROUPS = (
    ("completed", "Done"),
    ("carried_over", "Carried over"),
    ("added", "Added mid-sprint"),
    ("removed", "Removed mid-sprint"),
)

# The one group of a planned sprint's items (empty for a sprint that has started).
PLANNED_GROUP = ("planned", "Planned")

# The figures a sprint has only once it has started: a planned sprint of the all-sprints report has none.
STARTED_FIGURES = ("committed_points", "completed_points", "added_points", "removed_points", "carried_over_points")


def build_policy_report(
    database: Database, project_name: str, *, sprint_name: str | None = None, today: date | None = None
) -> dict[str, Any]:
    """The policy-iteration report of the project called ``project_name``, as a JSON-ready document.

    Raises ``UserError`` for an unknown project or sprint.
    """
    from app.analysis.sprints import analyse_project_sprints
    from app.queries.projects import require_project
    from app.reports.context import governance_gaps

    reader = database.reader()
    profile = require_project(reader, project_name)
    today = today or date.today()
    analysed = analyse_project_sprints(reader, profile.id, today=today)
    pairs = _chosen(analysed, profile, sprint_name)
    sprints = [_sprint_document(reader, figures, chart, items=sprint_name is not None) for figures, chart in pairs]
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
        "governance_gaps": governance_gaps(reader, profile.id, today=today),
    }


def _chosen(
    analysed: ProjectSprints, profile: ProjectProfile, sprint_name: str | None
) -> list[tuple[SprintFigures, Burndown]]:
    """The (figures, burndown) of every sprint, or of the one called ``sprint_name``; ``UserError`` for none."""
    pairs = list(zip(analysed.figures, analysed.burndowns, strict=True))
    if sprint_name is None:
        return pairs
    wanted = sprint_name.strip().casefold()
    chosen = [pair for pair in pairs if pair[0].name.casefold() == wanted]
    if not chosen:
        names = ", ".join(figure.name for figure, _ in pairs) or "none yet"
        raise UserError(f"{profile.name} has no sprint called {sprint_name!r}; its sprints are {names}.")
    return chosen[:1]


def _sprint_document(reader: Reader, figures: SprintFigures, chart: Burndown, *, items: bool) -> dict[str, Any]:
    """One sprint's figures and burndown (a planned one: its points so far, planned), with ``items`` its items."""
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
    if items:
        sprint["items"] = _sprint_items(reader, figures)
    return sprint


def is_planned(sprint: Mapping[str, Any]) -> bool:
    """A planned sprint of the all-sprints report: listed, with no figures until it starts."""
    return sprint["state"] == "planned" and sprint.get("committed_points") is None


def _moment(value: object) -> datetime:
    """A stored timestamp (naive UTC, as text or datetime) as a naive datetime."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=None)


def _sprint_window(reader: Reader, figures: SprintFigures) -> tuple[datetime, datetime]:
    """When the sprint started (else its first day) and ended (its closing, else the day after its last)."""
    row = reader.one("SELECT started_at, closed_at FROM sprint WHERE id = :id", {"id": figures.sprint_id})
    assert row is not None
    start = _moment(row[0]) if row[0] is not None else datetime.combine(figures.start_on, datetime.min.time())
    end = datetime.combine(figures.end_on + timedelta(days=1), datetime.min.time())
    if row[1] is not None and _moment(row[1]) < end:
        end = _moment(row[1])
    return start, end


def _sprint_items(reader: Reader, figures: SprintFigures) -> dict[str, list[dict[str, Any]]]:
    """Titles and points of the items behind each figure, read from the history as the analysis reads it.

    An item's points are those of its last history row before the sprint ended (for
    done and carried-over items), when it entered (added) or when it left (removed).
    """
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
    final, entered, left = _points_in_sprint(reader, figures, marks=marks, params=params)

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


def _points_in_sprint(
    reader: Reader, figures: SprintFigures, *, marks: str, params: Mapping[str, int]
) -> tuple[dict[int, tuple[str, int]], dict[int, int], dict[int, int]]:
    """From the items' history: each item's (status, points) at the sprint's end, the points each brought in
    when it entered mid-sprint, and the points each took out when it left undone."""
    start, end = _sprint_window(reader, figures)
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
    return final, entered, left


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
