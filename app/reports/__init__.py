"""Reports Steward hands out: built from the analysis, written as PDF, XLSX, CSV or JSON.

Each report module builds one JSON-ready document (``build_*``) that carries every
number its PDF shows, then renders that same document in the format the output's
extension names (``write_*``), so the formats can never disagree. Files are written
through ``app.files`` (temporary file, then replace): a failed report leaves the
output path as it was. ``pdf_style`` is the look all the PDFs share.

``gaps``: the staffing-gap report of one project (HR and the team lead).
"""
