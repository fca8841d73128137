"""What the backlog and the sprints pages share: one project's items and sprints, read in one go.

Both follow the same entities and load ``AgileData`` (``views.policy.agile``)
on the worker; the sprints page reads the sprint analysis for its charts too
(``reads_charts``). ``AgilePage`` is the two pages' base, with
``PolicyPage``'s refusals on the page and ``ProjectPage``'s following of a project.
"""

from __future__ import annotations

from collections.abc import Callable

from views.policy.agile import RELEVANT_ENTITIES, AgileData, load_agile
from views.policy.page import PolicyPage
from views.project_page import ProjectPage


class AgilePage(PolicyPage, ProjectPage):
    """One project's backlog or sprints. ``status_message`` carries a line for the window's status bar."""

    _data: AgileData | None  # what the latest load read (ProjectPage keeps it)
    relevant_entities = RELEVANT_ENTITIES
    # Whether a load reads the sprint analysis (burndown, velocity, flow) as well.
    reads_charts = False

    def _loader(self, project_id: int) -> Callable[[], AgileData]:
        database = self.context.database
        charts = self.reads_charts
        return lambda: load_agile(database, project_id, charts=charts)

    def data(self) -> AgileData | None:
        return self._data
