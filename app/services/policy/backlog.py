"""Backlog items: creating and editing them, their status, which sprint holds them, deleting one.

``ItemHistory`` is the record: every change of an item's status, sprint or
points adds one row stamped with the time of the change (creation writes the
first), so a closed sprint's figures can be recomputed from history up to its
``closed_at`` no matter what happens to the items later.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import partial
from typing import Any

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.fields import snapshot
from app.services.inputs import Cleaner, Fields, as_given
from app.services.policy.inputs import _enum, _moment, _points, _text
from app.services.policy.rows import _item, _person, _policy, _project, _sprint
from app.services.unit import Unit, unit_of_work
from models.enums import ItemKind, ItemStatus, SprintState

# How each field of an item a user may edit is checked.
_EDITABLE: Mapping[str, Cleaner] = {
    "title": partial(_text, what="title for the item", required=True),
    "kind": partial(_enum, ItemKind, what="kind of item"),
    "points": _points,
    "owner_department": partial(_text, what="owner_department"),
    "assignee_id": as_given,
    "acceptance_criteria": partial(_text, what="acceptance_criteria"),
    "policy_id": as_given,
}
ITEM_FIELDS = tuple(_EDITABLE)


def _own_action(key: str) -> Cleaner:
    """The cleaner of a field that is not one: an item's status, sprint and rank are changed by their own actions."""

    def refuse(_value: Any) -> Any:
        raise UserError(f"An item's {key.replace('_id', '')} is changed with its own action, not as a field.")

    return refuse


_ITEM = Fields(
    {**_EDITABLE, **{key: _own_action(key) for key in ("status", "sprint_id", "rank")}},
    unknown="{key!r} is not a field of a backlog item.",
)


def _check_item_links(unit: Unit, project_id: int, values: Mapping[str, Any]) -> None:
    if "assignee_id" in values:
        _person(unit, values["assignee_id"])
    if values.get("policy_id") is not None:
        policy = _policy(unit, values["policy_id"])
        if policy.project_id not in (None, project_id):
            raise UserError(
                f"The policy {policy.title!r} belongs to another project; link an org-wide policy "
                "or one of this project."
            )


def _record(unit: Unit, item: Any, at: datetime) -> None:
    """One history row: the item's status, sprint and points from ``at`` on."""
    from sqlmodel import col, select

    from models.policy import ItemHistory

    latest = unit.session.exec(
        select(ItemHistory.changed_at)
        .where(ItemHistory.item_id == item.id)
        .order_by(col(ItemHistory.changed_at).desc())
        .limit(1)
    ).first()
    # SQLite hands datetimes back without their zone; everything stored is UTC.
    if latest is not None and at < latest.replace(tzinfo=UTC):
        raise UserError(
            f"{item.title!r} last changed at {latest:%Y-%m-%d %H:%M}; a change cannot be recorded before that."
        )
    unit.session.add(
        ItemHistory(item_id=item.id, changed_at=at, status=item.status, sprint_id=item.sprint_id, points=item.points)
    )


def _with_history(
    unit: Unit,
    item: Any,
    moment: datetime,
    action: Action,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any],
    details: Mapping[str, Any],
) -> Change:
    """The item's history row at ``moment`` and the audit event of what changed: how a change of its state ends."""
    _record(unit, item, moment)
    unit.flush()
    return unit.record(Entity.BACKLOG_ITEM, item.id, action, before=before, after=after, details=details)


def _end_rank(unit: Unit, project_id: int) -> float:
    """The rank of a new last item: the next whole number after the project's highest rank."""
    from sqlmodel import func, select

    from models.policy import BacklogItem

    last_rank = unit.session.exec(select(func.max(BacklogItem.rank)).where(BacklogItem.project_id == project_id)).one()
    return float(int(last_rank or 0) + 1)


def create_item(
    database: Database,
    project_id: int,
    *,
    title: str,
    kind: ItemKind | str = ItemKind.NEW_POLICY,
    points: int | None = None,
    owner_department: str = "",
    assignee_id: int | None = None,
    acceptance_criteria: str = "",
    policy_id: int | None = None,
    template_key: str | None = None,
    at: datetime | None = None,
) -> Change:
    """A new item at the end of the project's backlog, with the first row of its history."""
    from models.policy import BacklogItem

    values = _ITEM.clean(
        {
            "title": title,
            "kind": kind,
            "points": points,
            "owner_department": owner_department,
            "assignee_id": assignee_id,
            "acceptance_criteria": acceptance_criteria,
            "policy_id": policy_id,
        }
    )
    moment = _moment(at)
    with unit_of_work(database) as unit:
        _project(unit, project_id)
        _check_item_links(unit, project_id, values)
        item = BacklogItem(
            project_id=project_id,
            rank=_end_rank(unit, project_id),
            status=ItemStatus.BACKLOG,
            template_key=template_key,
            created_at=moment,
            **values,
        )
        unit.insert(item)
        return _with_history(
            unit,
            item,
            moment,
            Action.CREATED,
            after={
                **values,
                "project_id": project_id,
                "rank": item.rank,
                "status": item.status,
                "template_key": template_key,
                "created_at": moment,
            },
            details={"project_id": project_id},
        )


