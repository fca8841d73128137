"""A side-by-side diff of two policy versions' Markdown, line by line (``difflib``), as rows and as HTML.

Changed lines are shaded (removed: light red, added: light green) with dark
text, so they stay readable in print and for colour-blind readers; a marker
column (−, +, ~) says the same without colour.
"""

from __future__ import annotations

import difflib
import html
from typing import NamedTuple

from views.labels import tr
from views.palette import DIFF_INK, MUTED

REMOVED_BACKGROUND = "#fbe3e1"
ADDED_BACKGROUND = "#dcf3e3"
CHANGED_BACKGROUND = "#fff3cd"
TEXT = DIFF_INK


class DiffRow(NamedTuple):
    """One line pair: ``kind`` is "same", "changed", "removed" (left only) or "added" (right only)."""

    kind: str
    left_number: int | None
    left: str
    right_number: int | None
    right: str


def side_by_side(old: str, new: str) -> list[DiffRow]:
    """The lines of ``old`` beside those of ``new``, paired where they match or replace each other."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(
                DiffRow(
                    "same",
                    old_start + offset + 1,
                    old_lines[old_start + offset],
                    new_start + offset + 1,
                    new_lines[new_start + offset],
                )
                for offset in range(old_end - old_start)
            )
            continue
        for offset in range(max(old_end - old_start, new_end - new_start)):
            left = old_start + offset if old_start + offset < old_end else None
            right = new_start + offset if new_start + offset < new_end else None
            kind = "changed" if left is not None and right is not None else ("removed" if right is None else "added")
            rows.append(
                DiffRow(
                    kind,
                    None if left is None else left + 1,
                    "" if left is None else old_lines[left],
                    None if right is None else right + 1,
                    "" if right is None else new_lines[right],
                )
            )
    return rows


def _cell(number: int | None, text: str, background: str | None) -> str:
    style = f"background-color:{background};" if background else ""
    shown = html.escape(text) if text else "&nbsp;"
    return (
        f"<td style='color:{MUTED};{style}' align='right' width='36' nowrap>{'' if number is None else number}</td>"
        f"<td style='color:{TEXT};{style}' width='50%'>{shown}</td>"
    )


def diff_html(rows: list[DiffRow], *, left_title: str, right_title: str) -> str:
    """The rows as an HTML table for a ``QTextBrowser``: left version, a marker, right version."""
    markers = {"same": "", "changed": "~", "removed": "−", "added": "+"}
    parts = [
        "<table width='100%' cellspacing='0' cellpadding='3' style='border-collapse:collapse'>",
        f"<tr><th colspan='2' align='left'>{html.escape(left_title)}</th><th></th>"
        f"<th colspan='2' align='left'>{html.escape(right_title)}</th></tr>",
    ]
    for row in rows:
        left_background = {"changed": CHANGED_BACKGROUND, "removed": REMOVED_BACKGROUND}.get(row.kind)
        right_background = {"changed": CHANGED_BACKGROUND, "added": ADDED_BACKGROUND}.get(row.kind)
        parts.append(
            "<tr>"
            + _cell(row.left_number, row.left, left_background)
            + f"<td align='center' style='color:{TEXT}'><b>{markers[row.kind]}</b></td>"
            + _cell(row.right_number, row.right, right_background)
            + "</tr>"
        )
    parts.append("</table>")
    if not any(row.kind != "same" for row in rows):
        parts.append("<p>" + html.escape(tr("The two versions have the same text.")) + "</p>")
    return "".join(parts)
