"""The skills matrix as HR keeps it in a spreadsheet: import (checked first) and export.

Two layouts, each as CSV or XLSX, told apart by the heading row:

- **wide**: one row per person: name, e-mail, department, then one column per
  skill (heading = the skill's name, or "Area / Skill" where two areas have a
  skill of that name) holding a level 0–4 or its label ("Expert"); an empty cell
  is no assessment. People not yet in Steward are created.
- **long**: one row per assessment: e-mail, skill, level, date (ISO, optional),
  source (self, manager or certified; optional).

``plan_import`` reads and checks a file without writing anything and returns an
``ImportPlan``: the people and assessments it would add, how many levels are
unchanged, and every problem with the row and column where the spreadsheet shows
it. Only a level that differs from the person's level at that date is new, so
importing the same file twice changes nothing the second time. ``apply_import``
writes a plan without problems in one transaction (``app.services.skills``).
``export_matrix`` writes the wide layout; importing it again plans no change.

How it stays quick on 5,000 people × 300 skills: the file becomes a grid of
cells once; each column is parsed one *distinct* value at a time (a matrix of
1.5 million cells holds a few dozen distinct values) and the results are mapped
back with ``pandas.factorize``. How it stays within bounded memory on a long file
of a million assessments: the rows are read a part at a time, each part becomes
columns of numbers, the comparison with Steward's history is a sort of arrays, and
the plan holds the levels as arrays (``PlannedAssessments`` makes a row's words
only when asked). ``apply_import`` writes in batches inside the one transaction,
telling a ``progress`` callback after each; answering False cancels it and nothing
is written (``ImportCancelled``). openpyxl is imported only when a workbook is read
or written.

This module is the entry point; the parts live beside it: ``grid`` (a file as a
grid of cells), ``cells`` and ``sheet`` (cells, the rows below the headings and
their problems; shared with ``actuals_file``), ``matrix_lookup`` (what Steward
holds), ``matrix_rows`` (the heading row and each row checked; the long layout in
``matrix_long``), ``matrix_diff`` (the preview), ``matrix_plan`` (the plan, its
summary, applying it) and ``matrix_export``.
"""

from __future__ import annotations

from app.io.cells import CellProblem, cell_text, header_key
from app.io.grid import HEADER_SEARCH_ROWS, Grid, GridProblem, read_grid, read_headed_grid
from app.io.matrix_export import MatrixExport, export_matrix
from app.io.matrix_plan import (
    KEPT_PROBLEMS,
    ImportPlan,
    PlannedAssessment,
    PlannedAssessments,
    PlannedPerson,
    apply_import,
    describe_plan,
)
from app.io.matrix_rows import plan_import
from app.io.sheet import LISTED_PROBLEMS, ImportProblem, Sheet
from app.services.skills.matrix_import import ImportCancelled

__all__ = [
    "KEPT_PROBLEMS",
    "ImportCancelled",
    "ImportPlan",
    "ImportProblem",
    "MatrixExport",
    "PlannedAssessment",
    "PlannedAssessments",
    "PlannedPerson",
    "apply_import",
    "describe_plan",
    "export_matrix",
    "plan_import",
    # Shared with the other spreadsheet imports (app.io.actuals_file):
    "HEADER_SEARCH_ROWS",
    "LISTED_PROBLEMS",
    "CellProblem",
    "Grid",
    "GridProblem",
    "Sheet",
    "cell_text",
    "header_key",
    "read_grid",
    "read_headed_grid",
]