def update_item(database: Database, item_id: int, changes: Mapping[str, Any], *, at: datetime | None = None) -> Change:
    """Change some of an item's fields; a change of points is also a row of its history."""
    values = _ITEM.clean(changes)
    moment = _moment(at)
    with unit_of_work(database) as unit:
        item = _item(unit, item_id)
        _check_item_links(unit, item.project_id, values)

        def record_points(_before: dict[str, Any], after: dict[str, Any]) -> None:
            if "points" in after:
                _record(unit, item, moment)

        return unit.update(
            Entity.BACKLOG_ITEM,
            item_id,
            item,
            values,
            details={"project_id": item.project_id},
            details_with_changes=True,
            on_change=record_points,
        )


def set_status(database: Database, item_id: int, status: ItemStatus | str, *, at: datetime | None = None) -> Change:
    """Move an item to ``status`` (done is allowed outside a sprint too), recorded in its history at ``at``."""
    status = _enum(ItemStatus, status, what="status")
    moment = _moment(at)
    with unit_of_work(database) as unit:
        item = _item(unit, item_id)
        if item.status == status:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=(item_id,))
        if item.sprint_id is not None:
            sprint = _sprint(unit, item.sprint_id)
            if sprint.state == SprintState.CLOSED:
                raise UserError(
                    f"{item.title!r} belongs to the closed sprint {sprint.name!r}; move it to the "
                    "backlog or another sprint before changing its status."
                )
        before = item.status
        item.status = status
        return _with_history(
            unit,
            item,
            moment,
            Action.STATUS_CHANGED,
            before={"status": before},
            after={"status": status, "changed_at": moment},
            details={"project_id": item.project_id, "status": status},
        )


def _move_to_sprint(unit: Unit, item: Any, sprint_id: int | None, moment: datetime) -> dict[str, Any]:
    """Put ``item`` in ``sprint_id`` (None: the backlog) with its history row; returns its state before, for the audit.

    An item entering a sprint from the backlog is "to do" (one carried over keeps
    its status); one leaving a sprint unfinished is back to "backlog".
    """
    before = {"sprint_id": item.sprint_id, "status": item.status}
    _put_in_sprint(item, sprint_id)
    _record(unit, item, moment)
    return before


def _put_in_sprint(item: Any, sprint_id: int | None) -> None:
    """Set ``item``'s sprint and the status the move implies (the rule of :func:`_move_to_sprint`), no history."""
    item.sprint_id = sprint_id
    if sprint_id is not None and item.status == ItemStatus.BACKLOG:
        item.status = ItemStatus.TODO
    elif sprint_id is None and item.status != ItemStatus.DONE:
        item.status = ItemStatus.BACKLOG


def _moved_to_sprint(unit: Unit, item: Any, sprint_id: int | None, moment: datetime, *, action: Action) -> Change:
    """Move ``item`` (see :func:`_move_to_sprint`) and audit it; the Change names the sprint it entered or left."""
    before = {"sprint_id": item.sprint_id, "status": item.status}
    _put_in_sprint(item, sprint_id)
    return _with_history(
        unit,
        item,
        moment,
        action,
        before=before,
        after={"sprint_id": sprint_id, "status": item.status, "changed_at": moment},
        details={"project_id": item.project_id, "sprint_id": before["sprint_id"] if sprint_id is None else sprint_id},
    )


def assign_to_sprint(database: Database, item_id: int, sprint_id: int, *, at: datetime | None = None) -> Change:
    """Put an item in a planned or active sprint of its project (a backlog item becomes "to do")."""
    moment = _moment(at)
    with unit_of_work(database) as unit:
        item = _item(unit, item_id)
        sprint = _sprint(unit, sprint_id)
        if sprint.project_id != item.project_id:
            raise UserError(f"The sprint {sprint.name!r} belongs to another project.")
        if sprint.state == SprintState.CLOSED:
            raise UserError(f"The sprint {sprint.name!r} is closed; choose a planned or active sprint.")
        if item.sprint_id == sprint_id:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=(item_id,))
        return _moved_to_sprint(unit, item, sprint_id, moment, action=Action.ASSIGNED)


