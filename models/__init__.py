"""Steward's data model: SQLModel tables and the enums they use.

Kept light on purpose: importing ``models`` loads nothing. Import the tables from
their modules (``models.people``, ``models.projects`` ...) or all of them at once
with ``models.tables``; the enums alone (``models.enums``) do not pull in SQLModel.
"""
