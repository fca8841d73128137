"""A disk that fills up (or turns read-only) as SQLite sees it, for the tests of what a full disk does.

Every connection the database's engine hands out gets ``PRAGMA max_page_count`` at the
file's current size while the disk is ``full``, so the first page a write needs is refused
with SQLITE_FULL, where a disk with no room left would refuse it; ``read_only`` sets
``query_only``, which SQLite refuses as it refuses a read-only file. Test-only: the app has
no such knob.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from app.db.database import Database

# The largest max_page_count SQLite accepts: no limit but the disk's.
NO_LIMIT = 4294967294


class Disk:
    """The room left on the disk as the database's engine sees it: none (``full``) or plenty."""

    def __init__(self, database: Database) -> None:
        self.full = False
        self.read_only = False
        event.listen(database.engine, "checkout", self._limit)
        database.engine.dispose()  # connections made before the hook would not have it

    def _limit(self, connection: Any, _record: Any, _proxy: Any) -> None:
        cursor = connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0] if self.full else NO_LIMIT
        cursor.execute(f"PRAGMA max_page_count={pages}")
        cursor.execute(f"PRAGMA query_only={'ON' if self.read_only else 'OFF'}")
        cursor.close()
