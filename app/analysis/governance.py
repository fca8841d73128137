"""Governance gaps: the categories a project's profile needs, against the policies it has (docs/ARCHITECTURE.md).

The rules are data (``resources/governance_rules.json``): each maps a profile
(decision mode, model origin, personal data) and a span of life-cycle stages to a
policy category, with a reason and the first stage that a missing or stale policy
blocks. A category needed by several rules is one gap: it applies when any rule
applies, blocks when any of them blocks, and gives every applying rule's reason.

What covers a category: a policy *in force*, of the project or org-wide (no
project). In force means approved, or in review with an approved version (a
revision under review does not suspend the text already approved). A draft, a
policy in review that was never approved, and a retired policy cover nothing; the
first two are named in the gap's ``note`` ("… is not approved yet"), so the user
sees that work is under way. A covered category is *stale* when every policy in
force for it is past its next review date (``next_review_on`` before today).

``blocking`` is true only for an open gap (missing or stale) whose rules block at
the stage evaluated: that is what ``update_project`` refuses to move past without a
justification. Retiring a project is never blocked.

Pure Python over a few SQL statements (no numpy): cheap enough for the overview
page and for a service inside its transaction, which passes any object with
``rows(sql, params)``, not only a ``Reader``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any, NamedTuple, Protocol

from app.errors import UserError

# The words a sentence uses for categories and stages live in the vocabulary; re-exported for the callers of old.
from app.labels import CATEGORY_WORDS as CATEGORY_WORDS
from app.labels import category_words as category_words
from app.labels import stage_words as stage_words
from app.queries.records import Records
from app.queries.values import day
from models.enums import DecisionMode, ModelOrigin, PolicyCategory, PolicyStatus, Stage

COVERED, STALE, MISSING, NOT_APPLICABLE = "covered", "stale", "missing", "n/a"
STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)
_CATEGORY_ORDER = {category: index for index, category in enumerate(PolicyCategory)}
_STATUS_RANK = {MISSING: 0, STALE: 1, COVERED: 2}
_PROFILE_FIELDS = {"decision_mode": DecisionMode, "model_origin": ModelOrigin, "personal_data": bool}


class RowSource(Protocol):
    """What the analysis reads through: a ``Reader``, or a service's own connection."""

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]: ...


class Rule(NamedTuple):
    key: str
    category: PolicyCategory
    when: Mapping[str, frozenset[Any]]  # field -> accepted values; empty: every project
    applies_from: Stage
    applies_until: Stage
    blocks_from: Stage | None  # None: the rule advises, never blocks
    reason: str

    def applies(self, profile: GovernanceProfile, stage: Stage) -> bool:
        if not _at_or_after(stage, self.applies_from) or _at_or_after(stage, self.applies_until, strictly=True):
            return False
        return all(getattr(profile, field) in accepted for field, accepted in self.when.items())

    def blocks(self, stage: Stage) -> bool:
        return self.blocks_from is not None and stage is not Stage.RETIRED and _at_or_after(stage, self.blocks_from)


class GovernanceProfile(NamedTuple):
    decision_mode: DecisionMode
    model_origin: ModelOrigin
    personal_data: bool


class PolicyRecord(NamedTuple):
    title: str
    category: PolicyCategory
    status: PolicyStatus
    next_review_on: date | None
    ever_approved: bool

    @property
    def in_force(self) -> bool:
        return self.status is PolicyStatus.APPROVED or (self.status is PolicyStatus.IN_REVIEW and self.ever_approved)


class GovernanceGap(NamedTuple):
    """One policy category a project needs at the stage evaluated, and how well it is covered."""

    category: PolicyCategory
    status: str  # "covered", "stale" or "missing"
    reason: str
    blocking: bool  # open (missing or stale) and the rules gate this stage on it
    policies: tuple[str, ...]  # titles of the policies in force that cover it
    note: str = ""  # e.g. the drafts that do not count yet

    @property
    def is_open(self) -> bool:
        return self.status != COVERED

    def as_json(self) -> dict[str, Any]:
        return {
            "category": self.category.value,
            "status": self.status,
            "reason": self.reason,
            "blocking": self.blocking,
            "policies": list(self.policies),
            "note": self.note,
        }


class HeatmapCell(NamedTuple):
    """One project's standing in one category, as a heat-map cell says it (and its tooltip)."""

    category: PolicyCategory
    status: str  # covered, stale, missing or n/a
    blocking: bool  # open, and the rules keep the project's current stage on it
    policies: tuple[str, ...]  # titles of the policies in force that cover it (stale ones too)
    note: str  # e.g. the drafts that do not count yet


