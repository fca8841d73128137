"""The staffing page's team as a whole: its core disciplines and its skill shapes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from views.labels import SHAPES, shape_label, tr
from views.staffing.charts import BarChart, BarRow, DisciplineMix

if TYPE_CHECKING:
    from app.analysis.staffing import ProjectStaffing


class TeamSummary(QGroupBox):
    """The discipline mix over the bars of T-, Π-, I-shaped and generalist members."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("The team"), parent)
        self.discipline_mix = DisciplineMix(self)
        self.shapes = BarChart(self, rows_expected=len(SHAPES))
        self.shapes.setObjectName("shapeChart")
        self.setObjectName("teamBox")
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        mix_caption = QLabel(tr("Core disciplines"), self)
        mix_caption.setObjectName("listCaption")
        mix_caption.setToolTip(
            tr(
                "Members at working level or above in each of the four disciplines the brief asks "
                "every MLOps team to have."
            )
        )
        shapes_caption = QLabel(tr("Skill shapes"), self)
        shapes_caption.setObjectName("listCaption")
        shapes_caption.setToolTip(
            tr(
                "T-shaped: deep in one area, broad in several; Π-shaped: deep in two or more; "
                "I-shaped: deep, not broad; generalist: broad, not deep."
            )
        )
        layout.addWidget(mix_caption)
        layout.addWidget(self.discipline_mix)
        layout.addSpacing(6)
        layout.addWidget(shapes_caption)
        layout.addWidget(self.shapes)
        layout.addStretch(1)
        self.setFixedWidth(260)

    def show_team(self, staffing: ProjectStaffing) -> None:
        self.discipline_mix.show_mix(staffing.discipline_mix, staffing.missing_disciplines)
        self.shapes.set_rows(
            [
                BarRow(
                    shape_label(shape),
                    float(staffing.shape_counts.get(shape, 0)),
                    str(staffing.shape_counts.get(shape, 0)),
                )
                for shape in SHAPES
            ]
        )

    def clear(self) -> None:
        self.discipline_mix.show_mix((), ())
        self.shapes.set_rows(())
