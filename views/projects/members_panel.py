"""A project's members on its overview: how many and how much FTE, and the table of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from views.labels import tr
from views.projects.members_model import ALLOCATION, ROLE, MembersModel
from views.tables import sorted_proxy

if TYPE_CHECKING:
    from app.queries.projects import MemberRow


class MembersPanel(QGroupBox):
    """ "Members": a summary line over the members' table, the most allocated first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Members"), parent)
        self.model = MembersModel(self)
        self.proxy = sorted_proxy(self.model, self)
        self.table = QTableView(self)
        self.table.setObjectName("membersTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ALLOCATION, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setMinimumHeight(26 * 6 + 34)  # six members at least; the page scrolls for the rest
        header = self.table.horizontalHeader()
        # Names, departments and numbers take what they need; the role, the
        # longest free text, takes the rest rather than being cut short.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ROLE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        layout = QVBoxLayout(self)
        self.summary = QLabel("", self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)

    def show_members(self, members: tuple[MemberRow, ...], *, fte: float) -> None:
        self.model.set_members(members)
        overbooked = sum(1 for member in members if member.total_allocation > 1.0 + 1e-9)
        summary = tr("{count} people, {fte:.2f} FTE in total.").format(count=len(members), fte=fte)
        if overbooked:
            summary += " " + tr("{count} booked over 100% across their projects (in red).").format(count=overbooked)
        self.summary.setText(summary)
