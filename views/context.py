"""What every page needs: the database, the change hub and the undo stack.

Pages keep the context, not the database: opening another database swaps
``context.database`` and every page reads the new one on its next refresh.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from app.db.database import Database
from views.changes import ChangeHub


class AppContext:
    def __init__(self, database: Database, *, hub: ChangeHub, undo_stack: QUndoStack) -> None:
        self.database = database
        self.hub = hub
        self.undo_stack = undo_stack
