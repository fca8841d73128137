"""A date field that takes a date the way people type it, for every date the app asks for.

``QDateEdit`` edits a date section by section: typed over a date it already
holds, ``2026-12-01`` lands partly in the wrong sections (over 2027-01-14 it
gives 2027-12-01), and a click in the month section turns the same keys into a
different date again. ``DateField`` is a line edit read whole instead: an ISO
date (``2026-12-01``, ``2026-12-1``, ``20261201``) or the locale's short form
(``1/12/26`` in en_GB, ``12/1/26`` in en_US, ``01.12.2026`` in de_DE, with a
two- or four-digit year). Once the field is left, the text is rewritten as the
ISO date it was read as, so what was understood is what is shown.

Text that is not a date keeps the last date, marks the field (``invalid``,
styled red by the style sheet) and says why in ``problem()``, one sentence a
dialog shows beside its other checks. The last date is only a fallback for
stepping: a form must not save or accept while any of its fields is invalid
(``date_problem(form)`` names the first one, and ``edited`` fires on every
keystroke, so the form can re-check and disable its Save or OK). Up/Down step a day, Page Up/Down a month;
the arrow button, Alt+Down or F4 open a calendar.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from views.labels import tr

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_COMPACT_ISO = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# In a Qt date format, "dd" and "MM" insist on two digits where people often type one.
_TWO_DIGIT_DAY_OR_MONTH = re.compile(r"(?<![dM])(dd|MM)(?![dM])")


def _from_parts(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _short_formats(locale: QLocale) -> list[str]:
    """The locale's short date format, lenient about leading zeros, with its year as two or four digits."""
    short = _TWO_DIGIT_DAY_OR_MONTH.sub(
        lambda match: match.group(1)[0], locale.dateFormat(QLocale.FormatType.ShortFormat)
    )
    formats = [short]
    if "yyyy" in short:
        formats.append(short.replace("yyyy", "yy"))
    elif "yy" in short:
        formats.insert(0, short.replace("yy", "yyyy"))
    return formats


