"""The policy-iteration report of one project: the sprint review a CISO circulates, as PDF, XLSX, CSV or JSON.

``build_policy_report`` reads the project's sprints through ``app.analysis.sprints``
(figures, burndown and velocity from the items' status history), the policy
versions published and the stakeholder feedback received, and the open governance
gaps (``app.analysis.governance``), and returns one JSON-ready document;
``write_policy_report`` renders that document in the format the output's extension
names. Every format is drawn from the same document, so the PDF never shows a
number the JSON lacks.

With a sprint name the report covers that sprint: its figures and burndown, the
items done, carried over, added and removed mid-sprint, the versions published and
the feedback received between its first and last day. A planned sprint's review is
its plan instead: it says the sprint has not started and shows the points planned
into it so far against its capacity and the items planned, with no committed,
completed, burndown or velocity figures. Without a sprint name it covers every
sprint: the closed and active ones with their figures, the velocity trend and the
versions over time, and the planned ones as planned (their state, dates and the
points planned into them so far; no committed, completed or burndown figures, which
a sprint only has once it starts).

Points come from ``item_history`` only, never from an item's current columns, so a
closed sprint's report does not change when its items are edited later. The package
holds the document (``document``), the spreadsheet and CSV (``sheets``) and the PDF
(``pdf``, with its sections of record in ``pdf_sections``).

The JSON keys (documented in the README): ``project`` (``name``, ``stage``),
``generated_on``, ``scope`` ("sprint" or "all"), ``sprints`` (each: ``name``,
``goal``, ``start``, ``end``, ``state``, ``capacity_points``, ``committed_points``,
``completed_points``, ``added_points``, ``removed_points``, ``carried_over_points``
(``null`` for a planned sprint), ``planned_points`` (the points planned into a
planned sprint so far; ``null`` once it has started), ``burndown`` [each ``date``,
``remaining_points``, ``scope_points``, ``ideal_points``; ``null`` for a day still
to come; empty for a planned sprint], and with a sprint named, ``items`` with
``completed``, ``carried_over``, ``added``, ``removed`` and ``planned`` (a planned
sprint's items; the other four are empty for it, and ``planned`` once it has
started) lists of ``title``, ``points``, ``status``), ``velocity`` (each: ``name``,
``committed_points``, ``completed_points``, ``running_average``, ``in_progress``;
empty in a planned sprint's review), ``velocity_average`` (``null`` there),
``policy_versions`` (each: ``policy``, ``version``,
``published_on``, ``change_summary``, ``sprint``, ``approved_by``, ``approved_on``,
``sign_offs`` [each ``department``, ``signed_by``, ``signer_department`` — the
signer's own department when it is not the one signed for, else "" —
``signed_on``]), ``feedback`` (each:
``received_on``, ``department``, ``disposition``, ``on``, ``comment``) and
``governance_gaps`` (each: ``category``, ``status`` "missing" or "stale",
``reason``, ``blocking``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.reports.output import renderers, write_report
from app.reports.policy.document import ITEM_GROUPS, PLANNED_GROUP, STARTED_FIGURES, build_policy_report
from app.reports.policy.pdf import PDF_BURNDOWNS, render_pdf
from app.reports.policy.pdf_sections import approval_words, sign_off_words
from app.reports.policy.sheets import SPRINT_COLUMNS, render_csv, render_xlsx

if TYPE_CHECKING:
    from app.db.database import Database

__all__ = [
    "ITEM_GROUPS",
    "PDF_BURNDOWNS",
    "PLANNED_GROUP",
    "SPRINT_COLUMNS",
    "STARTED_FIGURES",
    "approval_words",
    "build_policy_report",
    "render_csv",
    "render_pdf",
    "render_xlsx",
    "sign_off_words",
    "write_policy_report",
]

_RENDERERS = renderers(pdf=render_pdf, xlsx=render_xlsx, csv=render_csv)


def write_policy_report(
    database: Database, project_name: str, output: Path, *, sprint_name: str | None = None, today: date | None = None
) -> Path:
    """Write the project's policy-iteration report to ``output`` (``app.reports.output.write_report``: in the
    format its extension names, the output left as it was on any failure); ``UserError`` for an unknown project
    or sprint."""
    return write_report(
        output,
        _RENDERERS,
        lambda: build_policy_report(database, project_name, sprint_name=sprint_name, today=today),
        what="A policy report",
    )
