"""The library's four tables (policies, versions, sign-offs, feedback) as column lists over query records.

Each is a ``TupleTableModel`` (``views.tuple_model``) over the records of
``app.queries.policy``, with a text colour per row where the colour says
something (stale, missing, signed, retired); the text always says it too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.queries.policy import PolicyRow, SignOffRow, VersionRow
from views.labels import tr
from views.policy.wording import MISSING, RETIRED, SIGNED, STALE, name
from views.table_model_base import AnyIndex
from views.tuple_model import Cell, TupleTableModel

# Policies.
TITLE, SCOPE, CATEGORY, OWNER, STATUS, CADENCE, NEXT_REVIEW, REVIEW_STATE = range(8)
# Versions.
NUMBER, CREATED, PUBLISHED, APPROVED, AUTHOR, SUMMARY = range(6)
# Sign-offs.
SIGN_DEPARTMENT, SIGNED_BY, SIGNED_ON, SIGN_STATE = range(4)
# Feedback.
FEEDBACK_DEPARTMENT, FEEDBACK_PERSON, RECEIVED, DISPOSITION, COMMENT = range(5)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


class ColouredTableModel(TupleTableModel):
    """A ``TupleTableModel`` whose rows may have a text colour (``colour_of(row)``, None for the default)."""

    def __init__(
        self, columns: Sequence[tuple[str, Cell]], *, colour_of: Callable[[Any], QColor | None], parent: Any = None
    ) -> None:
        super().__init__(columns, parent)
        self._colour_of = colour_of

    def rows(self) -> Sequence[Any]:
        return self._records

    def row_of(self, record_id: int | None) -> int:
        """The row of the record whose ``id`` is ``record_id``, or -1."""
        return next((row for row, record in enumerate(self._records) if record.id == record_id), -1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self._record(index)
        if role == Qt.ItemDataRole.ForegroundRole and record is not None:
            colour = self._colour_of(record)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            # A cell elided to its column's width is read whole in its tooltip.
            return super().data(index, Qt.ItemDataRole.DisplayRole) or None
        return super().data(index, role)


def review_state(policy: PolicyRow) -> str:
    if policy.stale:
        return tr("⚠ Stale: review overdue")
    if policy.next_review_on is None:
        return tr("Retired") if policy.status.value == "retired" else tr("No review date")
    return tr("Up to date")


def _policy_colour(policy: PolicyRow) -> QColor | None:
    if policy.stale:
        return STALE
    if policy.status.value == "retired":
        return RETIRED
    return None


def policies_model(parent: Any = None) -> ColouredTableModel:
    return ColouredTableModel(
        [
            (tr("Policy"), lambda row: row.title),
            (tr("Scope"), lambda row: tr("Org-wide") if row.org_wide else tr("Project")),
            (tr("Category"), lambda row: name(row.category)),
            (tr("Owner"), lambda row: row.owner_department),
            (tr("Status"), lambda row: name(row.status)),
            (tr("Review every"), lambda row: tr("{months} months").format(months=row.review_cadence_months)),
            (tr("Next review"), lambda row: _day(row.next_review_on)),
            (tr("Review"), review_state),
        ],
        colour_of=_policy_colour,
        parent=parent,
    )


def _approved(version: VersionRow, *, named: str, unnamed: str) -> str:
    """``named`` (with ``{name}`` and ``{day}``) or, where no approver was recorded, ``unnamed``; "" before approval."""
    if version.approved_on is None:
        return ""
    wording = named if version.approved_by else unnamed
    return wording.format(name=version.approved_by, day=_day(version.approved_on))


def approval_text(version: VersionRow) -> str:
    """ "Approved by N. N. on 2026-03-31" (or without the name, where none was recorded); "" before approval."""
    return _approved(version, named=tr("Approved by {name} on {day}"), unnamed=tr("Approved on {day}"))


def approved_cell(version: VersionRow) -> str:
    """The versions table's Approved cell: "by N. N. on 2026-03-31" under its heading."""
    return _approved(version, named=tr("by {name} on {day}"), unnamed=tr("on {day}"))


def signed_by(row: SignOffRow) -> str:
    """Who signed: their name, and when they are not of the department signed for, their own and for whom."""
    if not row.signed:
        return ""
    person = row.person or tr("(nobody named)")
    if row.signer_department:
        return tr("{person} ({own}) for {department}").format(
            person=person, own=row.signer_department, department=name(row.department)
        )
    return person


def versions_model(parent: Any = None) -> ColouredTableModel:
    return ColouredTableModel(
        [
            (tr("Version"), lambda row: row.number),
            (tr("Written"), lambda row: _day(row.created_on)),
            (tr("Published"), lambda row: _day(row.published_on) or tr("draft")),
            (tr("Approved"), approved_cell),
            (tr("Author"), lambda row: row.author),
            (tr("Change summary"), lambda row: row.change_summary),
        ],
        colour_of=lambda row: None,
        parent=parent,
    )


def sign_offs_model(parent: Any = None) -> ColouredTableModel:
    return ColouredTableModel(
        [
            (tr("Department"), lambda row: name(row.department)),
            (tr("Signed by"), signed_by),
            (tr("Signed on"), lambda row: _day(row.signed_on)),
            (tr("Sign-off"), lambda row: tr("✔ Signed") if row.signed else tr("✘ Missing")),
        ],
        colour_of=lambda row: SIGNED if row.signed else MISSING,
        parent=parent,
    )


def feedback_model(parent: Any = None) -> ColouredTableModel:
    return ColouredTableModel(
        [
            (tr("Department"), lambda row: name(row.department)),
            (tr("From"), lambda row: row.person),
            (tr("Received"), lambda row: _day(row.received_on)),
            (tr("Disposition"), lambda row: name(row.disposition)),
            (tr("Comment"), lambda row: row.comment),
        ],
        colour_of=lambda row: MISSING if row.disposition.value == "open" else None,
        parent=parent,
    )