def parse_date(text: str, locale: QLocale | None = None, *, today: date | None = None) -> date | None:
    """The date ``text`` means, ISO first, then the locale's short form; None when it is not a date.

    A two-digit year is read within fifty years of ``today`` (``26`` is 2026).
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    for pattern in (_ISO, _COMPACT_ISO):
        match = pattern.match(cleaned)
        if match:
            return _from_parts(*match.groups())
    locale = locale or QLocale()
    base_year = (today or date.today()).year - 50
    for form in _short_formats(locale):
        parsed = locale.toDate(cleaned, form, base_year)
        if parsed.isValid():
            return date(parsed.year(), parsed.month(), parsed.day())
    return None


def example_text(locale: QLocale | None = None) -> str:
    """How the locale writes a sample day in its short form (for the field's hint)."""
    locale = locale or QLocale()
    return locale.toString(QDate(2026, 3, 31), QLocale.FormatType.ShortFormat)


def _hint() -> str:
    return tr("Type a date such as 2026-03-31 or {example}; Up/Down step a day, Alt+Down opens a calendar.").format(
        example=example_text()
    )


# The field's date() method would hide the type in the class's own annotations.
Day = date


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class _DateText(QLineEdit):
    """The field's text; the keys that step the date or open the calendar go to the field."""

    def __init__(self, field: DateField) -> None:
        super().__init__(field)
        self._field = field

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and modifiers & Qt.KeyboardModifier.AltModifier):
            self._field.open_calendar()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not modifiers & Qt.KeyboardModifier.AltModifier:
            self._field.step(days=1 if key == Qt.Key.Key_Up else -1)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self._field.step(months=1 if key == Qt.Key.Key_PageUp else -1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()


def date_problem(form: QWidget) -> str:
    """Why ``form`` cannot be saved for its dates: the problem of its first enabled ``DateField`` whose text is
    not a date (a disabled one, such as an unticked optional date, does not count); "" when there is none."""
    for field in form.findChildren(DateField):
        if field.isEnabled() and not field.is_valid():
            return field.problem()
    return ""


class DateField(QWidget):
    """A date typed whole (ISO or the locale's short form) or picked from a calendar.

    ``dateChanged`` fires with each new date the text or the calendar gives;
    ``edited`` on every keystroke, so a dialog can re-check (``is_valid``,
    ``problem``). ``date``/``setDate`` take a ``QDate`` like ``QDateEdit``;
    ``value``/``set_value`` a ``datetime.date``.
    """

    dateChanged = Signal(QDate)
    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, value: Day | None = None, what: str = "") -> None:
        super().__init__(parent)
        # What the field holds ("end date"), to name it in a problem's sentence.
        self.what = what or tr("date")
        self._value = value or date.today()
        self._valid = True
        self.line_edit = _DateText(self)
        self.line_edit.setObjectName("dateFieldText")
        self.line_edit.setPlaceholderText(tr("YYYY-MM-DD"))
        self.line_edit.setToolTip(_hint())
        self.calendar_button = QToolButton(self)
        self.calendar_button.setObjectName("dateFieldCalendar")
        self.calendar_button.setArrowType(Qt.ArrowType.DownArrow)
        self.calendar_button.setToolTip(tr("Choose from a calendar (Alt+Down)"))
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar_button.setAccessibleName(tr("Choose the {what} from a calendar").format(what=self.what))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.calendar_button)
        self.setFocusProxy(self.line_edit)
        width = self.line_edit.fontMetrics().horizontalAdvance("2026-12-31") + 24
        self.line_edit.setMinimumWidth(width)
        self._popup: QFrame | None = None
        self.calendar: QCalendarWidget | None = None
        self.line_edit.setText(self._value.isoformat())
        self.line_edit.textEdited.connect(self._typed)
        self.line_edit.editingFinished.connect(self._tidy)
        self.calendar_button.clicked.connect(self.open_calendar)

    # --- reading -------------------------------------------------------------------
    def value(self) -> Day:
        """The date shown, or the last one typed right while the text is not a date."""
        return self._value

    def date(self) -> QDate:
        return _qdate(self._value)

    def is_valid(self) -> bool:
        """Whether the text is a date (empty text is not)."""
        return self._valid

    def problem(self) -> str:
        """Why the text is not a date, in one sentence; "" when it is one."""
        if self._valid:
            return ""
        text = self.line_edit.text().strip()
        if not text:
            return tr("The {what} is empty; type a date such as 2026-03-31.").format(what=self.what)
        return tr("“{text}” is not a date for the {what}; type it as 2026-03-31 or {example}.").format(
            text=text, what=self.what, example=example_text()
        )

    # --- writing -------------------------------------------------------------------
    def set_value(self, value: Day) -> None:
        self.line_edit.setText(value.isoformat())
        self._set_valid(True)
        self._accept(value)

    def setDate(self, value: QDate) -> None:
        self.set_value(_day(value))

    def step(self, *, days: int = 0, months: int = 0) -> None:
        """Move the date by days or months (the keyboard's Up/Down and Page Up/Down)."""
        moved = _qdate(self._value).addMonths(months).addDays(days)
        self.set_value(_day(moved))
        self.edited.emit()

    def setReadOnly(self, read_only: bool) -> None:
        self.line_edit.setReadOnly(read_only)
        self.calendar_button.setEnabled(not read_only)

    # --- the calendar ----------------------------------------------------------------
    def open_calendar(self) -> None:
        """Show a calendar under the field; a click (or Enter) on a day takes it."""
        if self.line_edit.isReadOnly() or not self.isEnabled():
            return
        if self._popup is None:
            self._popup = QFrame(self, Qt.WindowType.Popup)
            self._popup.setObjectName("dateFieldPopup")
            self._popup.setFrameShape(QFrame.Shape.StyledPanel)
            self.calendar = QCalendarWidget(self._popup)
            self.calendar.setObjectName("dateFieldCalendarView")
            self.calendar.setGridVisible(False)
            popup_layout = QVBoxLayout(self._popup)
            popup_layout.setContentsMargins(2, 2, 2, 2)
            popup_layout.addWidget(self.calendar)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
        assert self.calendar is not None
        self.calendar.setSelectedDate(self.date())
        self._popup.adjustSize()
        below = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry()
        size = self._popup.sizeHint()
        x = min(max(below.x(), screen.left()), screen.right() - size.width())
        y = (
            below.y()
            if below.y() + size.height() <= screen.bottom()
            else self.mapToGlobal(QPoint(0, 0)).y() - size.height()
        )
        self._popup.move(x, max(y, screen.top()))
        self._popup.show()
        self.calendar.setFocus()

    def _picked(self, value: QDate) -> None:
        if self._popup is not None:
            self._popup.hide()
        self.setDate(value)
        self.edited.emit()
        self.line_edit.setFocus()

    # --- following the text ----------------------------------------------------------
    def _typed(self, text: str) -> None:
        parsed = parse_date(text)
        self._set_valid(parsed is not None)
        if parsed is not None:
            self._accept(parsed)
        self.edited.emit()

    def _tidy(self) -> None:
        """Leaving the field: a date typed in any accepted form is shown as the ISO date it was read as."""
        if self._valid and self.line_edit.text() != self._value.isoformat():
            self.line_edit.setText(self._value.isoformat())

    def _accept(self, value: Day) -> None:
        if value != self._value:
            self._value = value
            self.dateChanged.emit(_qdate(value))

    def _set_valid(self, valid: bool) -> None:
        self._valid = valid
        if bool(self.line_edit.property("invalid")) != (not valid):
            self.line_edit.setProperty("invalid", not valid)
            # The style sheet styles [invalid="true"]; Qt re-reads it only on a repolish.
            style = self.line_edit.style()
            style.unpolish(self.line_edit)
            style.polish(self.line_edit)
        self.line_edit.setToolTip(self.problem() or _hint())


class OptionalDate(QWidget):
    """A date that may be unset: a check box to say whether there is one, and the date.

    ``edited`` fires on every keystroke in the date, so the form re-checks while text that is not a date
    is typed (``is_valid``), not only when a date comes of it.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, what: str = "") -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox(self)
        # Typed whole (ISO or the locale's short form), not section by section as QDateEdit does.
        self.editor = DateField(self, what=what)
        self.editor.setEnabled(False)
        layout.addWidget(self.enabled)
        layout.addWidget(self.editor, 1)
        self.enabled.toggled.connect(self.editor.setEnabled)
        self.enabled.toggled.connect(self.edited)
        self.editor.dateChanged.connect(self.edited)
        self.editor.edited.connect(self.edited)

    def is_valid(self) -> bool:
        """Whether the date can be saved: unset, or its text is a date."""
        return not self.enabled.isChecked() or self.editor.is_valid()

    def value(self) -> date | None:
        if not self.enabled.isChecked():
            return None
        day = self.editor.date()
        return date(day.year(), day.month(), day.day())

    def set_value(self, value: date | None) -> None:
        self.blockSignals(True)
        self.enabled.setChecked(value is not None)
        self.editor.setDate(QDate(value.year, value.month, value.day) if value is not None else QDate.currentDate())
        self.blockSignals(False)
