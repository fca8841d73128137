"""The start-up floor: a bare PySide6 main window, shown, painted once, then quit."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class _QuitOnPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QCoreApplication.quit)
        return False


def main() -> int:
    application = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    quitter = _QuitOnPaint()
    window.installEventFilter(quitter)
    window.show()
    return application.exec()


if __name__ == "__main__":
    sys.exit(main())
