"""The stateful property test's parts: the model of what the database should hold, reading the database
into the same shape, and the rules by area (see ``tests/app/test_stateful.py``)."""
