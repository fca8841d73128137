"""Services: the only code that writes to the database.

Each public function is one transaction (``BEGIN IMMEDIATE``) that also writes
its audit events; on any failure both roll back. They take plain values, return
a ``Change`` saying what changed, and raise ``UserError`` for anything the user
can fix.
"""
