"""The skill matrix page: filters, the heat map, the legend and a person's detail panel.

The matrix is read on the worker, when the ``ReloadGate`` says: while the page
is shown (a hidden page reads it again once shown), one read at a time.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services.change import Entity
from views.context import AppContext
from views.full_text import show_full_text
from views.labels import shape_label, tr
from views.palette import HINT, RULE
from views.reload_gate import ReloadGate
from views.roles import IdRole
from views.skills.matrix_model import SHAPE_ORDER, SkillMatrixModel
from views.skills.matrix_view import SkillMatrixView
from views.skills.palette import LEVEL_FILL, LEVEL_TEXT, UNKNOWN_FILL
from views.skills.person_panel import PersonPanel
from views.staffing.relevance import STAFFING_ENTITIES
from views.worker import Operation

if TYPE_CHECKING:
    from app.analysis.skills import MatrixSnapshot
    from app.queries.skills import LevelDescriptor, MatrixFilterChoices
    from app.services.change import Change

# Changes after which the matrix must be read again: what moves a gap, but for the requirements.
RELEVANT_ENTITIES = STAFFING_ENTITIES - {Entity.SKILL_REQUIREMENT}
ALL = None


class Legend(QWidget):
    """The scale's levels with their colours and labels, as the heat map uses them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)

    def set_levels(self, levels: list[LevelDescriptor]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            assert item is not None  # there is one while count() says so
            widget = item.widget()
            if widget:
                widget.deleteLater()
        for level in levels:
            chip = QLabel(f" {level.level} {level.label} ", self)
            chip.setToolTip(level.description)
            chip.setStyleSheet(
                f"background: {LEVEL_FILL[level.level]}; color: {LEVEL_TEXT[level.level]};"
                " border-radius: 3px; padding: 1px 4px;"
            )
            self._layout.addWidget(chip)
        blank = QLabel(tr(" blank: not assessed "), self)
        blank.setStyleSheet(
            f"background: {UNKNOWN_FILL}; color: {HINT}; border: 1px solid {RULE};"
            " border-radius: 3px; padding: 1px 4px;"
        )
        self._layout.addWidget(blank)
        self._layout.addStretch(1)


class MatrixPage(QWidget):
    """People × skills for the whole organisation; edits record new assessments."""

    loaded = Signal()
    status_message = Signal(str)  # a line for the window's status bar

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = SkillMatrixModel(self)
        self.view = SkillMatrixView(self.model, self)
        self.panel = PersonPanel(context, self)
        self._choices: MatrixFilterChoices | None = None
        self._reload = ReloadGate(self, self._load)

        filters = self._build_filters()
        under = self._build_under()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(filters)
        layout.addLayout(under)
        layout.addWidget(self._build_splitter(), 1)
        self._connect()
        show_full_text(self)  # every cut text (cells, titles, pick lists) readable whole in its tooltip

    # --- structure -------------------------------------------------------------------
    def _build_filters(self) -> QHBoxLayout:
        """Find a person, the department, project, area and shape to show, inactive people, collapsed areas."""
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Find a person or e-mail"))
        self.search.setClearButtonEnabled(True)
        self.department = QComboBox(self)
        self.project = QComboBox(self)
        self.area = QComboBox(self)
        self.shape = QComboBox(self)
        self.shape.addItem(tr("All shapes"), ALL)
        for shape in SHAPE_ORDER:
            self.shape.addItem(shape_label(shape), shape)
        self.show_inactive = QCheckBox(tr("Show inactive"), self)
        self.collapse_button = QPushButton(tr("Collapse areas"), self)
        self.collapse_button.setCheckable(True)
        self.collapse_button.setToolTip(tr("Show only each area's score; right-click a column header for one area"))
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for widget in (self.department, self.project, self.area, self.shape):
            filters.addWidget(widget, 1)
        filters.addWidget(self.show_inactive)
        filters.addWidget(self.collapse_button)
        return filters

    def _build_under(self) -> QHBoxLayout:
        """The legend, what the last edit did, how many people show, and the file actions."""
        self.import_button = QPushButton(tr("Import…"), self)
        self.import_button.setToolTip(tr("Import a skills matrix from a CSV or Excel file, with a preview first"))
        self.export_button = QPushButton(tr("Export…"), self)
        self.export_button.setToolTip(tr("Write the matrix as a spreadsheet, one row per person"))
        self.count = QLabel("", self)
        self.count.setObjectName("matrixCount")
        # What the last key or edit did: a refused level says so here and in the status bar.
        self.message = QLabel("", self)
        self.message.setObjectName("matrixMessage")
        # However long the sentence, it never widens the page (and with it the window): it is cut instead,
        # and the status bar says it whole.
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.legend = Legend(self)
        under = QHBoxLayout()
        under.addWidget(self.legend)
        under.addWidget(self.message, 1)
        under.addWidget(self.count)
        under.addWidget(self.import_button)
        under.addWidget(self.export_button)
        return under

    def _build_splitter(self) -> QSplitter:
        """The matrix, and beside it the selected person's panel."""
        splitter = QSplitter(self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setCollapsible(0, False)
        self.panel.setMinimumWidth(300)
        self.panel.setMaximumWidth(460)
        splitter.setSizes([10_000, 340])
        return splitter

    def _connect(self) -> None:
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(150)
        self._filter_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._filter_timer.start)
        for combo in (self.department, self.project, self.shape):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.area.currentIndexChanged.connect(self._show_area)
        self.show_inactive.toggled.connect(self.apply_filters)
        self.collapse_button.toggled.connect(self._collapse_all)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.horizontalHeader().customContextMenuRequested.connect(self._header_menu)
        self.model.level_edit_requested.connect(self._record_level)
        self.view.delegate.level_refused.connect(self._say)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.context.hub.changed.connect(self._on_changed)

    # --- loading ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the matrix again (on the worker, once shown); the view keeps its filters and sort."""
        self._reload.request()

    def _load(self) -> None:
        self.count.setText(tr("Loading…"))
        database = self.context.database

        def load() -> tuple[Any, ...]:
            from app.analysis.skills import load_matrix
            from app.queries.skills import level_descriptors, matrix_filter_choices
            from app.settings import load_staffing_settings

            reader = database.reader()
            settings = load_staffing_settings(reader)
            return (
                load_matrix(reader, thresholds=settings.shapes),
                matrix_filter_choices(reader),
                level_descriptors(reader),
                settings,
            )

        def failed(error: BaseException) -> None:
            if not self._reload.finished():
                return  # a newer read follows: its outcome is the one to show
            from views.errors import report_error

            report_error(self, error)

        Operation(self, load).success(self._loaded).failure(failed).run()

    def _loaded(self, result: tuple[Any, ...]) -> None:
        if not self._reload.finished():
            return  # a newer read follows: its result is the one to show
        snapshot, choices, levels, settings = result
        selected = self.current_person_id()
        self._set_choices(choices, snapshot)
        self.legend.set_levels(levels)
        self.panel.set_thresholds(settings.shapes)
        self.model.set_snapshot(snapshot, level_labels=[level.label for level in levels])
        self.apply_filters()
        self._show_area()
        if selected is not None:
            self.select_person(selected)
            # Same person, new numbers: the panel must redraw even though the row did not change.
            self._current_changed(self.view.currentIndex(), QModelIndex())
        self.loaded.emit()

    def _set_choices(self, choices: MatrixFilterChoices, snapshot: MatrixSnapshot) -> None:
        self._choices = choices

        def refill(combo: QComboBox, everything: str, items: list[tuple[str, Any]]) -> None:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, ALL)
            for text, data in items:
                combo.addItem(text, data)
            found = combo.findData(current)
            combo.setCurrentIndex(found if found >= 0 else 0)
            combo.blockSignals(False)

        refill(self.department, tr("All departments"), [(name, name) for name in choices.departments])
        refill(
            self.project, tr("All projects"), [(name, project_id) for project_id, name, _members in choices.projects]
        )
        refill(self.area, tr("All areas"), [(name, index) for index, name in enumerate(snapshot.area_names)])

    # --- filtering -------------------------------------------------------------------------
    def filter_mask(self) -> np.ndarray | None:
        snapshot = self.model.snapshot
        if snapshot is None:
            return None
        mask = np.ones(len(snapshot.person_ids), dtype=bool)
        if not self.show_inactive.isChecked():
            mask &= snapshot.active
        department = self.department.currentData()
        if department is not ALL:
            mask &= np.array([name == department for name in snapshot.departments], dtype=bool)
        project_id = self.project.currentData()
        if project_id is not ALL and self._choices is not None:
            members = next((ids for pid, _name, ids in self._choices.projects if pid == project_id), frozenset())
            mask &= np.isin(snapshot.person_ids, np.fromiter(members, dtype=np.int64, count=len(members)))
        shape = self.shape.currentData()
        if shape is not ALL:
            mask &= np.array([value.value == shape for value in snapshot.shapes], dtype=bool)
        text = self.search.text().strip().casefold()
        if text:
            mask &= np.array(
                [
                    text in name.casefold() or text in email
                    for name, email in zip(snapshot.person_names, snapshot.person_emails, strict=True)
                ],
                dtype=bool,
            )
        return mask

    def apply_filters(self) -> None:
        snapshot = self.model.snapshot
        if snapshot is None:
            return
        selected = self.current_person_id()
        self.model.set_filter(self.filter_mask())
        self.count.setText(
            tr("{shown:,} of {total:,} people").format(shown=self.model.rowCount(), total=len(snapshot.person_ids))
        )
        if selected is not None:
            self.select_person(selected)

    def _show_area(self) -> None:
        """The area filter shows one area's columns (and its score) and hides the others."""
        area = self.area.currentData()
        for number, column in enumerate(self.model.columns):
            if column.area < 0:
                continue
            hidden = (area is not ALL and column.area != area) or (
                self.collapse_button.isChecked() and column.kind == "skill" and area is ALL
            )
            self.view.setColumnHidden(number, hidden)

    def _collapse_all(self, collapsed: bool) -> None:
        self.collapse_button.setText(tr("Expand areas") if collapsed else tr("Collapse areas"))
        self._show_area()

    def _header_menu(self, position: Any) -> None:
        section = self.view.horizontalHeader().logicalIndexAt(position)
        if not 0 <= section < len(self.model.columns) or self.model.columns[section].area < 0:
            return
        area = self.model.columns[section].area
        assert self.model.snapshot is not None
        name = self.model.snapshot.area_names[area]
        collapsed = self.view.is_area_collapsed(area)
        menu = QMenu(self)
        action = menu.addAction(
            tr("Expand {area}").format(area=name) if collapsed else tr("Collapse {area}").format(area=name)
        )
        action.triggered.connect(lambda: self.view.set_area_collapsed(area, not collapsed))
        menu.popup(self.view.horizontalHeader().mapToGlobal(position))

    # --- selection and editing ----------------------------------------------------------------
    def current_person_id(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(IdRole) if index.isValid() else None

    def select_person(self, person_id: int) -> None:
        row = self.model.person_row(person_id)
        if row is not None:
            column = max(self.view.currentIndex().column(), 0)
            self.view.setCurrentIndex(self.model.index(row, column))

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        person_id = current.data(IdRole) if current.isValid() else None
        if person_id is None or (previous.isValid() and previous.data(IdRole) == person_id):
            return
        self.panel.show_person(person_id)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.status_message.emit(text)

    def level_words(self, level: int) -> str:
        """``2 Working``, or "not assessed" for a cell with no assessment (never "0")."""
        labels = self.model.level_labels
        return f"{level} {tr(labels[level])}" if 0 <= level < len(labels) else tr("not assessed")

    def _record_level(self, person_id: int, skill_id: int, level: int, old_level: int) -> None:
        from app.services import skills as skill_services
        from views.undo import add_undone_by, run_edit

        database = self.context.database
        snapshot = self.model.snapshot
        assert snapshot is not None
        skill = snapshot.skill_names[int(np.flatnonzero(snapshot.skill_ids == skill_id)[0])]
        person = snapshot.person_names[int(np.flatnonzero(snapshot.person_ids == person_id)[0])]
        self.message.setText("")
        today = date.today()  # the day it was assessed, also after a redo on a later day
        record, retract = add_undone_by(
            lambda: skill_services.record_assessment(database, person_id, skill_id, level, assessed_on=today),
            lambda assessment_id: skill_services.retract_assessment(database, assessment_id),
        )

        run_edit(
            self.context.undo_stack,
            tr("Set {person}'s {skill} to {level} (was {old})").format(
                person=person, skill=skill, level=self.level_words(level), old=self.level_words(old_level)
            ),
            do=record,
            undo=retract,
            hub=self.context.hub,
            parent=self,
        )

    def import_file(self) -> None:
        from views.dialogs import run_modal
        from views.skills.import_dialog import ImportDialog

        dialog = ImportDialog(self.context, self)
        dialog.choose_file()
        if dialog.plan is not None or dialog.path.text():
            run_modal(dialog)  # deleted once answered: the page would keep every one
        else:
            dialog.deleteLater()  # no file chosen: nothing to ask

    def export_file(self) -> None:
        from views.skills.import_dialog import export_matrix_interactively

        def done(result: Any) -> None:
            self.count.setText(
                tr("Exported {people:,} people × {skills} skills to {name}.").format(
                    people=result.people, skills=result.skills, name=result.path.name
                )
            )

        export_matrix_interactively(self.context, self, on_done=done)

    def _on_changed(self, change: Change) -> None:
        if change.entity in RELEVANT_ENTITIES and self.model.snapshot is not None:
            self.refresh()
