"""Staffing: a project's skill requirements against its team, and the organisation's gaps."""
