"""How Steward opens a SQLite file: the pragmas every connection gets and how long a writer waits.

Both ways into a file use these: the engine services write through
(``app.db.database``) and the plain ``sqlite3`` connections of the read path
(``app.db.reader``). Kept apart from both so that neither imports the other.
"""

from __future__ import annotations

# How long a connection waits for another writer before giving up (a busy database, not an error).
BUSY_TIMEOUT_MS = 10_000

# Every write connection: rules enforced, the write-ahead log, a commit durable before it returns.
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)
