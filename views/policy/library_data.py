"""What the policy library page shows of a project, read on the worker in one go (``load_library``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from app.queries.people import PersonRow
from app.queries.policy import FeedbackRow, PolicyRow, SignOffRow, VersionRow
from views.labels import tr

if TYPE_CHECKING:
    from app.db.database import Database


class LibraryData(NamedTuple):
    """Everything the page shows for a project, read on the worker in one go."""

    project_name: str
    policies: tuple[PolicyRow, ...]
    versions: dict[int, list[VersionRow]]  # by policy id, newest first
    sign_offs: dict[int, list[SignOffRow]]  # by version id, one per stakeholder department
    feedback: dict[int, list[FeedbackRow]]  # by version id
    people: tuple[PersonRow, ...]  # active people, for the pickers
    departments: tuple[str, ...]


def load_library(database: Database, project_id: int) -> LibraryData:
    """The project's policies with their versions, sign-offs and feedback (worker thread)."""
    from app.errors import UserError
    from app.queries.people import list_departments, list_people
    from app.queries.policy import list_policies, list_versions, version_feedback, version_sign_offs
    from app.queries.projects import project_name as find_project_name

    reader = database.reader()
    project_name = find_project_name(reader, project_id)
    if project_name is None:
        raise UserError(tr("The project no longer exists."))
    policies = tuple(list_policies(reader, project_id, today=date.today()))
    versions = list_versions(reader, [policy.id for policy in policies])
    version_ids = [version.id for rows in versions.values() for version in rows]
    return LibraryData(
        project_name=project_name,
        policies=policies,
        versions=versions,
        sign_offs={version_id: version_sign_offs(reader, version_id) for version_id in version_ids},
        feedback={version_id: version_feedback(reader, version_id) for version_id in version_ids},
        people=tuple(person for person in list_people(reader) if person.active and not person.erased),
        departments=tuple(list_departments(reader)),
    )
