"""The matrix page's side panel: who the selected person is, their T-shape, their
assessment history and certifications (expired ones flagged)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from views.context import AppContext
from views.labels import shape_label, source_label, tr
from views.palette import ERROR, SUPERSEDED
from views.skills.tshape_widget import TShapeWidget
from views.tables import COMPACT_ROW_HEIGHT, read_only_table
from views.worker import Operation

if TYPE_CHECKING:
    from app.analysis.skills import PersonProfile
    from app.settings import ShapeThresholds

EXPIRED = QColor(ERROR)
SUPERSEDED_TEXT = QColor(SUPERSEDED)


def _table(parent: QWidget, headers: Sequence[str]) -> tuple[QTableView, QStandardItemModel]:
    """A short list with these column titles: columns as wide as their contents, the second takes the rest."""
    model = QStandardItemModel(0, len(headers), parent)
    model.setHorizontalHeaderLabels([tr(header) for header in headers])
    view = read_only_table(
        parent,
        model,
        row_height=COMPACT_ROW_HEIGHT,
        single_selection=False,
        word_wrap=True,
        highlight_header=True,
        resize_mode=QHeaderView.ResizeMode.ResizeToContents,
        stretch_column=1,
    )
    return view, model


class PersonPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personPanel")
        self.context = context
        self._thresholds: ShapeThresholds | None = None
        self.title = QLabel(tr("Select a person in the matrix"), self)
        self.title.setObjectName("panelTitle")
        self.title.setWordWrap(True)
        self.subtitle = QLabel("", self)
        self.subtitle.setObjectName("panelSubtitle")
        self.subtitle.setWordWrap(True)
        self.shape_label = QLabel("", self)
        self.shape_label.setObjectName("shapeLabel")
        self.shape_label.setWordWrap(True)
        self.tshape = TShapeWidget(self)
        self.history, self.history_model = _table(self, ("Date", "Skill", "Level", "Source"))
        self.certifications, self.certifications_model = _table(self, ("Certification", "Expires"))
        self.certifications.setMaximumHeight(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.shape_label)
        layout.addWidget(self.tshape)
        history_caption = QLabel(tr("Assessment history"), self)
        history_caption.setObjectName("panelCaption")
        layout.addWidget(history_caption)
        layout.addWidget(self.history, 2)
        certifications_caption = QLabel(tr("Certifications"), self)
        certifications_caption.setObjectName("panelCaption")
        layout.addWidget(certifications_caption)
        layout.addWidget(self.certifications, 1)
        self._shown: int | None = None

    def set_thresholds(self, thresholds: ShapeThresholds) -> None:
        self._thresholds = thresholds

    def show_person(self, person_id: int) -> None:
        self._shown = person_id
        database = self.context.database
        thresholds = self._thresholds

        def load() -> PersonProfile:
            from app.analysis.skills import person_profile

            return person_profile(database.reader(), person_id, thresholds=thresholds)

        Operation(self, load).success(self._show_profile).run()

    def _show_profile(self, profile: PersonProfile) -> None:
        if profile.person_id != self._shown:
            return  # the user has moved on to someone else meanwhile
        self.title.setText(profile.name if profile.active else tr("{name} (inactive)").format(name=profile.name))
        self.subtitle.setText(" · ".join(part for part in (profile.title, profile.department, profile.email) if part))
        # Each half said on its own terms: "deep in no area" read as if "no area" were an area.
        deep = (
            tr("deep in {areas}").format(areas=", ".join(profile.deep_areas))
            if profile.deep_areas
            else tr("no deep area")
        )
        broad = (
            tr("broad in {areas}").format(areas=", ".join(profile.broad_areas))
            if profile.broad_areas
            else tr("no broad area")
        )
        self.shape_label.setText(
            tr("{shape}: {deep}; {broad}.").format(shape=shape_label(profile.shape.value), deep=deep, broad=broad)
        )
        thresholds = self._thresholds
        self.tshape.set_profile(
            [area.area for area in profile.areas],
            [max(area.score, 0) for area in profile.areas],
            deep_level=thresholds.deep_level if thresholds else 4,
            broad_level=thresholds.broad_level if thresholds else 2,
        )

        self.history_model.removeRows(0, self.history_model.rowCount())
        for record in profile.history:
            items = [
                QStandardItem(record.assessed_on.isoformat()),
                QStandardItem(record.skill),
                QStandardItem(str(record.level)),
                QStandardItem(source_label(record.source)),
            ]
            items[1].setToolTip(f"{record.skill} ({record.area})" + (f"\n{record.note}" if record.note else ""))
            if not record.current:
                for item in items:
                    item.setForeground(QBrush(SUPERSEDED_TEXT))
                items[2].setToolTip(tr("Superseded by a newer assessment"))
            self.history_model.appendRow(items)
        self.certifications_model.removeRows(0, self.certifications_model.rowCount())
        for certification in profile.certifications:
            expires = certification.expires_on.isoformat() if certification.expires_on else tr("does not expire")
            name = QStandardItem(certification.name)
            name.setToolTip(certification.issuer)
            when = QStandardItem(tr("expired {date}").format(date=expires) if certification.expired else expires)
            if certification.expired:
                when.setForeground(QBrush(EXPIRED))
            self.certifications_model.appendRow([name, when])
        if not profile.certifications:
            self.certifications_model.appendRow([QStandardItem(tr("None recorded")), QStandardItem("")])
