"""Backlog items against their history, the history's order, the backlog's ranks, items in another project's sprint.

What must hold (``app.services.policy.backlog`` and ``ordering``): every item has
the history row its creation wrote, and its status, sprint and points now are its
newest history row's; history rows are only ever appended, never stamped before
the item's last change; ranks order a project's backlog, so no two items of one
project share one; an item, its history and its commitments name sprints of its
own project only.
"""

from __future__ import annotations

import math
from collections import defaultdict

from app.db.reader import Reader
from app.queries.consistency.findings import Finding, grouped_ids, plural, row_ids, rows_finding


def _project_names(reader: Reader) -> dict[int, str]:
    return {int(row[0]): str(row[1]) for row in reader.rows("SELECT id, name FROM project")}


def _project_words(names: dict[int, str], project_id: int) -> str:
    return f"project {names.get(project_id, '?')!r}"


def history(reader: Reader) -> list[Finding]:
    """Each item has a history, and what it says now is what its newest history row says."""
    names = _project_names(reader)
    findings = []
    bare = grouped_ids(
        reader.rows(
            "SELECT project_id, id FROM backlog_item AS i"
            " WHERE NOT EXISTS (SELECT 1 FROM item_history AS h WHERE h.item_id = i.id) ORDER BY id"
        )
    )
    for project_id, items in bare:
        findings.append(
            rows_finding(
                "backlog.history",
                f"{plural(len(items), 'backlog item')} have no history, so the sprint charts leave them out.",
                "backlog_item",
                items,
                then=f" of {_project_words(names, project_id)}",
            )
        )
    drifted = grouped_ids(
        reader.rows(
            """
            SELECT i.project_id, i.id FROM backlog_item AS i JOIN (
                SELECT item_id, status, sprint_id, points,
                       row_number() OVER (PARTITION BY item_id ORDER BY changed_at DESC, id DESC) AS newest
                FROM item_history
            ) AS h ON h.item_id = i.id AND h.newest = 1
            -- differs, NULL included (SQLite's IS NOT; PostgreSQL's IS DISTINCT FROM, older SQLite lacks)
            WHERE (i.status <> h.status OR (i.status IS NULL) <> (h.status IS NULL))
               OR (i.sprint_id <> h.sprint_id OR (i.sprint_id IS NULL) <> (h.sprint_id IS NULL))
               OR (i.points <> h.points OR (i.points IS NULL) <> (h.points IS NULL))
            ORDER BY i.id
            """
        )
    )
    for project_id, items in drifted:
        findings.append(
            rows_finding(
                "backlog.history",
                f"{plural(len(items), 'backlog item')} show a status, sprint or points their history does not "
                "have, so the sprint charts disagree with the backlog.",
                "backlog_item",
                items,
                then=f" of {_project_words(names, project_id)}",
            )
        )
    return findings


def history_order(reader: Reader) -> list[Finding]:
    """History is appended in time order: a row stamped before one written earlier rewrote the past."""
    rows = row_ids(
        reader,
        """
        SELECT id FROM (
            SELECT id, changed_at,
                   max(changed_at) OVER (PARTITION BY item_id ORDER BY id
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS latest_before
            FROM item_history
        ) WHERE changed_at < latest_before ORDER BY id
        """,
    )
    if not rows:
        return []
    return [
        rows_finding(
            "backlog.history_order",
            f"{plural(len(rows), 'history row')} of backlog items are stamped before a change recorded earlier, "
            "so a closed sprint's figures may have been rewritten.",
            "item_history",
            rows,
        )
    ]


def ranks(reader: Reader) -> list[Finding]:
    """A project's ranks order its backlog: distinct and finite."""
    names = _project_names(reader)
    by_rank: defaultdict[tuple[int, float], list[int]] = defaultdict(list)
    infinite: defaultdict[int, list[int]] = defaultdict(list)
    for project_id, item_id, rank in reader.rows("SELECT project_id, id, rank FROM backlog_item ORDER BY id"):
        if rank is None or not math.isfinite(float(rank)):
            infinite[int(project_id)].append(int(item_id))
        else:
            by_rank[(int(project_id), float(rank))].append(int(item_id))
    shared: defaultdict[int, list[int]] = defaultdict(list)
    for (project_id, _rank), items in by_rank.items():
        if len(items) > 1:
            shared[project_id].extend(items)
    findings = []
    for project_id, items in sorted(shared.items()):
        findings.append(
            rows_finding(
                "backlog.ranks",
                f"{plural(len(items), 'backlog item')} share a rank with another, so the backlog's order "
                "between them is arbitrary.",
                "backlog_item",
                sorted(items),
                advice="Drag one of them to its place on the project's Backlog page: Steward renumbers the ranks.",
                then=f" of {_project_words(names, project_id)}",
            )
        )
    for project_id, items in sorted(infinite.items()):
        findings.append(
            rows_finding(
                "backlog.ranks",
                f"{plural(len(items), 'backlog item')} have no usable rank (infinite or missing).",
                "backlog_item",
                items,
                advice="Drag them to their place on the project's Backlog page: Steward renumbers the ranks.",
                then=f" of {_project_words(names, project_id)}",
            )
        )
    return findings


# (table, the query of its rows' ids with their item's project and their sprint's), for the sprint check.
_SPRINT_HOLDERS = (
    (
        "backlog_item",
        "SELECT i.id, i.project_id, s.project_id FROM backlog_item AS i JOIN sprint AS s ON s.id = i.sprint_id",
    ),
    (
        "item_history",
        "SELECT h.id, i.project_id, s.project_id FROM item_history AS h"
        " JOIN backlog_item AS i ON i.id = h.item_id JOIN sprint AS s ON s.id = h.sprint_id",
    ),
    (
        "sprint_commitment",
        "SELECT c.item_id, i.project_id, s.project_id FROM sprint_commitment AS c"
        " JOIN backlog_item AS i ON i.id = c.item_id JOIN sprint AS s ON s.id = c.sprint_id",
    ),
)


def sprint_projects(reader: Reader) -> list[Finding]:
    """An item, its history and its commitments name sprints of the item's own project only."""
    names = _project_names(reader)
    findings = []
    for table, sql in _SPRINT_HOLDERS:
        crossed = grouped_ids(
            (item_project, row_id)
            for row_id, item_project, _sprint_project in reader.rows(f"{sql} WHERE i.project_id <> s.project_id")
        )
        for project_id, rows in crossed:
            noun = "item" if table == "sprint_commitment" else "row"
            findings.append(
                rows_finding(
                    "backlog.sprint_project",
                    f"{plural(len(rows), 'row')} of {table} put items of {_project_words(names, project_id)} "
                    "in another project's sprint.",
                    table,
                    sorted(rows),
                    noun=noun,
                )
            )
    return findings
