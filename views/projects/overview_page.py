"""A project's overview: its profile (editable), headline counts, governance gaps and members.

The governance gaps are those of ``app.analysis.governance`` at the project's
stage: the open ones in a table, each with its status in words and colour (past
review, missing), whether it blocks and why it is needed; the covered areas are
named in the summary line above it. The page reads them itself
through its ``AppContext`` when it shows a project (a few small queries).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.money import format_money
from app.queries.projects import ApprovedPlan, ProjectCounts, ProjectOverview, ProjectProfile
from models.enums import DecisionMode, ModelOrigin, PolicyCategory, Stage
from views.context import AppContext
from views.date_field import DateField, date_problem
from views.labels import label, tr
from views.projects.members_model import ALLOCATION, ROLE, MembersModel
from views.roles import RecordRole, SortRole

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
STATUS_COLOURS = {MISSING: ("#a1251b", "#fde7e4"), STALE: ("#7a4a00", "#fff4e5"), COVERED: ("#1e6b3a", "#e6f4ea")}

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


def _combo(values: type[Stage] | type[DecisionMode] | type[ModelOrigin], parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    for value in values:
        combo.addItem(label(value), value)
    return combo


class CountCard(QFrame):
    """One headline number with its caption and a detail line."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countCard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(2)
        self.number = QLabel("–", self)
        self.number.setObjectName("countNumber")
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("countCaption")
        self.detail = QLabel("", self)
        self.detail.setObjectName("countDetail")
        for widget in (self.number, self.caption, self.detail):
            layout.addWidget(widget)

    def show_count(self, number: str, detail: str = "", *, warn: bool = False) -> None:
        self.number.setText(number)
        self.detail.setText(detail)
        if bool(self.property("warn")) != warn:
            self.setProperty("warn", warn)
            # The style sheet styles [warn="true"]; Qt re-reads it only on a repolish. A change of the card's
            # own (rule-less) style sheet is one, and unlike style().polish() it does not make PySide build
            # the Python QStyle type with all its enums: ~9 ms of the start-up, where this first runs.
            self.setStyleSheet("/* warn */" if warn else "")


# The approved budgets of this many fiscal years, newest first, are named on the card; earlier ones are counted.
APPROVED_YEARS_SHOWN = 3


def approved_budget_words(plans: Sequence[ApprovedPlan]) -> str:
    """The approved plan of each fiscal year, to the cent and with its currency.

    Scenarios are alternatives: when several are approved for one year, each is named
    on a line of its own with its own total (never their sum), so the reader sees that
    a choice is still open. An amount never breaks from its currency when the card wraps.
    """
    if not plans:
        return tr("none approved yet")
    by_year: dict[int, list[ApprovedPlan]] = {}
    for plan in plans:
        by_year.setdefault(plan.fiscal_year, []).append(plan)
    years = sorted(by_year, reverse=True)

    def named(plan: ApprovedPlan) -> str:
        name = (
            plan.name
            if plan.revision == 1
            else tr("{name} rev. {revision}").format(name=plan.name, revision=plan.revision)
        )
        amount = format_money(plan.planned, plan.currency).replace(" ", "\u00a0")
        if plan.state == "closed":
            return tr("{name} (closed), {amount}").format(name=name, amount=amount)
        return tr("{name}, {amount}").format(name=name, amount=amount)

    lines = []
    for year in years[:APPROVED_YEARS_SHOWN]:
        approved = by_year[year]
        if len(approved) == 1:
            lines.append(tr("Approved for FY\u00a0{year}: {plan}").format(year=year, plan=named(approved[0])))
        else:
            lines.append(
                tr("FY\u00a0{year}: {count} scenarios approved, not added up:").format(year=year, count=len(approved))
            )
            lines += [named(plan) for plan in approved]
    if len(years) > APPROVED_YEARS_SHOWN:
        lines.append(tr("and {count} earlier year(s)").format(count=len(years) - APPROVED_YEARS_SHOWN))
    return "\n".join(lines)


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


