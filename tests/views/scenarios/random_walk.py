"""A seeded random walk of user actions across every page, to find what no scripted test thought of.

Run: ``python -m tests.views.scenarios.random_walk DATABASE SETTINGS --seed N --steps K``
on a copy of the demo database. Each step is one thing a user does, drawn
at random (but reproducibly, from the seed): click a sidebar entry or a project
tab, click an enabled button, click or double-click a cell and type into it,
press a key (arrows, Tab, Delete, Enter, Escape, Space, Ctrl+Up/Down,
Ctrl+Left/Right), paste a block of text, drag a row onto another, undo, redo.
Dialogs and message boxes that open are answered at random: accepted, cancelled
or filled with typing. File dialogs are cancelled (nothing is written outside
the test's folder).

It fails (exit non-zero) on a crash, a Qt warning, an uncaught exception or the
crash dialog, and prints the last steps; ``steward check`` on the database
afterwards is the caller's to run (``tests/views/test_scenarios.py`` does).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import deque
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QWidget,
)
from shiboken6 import isValid

from tests.views.scenarios.harness import finish, open_window, problems, settle
from views.main_window import MainWindow

KEYS = (
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Return,
    Qt.Key.Key_Escape,
    Qt.Key.Key_Space,
    Qt.Key.Key_Delete,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_F2,
)
TEXTS = ("7", "3", "0", "abc", "1250.00", "-5", "2026-12-01", "Mar 2026", "Q2", "", "Cloud compute", "x" * 300)
PASTES = (
    "Cloud compute\tExtra GPU nodes\tJun 2026\tProduction\t1200.00\n",
    "1\t2\t3\n4\t5\t6\n",
    "not a number\n",
    "Hardware\tServers\tQ3\tDevelopment\t99999999999.99\n",
)
# Buttons whose work leaves the test's world: they open file dialogs (cancelled anyway) or fill a database.
SKIPPED_BUTTONS = ("Load the demo organisation",)


class Walk:
    def __init__(self, window: MainWindow, rng: random.Random) -> None:
        self.window = window
        self.rng = rng
        self.log: deque[str] = deque(maxlen=40)
        self.counts: dict[str, int] = {}
        self.verbose = False
        self._answer_pending = False
        self._answering = QTimer()
        self._answering.setInterval(15)
        self._answering.timeout.connect(self._answer_modal)
        self._answering.start()

    # --- the steps -------------------------------------------------------------------
    def step(self, number: int) -> None:
        actions = (
            (self.sidebar, 10),
            (self.project_tab, 10),
            (self.button, 22),
            (self.cell, 20),
            (self.key, 14),
            (self.paste, 5),
            (self.drag, 4),
            (self.undo, 9),
            (self.redo, 5),
            (self.toggle, 4),
        )
        action = self.rng.choices([action for action, _weight in actions], [weight for _a, weight in actions])[0]
        name = action.__name__
        self.counts[name] = self.counts.get(name, 0) + 1
        what = action()
        self.log.append(f"{number}: {name} {what}")
        if self.verbose:
            print(self.log[-1], flush=True)
        QTest.qWait(self.rng.choice((0, 0, 5, 20)))

    def sidebar(self) -> str:
        lists = [self.window.org_list, self.window.project_list]
        listing: QListView = self.rng.choice(lists)
        rows = listing.model().rowCount()
        if rows == 0:
            return "(empty)"
        index = listing.model().index(self.rng.randrange(rows), 0)
        listing.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        rect = listing.visualRect(index)
        QTest.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
        return str(index.data())

    def project_tab(self) -> str:
        bar: QTabBar = self.window.tabs.tabBar()
        if not bar.isVisible():
            return "(hidden)"
        tab = self.rng.randrange(bar.count())
        QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, bar.tabRect(tab).center())
        return bar.tabText(tab)

    def _visible(self, kind: type[QWidget]) -> list[QWidget]:
        root = QApplication.activeModalWidget() or self.window
        return [
            widget
            for widget in root.findChildren(kind)
            if widget.isVisible() and widget.isEnabled() and widget.window() is root.window()
        ]

    def button(self) -> str:
        buttons = [
            button
            for button in self._visible(QAbstractButton)
            if isinstance(button, QPushButton) and button.text() not in SKIPPED_BUTTONS
        ]
        if not buttons:
            return "(none)"
        button = self.rng.choice(buttons)
        text = button.text()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        return text

    def toggle(self) -> str:
        boxes = self._visible(QCheckBox) + self._visible(QComboBox)
        if not boxes:
            return "(none)"
        widget = self.rng.choice(boxes)
        if isinstance(widget, QCheckBox):
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
            return f"check {widget.text()}"
        if widget.count():
            widget.setFocus()
            QTest.keyClick(widget, self.rng.choice((Qt.Key.Key_Down, Qt.Key.Key_Up)))
        return f"combo {widget.objectName()}"

    def _views(self) -> list[QAbstractItemView]:
        return [view for view in self._visible(QAbstractItemView) if view.model() is not None]  # type: ignore[misc]  # abstract: the kind to find

    def cell(self) -> str:
        views = [view for view in self._views() if view.model().rowCount() > 0]
        if not views:
            return "(none)"
        view = self.rng.choice(views)
        model = view.model()
        row = self.rng.randrange(model.rowCount())
        column = self.rng.randrange(_columns(model))
        index = model.index(row, column)
        view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        rect = view.visualRect(index)
        if rect.isEmpty():
            return "(off screen)"
        double = self.rng.random() < 0.3
        click = QTest.mouseDClick if double else QTest.mouseClick
        click(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
        typed = ""
        if self.rng.random() < 0.5:
            typed = self.rng.choice(TEXTS)
            target = QApplication.focusWidget() or view
            QTest.keyClicks(target, typed[:1])
            settle(1)
            target = QApplication.focusWidget() or view
            for character in typed[1:]:
                if not isValid(target):
                    break  # a key answered a dialog that has closed since, and taken its widgets with it
                QTest.keyClicks(target, character)
            if not isValid(target):
                target = QApplication.focusWidget() or self.window
            QTest.keyClick(target, self.rng.choice((Qt.Key.Key_Return, Qt.Key.Key_Tab, Qt.Key.Key_Escape)))
        return f"{view.objectName() or type(view).__name__} ({row}, {column}) {'double ' if double else ''}{typed!r}"

    def key(self) -> str:
        target = QApplication.focusWidget() or self.window
        key = self.rng.choice(KEYS)
        modifier = Qt.KeyboardModifier.NoModifier
        if self.rng.random() < 0.2:
            modifier = Qt.KeyboardModifier.ControlModifier
        QTest.keyClick(target, key, modifier)
        return f"{Qt.Key(key).name} {modifier.name} on {type(target).__name__}"

    def paste(self) -> str:
        text = self.rng.choice(PASTES)
        QGuiApplication.clipboard().setText(text)
        views = [view for view in self._views() if view.model().rowCount() > 0]
        if views:
            view = self.rng.choice(views)
            index = view.model().index(self.rng.randrange(view.model().rowCount()), 0)
            rect = view.visualRect(index)
            if not rect.isEmpty():
                QTest.mouseClick(
                    view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
                )
        target = QApplication.focusWidget() or self.window
        QTest.keyClick(target, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        return f"{text[:20]!r} into {type(target).__name__}"

    def drag(self) -> str:
        """Drag a row onto another with the mouse, as press, moves and release (QDrag runs its own loop)."""
        views = [view for view in self._views() if view.dragEnabled() and view.model().rowCount() > 1]
        if not views:
            return "(none)"
        view = self.rng.choice(views)
        model = view.model()
        source = view.visualRect(model.index(self.rng.randrange(model.rowCount()), 0)).center()
        target = view.visualRect(model.index(self.rng.randrange(model.rowCount()), 0)).center()
        viewport = view.viewport()
        QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, source)
        steps = [source + QPoint(0, offset) for offset in (4, 12, 24)] + [target]

        def move_then_release() -> None:
            for point in steps:
                QTest.mouseMove(viewport, point)
            QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target)

        QTimer.singleShot(30, move_then_release)
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, source)
        for point in steps[:2]:
            QTest.mouseMove(viewport, point)
        QTest.qWait(60)
        return f"{view.objectName() or type(view).__name__} {source.y()} -> {target.y()}"

    def undo(self) -> str:
        text = self.window.undo_stack.undoText()
        QTest.keyClick(QApplication.focusWidget() or self.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        return text

    def redo(self) -> str:
        text = self.window.undo_stack.redoText()
        modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        QTest.keyClick(QApplication.focusWidget() or self.window, Qt.Key.Key_Z, modifiers)
        return text

    # --- answering what opens ----------------------------------------------------------
    def _answer_modal(self) -> None:
        """From the polling timer: answer the open modal in an event of its own, never inside this slot.

        The answer may open another modal (Save… opens a file dialog); run inside the timer's slot,
        its ``exec()`` would keep the timer from firing again, and nobody would answer it.
        """
        dialog = QApplication.activeModalWidget()
        if self._answer_pending or not isinstance(dialog, QDialog) or not dialog.isVisible():
            return
        self._answer_pending = True
        QTimer.singleShot(0, self._answer_now)

    def _answer_now(self) -> None:
        self._answer_pending = False
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or not dialog.isVisible():
            return
        if isinstance(dialog, QFileDialog):
            self.log.append(f"  file dialog {dialog.windowTitle()!r}: cancelled")
            dialog.reject()
            return
        if isinstance(dialog, QMessageBox):
            buttons = [button for button in dialog.buttons() if button.isEnabled()]
            button = self.rng.choice(buttons)
            self.log.append(f"  box {dialog.text()[:60]!r}: {button.text()}")
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            return
        roll = self.rng.random()
        if roll < 0.35:
            self.log.append(f"  dialog {type(dialog).__name__}: Escape")
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
        elif roll < 0.7:
            fields = [
                field
                for field in dialog.findChildren(QLineEdit) + dialog.findChildren(QPlainTextEdit)
                if field.isVisible() and field.isEnabled()
            ]
            if fields:
                field = self.rng.choice(fields)
                QTest.keyClicks(field, self.rng.choice(TEXTS)[:40])
            self.log.append(f"  dialog {type(dialog).__name__}: typed, Enter")
            QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
        else:
            buttons = [
                button for button in dialog.findChildren(QPushButton) if button.isVisible() and button.isEnabled()
            ]
            if buttons:
                button = self.rng.choice(buttons)
                self.log.append(f"  dialog {type(dialog).__name__}: {button.text()}")
                QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _columns(model: QAbstractItemModel) -> int:
    """A model's column count (a list model keeps columnCount private: one column)."""
    if isinstance(model, QAbstractListModel):
        return 1
    return max(1, model.columnCount())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", type=Path)
    parser.add_argument("settings", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--verbose", action="store_true", help="print every step as it is taken")
    arguments = parser.parse_args()
    _app, window = open_window(arguments.database, arguments.settings)
    walk = Walk(window, random.Random(arguments.seed))
    import faulthandler

    # A step that never returns (a modal nobody answers, a loop) shows where it is stuck.
    faulthandler.dump_traceback_later(60, repeat=True)
    walk.verbose = arguments.verbose
    started = time.monotonic()
    seen = 0
    for number in range(arguments.steps):
        try:
            walk.step(number)
        except Exception:  # a step of the walk itself: say which, with the steps before it
            import traceback

            problems.append(f"step {number} raised:\n{traceback.format_exc()}")
        if len(problems) > seen:
            seen = len(problems)
            print("--- problem after these steps:", *walk.log, sep="\n", file=sys.stderr)
            break
    settle()
    # Leave nothing unsaved behind: discard an edit left in the overview, then quit as the user would.
    window.overview.revert()
    window.close()
    settle()
    elapsed = time.monotonic() - started
    print(f"walked {number + 1} steps in {elapsed:.1f} s (seed {arguments.seed}):", dict(sorted(walk.counts.items())))
    finish()


if __name__ == "__main__":
    main()
