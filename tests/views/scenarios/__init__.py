"""Whole-app scenarios run in a subprocess of their own, so that a crash fails a test instead of the suite."""
