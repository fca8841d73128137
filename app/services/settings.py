"""Writing the organisation-wide settings: each group in one transaction with its audit event.

The groups, their defaults and how they are read live in ``app.settings``; a
save checks the group first, stores it as one JSON value under its key and
returns the ``Change`` the pages refresh on, with what was stored before
(``details["stored_before"]``: the JSON, or ``None`` when nothing was and the
defaults applied) so that :func:`restore_setting` can undo it exactly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.unit import unit_of_work
from app.settings import (
    BACKUPS_KEY,
    FINANCE_KEY,
    SETTINGS_VERSION,
    STAFFING_KEY,
    BackupSettings,
    FinanceSettings,
    StaffingSettings,
    backup_from_json,
    finance_from_json,
    finance_to_dict,
    staffing_from_json,
)


def _shown_staffing(value: str | None) -> dict[str, Any]:
    return staffing_from_json(value).shapes._asdict()


def _shown_finance(value: str | None) -> dict[str, Any]:
    return finance_to_dict(finance_from_json(value))


def _shown_backups(value: str | None) -> dict[str, Any]:
    return backup_from_json(value)._asdict()


# key -> (the group's name in the audit trail, the group as the audit shows a stored value)
_GROUPS: dict[str, tuple[str, Callable[[str | None], dict[str, Any]]]] = {
    STAFFING_KEY: ("staffing", _shown_staffing),
    FINANCE_KEY: ("finance", _shown_finance),
    BACKUPS_KEY: ("backups", _shown_backups),
}


def save_staffing_settings(database: Database, settings: StaffingSettings) -> Change:
    """Store the T-shape thresholds HR chose."""
    settings.shapes.check()
    return _store(database, STAFFING_KEY, _json({"shapes": settings.shapes._asdict()}))


def save_finance_settings(database: Database, settings: FinanceSettings) -> Change:
    """Store the fiscal year's first month, the costs of closing gaps and the over/under tolerance."""
    settings.check()
    return _store(database, FINANCE_KEY, _json(finance_to_dict(settings)))


def save_backup_settings(database: Database, settings: BackupSettings) -> Change:
    """Store how many automatic backups to keep (applied when the next backup is taken)."""
    settings.check()
    return _store(database, BACKUPS_KEY, _json(settings._asdict()))


def restore_setting(database: Database, key: str, stored: str | None) -> Change:
    """Put back what a save found under ``key`` (its ``details["stored_before"]``): the undo of that save.

    ``None`` removes the stored value, so the defaults apply again as they did
    before, rather than a copy of today's defaults that a later version would not change.
    """
    if key not in _GROUPS:
        raise UserError(f"There is no setting group {key!r}.")
    return _store(database, key, stored)


def _json(stored: Mapping[str, Any]) -> str:
    return json.dumps({"version": SETTINGS_VERSION, **stored}, sort_keys=True)


def _store(database: Database, key: str, value: str | None) -> Change:
    """Write ``value`` under ``key`` (``None``: no stored value); the audit event shows the group before and after."""
    from models.audit import Setting

    group, shown = _GROUPS[key]
    with unit_of_work(database) as unit:
        row = unit.session.get(Setting, key)
        stored_before = row.value if row is not None else None
        if value is None:
            if row is not None:
                unit.session.delete(row)
        elif row is None:
            unit.session.add(Setting(key=key, value=value))
        else:
            row.value = value
        unit.audit(
            entity=Entity.SETTING,
            entity_id=None,
            action=Action.UPDATED,
            before={group: shown(stored_before)},
            after={group: shown(value)},
        )
        return Change(
            entity=Entity.SETTING, action=Action.UPDATED, details={"key": key, "stored_before": stored_before}
        )
