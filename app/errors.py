"""The one exception the user is meant to read.

A ``UserError`` is the environment's or the input's fault, and its message is one
sentence that says what is wrong and where (and what to do, when that is not
obvious). Anything else that escapes is a bug: the CLI prints a traceback hint
and the GUI its crash dialog.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input, a refused change or an unusable database: tell the user, in one sentence."""


class DatabaseClosed(Exception):
    """A read cut short because its database was closed under it (another one opened, the app quitting).

    Nobody is waiting for its answer any more, so it is neither a bug nor something to tell the user.
    """
