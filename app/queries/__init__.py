"""Read models: plain SQL through ``Reader``, returning frozen dataclasses or columns.

The views and the CLI read through here; nothing here writes.
"""
