"""An import dialog's preview of a file, opened as the user opens it, read as the user reads it, and the
import taken: what the actuals and the skill-matrix import dialogs share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtWidgets import QDialog

from views.context import AppContext

DialogT = TypeVar("DialogT", bound=QDialog)


def previewer(qtbot, dialog: Callable[..., DialogT], context: AppContext, file: Path) -> Callable[..., DialogT]:
    """What opens ``dialog`` on ``file`` as the user does: given the file's text, it writes it, opens the dialog
    (shown at once, if ``shown``) and waits for its preview."""

    def open_preview(text: str, *, shown: bool = False) -> DialogT:
        file.write_text(text)
        opened = dialog(context, path=file)
        qtbot.addWidget(opened)
        if shown:
            opened.show()
        qtbot.waitUntil(lambda: opened.plan is not None)
        return opened

    return open_preview


def problems(dialog: Any, columns: Sequence[int]) -> list[tuple[Any, ...]]:
    """The problems table's ``columns``, row by row."""
    model = dialog.problems_model
    return [tuple(model.index(row, column).data() for column in columns) for row in range(model.rowCount())]


def take_import(qtbot, dialog: QDialog) -> None:
    """Press Import and wait for the dialog to close accepted."""
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
