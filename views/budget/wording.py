"""What the budget page calls categories, plan states and stages, through ``tr()``, and how it shows money.

The enum values are the database's; the words finance reads for them are
``app.labels``' (the design's own names: "Software and licences", "Training and upskilling").
Amounts are formatted by ``app.money.format_money`` only, the one place that rounds.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtGui import QColor

from app import labels as vocabulary
from app.money import format_money
from models.enums import BudgetCategory, PlanState, Stage
from views import palette
from views.labels import label, tr

# Over budget in red, under in amber-brown: both dark enough on white, and always said in words too.
OVER_TEXT = QColor(palette.ALERT)
OVER_FILL = QColor(palette.ALERT_FILL)
UNDER_TEXT = QColor(palette.WARNING)
UNDER_FILL = QColor(palette.UNDER_FILL)
MUTED_TEXT = QColor(palette.FADED)
FLAG_WORDS = {"over": "Over budget", "under": "Under spent"}


def category_label(value: str) -> str:
    return tr(vocabulary.label(value, BudgetCategory))


def state_label(value: str) -> str:
    return tr(vocabulary.label(value, PlanState))


def stage_label(value: str) -> str:
    """A stage's label; a value that is no stage stays as it is."""
    return label(Stage(value)) if value in vocabulary.STAGES else str(value)


def flag_text(flag: str) -> str:
    return tr(FLAG_WORDS[flag]) if flag in FLAG_WORDS else ""


def money(amount: Decimal | None, currency: str = "") -> str:
    """An amount for a table cell: thousands separated, two places; the currency only when asked."""
    if amount is None:
        return ""
    text = format_money(amount, currency or "XXX")
    return text if currency else text[: -len(" XXX")]


def day_label(day: date) -> str:
    """ "15 Dec 2025": a day as the budget's reader writes it."""
    return f"{day.day} {day:%b %Y}"


def approval_label(approved_by: str | None, approved_on: date | None) -> str:
    """Who approved a plan and when, for the plans table: "Daniel Cohen, 15 Dec 2025" ("" when never approved)."""
    if approved_on is None:
        return approved_by or ""
    if approved_by is None:
        return tr("{day} (approver not recorded)").format(day=day_label(approved_on))
    return tr("{name}, {day}").format(name=approved_by, day=day_label(approved_on))


def approval_sentence(approved_by: str | None, approved_on: date | None) -> str:
    """ "approved by Daniel Cohen on 15 Dec 2025", for the banner ("" when the approval is not recorded)."""
    if approved_on is None:
        return ""
    if approved_by is None:
        return tr("approved on {day} (the approver was not recorded)").format(day=day_label(approved_on))
    return tr("approved by {name} on {day}").format(name=approved_by, day=day_label(approved_on))
