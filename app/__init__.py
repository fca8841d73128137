"""Steward's core: database, services (the only writers), analysis, reports, CLI.

Nothing here imports Qt; it runs headless. Heavy libraries (SQLAlchemy, pandas,
reportlab, Alembic) are imported where first needed, not at package import, so
that the desktop app starts fast.
"""

__version__ = "0.1.0"
