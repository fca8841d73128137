"""Every entity a page listens for is one a service emits: a page waiting for a change never sent never refreshes."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import views
from app.services.change import Entity
from views.org_page import OrgPage
from views.project_page import ProjectPage

ROOT = Path(__file__).resolve().parents[2]


# The calls that make a Change: the tuple itself, Unit.record (an audit event and its Change in one),
# and the Unit helpers that write a row, audit it and return its Change.
CHANGE_MAKERS = {"Change", "record", "create", "update", "set_values", "delete"}


def emitted_entities() -> set[Entity]:
    """The entities of every Change the core makes (``Change(...)`` or ``unit.record(...)``), read off its source."""
    found: set[Entity] = set()
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name not in CHANGE_MAKERS:
                continue
            entity = next((keyword.value for keyword in node.keywords if keyword.arg == "entity"), None)
            if entity is None and node.args:
                entity = node.args[0]
            if isinstance(entity, ast.Attribute) and isinstance(entity.value, ast.Name) and entity.value.id == "Entity":
                found.add(Entity[entity.attr])
    return found


def listening_pages() -> dict[str, frozenset[Entity]]:
    """Every page class under views/ with the entities it declares, and every module's RELEVANT_ENTITIES."""
    listening: dict[str, frozenset[Entity]] = {}
    for module_info in pkgutil.walk_packages(views.__path__, "views."):
        module = importlib.import_module(module_info.name)
        if hasattr(module, "RELEVANT_ENTITIES"):
            listening[f"{module_info.name}.RELEVANT_ENTITIES"] = frozenset(module.RELEVANT_ENTITIES)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            is_page = issubclass(cls, ProjectPage | OrgPage) and cls not in (ProjectPage, OrgPage)
            if cls.__module__ == module_info.name and is_page:
                listening[f"{module_info.name}.{name}"] = frozenset(cls.relevant_entities)
    return listening


def test_every_entity_a_page_listens_for_is_emitted_by_a_service() -> None:
    emitted = emitted_entities()
    assert {Entity.PROJECT, Entity.BUDGET_LINE, Entity.ASSESSMENT} <= emitted  # the scan reads the services
    listening = listening_pages()
    assert len(listening) >= 8  # the scan finds the pages
    silent = {page: sorted(entities - emitted) for page, entities in listening.items() if entities - emitted}
    assert silent == {}, f"pages listen for entities no service emits: {silent}"


def test_pages_declare_members_of_the_vocabulary_not_words() -> None:
    for page, entities in listening_pages().items():
        assert entities, f"{page} listens for nothing"
        assert all(type(entity) is Entity for entity in entities), f"{page} declares words, not Entity members"
