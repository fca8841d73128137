"""What the benchmarks share: timing, the report line, the large demo, and the two ways a benchmark reads it."""

from __future__ import annotations

import sqlite3
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.db.reader import Reader


@contextmanager
def reader_and_connection(path: str | Path) -> Iterator[tuple[Reader, sqlite3.Connection]]:
    """The app's reader of the database at ``path`` (what the subject reads through) and a raw read-only
    ``sqlite3`` connection to it (what the floor reads through); both closed after."""
    from app.db.database import Database

    database = Database(path)
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        yield database.reader(), connection
    finally:
        connection.close()
        database.dispose()


def time_command(command: Sequence[str], *, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def interleaved_medians(
    subject: Callable[[], float], floor: Callable[[], float], *, rounds: int
) -> tuple[float, float]:
    """Median of each over ``rounds``, alternating so that machine noise hits both alike."""
    subject_times: list[float] = []
    floor_times: list[float] = []
    for _ in range(rounds):
        floor_times.append(floor())
        subject_times.append(subject())
    return statistics.median(subject_times), statistics.median(floor_times)


def warmed_medians(subject: Callable[[], float], floor: Callable[[], float], *, rounds: int) -> tuple[float, float]:
    """``interleaved_medians`` after one untimed run of each, so that the page cache, the imports (fonts,
    byte-code) and any connection are as warm for the first timed round as for the last."""
    subject()
    floor()
    return interleaved_medians(subject, floor, rounds=rounds)


def report(name: str, subject: float, floor: float, *, target: float, unit: str = "s") -> bool:
    ratio = subject / floor if floor > 0 else float("inf")
    verdict = "within target" if ratio <= target else "OVER target"
    scale = 1000 if unit == "ms" else 1
    print(
        f"{name:<44} {subject * scale:9.3f} {unit}   floor {floor * scale:9.3f} {unit}   "
        f"ratio {ratio:5.2f}x   (target {target:.1f}x: {verdict})"
    )
    return ratio <= target


def build_demo(folder: str, *, scale: str) -> str:
    """A demo database of ``scale`` in ``folder`` (made with the real `steward demo`); its path."""
    import os
    import sys

    database = str(Path(folder) / f"demo-{scale}.db")
    steward = Path(sys.executable).with_name("steward")
    subprocess.run(
        [str(steward), "--db", database, "demo", "--scale", scale],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "XDG_CONFIG_HOME": folder, "XDG_DATA_HOME": folder, "XDG_STATE_HOME": folder},
    )
    return database
