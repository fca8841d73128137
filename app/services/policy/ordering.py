"""The order of a project's backlog: moving one item or a block of items, and putting ranks back.

Backlog order is a fractional ``rank`` per project: moving an item gives it the
midpoint of its new neighbours, so no other item's rank changes; only when two
neighbours are too close to split are the project's ranks renumbered 1, 2, 3…
in their current order. A block of items moves as that many single moves, one
after the other, computed on the order read once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.policy.backlog import _project_items
from app.services.policy.rows import _item
from app.services.unit import Unit, unit_of_work

# Below this gap between two neighbours a midpoint is no longer a distinct float worth trusting.
MIN_RANK_GAP = 1e-6


class _Move(NamedTuple):
    """What one item's move did: its rank before, and whether the others were renumbered to make room."""

    old_rank: float
    renumbered: bool


def _ordered_items(unit: Unit, project_id: int) -> list[Any]:
    from sqlmodel import col, select

    from models.policy import BacklogItem

    return list(
        unit.session.exec(
            select(BacklogItem)
            .where(BacklogItem.project_id == project_id)
            .order_by(col(BacklogItem.rank), col(BacklogItem.id))
        ).all()
    )


def _check_anchor(unit: Unit, item: Any, before_item_id: int | None) -> None:
    """The item to move before must exist and be of the same project (None: the end, always fine)."""
    if before_item_id is not None and _item(unit, before_item_id).project_id != item.project_id:
        raise UserError("An item can only be moved among the items of its own project.")


def _place(order: list[Any], item: Any, before_item_id: int | None) -> _Move | None:
    """Rank ``item`` just before ``before_item_id`` (None: at the end) among ``order``, the project's items in
    backlog order, and keep ``order`` in backlog order; None when the item is there already."""
    others = [row for row in order if row.id != item.id]
    position = (
        len(others)
        if before_item_id is None
        else next(index for index, row in enumerate(others) if row.id == before_item_id)
    )
    if order.index(item) == position:  # already there: without it, the same neighbours
        return None
    old_rank = item.rank
    renumbered = False
    lower = others[position - 1].rank if position > 0 else None
    upper = others[position].rank if position < len(others) else None
    if lower is not None and upper is not None and upper - lower < MIN_RANK_GAP:
        for number, row in enumerate(others, start=1):
            row.rank = float(number)
        lower, upper = (float(position) if position > 0 else None), float(position + 1)
        renumbered = True
    if upper is None:
        assert lower is not None  # no item before the end means it is alone, and returned unchanged above
        item.rank = float(int(lower) + 1)
    elif lower is None:
        item.rank = upper - 1.0
    else:
        item.rank = (lower + upper) / 2
    order.sort(key=lambda row: (row.rank, row.id))  # as the database orders them
    return _Move(old_rank, renumbered)


def _audit_move(unit: Unit, item: Any, move: _Move, before_item_id: int | None) -> None:
    unit.audit(
        entity=Entity.BACKLOG_ITEM,
        entity_id=item.id,
        action=Action.MOVED,
        before={"rank": move.old_rank},
        after={"rank": item.rank, "before_item_id": before_item_id, "renumbered": move.renumbered},
    )


def move_item(database: Database, item_id: int, *, before_item_id: int | None = None) -> Change:
    """Put an item just before ``before_item_id`` in its project's backlog, or at the end when None."""
    with unit_of_work(database) as unit:
        item = _item(unit, item_id)
        if before_item_id == item_id:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=(item_id,))
        _check_anchor(unit, item, before_item_id)
        move = _place(_ordered_items(unit, item.project_id), item, before_item_id)
        if move is None:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=(item_id,))
        unit.flush()
        _audit_move(unit, item, move, before_item_id)
        return Change(
            entity=Entity.BACKLOG_ITEM,
            action=Action.MOVED,
            ids=(item_id,),
            details={"project_id": item.project_id, "renumbered": move.renumbered},
        )


def move_items(database: Database, item_ids: Iterable[int], *, before_item_id: int | None = None) -> Change:
    """Put several items, in the given order, just before ``before_item_id`` (None: at the end), in one transaction.

    Each item moves as :func:`move_item` would move it after the ones before it
    (the same ranks and the same audit event each), on the order read once. The
    Change's ``details["ranks_before"]`` holds every rank the move changed (a
    renumbering changes others too), so :func:`restore_ranks` undoes it exactly.
    """
    with unit_of_work(database) as unit:
        items = _project_items(unit, item_ids)
        project_id = items[0].project_id
        order = _ordered_items(unit, project_id)
        ranks_before = {row.id: row.rank for row in order}
        moving = {item.id for item in items}
        # The anchor of a block dropped onto one of its own items is the first item after it that stays put.
        anchor = before_item_id
        if anchor in moving:
            ids = [row.id for row in order]
            anchor = next((item_id for item_id in ids[ids.index(anchor) :] if item_id not in moving), None)
        _check_anchor(unit, items[0], anchor)
        for item in items:
            move = _place(order, item, anchor)
            if move is not None:
                _audit_move(unit, item, move, anchor)
        unit.flush()
        changed = {row.id: ranks_before[row.id] for row in order if row.rank != ranks_before[row.id]}
        if not changed:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=tuple(moving))
        return Change(
            entity=Entity.BACKLOG_ITEM,
            action=Action.MOVED,
            ids=tuple(item.id for item in items),
            details={"project_id": project_id, "ranks_before": changed},
        )


def restore_ranks(database: Database, ranks: Mapping[int, float]) -> Change:
    """Give items back the ranks they had (the undo of :func:`move_items`)."""
    with unit_of_work(database) as unit:
        items = _project_items(unit, ranks)
        before = {item.id: item.rank for item in items}
        for item in items:
            item.rank = float(ranks[item.id])
        unit.flush()
        for item in items:
            unit.audit(
                entity=Entity.BACKLOG_ITEM,
                entity_id=item.id,
                action=Action.MOVED,
                before={"rank": before[item.id]},
                after={"rank": item.rank},
            )
        return Change(
            entity=Entity.BACKLOG_ITEM,
            action=Action.MOVED,
            ids=tuple(item.id for item in items),
            details={"project_id": items[0].project_id, "ranks_before": before},
        )
