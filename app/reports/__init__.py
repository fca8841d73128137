"""Reports Steward hands out: built from the analysis, written as PDF, XLSX, CSV or JSON.

Each report package builds one JSON-ready document (``build_*``, in its ``document``
module) that carries every number its PDF shows, then renders that same document in
the format the output's extension names (``write_*``), so the formats can never
disagree: its ``sheets`` module writes the XLSX and CSV, its ``pdf`` module the PDF.
Files are written through ``app.files`` (temporary file, then replace): a failed
report leaves the output path as it was.

``gaps``: the staffing-gap report of one project (HR and the team lead).
``policy``: the policy-iteration report (a sprint review, or every sprint; the CISO).
``budget``: the budget report of one plan (what a finance director signs).

What they share, so that they write alike: ``output`` (picking the renderer, writing
atomically, JSON and CSV), ``workbook`` (the XLSX sheets), ``pdf_style`` (the look,
the cover, tables and sections), ``charts`` (the drawings), ``phrases`` (days, lists,
counts and the governance wording) and ``context`` (the project's staffing and
governance gaps, read the same way for every report).
"""
