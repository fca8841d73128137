"""The project page's mechanism on the smallest page it serves: one that shows a project's name.

Loads wait until the page is shown, another project's change is ignored, the page empties when its
project is deleted, and a ``UserError`` from a load is said in the page, not in a box."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout

from app.db.database import Database
from app.errors import UserError
from app.services import projects
from app.services.change import Action, Change, Entity
from views.context import AppContext
from views.project_page import ProjectPage


class NamePage(ProjectPage):
    """Shows the project's name; counts its loads."""

    relevant_entities = frozenset({Entity.PROJECT, Entity.MEMBERSHIP})

    def __init__(self, context: AppContext) -> None:
        super().__init__(context, message_name="nameMessage", loading_text="Loading…")
        self.loads = 0
        self.name = QLabel("", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addLayout(self._status_row())
        self._show_nothing()

    def _loader(self, project_id: int) -> Callable[[], str]:
        database = self.context.database
        self.loads += 1

        def load() -> str:
            name = database.reader().scalar("SELECT name FROM project WHERE id = :id", {"id": project_id})
            if name is None:
                raise UserError(f"Project {project_id} does not exist (it may have been deleted).")
            return name

        return load

    def _show(self, data: str) -> None:
        self.name.setText(data)

    def _show_nothing(self) -> None:
        self.name.setText("")


@pytest.fixture
def fraud(database: Database) -> int:
    return projects.create_project(database, name="Fraud scoring").ids[0]


@pytest.fixture
def triage(database: Database) -> int:
    return projects.create_project(database, name="Clinical triage").ids[0]


@pytest.fixture
def page(qtbot, context: AppContext) -> NamePage:
    widget = NamePage(context)
    qtbot.addWidget(widget)
    return widget


def show(qtbot, page: NamePage) -> None:
    page.show()
    qtbot.waitExposed(page)


def open_project(qtbot, page: NamePage, project_id: int) -> None:
    page.show_project(project_id)
    qtbot.waitUntil(lambda: page.name.text() != "" and not page.is_loading())


def test_a_hidden_page_loads_its_project_once_shown(qtbot, page: NamePage, fraud: int) -> None:
    page.show_project(fraud)
    assert page.loads == 0 and page.name.text() == ""
    show(qtbot, page)
    qtbot.waitUntil(lambda: page.name.text() == "Fraud scoring" and not page.is_loading())
    assert page.loads == 1
    assert page.project_id() == fraud
    assert page.loading_label.isHidden()


def test_a_change_of_its_own_project_reloads_it(
    qtbot, page: NamePage, context: AppContext, database: Database, fraud: int
) -> None:
    show(qtbot, page)
    open_project(qtbot, page, fraud)
    context.hub.publish(projects.update_project(database, fraud, {"name": "Card fraud scoring"}))
    qtbot.waitUntil(lambda: page.name.text() == "Card fraud scoring" and not page.is_loading())
    assert page.loads == 2


@pytest.mark.parametrize(
    ("entity", "of_project"),
    [
        # What the services publish when someone joins another project.
        pytest.param(Entity.MEMBERSHIP, "triage", id="another-projects-change"),
        pytest.param(Entity.BUDGET_PLAN, "fraud", id="an-entity-the-page-does-not-show"),
    ],
)
def test_a_change_the_page_does_not_follow_is_ignored(
    qtbot,
    request: pytest.FixtureRequest,
    page: NamePage,
    context: AppContext,
    fraud: int,
    entity: Entity,
    of_project: str,
) -> None:
    project = request.getfixturevalue(of_project)  # made before the page opens, as a fixture is
    show(qtbot, page)
    open_project(qtbot, page, fraud)
    context.hub.publish(Change(entity=entity, action=Action.CREATED, ids=(1,), details={"project_id": project}))
    assert page.loads == 1 and not page.is_loading()
    assert page.name.text() == "Fraud scoring"


def test_the_page_empties_when_its_project_is_deleted(qtbot, page: NamePage, context: AppContext, fraud: int) -> None:
    show(qtbot, page)
    open_project(qtbot, page, fraud)
    context.hub.publish(Change(entity=Entity.PROJECT, action=Action.DELETED, ids=(fraud,)))
    assert page.project_id() is None
    assert page.name.text() == ""
    assert page.loads == 1 and not page.is_loading()  # nothing left to load
    # Later changes find no project to follow.
    context.hub.publish(
        Change(entity=Entity.MEMBERSHIP, action=Action.CREATED, ids=(1,), details={"project_id": fraud})
    )
    assert page.loads == 1


def test_a_user_error_from_the_load_is_said_in_the_page(qtbot, page: NamePage) -> None:
    show(qtbot, page)
    with qtbot.waitSignal(page.status_message) as said:
        page.show_project(404)
    assert said.args == ["Project 404 does not exist (it may have been deleted)."]
    assert page.message.text() == "Project 404 does not exist (it may have been deleted)."
    assert page.name.text() == "" and not page.is_loading()
    assert page.loading_label.isHidden()
    assert page.findChild(QMessageBox) is None


def test_a_result_for_a_project_left_behind_is_not_shown(qtbot, page: NamePage, fraud: int, triage: int) -> None:
    show(qtbot, page)
    page.show_project(fraud)
    assert page.is_loading()
    page.hide()  # hidden, the switch only marks the page stale: the fraud load is still the newest
    page.show_project(triage)
    qtbot.waitUntil(lambda: not page.is_loading())
    assert page.name.text() == ""
    show(qtbot, page)
    qtbot.waitUntil(lambda: page.name.text() == "Clinical triage" and not page.is_loading())


def test_its_own_edit_is_answered_by_the_load_queued_behind_it(
    qtbot, page: NamePage, context: AppContext, database: Database, fraud: int
) -> None:
    show(qtbot, page)
    open_project(qtbot, page, fraud)
    page.reload()  # what the page does right after queueing an edit
    assert page.is_loading()
    # The edit's change, made in a widget of the page: the load already on its way shows it.
    context.hub.publish(projects.update_project(database, fraud, {"name": "Card fraud scoring"}), initiator=page.name)
    qtbot.waitUntil(lambda: not page.is_loading())
    assert page.loads == 2
    assert context.hub.initiator() is None  # only while the change is delivered


def test_a_change_it_did_not_make_during_a_load_asks_for_another(
    qtbot, page: NamePage, context: AppContext, database: Database, fraud: int
) -> None:
    show(qtbot, page)
    open_project(qtbot, page, fraud)
    page.reload()
    assert page.is_loading()
    # An undo from the Edit menu (no initiator): the load on its way may have read before it.
    context.hub.publish(projects.update_project(database, fraud, {"name": "Card fraud scoring"}))
    qtbot.waitUntil(lambda: page.name.text() == "Card fraud scoring" and not page.is_loading())
    assert page.loads == 3
