"""A project's members on its overview: how many and how much FTE, and the table of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from views.labels import tr
from views.projects.members_model import ALLOCATION, ROLE, MembersModel
from views.tables import ROW_HEIGHT, read_only_table, sorted_proxy

if TYPE_CHECKING:
    from app.queries.projects import MemberRow


class MembersPanel(QGroupBox):
    """ "Members": a summary line over the members' table, the most allocated first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Members"), parent)
        self.model = MembersModel(self)
        self.proxy = sorted_proxy(self.model, self)
        # Names, departments and numbers take what they need; the role, the
        # longest free text, takes the rest rather than being cut short.
        self.table = read_only_table(
            self,
            self.proxy,
            name="membersTable",
            single_selection=False,
            word_wrap=True,
            highlight_header=True,
            sortable=True,
            resize_mode=QHeaderView.ResizeMode.ResizeToContents,
            stretch_column=ROLE,
        )
        self.table.sortByColumn(ALLOCATION, Qt.SortOrder.DescendingOrder)
        self.table.setMinimumHeight(ROW_HEIGHT * 6 + 34)  # six members at least; the page scrolls for the rest
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
