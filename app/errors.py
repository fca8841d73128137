"""The one exception the user is meant to read.

A ``UserError`` is the environment's or the input's fault, and its message is one
sentence that says what is wrong and where (and what to do, when that is not
obvious). Anything else that escapes is a bug: the CLI prints a traceback hint
and the GUI its crash dialog.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input, a refused change or an unusable database: tell the user, in one sentence."""
