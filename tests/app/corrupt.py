"""Damaging a database the way a failing disk or a careless copy does: pages in the middle overwritten."""

from __future__ import annotations

from pathlib import Path

PAGE = 4096


def corrupt(path: Path, *, pages: int = 8) -> None:
    """Overwrite ``pages`` pages in the middle of the SQLite file at ``path`` with junk (its header left intact)."""
    size = path.stat().st_size
    assert size >= PAGE * (pages + 4), f"{path} is too small to damage in the middle"
    start = (size // 2) // PAGE * PAGE
    with path.open("r+b") as handle:
        handle.seek(start)
        handle.write(bytes([0x5A]) * PAGE * pages)
