"""Changing the shape rules is stored for the organisation, audited, undoable, and checked."""

from __future__ import annotations

from app.db.database import Database
from app.settings import ShapeThresholds, StaffingSettings, load_staffing_settings
from views.changes import ChangeHub
from views.context import AppContext
from views.settings_dialog import ShapeRulesDialog
from views.worker import wait_for_operations


def test_saving_new_rules_stores_them_and_undo_restores(qtbot, database: Database) -> None:
    context = AppContext(database, hub=ChangeHub())
    dialog = ShapeRulesDialog(context, StaffingSettings())
    qtbot.addWidget(dialog)
    dialog.deep_level.setValue(3)
    dialog.broad_level.setValue(1)
    dialog.save()
    qtbot.waitUntil(lambda: load_staffing_settings(database.reader()).shapes.deep_level == 3)
    assert load_staffing_settings(database.reader()).shapes == ShapeThresholds(deep_level=3, broad_level=1)
    assert database.reader().scalar("SELECT count(*) FROM audit_event WHERE entity = 'setting'") == 1
    qtbot.waitUntil(lambda: context.undo_stack.count() == 1)  # pushed once the GUI thread hears of the write
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: load_staffing_settings(database.reader()).shapes == ShapeThresholds())
    wait_for_operations()


def test_a_broad_level_not_below_deep_cannot_be_saved(qtbot, database: Database) -> None:
    context = AppContext(database, hub=ChangeHub())
    dialog = ShapeRulesDialog(context, StaffingSettings())
    qtbot.addWidget(dialog)
    dialog.broad_level.setValue(4)
    assert "below the deep level" in dialog.problem.text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()


def test_finance_settings_are_saved_exactly(qtbot, database: Database) -> None:
    from decimal import Decimal

    from app.settings import FinanceSettings, load_finance_settings
    from views.settings_dialog import FinanceSettingsDialog

    context = AppContext(database, hub=ChangeHub())
    dialog = FinanceSettingsDialog(context, FinanceSettings())
    qtbot.addWidget(dialog)
    dialog.start_month.setCurrentIndex(6)  # July
    dialog.training.setValue(3100.5)
    dialog.hire["Cyber security"].setValue(120000)
    dialog.save()
    qtbot.waitUntil(lambda: load_finance_settings(database.reader()).fiscal_year_start_month == 7)
    saved = load_finance_settings(database.reader())
    assert saved.training_cost_per_level == Decimal("3100.50")
    assert saved.hire_cost("Cyber security") == Decimal("120000.00")
    wait_for_operations()
