"""The "Add templates…" dialog of a project's policy backlog: the starter items of the library to tick.

The templates are grouped by category; a category row ticks all or none of its templates; templates
already in the backlog are shown greyed and can't be ticked; categories the project's governance gaps
name start ticked. The Backlog tab opens the dialog, reads ``chosen_keys()`` once it is accepted and
runs ``add_templates_to_backlog`` itself.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.policy import Template
from models.enums import PolicyCategory
from views.dialogs import ready_dialog
from views.form_layout import ok_button, ok_cancel
from views.labels import tr
from views.palette import HINT
from views.policy.wording import MISSING, RETIRED, name

TITLE, POINTS, OWNER, REFERENCES = range(4)
KEY_ROLE = Qt.ItemDataRole.UserRole
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 1


class TemplatesDialog(QDialog):
    """Tick starter backlog items from the template library; ``chosen_keys()`` says which, in library order."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        templates: Sequence[Template],
        present_keys: Collection[str],
        project_name: str,
        suggested_categories: Collection[PolicyCategory] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("templatesDialog")
        self.setWindowTitle(tr("Add templates to {project}").format(project=project_name))
        self._templates = list(templates)
        self._by_key = {template.key: template for template in self._templates}
        self._present = frozenset(present_keys)
        self._suggested = frozenset(suggested_categories)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._categories: dict[PolicyCategory, QTreeWidgetItem] = {}
        # Set while the dialog itself ticks rows, so that one user click is handled once.
        self._propagating = False

        intro = QLabel(
            tr(
                "Starter items for the backlog of {project}. The ticked ones are added at the end of "
                "the backlog; the ones it already holds are greyed."
            ).format(project=project_name),
            self,
        )
        intro.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("templateSearch")
        self.search.setPlaceholderText(tr("Search titles and framework references, e.g. GOVERN or AML.M0003"))
        self.search.setClearButtonEnabled(True)

        self._build_tree()
        splitter = self._build_detail()
        self._build_summary_and_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

        self._fill()
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.currentItemChanged.connect(self._show_detail)
        self.search.textChanged.connect(self._filter)
        self._update_summary()
        self.resize(900, 600)
        splitter.setSizes([390, 150])
        ready_dialog(self)

    # --- building ----------------------------------------------------------------------------------

    def _build_tree(self) -> None:
        """The templates under their categories: the title gets the room, the other columns what they need."""
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("templatesTree")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([tr("Template"), tr("Points"), tr("Owner"), tr("Framework references")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(POINTS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OWNER, QHeaderView.ResizeMode.ResizeToContents)
        # Titles and references are too long to show whole at a sensible width: the title gets the room, the
        # rest is elided with the whole text in the row's tooltip and in the detail pane below.
        header.setSectionResizeMode(REFERENCES, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(REFERENCES, 250)
        self.tree.setIndentation(16)
        self.tree.headerItem().setTextAlignment(POINTS, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _build_detail(self) -> QSplitter:
        """The selected template's acceptance criteria, below the tree (the two in a splitter)."""
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("templateDetail")
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText(tr("Select a template to read its acceptance criteria."))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        return splitter

    def _build_summary_and_buttons(self) -> None:
        self.summary = QLabel("", self)
        self.summary.setObjectName("templatesSummary")
        summary_font = QFont(self.summary.font())
        summary_font.setBold(True)
        self.summary.setFont(summary_font)
        self.buttons = ok_cancel(self, tr("Add to the backlog"))  # the summary renames it for what is chosen

    def _fill(self) -> None:
        present_colour = QBrush(RETIRED)
        suggested_colour = QBrush(MISSING)
        italic = QFont(self.tree.font())
        italic.setItalic(True)
        categories = list(dict.fromkeys(template.category for template in self._templates))
        for category in categories:
            members = [template for template in self._templates if template.category == category]
            choosable = [template for template in members if template.key not in self._present]
            suggested = category in self._suggested
            category_row = QTreeWidgetItem(self.tree)
            category_row.setData(0, CATEGORY_ROLE, category.value)
            category_row.setText(TITLE, self._category_text(category, members, choosable, suggested=suggested))
            category_row.setFirstColumnSpanned(True)
            bold = QFont(self.tree.font())
            bold.setBold(True)
            category_row.setFont(TITLE, bold)
            if suggested:
                category_row.setForeground(TITLE, suggested_colour)
                category_row.setToolTip(TITLE, tr("A governance gap of this project is open in this category."))
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if choosable:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            category_row.setFlags(flags)
            self._categories[category] = category_row
            for template in members:
                row = QTreeWidgetItem(category_row)
                row.setData(0, KEY_ROLE, template.key)
                row.setText(POINTS, str(template.points))
                row.setTextAlignment(POINTS, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                row.setText(OWNER, template.owner_department)
                row.setText(REFERENCES, "; ".join(template.framework_refs))
                row.setToolTip(REFERENCES, "\n".join(template.framework_refs))
                if template.key in self._present:
                    # No check state at all: an already-present template can't be ticked, not even by its
                    # category row, and doesn't count towards the category's tick.
                    # The note goes first: a long title is elided at its end, and the note must stay readable.
                    row.setText(TITLE, tr("Already in the backlog: {title}").format(title=template.title))
                    row.setToolTip(TITLE, tr("Already in the backlog of this project."))
                    row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    for column in range(self.tree.columnCount()):
                        row.setForeground(column, present_colour)
                        row.setFont(column, italic)
                else:
                    row.setText(TITLE, template.title)
                    row.setToolTip(TITLE, template.title)
                    row.setFlags(
                        Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                    )
                    row.setCheckState(TITLE, Qt.CheckState.Checked if suggested else Qt.CheckState.Unchecked)
                self._items[template.key] = row
            if choosable:
                category_row.setCheckState(TITLE, self._children_state(category_row))
        self.tree.expandAll()

    def _category_text(
        self, category: PolicyCategory, members: Sequence[Template], choosable: Sequence[Template], *, suggested: bool
    ) -> str:
        text = name(category)
        if not choosable:
            text = tr("{category} — all already in the backlog").format(category=text)
        elif len(choosable) < len(members):
            text = tr("{category} — {present} of {count} already in the backlog").format(
                category=text, present=len(members) - len(choosable), count=len(members)
            )
        if suggested:
            text = tr("{category} — suggested: open governance gap").format(category=text)
        return text

    # --- ticking -----------------------------------------------------------------------------------

    @staticmethod
    def _children(category_row: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        children = (category_row.child(index) for index in range(category_row.childCount()))
        return [child for child in children if child is not None]  # child() is None only past childCount()

    @classmethod
    def _choosable_children(cls, category_row: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        return [child for child in cls._children(category_row) if child.flags() & Qt.ItemFlag.ItemIsUserCheckable]

    def _children_state(self, category_row: QTreeWidgetItem) -> Qt.CheckState:
        # While searching, a category's tick shows (and ticks) only the templates the user can see.
        states = {child.checkState(TITLE) for child in self._choosable_children(category_row) if not child.isHidden()}
        if states == {Qt.CheckState.Checked}:
            return Qt.CheckState.Checked
        if Qt.CheckState.Checked in states:
            return Qt.CheckState.PartiallyChecked
        return Qt.CheckState.Unchecked

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._propagating or column != TITLE:
            return
        self._propagating = True
        try:
            parent = item.parent()
            category_row = item if parent is None else parent
            if item is category_row and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                wanted = (
                    Qt.CheckState.Checked
                    if item.checkState(TITLE) == Qt.CheckState.Checked
                    else Qt.CheckState.Unchecked
                )
                for child in self._choosable_children(item):
                    if not child.isHidden():
                        child.setCheckState(TITLE, wanted)
            if category_row.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                category_row.setCheckState(TITLE, self._children_state(category_row))
        finally:
            self._propagating = False
        self._update_summary()

    def _update_summary(self) -> None:
        chosen = [self._by_key[key] for key in self.chosen_keys()]
        points = sum(template.points for template in chosen)
        ok = ok_button(self.buttons)
        if not chosen:
            self.summary.setText(tr("No templates chosen."))
            ok.setText(tr("Add to the backlog"))
        else:
            templates_text = (
                tr("1 template chosen")
                if len(chosen) == 1
                else tr("{count} templates chosen").format(count=len(chosen))
            )
            points_text = tr("1 point") if points == 1 else tr("{points} points").format(points=points)
            self.summary.setText(tr("{templates}, {points}").format(templates=templates_text, points=points_text))
            ok.setText(tr("Add {count} to the backlog").format(count=len(chosen)))
        ok.setEnabled(bool(chosen))

    # --- searching and reading ---------------------------------------------------------------------

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for category_row in self._categories.values():
            shown = 0
            for row in self._children(category_row):
                template = self._by_key[row.data(0, KEY_ROLE)]
                haystack = " ".join((template.title, template.owner_department, *template.framework_refs))
                matches = not needle or needle in haystack.casefold()
                row.setHidden(not matches)
                shown += matches
            category_row.setHidden(shown == 0)
            if shown and category_row.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                self._propagating = True
                try:
                    category_row.setCheckState(TITLE, self._children_state(category_row))
                finally:
                    self._propagating = False

    def _show_detail(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        if current is None:
            self.detail.clear()
            return
        key = current.data(0, KEY_ROLE)
        if key is None:
            self.detail.setHtml(self._category_html(current))
            return
        template = self._by_key[key]
        facts = " · ".join(
            (
                name(template.category),
                name(template.kind),
                tr("{points} points").format(points=template.points),
                template.owner_department,
            )
        )
        parts = [
            f"<p style='margin:0'><b style='font-size:11pt'>{html.escape(template.title)}</b></p>",
            f"<p style='margin-top:2px; color:{HINT}'>{html.escape(facts)}</p>",
        ]
        if key in self._present:
            parts.append(f"<p><i>{html.escape(tr('Already in the backlog of this project.'))}</i></p>")
        parts.append(
            f"<p><b>{html.escape(tr('Acceptance criteria:'))}</b> {html.escape(template.acceptance_criteria)}</p>"
        )
        if template.framework_refs:
            references = "; ".join(html.escape(reference) for reference in template.framework_refs)
            parts.append(f"<p><b>{html.escape(tr('Framework references:'))}</b> {references}</p>")
        self.detail.setHtml("".join(parts))

    def _category_html(self, category_row: QTreeWidgetItem) -> str:
        category = PolicyCategory(category_row.data(0, CATEGORY_ROLE))
        members = [template for template in self._templates if template.category == category]
        present = sum(template.key in self._present for template in members)
        counts = tr("{count} templates, {present} already in the backlog.").format(count=len(members), present=present)
        parts = [
            f"<p style='margin:0'><b style='font-size:11pt'>{html.escape(name(category))}</b></p>",
            f"<p>{html.escape(counts)}</p>",
        ]
        if category in self._suggested:
            gap = tr("Suggested: a governance gap of this project is open in this category.")
            parts.append(f"<p>{html.escape(gap)}</p>")
        return "".join(parts)

    # --- result ------------------------------------------------------------------------------------

    def chosen_keys(self) -> list[str]:
        """The ticked templates' keys, in the library's order (hidden-by-search ones included)."""
        return [
            template.key
            for template in self._templates
            if template.key in self._items
            and self._items[template.key].flags() & Qt.ItemFlag.ItemIsUserCheckable
            and self._items[template.key].checkState(TITLE) == Qt.CheckState.Checked
        ]

    def select_template(self, key: str) -> None:
        """Make a template the current row (its details show below the list)."""
        self.tree.setCurrentItem(self._items[key])
