"""Organisation-wide settings: typed, stored in the database's ``setting`` table.

Each group is a ``NamedTuple`` with defaults and a schema version; a group is
stored as one JSON value under its key. Unknown or missing fields fall back to
their defaults, so an older database or a newer field never breaks reading.
(Per-user things such as window geometry live in ``QSettings`` in the views.)
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from app.db.database import Database
from app.db.reader import Reader
from app.errors import UserError

STAFFING_KEY = "staffing"
SETTINGS_VERSION = 1


class ShapeThresholds(NamedTuple):
    """The T-shape rules of DESIGN.md, as numbers HR may change."""

    deep_level: int = 4  # an area scoring at least this is deep
    broad_level: int = 2  # an area scoring at least this, and not deep, is broad
    min_broad: int = 3  # T, Π and generalist need at least this many broad areas
    pi_min_deep: int = 2  # Π-shaped needs at least this many deep areas

    def check(self) -> None:
        if not 1 <= self.broad_level < self.deep_level <= 4:
            raise UserError("The broad level must be at least 1 and below the deep level, which is at most 4.")
        if self.min_broad < 1 or self.pi_min_deep < 2:
            raise UserError("At least one broad area, and at least two deep areas for Π-shaped, are needed.")


class StaffingSettings(NamedTuple):
    shapes: ShapeThresholds = ShapeThresholds()


def _from_json(text: str | None) -> StaffingSettings:
    if not text:
        return StaffingSettings()
    try:
        data: dict[str, Any] = json.loads(text)
        shapes = {key: int(value) for key, value in data.get("shapes", {}).items() if key in ShapeThresholds._fields}
        return StaffingSettings(shapes=ShapeThresholds(**shapes))
    except (ValueError, TypeError, AttributeError):
        return StaffingSettings()


def load_staffing_settings(reader: Reader) -> StaffingSettings:
    """The staffing settings, or the defaults where none were saved."""
    return _from_json(reader.scalar("SELECT value FROM setting WHERE key = :key", {"key": STAFFING_KEY}))


def save_staffing_settings(database: Database, settings: StaffingSettings) -> Any:
    """Store ``settings`` (a service: one transaction with its audit event)."""
    from models.audit import Setting
    from app.services.unit import Change, unit_of_work

    settings.shapes.check()
    value = json.dumps({"version": SETTINGS_VERSION, "shapes": settings.shapes._asdict()}, sort_keys=True)
    with unit_of_work(database) as unit:
        row = unit.session.get(Setting, STAFFING_KEY)
        before = _from_json(row.value if row else None)
        if row is None:
            unit.session.add(Setting(key=STAFFING_KEY, value=value))
        else:
            row.value = value
        unit.audit(entity="setting", entity_id=None, action="updated",
                   before={"staffing": before.shapes._asdict()}, after={"staffing": settings.shapes._asdict()})
        return Change(entity="setting", action="updated", details={"key": STAFFING_KEY})
