"""The house's colours, each named for what it is for, so one red means one thing on every page.

Plain ``"#rrggbb"`` strings, so this module needs no Qt: style sheets and rich text use
them as they are, and painting code makes its ``QColor`` of one once (a QColor built
per painted cell is what makes a large grid slow). Sets of colours chosen together
for one picture stay beside it: the skill levels' scale (``views/skills/palette.py``),
a chart's series (``views/budget/charts.py``, ``views/policy/sprint_charts.py``, whose
line colours are the PDF report's), the stages (``views/labels.py``), the heat map's
statuses (``views/policy/heatmap_model.py``), a board's statuses
(``views/policy/item_drag.py``) and the diff's backgrounds (``views/policy/diff.py``).
"""

from __future__ import annotations

# Text, from the most to the least to be read.
INK = "#1d2430"  # body text that Steward paints itself: chart labels, headings, the heat map's text
INK_SOFT = "#3b4350"  # header and axis text, a step quieter than INK: column headers, chart titles and axes
CARD_INK = "#1f2937"  # a board card's title
CARD_META = "#4b5563"  # a board card's small print under its title
DIFF_INK = "#1f2328"  # the text of a policy's side-by-side diff
HINT = "#5a6372"  # a hint or a legend's small print, and a length that is within bounds
MUTED = "#6b7280"  # present but not to be weighed: level 0, a retired policy, a diff's line numbers
FADED = "#7a8291"  # a zero, an empty amount, a status with no colour of its own
RETIRED = "#7a828e"  # an entry no longer in use: a retired skill, an inactive person
SUPERSEDED = "#8a8f98"  # an assessment a newer one replaced

# Verdicts: the text colour says it first, and the words always say it too.
ALERT = "#a1251b"  # a shortfall or something overdue: short by, over budget, a stale review, over capacity
ALERT_FILL = "#fde7e4"  # the cell behind ALERT text
ERROR = "#b3261e"  # a value that is wrong now: overbooked, expired, a row that will not import
CAUTION = "#8a4b00"  # worth noticing, not wrong: a key-person risk, a sprint's odd length, a policy missing
WARNING = "#7a4a00"  # amber text: a stale requirement, a budget line under its plan
WARNING_FILL = "#fff4e5"  # the cell behind a stale requirement's WARNING text
UNDER_FILL = "#fff4e0"  # the cell behind an under-spent line (a shade off WARNING_FILL, as it always was)
COVERED = "#1e6b3a"  # a governance requirement that is met
COVERED_FILL = "#e6f4ea"  # the cell behind COVERED text
DONE = "#1e6e45"  # finished: a signed policy, a done backlog item
GOOD = "#1e7a4f"  # a check that passes: the staffing page's ticks and verdict
OVER = "#c2410c"  # what was spent, or goes past the plan: actual spend, a sprint's over-full capacity bar

# Accents.
ACCENT = "#2f6fd1"  # Steward's blue: a selection, a sort arrow, a bar, the planned amount
ACCENT_FILL = "#eaf1fc"  # behind a selected card
CURRENT = "#d9822b"  # the skill matrix's current cell (orange, to stand out from its blue scale)

# Surfaces and lines.
PAPER = "#ffffff"  # the page itself: a card, a cell never assessed
HEADER_FILL = "#f0f2f5"  # behind a painted column header
AREA_TINT = "#e4e9f2"  # behind a skill area's header in the matrix, so areas stand apart from skills
GRID = "#e6e9ee"  # the lines between painted header sections
RULE = "#dde1e7"  # a thin border: under a header, around a legend swatch
FRAME = "#c9d0da"  # the edge of the matrix's frozen columns
TRACK = "#e8ebf0"  # the empty part of a bar
CARD_BORDER = "#d3d8e0"  # around a board card that is not selected
AXIS = "#9aa3ae"  # a painted chart's axis and scale


def coloured(html: str, colour: str) -> str:
    """``html`` in ``colour`` for a rich-text label; the colour stays out of the words a translator sees."""
    return f"<span style='color:{colour}'>{html}</span>"