class HeatmapRow(NamedTuple):
    project_id: int
    name: str
    stage: Stage
    statuses: tuple[str, ...]  # one per ``Heatmap.categories``: covered, stale, missing or n/a
    # Parallel to ``statuses``; empty only for a row built by hand without them.
    blocking: tuple[bool, ...] = ()  # the gap's ``blocking``: open and gating the project's stage
    policies: tuple[tuple[str, ...], ...] = ()  # the gap's ``policies``; () for n/a
    notes: tuple[str, ...] = ()  # the gap's ``note``; "" for n/a

    @property
    def blocking_count(self) -> int:
        return sum(self.blocking)

    def cell(self, column: int, category: PolicyCategory) -> HeatmapCell:
        """The cell of ``column`` (whose category is ``category``: the row does not know the columns)."""
        return HeatmapCell(
            category=category,
            status=self.statuses[column],
            blocking=bool(self.blocking) and self.blocking[column],
            policies=self.policies[column] if self.policies else (),
            note=self.notes[column] if self.notes else "",
        )


class Heatmap(NamedTuple):
    """Every project × every policy category, in ``PolicyCategory`` order."""

    categories: tuple[PolicyCategory, ...]
    rows: tuple[HeatmapRow, ...]

    def status(self, project_id: int, category: PolicyCategory | str) -> str:
        return self.cell(project_id, category).status

    def cell(self, project_id: int, category: PolicyCategory | str) -> HeatmapCell:
        """Project ``project_id``'s cell in ``category``; ``KeyError`` for a project not in the map."""
        category = PolicyCategory(category)
        column = self.categories.index(category)
        for row in self.rows:
            if row.project_id == project_id:
                return row.cell(column, category)
        raise KeyError(project_id)


# --- the rules -------------------------------------------------------------------------


def _at_or_after(stage: Stage, other: Stage, *, strictly: bool = False) -> bool:
    here, there = STAGE_ORDER.index(stage), STAGE_ORDER.index(other)
    return here > there if strictly else here >= there


def is_later_stage(new: Stage | str, old: Stage | str) -> bool:
    """Whether ``new`` is further along the life cycle than ``old`` (retired counts as neither)."""
    new, old = Stage(new), Stage(old)
    return new is not Stage.RETIRED and _at_or_after(new, old, strictly=True)


def parse_rules(document: Mapping[str, Any]) -> tuple[Rule, ...]:
    """The rules of a governance-rules document; a wrong field or value raises ``ValueError`` naming the rule."""
    rules = []
    for spec in document["rules"]:
        key = spec.get("key", "?")
        try:
            when: dict[str, frozenset[Any]] = {}
            for field, value in spec.get("when", {}).items():
                kind = _PROFILE_FIELDS[field]
                values = value if isinstance(value, list) else [value]
                if kind is bool and not all(isinstance(item, bool) for item in values):
                    raise ValueError(f"{field} takes true or false")
                when[field] = frozenset(item if kind is bool else kind(item) for item in values)
            blocks_from = spec.get("blocks_from")
            rules.append(
                Rule(
                    key=key,
                    category=PolicyCategory(spec["category"]),
                    when=when,
                    applies_from=Stage(spec["from"]),
                    applies_until=Stage(spec.get("until", Stage.PRODUCTION.value)),
                    blocks_from=None if blocks_from is None else Stage(blocks_from),
                    reason=spec["reason"].strip(),
                )
            )
        except (KeyError, ValueError, AttributeError) as error:
            raise ValueError(f"governance rule {key!r} is not valid: {error}") from error
    return tuple(rules)


@cache
def load_rules() -> tuple[Rule, ...]:
    """The rules shipped in ``resources/governance_rules.json`` (read once)."""
    from app.resources import read_json

    return parse_rules(read_json("governance_rules.json"))


# --- reading ---------------------------------------------------------------------------


_POLICY_SQL = """
    SELECT p.project_id, p.title, p.category, p.status, p.next_review_on,
           EXISTS (SELECT 1 FROM policy_version AS v WHERE v.policy_id = p.id AND v.approved_on IS NOT NULL)
    FROM policy AS p
"""


_POLICIES = Records(PolicyRecord, category=PolicyCategory, status=PolicyStatus, next_review_on=day, ever_approved=bool)


def _policy(row: Sequence[Any]) -> PolicyRecord:
    """The policy of a row of ``_POLICY_SQL`` (its first column, the project, is not the record's)."""
    return _POLICIES.one(tuple(row[1:]))


def _load_project(reader: RowSource, project_id: int) -> tuple[GovernanceProfile, Stage]:
    found = reader.rows(
        "SELECT decision_mode, model_origin, personal_data, stage FROM project WHERE id = :id", {"id": project_id}
    )
    if not found:
        raise UserError(f"Project {project_id} does not exist (it may have been deleted).")
    decision_mode, model_origin, personal_data, stage = found[0]
    return GovernanceProfile(DecisionMode(decision_mode), ModelOrigin(model_origin), bool(personal_data)), Stage(stage)


def _policies_for(reader: RowSource, project_id: int) -> list[PolicyRecord]:
    """The project's own policies and the org-wide ones."""
    rows = reader.rows(
        _POLICY_SQL + " WHERE p.project_id = :id OR p.project_id IS NULL ORDER BY p.title", {"id": project_id}
    )
    return [_policy(row) for row in rows]


# --- evaluating ------------------------------------------------------------------------


