"""Data files shipped with Steward (taxonomy, demo recipe, style sheet, icons).

Read them with ``importlib.resources.files("resources")``; nothing here is code.
"""
