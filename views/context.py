"""What every page needs: the database, the change hub and the undo history.

Pages keep the context, not the database: opening another database swaps
``context.database`` and every page reads the new one on its next refresh.
"""

from __future__ import annotations

from app.db.database import Database
from views.changes import ChangeHub
from views.undo import UndoHistory


class AppContext:
    def __init__(self, database: Database, *, hub: ChangeHub) -> None:
        self.database = database
        self.hub = hub
        # Steps run against whichever database is open when they are taken (the history is cleared on a switch).
        self.undo_stack = UndoHistory(lambda: self.database, hub, hub)