def remove_from_sprint(database: Database, item_id: int, *, at: datetime | None = None) -> Change:
    """Take an item out of its sprint; unless done it goes back to the backlog status."""
    moment = _moment(at)
    with unit_of_work(database) as unit:
        item = _item(unit, item_id)
        if item.sprint_id is None:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=(item_id,))
        return _moved_to_sprint(unit, item, None, moment, action=Action.UNASSIGNED)


def _project_items(unit: Unit, item_ids: Iterable[int]) -> list[Any]:
    """The items of ``item_ids`` (in that order, once each), which must all belong to one project."""
    items = [_item(unit, item_id) for item_id in dict.fromkeys(item_ids)]
    if not items:
        raise UserError("Choose at least one backlog item.")
    if len({item.project_id for item in items}) > 1:
        raise UserError("Items of different projects cannot be moved together.")
    return items


def place_items(
    database: Database,
    placements: Mapping[int, tuple[int | None, ItemStatus | str | None]],
    *,
    at: datetime | None = None,
) -> Change:
    """Put each item in a sprint (None: the backlog) with a status (None: what the move implies), in one go.

    An item entering a sprint from the backlog becomes "to do", one leaving a
    sprint unfinished goes back to "backlog" (as :func:`assign_to_sprint` and
    :func:`remove_from_sprint`); an explicit status is set after the move. The
    Change's ``details["before"]`` maps each item to its (sprint, status) before,
    which is the placement that undoes this one. Closed sprints take no items.
    """
    moment = _moment(at)
    with unit_of_work(database) as unit:
        items = _project_items(unit, placements)
        before: dict[int, tuple[int | None, str]] = {}
        for item in items:
            sprint_id, status = placements[item.id]
            status = None if status is None else _enum(ItemStatus, status, what="status")
            for sprint_of_item in {item.sprint_id, sprint_id} - {None}:
                sprint = _sprint(unit, sprint_of_item)
                if sprint.project_id != item.project_id:
                    raise UserError(f"The sprint {sprint.name!r} belongs to another project.")
                if sprint.state == SprintState.CLOSED:
                    raise UserError(
                        f"The sprint {sprint.name!r} is closed; {item.title!r} cannot move "
                        f"{'into' if sprint.id == sprint_id else 'out of'} it."
                    )
            old = (item.sprint_id, item.status.value)
            if item.sprint_id != sprint_id:
                _put_in_sprint(item, sprint_id)
            if status is not None:
                item.status = status
            if (item.sprint_id, item.status.value) == old:
                continue
            before[item.id] = old
            _record(unit, item, moment)
            unit.flush()
            unit.audit(
                entity=Entity.BACKLOG_ITEM,
                entity_id=item.id,
                action=Action.PLACED,
                before={"sprint_id": old[0], "status": old[1]},
                after={"sprint_id": item.sprint_id, "status": item.status, "changed_at": moment},
            )
        if not before:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=tuple(item.id for item in items))
        return Change(
            entity=Entity.BACKLOG_ITEM,
            action=Action.PLACED,
            ids=tuple(before),
            details={"project_id": items[0].project_id, "before": before},
        )


def delete_item(database: Database, item_id: int) -> Change:
    """Delete an item that never moved past its creation and has no feedback; otherwise it is history."""
    from sqlmodel import col, delete, func, select

    from models.policy import Feedback, ItemHistory, SprintCommitment

    with unit_of_work(database) as unit:
        session = unit.session
        item = _item(unit, item_id)
        changes = session.exec(
            select(func.count()).select_from(ItemHistory).where(ItemHistory.item_id == item_id)
        ).one()
        feedback = session.exec(select(func.count()).select_from(Feedback).where(Feedback.item_id == item_id)).one()
        committed = session.exec(
            select(func.count()).select_from(SprintCommitment).where(SprintCommitment.item_id == item_id)
        ).one()
        if changes > 1 or committed:
            raise UserError(
                f"{item.title!r} has a history of changes, so it is kept; mark it done or leave it "
                "in the backlog instead."
            )
        if feedback:
            raise UserError(f"{item.title!r} has stakeholder feedback, so it is kept for the record.")
        before = snapshot(item, (*ITEM_FIELDS, "project_id", "rank", "status", "template_key", "created_at"))
        session.exec(delete(ItemHistory).where(col(ItemHistory.item_id) == item_id))
        return unit.delete(
            Entity.BACKLOG_ITEM, item_id, item, before=before, details={"project_id": before["project_id"]}
        )
