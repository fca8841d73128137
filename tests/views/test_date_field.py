"""The shared date field: a whole date typed over the one it holds is the date typed (QDateEdit's
section editing turned 2026-12-01 into 2027-12-01), the locale's short form is read too, text that is
not a date is marked and named, and the keyboard and the calendar step and pick days."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QDateEdit, QTableView

from views.date_field import DateField, parse_date


@pytest.fixture
def field(qtbot) -> DateField:
    widget = DateField(value=date(2027, 1, 14), what="end date")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def locale_named() -> Iterator[object]:
    """Set the default locale for one test, as a user's system would; put back afterwards."""
    before = QLocale()

    def use(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield use
    QLocale.setDefault(before)


def type_over(qtbot, field: DateField, text: str) -> None:
    """What a user does: click into the field, select what is there, type, (leaving is the caller's)."""
    qtbot.mouseClick(field.line_edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(field.line_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field.line_edit, text)


def test_a_whole_iso_date_typed_over_another_is_the_date_typed(qtbot, field: DateField) -> None:
    changes: list[QDate] = []
    field.dateChanged.connect(changes.append)
    type_over(qtbot, field, "2026-12-01")
    assert field.value() == date(2026, 12, 1) and field.date() == QDate(2026, 12, 1)
    assert field.is_valid() and field.problem() == ""
    assert changes[-1] == QDate(2026, 12, 1)


def test_qdateedit_got_the_same_keys_wrong(qtbot) -> None:
    """Why the field exists: the section editor kept the old year (this documents Qt's behaviour)."""
    edit = QDateEdit()
    qtbot.addWidget(edit)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate(2027, 1, 14))
    edit.show()
    qtbot.waitExposed(edit)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "2026-12-01")
    assert edit.date() != QDate(2026, 12, 1)


@pytest.mark.parametrize(
    ("locale", "typed"),
    [("en_GB", "1/12/26"), ("en_GB", "01/12/2026"), ("en_US", "12/1/26"), ("de_DE", "1.12.2026"), ("nl_NL", "1-12-26")],
)
def test_the_locales_short_form_is_read_and_shown_back_as_iso_on_leaving(
    qtbot, field: DateField, locale_named, locale: str, typed: str
) -> None:
    locale_named(locale)
    type_over(qtbot, field, typed)
    assert field.value() == date(2026, 12, 1), (locale, typed)
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Return)  # editing finished, as on leaving the field
    assert field.line_edit.text() == "2026-12-01"


def test_text_that_is_not_a_date_keeps_the_last_date_and_says_why(qtbot, field: DateField) -> None:
    type_over(qtbot, field, "2026-12-01")
    qtbot.keyClicks(field.line_edit, "x")
    assert not field.is_valid()
    assert field.value() == date(2026, 12, 1)
    assert field.problem() == (
        f"“2026-12-01x” is not a date for the end date; type it as 2026-03-31 or "
        f"{QLocale().toString(QDate(2026, 3, 31), QLocale.FormatType.ShortFormat)}."
    )
    assert field.line_edit.property("invalid") is True and field.line_edit.toolTip() == field.problem()
    type_over(qtbot, field, "2026-02-30")
    assert not field.is_valid() and "“2026-02-30” is not a date" in field.problem()
    type_over(qtbot, field, "")
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Backspace)
    assert field.problem() == "The end date is empty; type a date such as 2026-03-31."
    type_over(qtbot, field, "20261224")
    assert field.is_valid() and field.value() == date(2026, 12, 24) and not field.line_edit.property("invalid")


def test_up_and_down_step_a_day_and_page_keys_a_month(qtbot, field: DateField) -> None:
    field.line_edit.setFocus()
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Up)
    assert field.value() == date(2027, 1, 15) and field.line_edit.text() == "2027-01-15"
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Down)
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Down)
    assert field.value() == date(2027, 1, 13)
    qtbot.keyClick(field.line_edit, Qt.Key.Key_PageUp)
    assert field.value() == date(2027, 2, 13)


# A popup on the offscreen platform (no display in tests) can neither raise itself nor grab the keyboard.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_the_calendar_opens_from_the_keyboard_and_enter_takes_a_day(qtbot, field: DateField) -> None:
    field.line_edit.setFocus()
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert field.calendar is not None
    qtbot.waitUntil(field.calendar.isVisible)
    assert field.calendar.selectedDate() == QDate(2027, 1, 14)
    days = field.calendar.findChild(QTableView)
    qtbot.keyClick(days, Qt.Key.Key_Right)
    qtbot.keyClick(days, Qt.Key.Key_Return)
    assert field.value() == date(2027, 1, 15) and field.line_edit.text() == "2027-01-15"
    assert not field.calendar.isVisible()


