"""Organisation settings: defaults, round trips through the database, and refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.db.database import Database
from app.errors import UserError
from app.services.settings import save_finance_settings, save_staffing_settings
from app.settings import (
    FinanceSettings,
    ShapeThresholds,
    StaffingSettings,
    load_finance_settings,
    load_staffing_settings,
)

pytestmark = pytest.mark.both_backends


def test_defaults_when_nothing_was_saved(database: Database) -> None:
    assert load_staffing_settings(database.reader()) == StaffingSettings()
    finance = load_finance_settings(database.reader())
    assert finance.fiscal_year_start_month == 1
    assert finance.hire_cost("Cyber security") == Decimal("110000.00")
    assert finance.hire_cost("Legal & compliance") == Decimal("80000.00")


def test_saved_settings_come_back_exactly(database: Database) -> None:
    save_staffing_settings(database, StaffingSettings(ShapeThresholds(deep_level=3, broad_level=1)))
    assert load_staffing_settings(database.reader()).shapes == ShapeThresholds(deep_level=3, broad_level=1)
    finance = FinanceSettings(fiscal_year_start_month=7, training_cost_per_level=Decimal("3100.50"))
    save_finance_settings(database, finance)
    loaded = load_finance_settings(database.reader())
    assert (loaded.fiscal_year_start_month, loaded.training_cost_per_level) == (7, Decimal("3100.50"))
    assert database.reader().scalar("SELECT count(*) FROM audit_event WHERE entity = 'setting'") == 2


def test_impossible_settings_are_refused_and_not_stored(database: Database) -> None:
    with pytest.raises(UserError, match="broad level"):
        save_staffing_settings(database, StaffingSettings(ShapeThresholds(deep_level=2, broad_level=3)))
    with pytest.raises(UserError, match="month from 1"):
        save_finance_settings(database, FinanceSettings(fiscal_year_start_month=13))
    assert database.reader().scalar("SELECT count(*) FROM setting") == 0


def test_restoring_what_a_save_found_puts_the_stored_value_back_exactly(database: Database) -> None:
    """The undo of a save: nothing stored stays nothing stored (the defaults apply), not today's defaults written."""
    from app.services.settings import restore_setting
    from app.settings import FINANCE_KEY, STAFFING_KEY

    first = save_staffing_settings(database, StaffingSettings(ShapeThresholds(deep_level=3, broad_level=1)))
    assert first.details["stored_before"] is None
    restore_setting(database, STAFFING_KEY, first.details["stored_before"])
    assert database.reader().scalar("SELECT count(*) FROM setting") == 0
    assert load_staffing_settings(database.reader()) == StaffingSettings()

    save_finance_settings(database, FinanceSettings(fiscal_year_start_month=7))
    stored = database.reader().scalar("SELECT value FROM setting WHERE key = :key", {"key": FINANCE_KEY})
    second = save_finance_settings(database, FinanceSettings(fiscal_year_start_month=4))
    assert second.details["stored_before"] == stored
    restore_setting(database, FINANCE_KEY, second.details["stored_before"])
    assert database.reader().scalar("SELECT value FROM setting WHERE key = :key", {"key": FINANCE_KEY}) == stored
    with pytest.raises(UserError, match="There is no setting group 'colour'."):
        restore_setting(database, "colour", None)
