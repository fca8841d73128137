"""Writing the organisation-wide settings: each group in one transaction with its audit event.

The groups, their defaults and how they are read live in ``app.settings``; a
save checks the group first, stores it as one JSON value under its key and
returns the ``Change`` the pages refresh on.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from app.db.database import Database
from app.services.unit import Change, unit_of_work
from app.settings import (
    FINANCE_KEY,
    SETTINGS_VERSION,
    STAFFING_KEY,
    FinanceSettings,
    StaffingSettings,
    finance_from_json,
    finance_to_dict,
    staffing_from_json,
)


def save_staffing_settings(database: Database, settings: StaffingSettings) -> Change:
    """Store the T-shape thresholds HR chose."""
    settings.shapes.check()
    return _store(
        database,
        STAFFING_KEY,
        group="staffing",
        stored={"shapes": settings.shapes._asdict()},
        shown=lambda value: staffing_from_json(value).shapes._asdict(),
    )


def save_finance_settings(database: Database, settings: FinanceSettings) -> Change:
    """Store the fiscal year's first month, the costs of closing gaps and the over/under tolerance."""
    settings.check()
    return _store(
        database,
        FINANCE_KEY,
        group="finance",
        stored=finance_to_dict(settings),
        shown=lambda value: finance_to_dict(finance_from_json(value)),
    )


def _store(
    database: Database,
    key: str,
    *,
    group: str,
    stored: Mapping[str, Any],
    shown: Any,
) -> Change:
    """Write ``stored`` under ``key``; the audit event shows the group before and after (``shown`` of the JSON)."""
    from models.audit import Setting

    value = json.dumps({"version": SETTINGS_VERSION, **stored}, sort_keys=True)
    with unit_of_work(database) as unit:
        row = unit.session.get(Setting, key)
        before = shown(row.value if row is not None else None)
        if row is None:
            unit.session.add(Setting(key=key, value=value))
        else:
            row.value = value
        unit.audit(
            entity="setting", entity_id=None, action="updated", before={group: before}, after={group: shown(value)}
        )
        return Change(entity="setting", action="updated", details={"key": key})
