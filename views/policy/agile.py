"""What the backlog and sprint pages read, on the worker, in one go.

Both pages show the same project's items and sprints; the sprint page also
needs the charts (``app.analysis.sprints``), the backlog page the open
governance gaps (which templates to suggest). Each asks for what it shows.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from app.queries.backlog import ItemRow, SprintRow
from app.queries.people import PersonRow
from app.queries.policy import FeedbackRow, PolicyRow
from app.services.change import Entity
from models.enums import PolicyCategory, SprintState
from views.policy.page import POLICY_ENTITIES

if TYPE_CHECKING:
    from app.analysis.sprints import ProjectSprints
    from app.db.database import Database

# The entities whose changes can alter the backlog or a sprint.
RELEVANT_ENTITIES = POLICY_ENTITIES | {Entity.BACKLOG_ITEM, Entity.SPRINT}


class AgileData(NamedTuple):
    project_name: str
    items: tuple[ItemRow, ...]  # rank order
    sprints: tuple[SprintRow, ...]  # by start date
    feedback: dict[int, list[FeedbackRow]]  # by item id
    people: tuple[PersonRow, ...]  # active people, for the assignee picker
    departments: tuple[str, ...]
    policies: tuple[PolicyRow, ...]  # the project's and the org-wide ones, to link an item to
    gap_categories: tuple[PolicyCategory, ...]  # categories with open governance gaps
    analysis: ProjectSprints | None  # the charts, when asked for
    today: date

    def sprint(self, sprint_id: int | None) -> SprintRow | None:
        return next((sprint for sprint in self.sprints if sprint.id == sprint_id), None)

    def item(self, item_id: int | None) -> ItemRow | None:
        return next((item for item in self.items if item.id == item_id), None)

    def items_in(self, sprint_id: int | None) -> list[ItemRow]:
        """The items of a sprint, or (None) those in no sprint, in rank order."""
        return [item for item in self.items if item.sprint_id == sprint_id]

    def active_sprint(self) -> SprintRow | None:
        return next((sprint for sprint in self.sprints if sprint.state == SprintState.ACTIVE), None)

    def open_sprints(self) -> list[SprintRow]:
        """Sprints an item can go into: planned or active."""
        return [sprint for sprint in self.sprints if sprint.state != SprintState.CLOSED]


def load_agile(database: Database, project_id: int, *, charts: bool, today: date | None = None) -> AgileData:
    """The project's backlog, sprints and feedback; with ``charts``, its sprint analysis too (worker thread)."""
    from app.analysis.governance import open_gaps
    from app.errors import UserError
    from app.queries.backlog import item_feedback, list_items, list_sprints
    from app.queries.people import list_departments, list_people
    from app.queries.policy import list_policies
    from app.queries.projects import project_name as find_project_name
    from views.labels import tr

    today = today or date.today()
    reader = database.reader()
    project_name = find_project_name(reader, project_id)
    if project_name is None:
        raise UserError(tr("The project no longer exists."))
    analysis = None
    if charts:
        from app.analysis.sprints import analyse_project_sprints

        analysis = analyse_project_sprints(reader, project_id, today=today)
    return AgileData(
        project_name=project_name,
        items=tuple(list_items(reader, project_id)),
        sprints=tuple(list_sprints(reader, project_id)),
        feedback=item_feedback(reader, project_id),
        people=tuple(person for person in list_people(reader) if person.active and not person.erased),
        departments=tuple(list_departments(reader)),
        policies=tuple(
            policy for policy in list_policies(reader, project_id, today=today) if policy.status.value != "retired"
        ),
        gap_categories=tuple(dict.fromkeys(gap.category for gap in open_gaps(reader, project_id, today=today))),
        analysis=analysis,
        today=today,
    )
