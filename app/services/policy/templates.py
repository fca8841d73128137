"""The template library of starter backlog items, and adding templates to a project's backlog."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.policy.backlog import create_item
from app.services.policy.inputs import _enum
from app.services.policy.rows import _project
from app.services.unit import unit_of_work
from models.enums import ItemKind, PolicyCategory

TEMPLATES_RESOURCE = "policy_templates.json"


class Template(NamedTuple):
    """A starter backlog item from ``resources/policy_templates.json``."""

    key: str
    category: PolicyCategory
    kind: ItemKind
    title: str
    points: int
    owner_department: str
    acceptance_criteria: str
    framework_refs: tuple[str, ...]

    def criteria_with_references(self) -> str:
        """The acceptance criteria as stored on the item: the framework references follow them."""
        if not self.framework_refs:
            return self.acceptance_criteria
        return f"{self.acceptance_criteria}\n\nFramework references: {'; '.join(self.framework_refs)}."


@cache
def _templates() -> tuple[Template, ...]:
    from app.resources import read_json

    return tuple(
        Template(
            key=entry["key"],
            category=PolicyCategory(entry["category"]),
            kind=ItemKind(entry["kind"]),
            title=entry["title"],
            points=int(entry["points"]),
            owner_department=entry["owner_department"],
            acceptance_criteria=entry["acceptance_criteria"],
            framework_refs=tuple(entry.get("framework_refs", ())),
        )
        for entry in read_json(TEMPLATES_RESOURCE)["templates"]
    )


def list_templates(category: PolicyCategory | str | None = None) -> list[Template]:
    """The template library in file order, or the templates of one category."""
    wanted = None if category is None else _enum(PolicyCategory, category, what="policy category")
    return [template for template in _templates() if wanted is None or template.category == wanted]


def add_templates_to_backlog(database: Database, project_id: int, template_keys: Iterable[str]) -> Change:
    """Add template items to the end of a project's backlog in one transaction; ones already there are skipped.

    The Change's ``details`` say which keys were ``added`` and which ``skipped``.
    """
    from sqlmodel import col, select

    from models.policy import BacklogItem

    by_key = {template.key: template for template in _templates()}
    keys: list[str] = list(dict.fromkeys(template_keys))
    unknown = [key for key in keys if key not in by_key]
    if unknown:
        raise UserError(f"There is no template {unknown[0]!r} in the library.")
    if not keys:
        raise UserError("Choose at least one template to add.")
    with unit_of_work(database) as unit:
        _project(unit, project_id)
        present = set(
            unit.session.exec(
                select(BacklogItem.template_key).where(
                    BacklogItem.project_id == project_id, col(BacklogItem.template_key).is_not(None)
                )
            ).all()
        )
        skipped = tuple(key for key in keys if key in present)
        added: list[str] = []
        ids: list[int] = []
        for key in keys:
            if key in present:
                continue
            template = by_key[key]
            change = create_item(
                database,
                project_id,
                title=template.title,
                kind=template.kind,
                points=template.points,
                owner_department=template.owner_department,
                acceptance_criteria=template.criteria_with_references(),
                template_key=key,
            )
            ids.extend(change.ids)
            added.append(key)
        details = {"project_id": project_id, "added": tuple(added), "skipped": skipped}
        if not added:
            return Change(entity=Entity.BACKLOG_ITEM, action=Action.UNCHANGED, ids=(), details=details)
        unit.audit(
            entity=Entity.PROJECT,
            entity_id=project_id,
            action=Action.TEMPLATES_ADDED,
            after={"added": added, "skipped": list(skipped)},
        )
        return Change(entity=Entity.BACKLOG_ITEM, action=Action.CREATED, ids=tuple(ids), details=details)


def template_summary(change: Change) -> str:
    """What :func:`add_templates_to_backlog` did, in one sentence for the user."""
    added, skipped = len(change.details.get("added", ())), len(change.details.get("skipped", ()))
    parts = [f"Added {added} template item{'s' if added != 1 else ''} to the backlog"]
    if skipped:
        parts.append(f"skipped {skipped} already in it")
    return "; ".join(parts) + "."