def test_parse_date_reads_iso_first_whatever_the_locale() -> None:
    us = QLocale("en_US")
    assert parse_date("2026-3-4", us) == date(2026, 3, 4)
    assert parse_date(" 2026/03/04 ", us) == date(2026, 3, 4)
    assert parse_date("3/4/26", us) == date(2026, 3, 4)
    assert parse_date("3/4/99", us, today=date(2026, 1, 1)) == date(1999, 3, 4)
    assert parse_date("next Friday", us) is None
    assert parse_date("", us) is None


def test_every_date_the_app_asks_for_is_typed_whole(qtbot) -> None:
    """The project's start and end on the overview, a policy's next review and a sprint's dates: all take
    a whole date typed over the one they hold."""
    from views.policy.agile_dialogs import SprintDialog
    from views.policy.dialogs import PolicyDialog
    from views.projects.overview_page import OptionalDate

    project_date = OptionalDate()
    policy = PolicyDialog()
    sprint = SprintDialog()
    fields = {
        "project start": (project_date, project_date.editor),
        "next review": (policy, policy.next_review),
        "sprint end": (sprint, sprint.end),
    }
    for shown, _field in fields.values():
        qtbot.addWidget(shown)
        shown.show()
        qtbot.waitExposed(shown)
    project_date.set_value(date(2027, 1, 14))  # a start date: its check box is ticked
    policy.has_review.setChecked(True)
    for what, (shown, field) in fields.items():
        field.setDate(QDate(2027, 1, 14))
        shown.activateWindow()
        qtbot.waitUntil(shown.isActiveWindow)
        type_over(qtbot, field, "2026-12-01")
        assert field.date() == QDate(2026, 12, 1), what
    assert project_date.value() == date(2026, 12, 1)
    assert policy.values()["next_review_on"] == date(2026, 12, 1)
    assert sprint.values()["end_on"] == date(2026, 12, 1)


def test_no_form_with_a_date_that_is_not_a_date_can_be_saved(qtbot, database) -> None:
    """Every form with a date field: while the text is not a date (framed red) its Save or OK is disabled,
    Enter does not accept it and the form says why, although the field still holds its last good date."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox

    from app.queries.projects import project_overview
    from app.services import projects
    from views.date_field import date_problem
    from views.policy.agile_dialogs import SprintDialog
    from views.policy.dialogs import PolicyDialog
    from views.projects.overview_page import OverviewPage

    overview = OverviewPage()
    project = projects.create_project(database, name="Fraud scoring").ids[0]
    shown = project_overview(database.reader(), project)
    assert shown is not None
    overview.show_overview(shown)
    policy = PolicyDialog()
    sprint = SprintDialog()
    submitted: list[object] = []
    sprint.submitted.connect(submitted.append)
    overview.start_on.set_value(date(2027, 1, 14))
    policy.title.setText("Access to scoring data")
    sprint.name.setText("Sprint 9")
    policy.has_review.setChecked(True)
    forms = {
        "project start": (overview, overview.start_on.editor, overview.save_button),
        "next review": (policy, policy.next_review, policy.buttons.button(QDialogButtonBox.StandardButton.Ok)),
        "sprint end": (sprint, sprint.end, sprint.buttons.button(QDialogButtonBox.StandardButton.Ok)),
    }
    for form, _field, _button in forms.values():
        qtbot.addWidget(form)
        form.show()
        qtbot.waitExposed(form)
    for what, (form, field, button) in forms.items():
        form.activateWindow()
        qtbot.waitUntil(form.isActiveWindow)
        type_over(qtbot, field, "2026-12-32")
        assert not field.is_valid() and field.value() == date(2026, 12, 3), what  # the last good date, kept
        assert not button.isEnabled(), what
        assert date_problem(form).startswith("“2026-12-32” is not a date"), what
        qtbot.keyClick(field.line_edit, Qt.Key.Key_Return)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert form.isVisible(), what
        if isinstance(form, QDialog):
            assert form.result() != QDialog.DialogCode.Accepted, what
    assert overview.validation.text().startswith("“2026-12-32” is not a date for the start date")
    assert submitted == []
