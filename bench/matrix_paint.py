"""Repainting the skill matrix: ms per frame at 50 scroll positions over the large demo.

Subject: the real matrix view (model + heat-map delegate) over 5,000 people × 300
skills, 1280×800, offscreen. Floor: the same view class over a model with the
same shape whose ``data()`` returns nothing (so Qt still lays out and walks every
visible cell). Target: 2×.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import build_demo, report

POSITIONS = 50
ROUNDS = 3


def _frames(view: Any) -> float:
    """Seconds per frame: scroll to each position and paint the viewport."""
    vertical = view.verticalScrollBar()
    horizontal = view.horizontalScrollBar()
    viewport = view.viewport()
    started = time.perf_counter()
    for step in range(POSITIONS):
        vertical.setValue(vertical.maximum() * step // (POSITIONS - 1))
        horizontal.setValue(horizontal.maximum() * ((step * 7) % POSITIONS) // (POSITIONS - 1))
        viewport.grab()
    return (time.perf_counter() - started) / POSITIONS


def run() -> bool:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex
    from PySide6.QtWidgets import QHeaderView, QTableView

    from app.analysis.skills import load_matrix
    from app.db.database import Database
    from views.application import create_application
    from views.skills.matrix_model import SkillMatrixModel
    from views.skills.matrix_view import SkillMatrixView

    application = create_application()

    class NoDataModel(QAbstractTableModel):
        def __init__(self, rows: int, columns: int) -> None:
            super().__init__()
            self._rows, self._columns = rows, columns

        def rowCount(self, parent: Any = QModelIndex()) -> int:
            return 0 if parent.isValid() else self._rows

        def columnCount(self, parent: Any = QModelIndex()) -> int:
            return 0 if parent.isValid() else self._columns

        def data(self, index: Any, role: int = 0) -> Any:
            return None

    with tempfile.TemporaryDirectory(prefix="steward-bench-") as folder:
        database = Database(build_demo(folder, scale="large"))
        snapshot = load_matrix(database.reader())
        model = SkillMatrixModel()
        model.set_snapshot(snapshot)
        view = SkillMatrixView(model)
        view.resize(1280, 800)
        view.show()
        # The floor: a plain table of the same geometry whose model returns nothing.
        floor_view = QTableView()
        floor_view.setModel(NoDataModel(model.rowCount(), model.columnCount()))
        floor_view.verticalHeader().hide()
        floor_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        floor_view.verticalHeader().setDefaultSectionSize(view.verticalHeader().defaultSectionSize())
        floor_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        floor_view.horizontalHeader().setFixedHeight(view.horizontalHeader().height())
        for column in range(model.columnCount()):
            floor_view.setColumnWidth(column, view.columnWidth(column))
        floor_view.resize(1280, 800)
        floor_view.show()
        application.processEvents()
        _frames(view), _frames(floor_view)  # warm-up
        subject = min(_frames(view) for _ in range(ROUNDS))
        floor = min(_frames(floor_view) for _ in range(ROUNDS))
        database.dispose()
    return report(
        f"matrix repaint, {snapshot.levels.shape[0]:,}×{snapshot.levels.shape[1]} (per frame)",
        subject,
        floor,
        target=2.0,
        unit="ms",
    )


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
