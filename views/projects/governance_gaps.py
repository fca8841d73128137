"""A project's governance gaps on its overview: the open ones in a table, the covered ones named above it.

The gaps are those of ``app.analysis.governance`` at the project's stage, each with
its status in words and colour (past review, missing), whether it blocks and why it
is needed; "Plan policy work for these gaps…" asks for starter backlog items.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.queries.projects import ProjectProfile
from models.enums import PolicyCategory
from views import palette
from views.labels import label, tr
from views.roles import RecordRole, SortRole
from views.tables import sorted_proxy

if TYPE_CHECKING:
    from app.analysis.governance import GovernanceGap

AnyIndex = QModelIndex | QPersistentModelIndex
# The statuses of ``app.analysis.governance`` (not imported here: app.analysis stays off the start-up path).
COVERED, STALE, MISSING = "covered", "stale", "missing"

CATEGORY_LABELS: dict[PolicyCategory, str] = {
    PolicyCategory.DATA_PRIVACY: "Data privacy",
    PolicyCategory.ACCESS_CONTROL: "Access control",
    PolicyCategory.ADVERSARIAL_ML: "Adversarial ML",
    PolicyCategory.MODEL_TRAINING: "Model training and updating",
    PolicyCategory.BIAS_FAIRNESS: "Bias and fairness",
    PolicyCategory.THIRD_PARTY_IP: "Third-party models and IP",
    PolicyCategory.HUMAN_OVERSIGHT: "Human oversight",
    PolicyCategory.INCIDENT_RESPONSE: "Incident response",
    PolicyCategory.EXIT_STRATEGY: "Exit strategy and data migration",
    PolicyCategory.AUDIT_COMPLIANCE: "Audit and compliance",
}
STATUS_WORDS = {COVERED: "Covered", STALE: "Past review", MISSING: "Missing"}
# (text, background): red for missing, amber for past review, green for covered; the word says it too.
STATUS_COLOURS = {
    MISSING: (palette.ALERT, palette.ALERT_FILL),
    STALE: (palette.WARNING, palette.WARNING_FILL),
    COVERED: (palette.COVERED, palette.COVERED_FILL),
}

CATEGORY, STATUS, BLOCKING, REASON = range(4)


def category_label(category: PolicyCategory) -> str:
    return tr(CATEGORY_LABELS[category])


class GovernanceGapsModel(QAbstractTableModel):
    """Governance gaps, one per row: policy area, status (word and colour), blocking, why it is needed."""

    HEADERS = ("Policy area", "Status", "Blocking", "Why it is needed")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._gaps: tuple[GovernanceGap, ...] = ()

    def set_gaps(self, gaps: Sequence[GovernanceGap]) -> None:
        self.beginResetModel()
        self._gaps = tuple(gaps)
        self.endResetModel()

    def gaps(self) -> tuple[GovernanceGap, ...]:
        return self._gaps

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._gaps)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 4:
            return tr(self.HEADERS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._gaps):
            return None
        gap, column = self._gaps[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == CATEGORY:
                return category_label(gap.category)
            if column == STATUS:
                return tr(STATUS_WORDS[gap.status])
            if column == BLOCKING:
                return tr("Blocking") if gap.blocking else ""
            return gap.reason
        if role == Qt.ItemDataRole.ToolTipRole:
            details = [gap.reason]
            if gap.policies:
                details.append(tr("Covered by: {titles}").format(titles=", ".join(gap.policies)))
            if gap.note:
                details.append(gap.note)
            if gap.blocking:
                details.append(
                    tr("Blocking: moving the project on needs a recorded justification until this is closed.")
                )
            return "\n".join(details)
        if role == SortRole:
            return (gap.category.value, gap.status, not gap.blocking, gap.reason)[column]
        if role == RecordRole:
            return gap
        if column == STATUS and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            ink, fill = STATUS_COLOURS[gap.status]
            return QBrush(QColor(ink if role == Qt.ItemDataRole.ForegroundRole else fill))
        if column == BLOCKING and role == Qt.ItemDataRole.ForegroundRole and gap.blocking:
            return QBrush(QColor(STATUS_COLOURS[MISSING][0]))
        if role == Qt.ItemDataRole.TextAlignmentRole:  # top, beside a reason wrapped over two lines
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None


class GapsTable(QTableView):
    """Asks for the height of its rows (up to ``MAX_ROWS``), so the members below keep the rest of the page."""

    MAX_ROWS = 4

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        rows = min(self.model().rowCount() if self.model() is not None else 0, self.MAX_ROWS)
        height = self.horizontalHeader().height() + sum(self.rowHeight(row) for row in range(rows))
        return QSize(hint.width(), height + 2 * self.frameWidth() + 2)

    def minimumSizeHint(self) -> QSize:
        # As tall as its rows (up to MAX_ROWS): the page scrolls rather than squeeze the gaps to one line.
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


class GovernanceGapsBox(QGroupBox):
    """The summary line, the open gaps (hidden when there are none) and the button to plan work for them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Governance gaps"), parent)
        self.model = GovernanceGapsModel(self)
        self.proxy = sorted_proxy(self.model, self)
        self.table = GapsTable(self)
        self.table.setObjectName("governanceGapsTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The reason, the only long text, takes the rest and wraps instead of being cut.
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.summary = QLabel("", self)
        self.summary.setObjectName("governanceSummary")
        # One line, no word wrap: a wrapping label makes the page lay out height-for-width, and Qt then
        # squeezed the profile form below its minimum (the description ran under the stage box).
        self.plan_button = QPushButton(tr("Plan policy work for these gaps…"), self)
        self.plan_button.setObjectName("planGapsButton")
        self.plan_button.setToolTip(
            tr("Open the project's backlog with the starter items of the open gaps' policy areas ticked.")
        )
        self.plan_button.hide()
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.plan_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addLayout(actions)

    def show_gaps(self, profile: ProjectProfile, gaps: Sequence[GovernanceGap], *, can_plan: bool) -> None:
        """The open gaps (missing, past review) in the table; the covered areas named in the summary."""
        open_gaps = [gap for gap in gaps if gap.status != COVERED]
        covered = [category_label(gap.category) for gap in gaps if gap.status == COVERED]
        self.model.set_gaps(open_gaps)
        self.table.setVisible(bool(open_gaps))
        self.plan_button.setVisible(bool(open_gaps) and can_plan)
        self.table.resizeRowsToContents()
        self.table.updateGeometry()
        self.summary.setText(gaps_summary(profile, gaps, open_gaps))
        self.summary.setToolTip(tr("Covered: {areas}.").format(areas=", ".join(covered)) if covered else "")


def gaps_summary(profile: ProjectProfile, gaps: Sequence[GovernanceGap], open_gaps: Sequence[GovernanceGap]) -> str:
    """How many of the policy areas the rules ask for at the project's stage are open, and how many block."""
    if not gaps:
        return tr("No governance rule asks for a policy at the {stage} stage yet.").format(stage=label(profile.stage))
    if not open_gaps:
        return tr("All {count} policy areas the rules ask for at this stage are covered.").format(count=len(gaps))
    blocking = sum(1 for gap in open_gaps if gap.blocking)
    text = tr("{open} of the {count} policy areas the rules ask for at this stage are missing or past review").format(
        open=len(open_gaps), count=len(gaps)
    )
    return text + (
        tr("; {count} blocking: moving to a later stage needs a recorded justification.").format(count=blocking)
        if blocking
        else "."
    )
