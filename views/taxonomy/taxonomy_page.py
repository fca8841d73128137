"""The skill taxonomy: areas and their skills with how much each is used, and the level scale.

Areas and skills are added, renamed (in place: double-click or F2), retired
and restored, and a skill can be merged into another. The five level
descriptors are reworded in place. Every edit is a service call on the worker;
all but a merge are undoable (a merge moves history and cannot be, which its
confirmation says). The services retire rather than delete, so undoing an
added area or skill retires it again.

The usage counts scan every assessment (a fifth of a second on the large
demo), so the page loads on the worker and shows the result when it arrives;
the ``ReloadGate`` says when (while the page is shown, one load at a time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QTreeView,
    QWidget,
)
from shiboken6 import isValid

from app.queries.people import AreaRow, LevelDescriptorRow, SkillRow, level_descriptors, list_taxonomy
from views.context import AppContext
from views.full_text import show_full_text
from views.labels import tr
from views.layouts import named_label, side_by_side, top_to_bottom
from views.org_list_page import OrgListPage
from views.selection import SelectionFollower, select_row
from views.tables import edited_in_place
from views.taxonomy.taxonomy_dialogs import AreaDialog, MergeSkillDialog, SkillDialog, SubmitDialog
from views.taxonomy.taxonomy_model import (
    DESCRIPTION,
    LABEL,
    LEVEL,
    NAME,
    PEOPLE,
    PROJECTS,
    LevelDescriptorModel,
    TaxonomyModel,
)
from views.undo import add_undone_by
from views.worker import Operation

if TYPE_CHECKING:
    from app.services.change import Change

Selected = tuple[str, int]  # ("area" | "skill", id)


class TaxonomyPage(OrgListPage):
    loaded = Signal()  # the models show the database as of the latest refresh
    dialog: SubmitDialog | None  # the open add/merge dialog, if any

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent, name="taxonomyPage")
        self._all_areas: tuple[AreaRow, ...] = ()
        self._collapsed: set[int] = set()
        heading = self._build_heading(tr("Skill taxonomy"))
        tools = self._build_tools()
        self._build_tree()
        levels_box = self._build_levels()
        tree_box = QWidget(self)
        top_to_bottom(tree_box, tools, (self.tree, 1))
        top_to_bottom(self, heading, (tree_box, 1), levels_box, margin=12)
        self._connect()
        show_full_text(self)  # every cut text (cells, titles, pick lists) readable whole in its tooltip
        self._update_actions()
        self.refresh()  # not shown yet: the taxonomy is read once the page is first shown

    # --- structure -------------------------------------------------------------------
    def _build_tools(self) -> QHBoxLayout:
        """ "Show retired" at the left, the actions on the selected row at the right."""
        self.show_retired = QCheckBox(tr("Show retired"), self)
        self.add_area_button = QPushButton(tr("Add area…"), self)
        self.add_skill_button = QPushButton(tr("Add skill…"), self)
        self.rename_button = QPushButton(tr("Rename"), self)
        self.rename_button.setToolTip(tr("Rename in place (or double-click the name, or press F2)."))
        self.retire_button = QPushButton(tr("Retire"), self)
        self.merge_button = QPushButton(tr("Merge into…"), self)
        self.merge_button.setToolTip(
            tr("Move this skill's assessments, requirements and certifications to another skill, then retire it.")
        )
        adding = (self.add_area_button, self.add_skill_button)
        on_the_selected = (self.rename_button, self.retire_button, self.merge_button)
        return side_by_side(self.show_retired, 1, *adding, *on_the_selected)

    def _build_tree(self) -> None:
        """The areas with their skills, names renamed in place."""
        self.model = TaxonomyModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("taxonomyTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(NAME, 300)
        header.resizeSection(PEOPLE, 130)
        header.resizeSection(PROJECTS, 140)

    def _build_levels(self) -> QGroupBox:
        """The proficiency scale: five rows whose labels and descriptions are reworded in place."""
        self.levels_model = LevelDescriptorModel(self)
        self.levels = QTableView(self)
        self.levels.setObjectName("levelTable")
        self.levels.setModel(self.levels_model)
        self.levels.setWordWrap(False)
        self.levels.setAlternatingRowColors(True)
        self.levels.verticalHeader().hide()
        self.levels.verticalHeader().setDefaultSectionSize(26)
        edited_in_place(self.levels)
        header = self.levels.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.resizeSection(LEVEL, 60)
        header.resizeSection(LABEL, 150)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        # Five rows and the header, no scrolling: the scale is short and fixed.
        self.levels.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.levels.setFixedHeight(header.sizeHint().height() + 5 * 26 + 2 * self.levels.frameWidth())
        hint = named_label(
            self,
            "orgPageHint",
            tr(
                "The proficiency scale every assessment uses. Double-click a label or a "
                "description to reword it; the skill matrix legend and reports follow."
            ),
        )
        box = QGroupBox(tr("Proficiency levels"), self)
        top_to_bottom(box, hint, self.levels, margin=None)
        return box

    def _connect(self) -> None:
        self.show_retired.toggled.connect(lambda _checked: self._show_areas())
        # The buttons act on the selected row only, and are re-read whenever it may have changed.
        self.selection: SelectionFollower[AreaRow | SkillRow] = SelectionFollower(self.tree)
        self.selection.changed.connect(self._update_actions)
        self.tree.collapsed.connect(lambda index: self._collapsed.add(self._shown_id(index)))
        self.tree.expanded.connect(lambda index: self._collapsed.discard(self._shown_id(index)))
        self.add_area_button.clicked.connect(self.add_area)
        self.add_skill_button.clicked.connect(self.add_skill)
        self.rename_button.clicked.connect(self.rename_selected)
        self.retire_button.clicked.connect(self.retire_or_restore)
        self.merge_button.clicked.connect(self.merge_selected)
        self.model.rename_requested.connect(self._rename)
        self.model.describe_requested.connect(self._describe)
        self.levels_model.edit_requested.connect(self._reword_level)

    # --- reading -------------------------------------------------------------------
    def _load(self) -> None:
        """Read the taxonomy and the scale on the worker; ``loaded`` says when they show."""
        reader = self.context.database.reader()

        def load() -> tuple[tuple[AreaRow, ...], list[LevelDescriptorRow]]:
            return list_taxonomy(reader), level_descriptors(reader)

        # The page may have been closed while the worker read; and a newer load's result wins.
        def show(result: tuple[tuple[AreaRow, ...], list[LevelDescriptorRow]]) -> None:
            if isValid(self) and self._reload.finished():
                self._loaded(*result)

        def failed(error: BaseException) -> None:
            if isValid(self) and not self._reload.finished():
                return  # a newer load follows: its outcome is the one to show
            from views.errors import report_error

            report_error(self if isValid(self) else None, error)

        Operation(self, load).success(show).failure(failed).run()

    def _loaded(self, areas: tuple[AreaRow, ...], levels: list[LevelDescriptorRow]) -> None:
        self._all_areas = areas
        self.levels_model.set_levels(levels)
        self._show_areas()
        skills = [skill for area in areas for skill in area.skills]
        retired = sum(area.retired for area in areas) + sum(skill.retired for skill in skills)
        summary = tr("{areas} areas, {skills} skills in use").format(
            areas=sum(not area.retired for area in areas), skills=sum(not skill.retired for skill in skills)
        )
        if retired:
            summary += " · " + tr("{count} retired").format(count=retired)
        self.summary.setText(summary)
        self.loaded.emit()

    def _show_areas(self) -> None:
        """Fill the tree from the last load, with or without retired entries, keeping selection and folding."""
        keep = self.selected()
        if self.show_retired.isChecked():
            areas = self._all_areas
        else:
            areas = tuple(
                area._replace(skills=tuple(skill for skill in area.skills if not skill.retired))
                for area in self._all_areas
                if not area.retired
            )
        self.model.set_areas(areas)
        for row, area in enumerate(areas):
            self.tree.setExpanded(self.model.index(row, 0), area.id not in self._collapsed)
        if keep is not None:
            self.select(*keep)
        self._update_actions()

    def selected(self) -> Selected | None:
        record = self.current_record()
        if record is None:
            return None
        return ("area" if isinstance(record, AreaRow) else "skill", record.id)

    def current_record(self) -> AreaRow | SkillRow | None:
        """The selected area or skill: never a row the current index merely moved to after the selected one went."""
        index = self.selection.selected_index()
        return self.model.record(index) if index is not None else None

    def _shown_id(self, index: QModelIndex) -> int:
        """The id of a row the tree shows (one it has just expanded or collapsed)."""
        record = self.model.record(index)
        assert record is not None  # the tree only expands and collapses rows of the model
        return record.id

    def select(self, kind: str, record_id: int) -> bool:
        index = self.model.area_index(record_id) if kind == "area" else self.model.skill_index(record_id)
        return select_row(self.tree, index)

    def _update_actions(self) -> None:
        record = self.current_record()
        self.rename_button.setEnabled(record is not None and not record.retired)
        self.retire_button.setEnabled(record is not None)
        self.retire_button.setText(tr("Restore") if record is not None and record.retired else tr("Retire"))
        self.merge_button.setEnabled(isinstance(record, SkillRow) and not record.retired)
        self.add_skill_button.setEnabled(any(not area.retired for area in self._all_areas))

    # --- editing in place ------------------------------------------------------------
    def rename_selected(self) -> None:
        index = self.selection.selected_index()
        if index is None:
            return
        name = index.siblingAtColumn(NAME)
        # A second Rename while the name's editor is open (or on a row whose name cannot change) has nothing
        # to start: asking the tree to edit then only fails ("edit: editing failed").
        editing = self.tree.state() == QAbstractItemView.State.EditingState
        if editing or not name.flags() & Qt.ItemFlag.ItemIsEditable:
            return
        self.tree.setCurrentIndex(name)
        self.tree.edit(name)

    def _rename(self, kind: str, record_id: int, old: str, new: str) -> None:
        from app.services import skills

        database = self.context.database
        rename = skills.rename_area if kind == "area" else skills.rename_skill
        self._edit(
            tr("Rename {old} to {new}").format(old=old, new=new),
            do=lambda: rename(database, record_id, new),
            undo=lambda: rename(database, record_id, old),
        )

    def _describe(self, skill_id: int, name: str, old: str, new: str) -> None:
        from app.services import skills

        database = self.context.database
        self._edit(
            tr("Describe {skill}").format(skill=name),
            do=lambda: skills.rename_skill(database, skill_id, name, description=new),
            undo=lambda: skills.rename_skill(database, skill_id, name, description=old),
        )

    def _reword_level(self, level: int, field: str, old: str, new: str) -> None:
        from app.services import skills

        database = self.context.database
        self._edit(
            tr("Reword level {level}").format(level=level),
            do=lambda: skills.update_level_descriptor(database, level, **{field: new}),
            undo=lambda: skills.update_level_descriptor(database, level, **{field: old}),
        )

    # --- adding ----------------------------------------------------------------------
    def add_area(self) -> AreaDialog:
        """Open the dialog that adds an area (window-modal; returned for callers and tests)."""
        from app.services import skills

        database = self.context.database
        dialog = AreaDialog(self, taken_names={area.name for area in self._all_areas})

        def submitted(values: dict[str, Any]) -> None:
            # Deleted, not retired: after the undo the area is gone and its name free, as before the add.
            create, delete_again = add_undone_by(
                lambda: skills.add_area(database, values["name"], core_discipline=values["core_discipline"]),
                lambda area_id: skills.delete_area(database, area_id),
            )
            added = tr("Add area {name}").format(name=values["name"])
            self._edit_from(
                dialog,
                added,
                do=create,
                undo=delete_again,
                then=lambda change: self._select_when_loaded("area", change.ids[0]),
            )

        return self._open_submitting(dialog, submitted)

    def add_skill(self) -> SkillDialog:
        """Open the dialog that adds a skill, to the selected area by default."""
        from app.services import skills

        record = self.current_record()
        area_id = record.id if isinstance(record, AreaRow) else record.area_id if record is not None else None
        database = self.context.database

        dialog = SkillDialog(self, areas=self._all_areas, area_id=area_id)

        def submitted(values: dict[str, Any]) -> None:
            create, delete_again = add_undone_by(
                lambda: skills.add_skill(
                    database, values["area_id"], values["name"], description=values["description"]
                ),
                lambda skill_id: skills.delete_skill(database, skill_id),
            )

            def added(change: Change) -> None:
                self._collapsed.discard(values["area_id"])
                self._select_when_loaded("skill", change.ids[0])

            text = tr("Add skill {name}").format(name=values["name"])
            self._edit_from(dialog, text, do=create, undo=delete_again, then=added)

        return self._open_submitting(dialog, submitted)

    def _select_when_loaded(self, kind: str, record_id: int) -> None:
        def select() -> None:
            self.loaded.disconnect(select)
            self.select(kind, record_id)

        self.loaded.connect(select)

    # --- retiring and merging --------------------------------------------------------
    def retire_or_restore(self) -> None:
        """Retire the selected area or skill, or restore it when it is retired; undoable either way."""
        from app.queries.people import skills_retired_with_area
        from app.services import skills

        record = self.current_record()
        if record is None:
            return
        database = self.context.database
        if isinstance(record, SkillRow):
            if record.retired:
                self._edit(
                    tr("Restore skill {name}").format(name=record.name),
                    do=lambda: skills.restore_skill(database, record.id),
                    undo=lambda: skills.retire_skill(database, record.id),
                )
            else:
                self._edit(
                    tr("Retire skill {name}").format(name=record.name),
                    do=lambda: skills.retire_skill(database, record.id),
                    undo=lambda: skills.restore_skill(database, record.id),
                )
            return
        if record.retired:
            with_skills = skills_retired_with_area(database.reader(), record.id)
            self._edit(
                tr("Restore area {name}").format(name=record.name),
                do=lambda: skills.restore_area(database, record.id, skill_ids=with_skills),
                undo=lambda: skills.retire_area(database, record.id),
            )
            return
        retired_with: dict[str, tuple[int, ...]] = {}

        def retire() -> Change:
            change = skills.retire_area(database, record.id)
            retired_with["skills"] = tuple(change.details.get("skill_ids", ()))
            return change

        self._edit(
            tr("Retire area {name}").format(name=record.name),
            do=retire,
            undo=lambda: skills.restore_area(database, record.id, skill_ids=retired_with.get("skills", ())),
        )

    def merge_selected(self) -> MergeSkillDialog | None:
        """Pick the skill the selected one merges into; the dialog shows what moves. No undo."""
        from app.services import skills

        record = self.current_record()
        if not isinstance(record, SkillRow) or record.retired:
            return None
        database = self.context.database
        dialog = MergeSkillDialog(self, source=record, areas=self._all_areas)

        def submitted(values: dict[str, Any]) -> None:
            self._edit_from(
                dialog,
                tr("Merge {name}").format(name=record.name),
                do=lambda: skills.merge_skills(database, values["source_id"], values["target_id"]),
                undo=None,
                then=lambda _change: self._select_when_loaded("skill", values["target_id"]),
            )

        return self._open_submitting(dialog, submitted)
