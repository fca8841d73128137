"""Budget PDF: the report a finance director signs, for a plan of 5,000 lines.

Subject: ``write_budget_report`` to a .pdf, as ``steward report budget`` runs it
(load and roll up the plan, the project's staffing gaps, then every table, both
charts, the line detail with footnotes, DRAFT on every page). Floor: reportlab
drawing the same 5,000 lines (period, description, stage, planned, actual, as
ready strings) in one plain ``Table`` in a ``SimpleDocTemplate``: no charts, no
styling, no roll-up, i.e. what any PDF of those lines costs. Target: 2x.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from bench.common import report, warmed_medians

if TYPE_CHECKING:
    from app.db.database import Database

ROUNDS = 3
LINES = 5_000
TODAY = date(2026, 11, 25)
PROJECT = "Budget benchmark"
CATEGORIES = (
    "hardware",
    "software",
    "cloud_compute",
    "personnel",
    "recruitment",
    "training",
    "digital_twin",
    "experimentation",
    "security_testing",
    "legal_compliance",
    "contingency",
)
STAGES = ("proof_of_concept", "development", "pre_production", "production")
DESCRIPTIONS = (
    "GPU nodes for fine-tuning",
    "Model registry and monitoring licences",
    "Scoring cluster and feature store",
    "External red-team exercise on the scoring service",
    "Annotation tool licences",
    "Contingency",
)


def build_plan(database: Database) -> list[list[str]]:
    """A draft plan (so every page says DRAFT) of ``LINES`` lines, through the services; the rows the floor draws."""
    from app.analysis.budget import Period
    from app.services.budget import LineInput, add_lines, create_plan
    from app.services.projects import create_project

    project_id = create_project(database, name=PROJECT).ids[0]
    plan_id = create_plan(database, project_id, name="Baseline", fiscal_year=TODAY.year).ids[0]
    lines = []
    for index in range(LINES):
        monthly = index % 3 != 0
        period = Period("month", index % 12 + 1) if monthly else Period("quarter", index % 4 + 1)
        lines.append(
            LineInput(
                category=CATEGORIES[index % len(CATEGORIES)],
                description=f"{DESCRIPTIONS[index % len(DESCRIPTIONS)]} #{index + 1}",
                period=period,
                stage=STAGES[index % len(STAGES)],
                planned=Decimal(1_000 + (index * 7_919) % 90_000) / 100 + Decimal(index % 50),
                actual=None,
                note="Quote valid for ninety days." if index % 97 == 0 else "",
            )
        )
    add_lines(database, plan_id, lines)
    return [
        [
            f"{'M' if line.period.kind == 'month' else 'Q'}{line.period.number}",
            line.description,
            line.stage,
            f"{line.planned:,.2f}",
            "",
        ]
        for line in lines
    ]


def run() -> bool:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table

    from app.db.database import Database
    from app.reports.budget import write_budget_report
    from app.services.setup import initialise

    with tempfile.TemporaryDirectory(prefix="steward-bench-") as folder:
        database = Database(Path(folder) / "budget.db")
        initialise(database)
        rows = build_plan(database)
        output = Path(folder) / "budget.pdf"

        def subject() -> float:
            started = time.perf_counter()
            write_budget_report(database, PROJECT, output, today=TODAY)
            return time.perf_counter() - started

        def floor() -> float:
            started = time.perf_counter()
            buffer = io.BytesIO()
            SimpleDocTemplate(buffer, pagesize=A4).build(
                [Table([["Period", "Description", "Stage", "Planned", "Actual"], *rows], repeatRows=1)]
            )
            elapsed = time.perf_counter() - started
            assert buffer.getvalue().startswith(b"%PDF")
            return elapsed

        try:
            subject_time, floor_time = warmed_medians(subject, floor, rounds=ROUNDS)
        finally:
            database.dispose()
    return report(f"budget PDF of a {LINES:,}-line plan", subject_time, floor_time, target=2.0)


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
