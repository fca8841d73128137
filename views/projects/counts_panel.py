"""A project's headline counts on its overview: one card per number, the approved budgets named in full."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFrame, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from app.money import format_money
from app.queries.projects import ApprovedPlan, ProjectCounts
from views.labels import tr


class CountCard(QFrame):
    """One headline number with its caption and a detail line."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countCard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(2)
        self.number = QLabel("–", self)
        self.number.setObjectName("countNumber")
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("countCaption")
        self.detail = QLabel("", self)
        self.detail.setObjectName("countDetail")
        for widget in (self.number, self.caption, self.detail):
            layout.addWidget(widget)

    def show_count(self, number: str, detail: str = "", *, warn: bool = False) -> None:
        self.number.setText(number)
        self.detail.setText(detail)
        if bool(self.property("warn")) != warn:
            self.setProperty("warn", warn)
            # The style sheet styles [warn="true"]; Qt re-reads it only on a repolish. A change of the card's
            # own (rule-less) style sheet is one, and unlike style().polish() it does not make PySide build
            # the Python QStyle type with all its enums: ~9 ms of the start-up, where this first runs.
            self.setStyleSheet("/* warn */" if warn else "")


# The approved budgets of this many fiscal years, newest first, are named on the card; earlier ones are counted.
APPROVED_YEARS_SHOWN = 3


def approved_budget_words(plans: Sequence[ApprovedPlan]) -> str:
    """The approved plan of each fiscal year, to the cent and with its currency.

    Scenarios are alternatives: when several are approved for one year, each is named
    on a line of its own with its own total (never their sum), so the reader sees that
    a choice is still open. An amount never breaks from its currency when the card wraps.
    """
    if not plans:
        return tr("none approved yet")
    by_year: dict[int, list[ApprovedPlan]] = {}
    for plan in plans:
        by_year.setdefault(plan.fiscal_year, []).append(plan)
    years = sorted(by_year, reverse=True)

    def named(plan: ApprovedPlan) -> str:
        name = (
            plan.name
            if plan.revision == 1
            else tr("{name} rev. {revision}").format(name=plan.name, revision=plan.revision)
        )
        amount = format_money(plan.planned, plan.currency).replace(" ", "\u00a0")
        if plan.state == "closed":
            return tr("{name} (closed), {amount}").format(name=name, amount=amount)
        return tr("{name}, {amount}").format(name=name, amount=amount)

    lines = []
    for year in years[:APPROVED_YEARS_SHOWN]:
        approved = by_year[year]
        if len(approved) == 1:
            lines.append(tr("Approved for FY\u00a0{year}: {plan}").format(year=year, plan=named(approved[0])))
        else:
            lines.append(
                tr("FY\u00a0{year}: {count} scenarios approved, not added up:").format(year=year, count=len(approved))
            )
            lines += [named(plan) for plan in approved]
    if len(years) > APPROVED_YEARS_SHOWN:
        lines.append(tr("and {count} earlier year(s)").format(count=len(years) - APPROVED_YEARS_SHOWN))
    return "\n".join(lines)


class CountsPanel(QGroupBox):
    """ "At a glance": members, requirements, policies, backlog, feedback and budgets, two cards a row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("At a glance"), parent)
        self.cards = {
            "members": CountCard(tr("Members"), self),
            "requirements": CountCard(tr("Skill requirements"), self),
            "policies": CountCard(tr("Project policies"), self),
            "backlog": CountCard(tr("Open backlog items"), self),
            "feedback": CountCard(tr("Open stakeholder feedback"), self),
            "budget": CountCard(tr("Budget plans"), self),
        }
        # One line per fiscal year's approved plan, and scenarios named in full: it wraps, not widens the page.
        self.cards["budget"].detail.setWordWrap(True)
        grid = QGridLayout()
        grid.setSpacing(10)
        for position, card in enumerate(self.cards.values()):
            grid.addWidget(card, position // 2, position % 2)
        self.setLayout(grid)

    def show_counts(self, counts: ProjectCounts) -> None:
        self.cards["members"].show_count(
            str(counts.members), tr("{fte:.2f} FTE allocated").format(fte=counts.member_fte)
        )
        self.cards["requirements"].show_count(str(counts.requirements), tr("skills the project needs"))
        stale = counts.stale_policies
        self.cards["policies"].show_count(
            str(counts.policies),
            tr("{stale} past their review date").format(stale=stale) if stale else tr("all reviews up to date"),
            warn=stale > 0,
        )
        sprint = (
            tr("sprint: {name}").format(name=counts.active_sprint) if counts.active_sprint else tr("no active sprint")
        )
        self.cards["backlog"].show_count(
            str(counts.open_items), tr("{points} points; {sprint}").format(points=counts.open_points, sprint=sprint)
        )
        self.cards["feedback"].show_count(
            str(counts.open_feedback), tr("awaiting a disposition"), warn=counts.open_feedback > 0
        )
        self.cards["budget"].show_count(str(counts.budget_plans), approved_budget_words(counts.approved_plans))