def evaluate(
    profile: GovernanceProfile,
    stage: Stage,
    policies: Iterable[PolicyRecord],
    *,
    today: date,
    rules: Sequence[Rule] | None = None,
) -> list[GovernanceGap]:
    """Every category the rules need at ``stage``, with its coverage (pure: no database).

    Ordered for reading: blocking gaps first, then missing before stale before
    covered, then in ``PolicyCategory`` order.
    """
    applying: dict[PolicyCategory, list[Rule]] = {}
    for rule in load_rules() if rules is None else rules:
        if rule.applies(profile, stage):
            applying.setdefault(rule.category, []).append(rule)
    by_category: dict[PolicyCategory, list[PolicyRecord]] = {}
    for policy in policies:
        by_category.setdefault(policy.category, []).append(policy)
    gaps = []
    for category, category_rules in applying.items():
        candidates = by_category.get(category, [])
        in_force = [policy for policy in candidates if policy.in_force]
        current = [policy for policy in in_force if policy.next_review_on is None or policy.next_review_on >= today]
        status = COVERED if current else STALE if in_force else MISSING
        note = ""
        if status == STALE:
            note = (
                "Past its review date: "
                + ", ".join(
                    f"{policy.title} (due {policy.next_review_on.isoformat()})"
                    for policy in in_force
                    if policy.next_review_on is not None
                )
                + "."
            )
        elif status == MISSING:
            pending = [policy for policy in candidates if policy.status in (PolicyStatus.DRAFT, PolicyStatus.IN_REVIEW)]
            if pending:
                note = (
                    "Not approved yet: "
                    + ", ".join(f"{policy.title} ({policy.status.value.replace('_', ' ')})" for policy in pending)
                    + "."
                )
        reasons = list(dict.fromkeys(rule.reason for rule in category_rules))
        gaps.append(
            GovernanceGap(
                category=category,
                status=status,
                reason=" ".join(reasons),
                blocking=status != COVERED and any(rule.blocks(stage) for rule in category_rules),
                policies=tuple(policy.title for policy in (current or in_force)),
                note=note,
            )
        )
    gaps.sort(key=lambda gap: (not gap.blocking, _STATUS_RANK[gap.status], _CATEGORY_ORDER[gap.category]))
    return gaps


def governance_gaps(
    reader: RowSource, project_id: int, *, today: date | None = None, stage: Stage | str | None = None
) -> list[GovernanceGap]:
    """The categories project ``project_id`` needs, covered or not; ``stage`` evaluates it as if it were there.

    Raises ``UserError`` when the project does not exist.
    """
    profile, current_stage = _load_project(reader, project_id)
    return evaluate(
        profile,
        current_stage if stage is None else Stage(stage),
        _policies_for(reader, project_id),
        today=today or date.today(),
    )


def open_gaps(reader: RowSource, project_id: int, *, today: date | None = None) -> list[GovernanceGap]:
    """Only the missing and stale categories of the project at its stage (what reports list as context)."""
    return [gap for gap in governance_gaps(reader, project_id, today=today) if gap.is_open]


def blocking_gaps_for_stage(
    reader: RowSource, project_id: int, new_stage: Stage | str, *, today: date | None = None
) -> list[GovernanceGap]:
    """The open gaps that keep the project out of ``new_stage`` without a justification (none for retired)."""
    return [gap for gap in governance_gaps(reader, project_id, today=today, stage=new_stage) if gap.blocking]


def organisation_heatmap(reader: RowSource, *, today: date | None = None) -> Heatmap:
    """Every project (by name) × every category: covered, stale, missing, or n/a where no rule applies.

    Each row also says, per category, whether the gap blocks the project's current
    stage, which policies cover it and the gap's note: what ``governance_gaps`` says
    of the project, without its reasons.
    """
    today = today or date.today()
    org_wide: list[PolicyRecord] = []
    own: dict[int, list[PolicyRecord]] = {}
    for row in reader.rows(_POLICY_SQL):
        (org_wide if row[0] is None else own.setdefault(row[0], [])).append(_policy(row))
    categories = tuple(PolicyCategory)
    rows = []
    for project_id, name, decision_mode, model_origin, personal_data, stage in reader.rows(
        "SELECT id, name, decision_mode, model_origin, personal_data, stage FROM project ORDER BY name, id"
    ):
        profile = GovernanceProfile(DecisionMode(decision_mode), ModelOrigin(model_origin), bool(personal_data))
        found = {
            gap.category: gap
            for gap in evaluate(profile, Stage(stage), [*own.get(project_id, ()), *org_wide], today=today)
        }
        gaps = [found.get(category) for category in categories]
        rows.append(
            HeatmapRow(
                project_id=project_id,
                name=name,
                stage=Stage(stage),
                statuses=tuple(NOT_APPLICABLE if gap is None else gap.status for gap in gaps),
                blocking=tuple(gap is not None and gap.blocking for gap in gaps),
                policies=tuple(() if gap is None else gap.policies for gap in gaps),
                notes=tuple("" if gap is None else gap.note for gap in gaps),
            )
        )
    return Heatmap(categories=categories, rows=tuple(rows))