class OverviewPage(QWidget):
    """Shows one project; ``save_requested`` carries the changed profile fields (before, after)."""

    save_requested = Signal(int, object, object)
    # The user asks for starter backlog items for the open gaps of the project (its id).
    templates_requested = Signal(int)
    # The form went from saved to edited, or back (the window marks its title).
    edits_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, context: AppContext | None = None) -> None:
        super().__init__(parent)
        self._profile: ProjectProfile | None = None
        self._was_dirty = False
        # The main window builds the page with itself as parent and holds the context.
        self._context = context if context is not None else getattr(parent, "context", None)

        self.name = QLineEdit(self)
        self.name.setObjectName("profileName")
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(72)
        self.stage = _combo(Stage, self)
        self.decision_mode = _combo(DecisionMode, self)
        self.model_origin = _combo(ModelOrigin, self)
        self.personal_data = QCheckBox(tr("Handles personal data"), self)
        self.start_on = OptionalDate(self, what=tr("start date"))
        self.end_on = OptionalDate(self, what=tr("end date"))
        self.save_button = QPushButton(tr("Save"), self)
        self.save_button.setObjectName("saveProfile")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton(tr("Revert"), self)
        self.validation = QLabel("", self)
        self.validation.setObjectName("validationMessage")
        self.validation.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Description"), self.description)
        form.addRow(tr("Life-cycle stage"), self.stage)
        form.addRow(tr("Decision mode"), self.decision_mode)
        form.addRow(tr("Model origin"), self.model_origin)
        form.addRow("", self.personal_data)
        form.addRow(tr("Start date"), self.start_on)
        form.addRow(tr("End date"), self.end_on)
        buttons = QHBoxLayout()
        buttons.addWidget(self.validation, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        profile_box = QGroupBox(tr("Profile"), self)
        profile_layout = QVBoxLayout(profile_box)
        profile_layout.addLayout(form)
        profile_layout.addLayout(buttons)

        self.cards = {
            "members": CountCard(tr("Members"), self),
            "requirements": CountCard(tr("Skill requirements"), self),
            "policies": CountCard(tr("Project policies"), self),
            "backlog": CountCard(tr("Open backlog items"), self),
            "feedback": CountCard(tr("Open stakeholder feedback"), self),
            "budget": CountCard(tr("Budget plans"), self),
        }
        # One line per fiscal year's approved plan, and scenarios named in full: it wraps, not widens the page.
        self.cards["budget"].detail.setWordWrap(True)
        cards_grid = QGridLayout()
        cards_grid.setSpacing(10)
        for position, card in enumerate(self.cards.values()):
            cards_grid.addWidget(card, position // 2, position % 2)
        cards_box = QGroupBox(tr("At a glance"), self)
        cards_box.setLayout(cards_grid)

        self.members_model = MembersModel(self)
        self.members_proxy = QSortFilterProxyModel(self)
        self.members_proxy.setSourceModel(self.members_model)
        self.members_proxy.setSortRole(SortRole)
        self.members = QTableView(self)
        self.members.setObjectName("membersTable")
        self.members.setModel(self.members_proxy)
        self.members.setSortingEnabled(True)
        self.members.sortByColumn(ALLOCATION, Qt.SortOrder.DescendingOrder)
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members.setAlternatingRowColors(True)
        self.members.verticalHeader().hide()
        self.members.verticalHeader().setDefaultSectionSize(26)
        self.members.setMinimumHeight(26 * 6 + 34)  # six members at least; the page scrolls for the rest
        header = self.members.horizontalHeader()
        # Names, departments and numbers take what they need; the role, the
        # longest free text, takes the rest rather than being cut short.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ROLE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        members_box = QGroupBox(tr("Members"), self)
        members_layout = QVBoxLayout(members_box)
        self.members_summary = QLabel("", self)
        members_layout.addWidget(self.members_summary)
        members_layout.addWidget(self.members)

        self.gaps_model = GovernanceGapsModel(self)
        self.gaps_proxy = QSortFilterProxyModel(self)
        self.gaps_proxy.setSourceModel(self.gaps_model)
        self.gaps_proxy.setSortRole(SortRole)
        self.gaps = GapsTable(self)
        self.gaps.setObjectName("governanceGapsTable")
        self.gaps.setModel(self.gaps_proxy)
        self.gaps.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.gaps.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.gaps.setWordWrap(True)
        self.gaps.verticalHeader().hide()
        self.gaps.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        gaps_header = self.gaps.horizontalHeader()
        gaps_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The reason, the only long text, takes the rest and wraps instead of being cut.
        gaps_header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        gaps_header.setStretchLastSection(False)
        self.gaps_summary = QLabel("", self)
        self.gaps_summary.setObjectName("governanceSummary")
        # One line, no word wrap: a wrapping label makes the page lay out height-for-width, and Qt then
        # squeezed the profile form below its minimum (the description ran under the stage box).
        self.plan_gaps_button = QPushButton(tr("Plan policy work for these gaps…"), self)
        self.plan_gaps_button.setObjectName("planGapsButton")
        self.plan_gaps_button.setToolTip(
            tr("Open the project's backlog with the starter items of the open gaps' policy areas ticked.")
        )
        self.plan_gaps_button.hide()
        self.plan_gaps_button.clicked.connect(self._request_templates)
        gaps_actions = QHBoxLayout()
        gaps_actions.addStretch(1)
        gaps_actions.addWidget(self.plan_gaps_button)
        gaps_box = QGroupBox(tr("Governance gaps"), self)
        gaps_layout = QVBoxLayout(gaps_box)
        gaps_layout.addWidget(self.gaps_summary)
        gaps_layout.addWidget(self.gaps)
        gaps_layout.addLayout(gaps_actions)

        top = QHBoxLayout()
        top.addWidget(profile_box, 3)
        top.addWidget(cards_box, 2)
        # Full width, one above the other: side by side, the reasons and the members' roles were
        # squeezed into columns a few words wide.
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(gaps_box)
        layout.addWidget(members_box, 1)

        for signal in (
            self.name.textEdited,
            self.description.textChanged,
            self.stage.currentIndexChanged,
            self.decision_mode.currentIndexChanged,
            self.model_origin.currentIndexChanged,
            self.personal_data.toggled,
            self.start_on.edited,
            self.end_on.edited,
        ):
            signal.connect(self._update_buttons)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self._update_buttons()

    # --- showing -------------------------------------------------------------------
    def show_overview(self, overview: ProjectOverview) -> None:
        """Show ``overview``; unsaved edits of the same project are kept when only counts changed."""
        keep_edits = self._profile is not None and self._profile.id == overview.profile.id and self.is_dirty()
        self._profile = overview.profile
        if not keep_edits:
            self._fill_form(overview.profile)
        self._show_counts(overview.counts)
        self.members_model.set_members(overview.members)
        overbooked = sum(1 for member in overview.members if member.total_allocation > 1.0 + 1e-9)
        summary = tr("{count} people, {fte:.2f} FTE in total.").format(
            count=len(overview.members), fte=overview.counts.member_fte
        )
        if overbooked:
            summary += " " + tr("{count} booked over 100% across their projects (in red).").format(count=overbooked)
        self.members_summary.setText(summary)
        self._show_gaps(overview.profile)
        self._update_buttons()

    def _show_gaps(self, profile: ProjectProfile) -> None:
        """Evaluate the governance rules on the worker, after the page has painted (start-up stays light)."""
        if self._context is None:
            self._gaps_loaded(profile, [])
            return
        from views.worker import Operation

        database = self._context.database
        if not self.gaps_summary.text():
            self.gaps_summary.setText(tr("Checking the governance rules…"))

        def load() -> list[GovernanceGap]:
            from app.analysis.governance import governance_gaps

            try:
                return governance_gaps(database.reader(), profile.id)
            except UserError:  # deleted meanwhile: the next refresh shows another project
                return []

        Operation(self, load).success(lambda gaps: self._gaps_loaded(profile, gaps)).run()

    def _gaps_loaded(self, profile: ProjectProfile, gaps: list[GovernanceGap]) -> None:
        """The open gaps (missing, past review) in the table; the covered areas named in the summary."""
        if self._profile is None or self._profile.id != profile.id:
            return  # the user has moved to another project meanwhile
        open_gaps = [gap for gap in gaps if gap.status != COVERED]
        covered = [category_label(gap.category) for gap in gaps if gap.status == COVERED]
        self.gaps_model.set_gaps(open_gaps)
        self.gaps.setVisible(bool(open_gaps))
        self.plan_gaps_button.setVisible(bool(open_gaps) and self._context is not None)
        self.gaps.resizeRowsToContents()
        self.gaps.updateGeometry()
        blocking = sum(1 for gap in open_gaps if gap.blocking)
        if not gaps:
            text = tr("No governance rule asks for a policy at the {stage} stage yet.").format(
                stage=label(profile.stage)
            )
        elif not open_gaps:
            text = tr("All {count} policy areas the rules ask for at this stage are covered.").format(count=len(gaps))
        else:
            text = tr(
                "{open} of the {count} policy areas the rules ask for at this stage are missing or past review"
            ).format(open=len(open_gaps), count=len(gaps))
            text += (
                tr("; {count} blocking: moving to a later stage needs a recorded justification.").format(count=blocking)
                if blocking
                else "."
            )
        self.gaps_summary.setText(text)
        self.gaps_summary.setToolTip(tr("Covered: {areas}.").format(areas=", ".join(covered)) if covered else "")

    def _request_templates(self) -> None:
        if self._profile is not None:
            self.templates_requested.emit(self._profile.id)

    def _fill_form(self, profile: ProjectProfile) -> None:
        widgets = (self.name, self.description, self.stage, self.decision_mode, self.model_origin, self.personal_data)
        for widget in widgets:
            widget.blockSignals(True)
        self.name.setText(profile.name)
        self.description.setPlainText(profile.description)
        self.stage.setCurrentIndex(self.stage.findData(profile.stage))
        self.decision_mode.setCurrentIndex(self.decision_mode.findData(profile.decision_mode))
        self.model_origin.setCurrentIndex(self.model_origin.findData(profile.model_origin))
        self.personal_data.setChecked(profile.personal_data)
        for widget in widgets:
            widget.blockSignals(False)
        self.start_on.set_value(profile.start_on)
        self.end_on.set_value(profile.end_on)
        self._update_buttons()

    def _show_counts(self, counts: ProjectCounts) -> None:
        self.cards["members"].show_count(
            str(counts.members), tr("{fte:.2f} FTE allocated").format(fte=counts.member_fte)
        )
        self.cards["requirements"].show_count(str(counts.requirements), tr("skills the project needs"))
        stale = counts.stale_policies
        self.cards["policies"].show_count(
            str(counts.policies),
            tr("{stale} past their review date").format(stale=stale) if stale else tr("all reviews up to date"),
            warn=stale > 0,
        )
        sprint = (
            tr("sprint: {name}").format(name=counts.active_sprint) if counts.active_sprint else tr("no active sprint")
        )
        self.cards["backlog"].show_count(
            str(counts.open_items), tr("{points} points; {sprint}").format(points=counts.open_points, sprint=sprint)
        )
        self.cards["feedback"].show_count(
            str(counts.open_feedback), tr("awaiting a disposition"), warn=counts.open_feedback > 0
        )
        self.cards["budget"].show_count(str(counts.budget_plans), approved_budget_words(counts.approved_plans))

    # --- editing -------------------------------------------------------------------
    def form_values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "description": self.description.toPlainText().strip(),
            "stage": self.stage.currentData(),
            "decision_mode": self.decision_mode.currentData(),
            "model_origin": self.model_origin.currentData(),
            "personal_data": self.personal_data.isChecked(),
            "start_on": self.start_on.value(),
            "end_on": self.end_on.value(),
        }

    def changes(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The edited fields as (before, after); both empty when nothing changed."""
        if self._profile is None:
            return {}, {}
        after = {key: value for key, value in self.form_values().items() if getattr(self._profile, key) != value}
        before = {key: getattr(self._profile, key) for key in after}
        return before, after

    def is_dirty(self) -> bool:
        """Whether the form differs from the project: a changed field, or a date's text typed over that is
        not a date (its last date may still be the saved one, but what is shown is not what is stored)."""
        if self._profile is None:
            return False
        return bool(self.changes()[1]) or not (self.start_on.is_valid() and self.end_on.is_valid())

    def _problem(self) -> str:
        values = self.form_values()
        if not values["name"]:
            return tr("A project needs a name.")
        # A date field keeps its last date while its text is not one; saving that would save what nobody typed.
        dates = date_problem(self)
        if dates:
            return dates
        if values["start_on"] and values["end_on"] and values["end_on"] < values["start_on"]:
            return tr("The end date is before the start date.")
        return ""

    def _update_buttons(self) -> None:
        dirty = self.is_dirty()
        problem = self._problem() if dirty else ""
        self.validation.setText(problem)
        self.save_button.setEnabled(dirty and not problem)
        self.revert_button.setEnabled(dirty)
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.edits_changed.emit()

    def profile(self) -> ProjectProfile | None:
        """The project the form shows (and edits)."""
        return self._profile

    def problem(self) -> str:
        """Why the form's edit cannot be saved as it stands ("" when it can)."""
        return self._problem()

    def save(self) -> None:
        before, after = self.changes()
        if self._profile is None or not after or self._problem():
            return
        self.save_requested.emit(self._profile.id, before, after)

    def revert(self) -> None:
        if self._profile is not None:
            self._fill_form(self._profile)
