"""How the reports write days, lists, FTE and the governance gaps, alike in every report and format.

Qt-free and reportlab-free: the PDF, XLSX and CSV renderers of every report share
these, so "3 Mar 2026", "data science and cyber security" and a governance gap's row
read the same wherever they appear.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from app.labels import GOVERNANCE_STATUSES, label_in, policy_area


def day(value: str | date) -> str:
    """A day as people write it in a table or a sentence: "3 Mar 2026" (from ISO text or a date)."""
    moment = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{moment.day} {moment:%b %Y}"


def span(first: str, last: str) -> str:
    """A range of ISO days as people write it: "19–30 Oct 2026", "26 Oct – 6 Nov 2026", "28 Dec 2026 – 8 Jan 2027"."""
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{day(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {day(end)}"
    return f"{day(start)} – {day(end)}"


def joined(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c" """
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def fte(value: float) -> float:
    """An FTE figure as a report holds it: two decimals."""
    # "+ 0.0" turns a rounded -0.0 into 0.0, which a reader would find odd in a report.
    return round(float(value), 2) + 0.0


def plural(count: int, word: str) -> str:
    """ "1 point", "3 points" """
    return f"{count} {word}{'' if count == 1 else 's'}"


GOVERNANCE_COLUMNS = ("Policy area", "Status", "Blocking", "Why it is needed")
# What a report says when the project has no open governance gap.
NO_GOVERNANCE_GAP = (
    "Every policy the governance rules ask of the project at its stage is in force and within its review date."
)


def areas_needing_work(gaps: Sequence[Mapping[str, Any]]) -> str:
    """ "3 policy areas need work at the project's stage": how a report opens its governance gaps."""
    return f"{len(gaps)} policy {'area needs' if len(gaps) == 1 else 'areas need'} work at the project's stage"


def governance_rows(gaps: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    """The governance gaps of a document (``category``, ``status``, ``blocking``, ``reason``) under
    ``GOVERNANCE_COLUMNS``: "Human oversight", "Past review", "Yes", why."""
    return [
        [
            policy_area(gap["category"]),
            label_in(GOVERNANCE_STATUSES, gap["status"]),
            yes_no(gap["blocking"]),
            gap["reason"],
        ]
        for gap in gaps
    ]
