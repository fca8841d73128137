"""Organisation-wide settings: typed, stored in the database's ``setting`` table.

Each group is a ``NamedTuple`` with defaults and a schema version; a group is
stored as one JSON value under its key. Unknown or missing fields fall back to
their defaults, so an older database or a newer field never breaks reading.
(Per-user things such as window geometry live in ``QSettings`` in the views.)
Reading is here; writing is a service, ``app.services.settings``.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, NamedTuple

from app.db.reader import Reader
from app.errors import UserError

STAFFING_KEY = "staffing"
FINANCE_KEY = "finance"
BACKUPS_KEY = "backups"
SETTINGS_VERSION = 1


class ShapeThresholds(NamedTuple):
    """The T-shape rules (docs/ARCHITECTURE.md, Concepts and formulas), as numbers HR may change."""

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


def staffing_from_json(text: str | None) -> StaffingSettings:
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
    return staffing_from_json(reader.scalar("SELECT value FROM setting WHERE key = :key", {"key": STAFFING_KEY}))


# Yearly cost of hiring one FTE, per skill area; "other" for areas not listed.
DEFAULT_HIRE_COSTS = MappingProxyType(
    {
        "Data science": Decimal("95000.00"),
        "Machine learning": Decimal("105000.00"),
        "Software engineering": Decimal("90000.00"),
        "Cyber security": Decimal("110000.00"),
        "other": Decimal("80000.00"),
    }
)


class FinanceSettings(NamedTuple):
    """Finance's organisation-wide numbers: the fiscal calendar and the costs used in proposals."""

    fiscal_year_start_month: int = 1  # fiscal year N runs from (N, start, 1) to the day before (N + 1, start, 1)
    hire_cost_per_fte: Any = DEFAULT_HIRE_COSTS  # Mapping[str, Decimal]: area name -> yearly cost of 1 FTE
    training_cost_per_level: Decimal = Decimal("2500.00")  # raising one person one level
    overspend_tolerance_percent: Decimal = Decimal("5")  # actual above expected-to-date by more than this: over

    def hire_cost(self, area: str) -> Decimal:
        return Decimal(self.hire_cost_per_fte.get(area, self.hire_cost_per_fte.get("other", Decimal("0"))))

    def check(self) -> None:
        if not 1 <= self.fiscal_year_start_month <= 12:
            raise UserError("The fiscal year starts in a month from 1 (January) to 12 (December).")
        amounts = [self.training_cost_per_level, self.overspend_tolerance_percent, *self.hire_cost_per_fte.values()]
        if any(Decimal(amount) < 0 for amount in amounts):
            raise UserError("Costs and the tolerance cannot be negative.")


def finance_from_json(text: str | None) -> FinanceSettings:
    defaults = FinanceSettings()
    if not text:
        return defaults
    try:
        data: dict[str, Any] = json.loads(text)
        hire = dict(DEFAULT_HIRE_COSTS)
        hire.update({str(area): Decimal(str(cost)) for area, cost in data.get("hire_cost_per_fte", {}).items()})
        return FinanceSettings(
            fiscal_year_start_month=int(data.get("fiscal_year_start_month", defaults.fiscal_year_start_month)),
            hire_cost_per_fte=MappingProxyType(hire),
            training_cost_per_level=Decimal(str(data.get("training_cost_per_level", defaults.training_cost_per_level))),
            overspend_tolerance_percent=Decimal(
                str(data.get("overspend_tolerance_percent", defaults.overspend_tolerance_percent))
            ),
        )
    except (ValueError, TypeError, AttributeError, InvalidOperation):
        return defaults


def finance_to_dict(settings: FinanceSettings) -> dict[str, Any]:
    return {
        "fiscal_year_start_month": settings.fiscal_year_start_month,
        "hire_cost_per_fte": {area: str(cost) for area, cost in settings.hire_cost_per_fte.items()},
        "training_cost_per_level": str(settings.training_cost_per_level),
        "overspend_tolerance_percent": str(settings.overspend_tolerance_percent),
    }


def load_finance_settings(reader: Reader) -> FinanceSettings:
    """The finance settings, or the defaults where none were saved."""
    return finance_from_json(reader.scalar("SELECT value FROM setting WHERE key = :key", {"key": FINANCE_KEY}))


class BackupSettings(NamedTuple):
    """How many automatic backups to keep (after Anki's thinning): the newest ones, then the newest of
    each day, then of each week, then of each month, each as far back as its count goes."""

    keep_last: int = 10
    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    def check(self) -> None:
        if not 1 <= self.keep_last <= 1000:
            raise UserError("Keep from 1 to 1,000 of the newest backups.")
        if not all(0 <= count <= 1000 for count in (self.daily, self.weekly, self.monthly)):
            raise UserError("Keep from 0 to 1,000 daily, weekly and monthly backups.")


def backup_from_json(text: str | None) -> BackupSettings:
    if not text:
        return BackupSettings()
    try:
        data: dict[str, Any] = json.loads(text)
        counts = {key: int(value) for key, value in data.items() if key in BackupSettings._fields}
        settings = BackupSettings(**counts)
        settings.check()
        return settings
    except (ValueError, TypeError, AttributeError, UserError):
        return BackupSettings()


def load_backup_settings(reader: Reader) -> BackupSettings:
    """The backup rotation, or the defaults where none was saved."""
    return backup_from_json(reader.scalar("SELECT value FROM setting WHERE key = :key", {"key": BACKUPS_KEY}))
