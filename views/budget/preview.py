"""The budget PDF, previewed inside the app before it is saved.

The page renders the report to bytes on the worker (``app.reports.budget.render_pdf``);
``PdfPreviewDialog`` shows them with Qt's PDF viewer (a ``QPdfDocument`` read from
a ``QBuffer``) and "Save…" writes the very same bytes, atomically, on the worker.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QVBoxLayout, QWidget

from views.dialogs import ready_dialog
from views.labels import tr
from views.screen_fit import fit_to_screen
from views.worker import Operation


class PdfPreviewDialog(QDialog):
    """A rendered PDF, page after page, with "Save…" and "Close"."""

    saved = Signal(str)  # the path written

    def __init__(self, pdf: bytes, *, suggested_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("budgetPdfPreview")
        self.setWindowTitle(tr("Budget report preview"))
        self._pdf = pdf
        self._suggested_name = suggested_name
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self)
        self._buffer.setData(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("budgetPdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.info = QLabel(
            tr("{pages} page(s). Nothing is written until you save.").format(pages=self.document.pageCount()), self
        )
        self.info.setObjectName("boxCaption")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(tr("Save…"))
        self.buttons.accepted.connect(self.choose_path)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.info)
        layout.addWidget(self.buttons)
        # A page's width at a readable zoom, and as tall as the screen it opens on lets it be, buttons in view.
        fit_to_screen(self, 760, 860)
        ready_dialog(self)

    def page_count(self) -> int:
        return self.document.pageCount()

    def pdf(self) -> bytes:
        return self._pdf

    def choose_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Save budget report"), self._suggested_name, tr("PDF document (*.pdf)")
        )
        if path:
            if Path(path).suffix.lower() != ".pdf":
                path += ".pdf"
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        """Write the previewed bytes to ``path`` on the worker; close once written."""
        from app.files import atomic_write_bytes

        pdf = self._pdf
        self.save_button.setEnabled(False)

        def written(_result: object) -> None:
            self.saved.emit(str(path))
            self.accept()

        def failed(error: BaseException) -> None:
            self.save_button.setEnabled(True)
            from views.errors import report_error

            report_error(self, error)

        Operation(self, lambda: atomic_write_bytes(path, pdf)).success(written).failure(failed).run()
