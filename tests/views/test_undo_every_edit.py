"""Every undoable edit of the app, done, undone, redone and undone again, against the database.

The undo history promises that a step it offers can be taken and that taking it
puts the database back exactly where it was. This file holds it to that for
every kind of edit there is:

- ``test_every_undoable_edit_has_a_scenario`` reads every module of ``views/``
  and finds each function that makes an undoable edit (a call of ``run_edit``, or
  of a page's wrapper around it, with an ``undo=`` that is not ``None``). A new
  undoable edit without a scenario here fails the suite, by name.
- ``test_do_undo_redo_undo`` performs each edit the way its page does (the page's
  method, its dialog filled and accepted), then compares the logical content of
  every table: after undo exactly as before the edit, after redo exactly as after it.
  The undo and redo are taken "the next day" (the services' clock moved on), so an
  edit stamped with the day or moment it was made must be redone with that stamp.

A kind with several paths (retire or restore, a paste over lines or as new ones)
has a scenario per path.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

import views
from app.db.database import Database
from app.services import people as people_services
from app.services import skills as skill_services
from app.settings import load_finance_settings, load_staffing_settings
from models.enums import Disposition, ItemStatus, SprintState, Stage
from tests.views.modal import answer_modal
from tests.views.pages import settle
from views.context import AppContext
from views.main_window import MainWindow
from views.roles import RecordRole
from views.undo import UndoHistory

PageT = TypeVar("PageT", bound=QWidget)
DialogT = TypeVar("DialogT", bound=QDialog)

CARD_FRAUD = "Card fraud screening"
# Written on every edit and never taken back by an undo: the record of what happened, not the state.
APPEND_ONLY = frozenset({"audit_event", "item_history"})


# --- finding the edit kinds in the source ------------------------------------------------------
@dataclass(frozen=True)
class UndoCall:
    """A call with an ``undo=`` argument (or one handing on ``**arguments``), and where it is made."""

    kind: str  # "views.module:Class.method": the outermost function that makes it
    function: str  # the name of the innermost function that makes it
    hands_on: bool  # it passes on its own function's ``undo`` (or ``**arguments``): a wrapper
    no_undo: bool  # ``undo=None``: an edit that cannot be undone


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    arguments = function.args
    names = {argument.arg for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)}
    names |= {argument.arg for argument in (arguments.vararg, arguments.kwarg) if argument is not None}
    return names


def _called(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _undo_calls(module: str, tree: ast.Module, callers: set[str]) -> Iterator[UndoCall]:
    """The calls of ``callers`` in ``tree`` that say what undoes them."""

    def visit(node: ast.AST, path: tuple[str, ...], functions: tuple[ast.FunctionDef | ast.AsyncFunctionDef, ...]):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef) and not functions:
                yield from visit(child, (*path, child.name), functions)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                # A nested function is its enclosing method's edit (a dialog's slot, a step's ``do``).
                yield from visit(child, path if functions else (*path, child.name), (*functions, child))
            else:
                if isinstance(child, ast.Call) and functions and _called(child) in callers:
                    found = _undo_call(child, path, functions)
                    if found is not None:
                        yield found
                yield from visit(child, path, functions)

    def _undo_call(
        call: ast.Call, path: tuple[str, ...], functions: tuple[ast.FunctionDef | ast.AsyncFunctionDef, ...]
    ) -> UndoCall | None:
        own = set().union(*(_parameters(function) for function in functions))
        undo = next((keyword.value for keyword in call.keywords if keyword.arg == "undo"), None)
        unpacked = [keyword.value for keyword in call.keywords if keyword.arg is None]
        if undo is None:
            if not any(isinstance(value, ast.Name) and value.id in own for value in unpacked):
                return None
            hands_on = True
        else:
            hands_on = isinstance(undo, ast.Name) and undo.id in own
        kind = f"{module}:{'.'.join(path)}"
        no_undo = isinstance(undo, ast.Constant) and undo.value is None
        return UndoCall(kind=kind, function=functions[-1].name, hands_on=hands_on, no_undo=no_undo)

    yield from visit(tree, (), ())


def find_edit_kinds() -> tuple[set[str], set[str]]:
    """(the functions of ``views/`` that make an undoable edit, the wrappers found on the way).

    An edit goes through ``run_edit`` or through a wrapper of it: a function that
    hands on its own ``undo`` parameter (``ProjectPage._run``, a page's ``_edit``).
    Wrappers are followed until no new one turns up; they are not edit kinds themselves.
    """
    root = Path(views.__file__).parent
    trees = {
        ".".join(path.relative_to(root.parent).with_suffix("").parts): ast.parse(path.read_text(), filename=str(path))
        for path in sorted(root.rglob("*.py"))
    }
    callers = {"run_edit"}
    while True:
        calls = [call for module, tree in trees.items() for call in _undo_calls(module, tree, callers)]
        wrappers = {call.function for call in calls if call.hands_on}
        if wrappers <= callers:
            break
        callers |= wrappers
    kinds = {call.kind for call in calls if not call.hands_on and not call.no_undo}
    return kinds, {call.kind for call in calls if call.hands_on}


# --- the database's logical content -----------------------------------------------------------
Snapshot = dict[str, list[tuple[Any, ...]]]


def snapshot(database: Database) -> Snapshot:
    """Every table but the append-only ones, each row without its surrogate ``id``, sorted.

    A row that an undo deletes and a redo makes again has a new id; it is the same row.
    """
    from sqlalchemy import select
    from sqlmodel import SQLModel

    import models.tables  # noqa: F401  (every table in the metadata)

    content: Snapshot = {}
    with database.engine.connect() as connection:
        for name, table in sorted(SQLModel.metadata.tables.items()):
            if name in APPEND_ONLY:
                continue
            columns = [column for column in table.columns if column.name != "id"]
            rows = connection.execute(select(*columns)).all()
            content[name] = sorted((tuple(row) for row in rows), key=repr)
    return content


def same(expected: Snapshot, actual: Snapshot, *, what: str) -> None:
    found = differences(expected, actual)
    assert not found, f"{what}:\n{found}"


def differences(expected: Snapshot, actual: Snapshot, *, limit: int = 4) -> str:
    """The rows that differ, table by table, for a failure message."""
    lines = []
    for table in sorted(set(expected) | set(actual)):
        wanted, found = expected.get(table, []), actual.get(table, [])
        if wanted == found:
            continue
        # As multisets: a second copy of a row (a redo that added again) is a difference too.
        missing = list((Counter(wanted) - Counter(found)).elements())
        extra = list((Counter(found) - Counter(wanted)).elements())
        lines.append(f"{table}: {len(missing)} row(s) missing, {len(extra)} unexpected")
        lines += [f"  - {row!r}" for row in missing[:limit]]
        lines += [f"  + {row!r}" for row in extra[:limit]]
    return "\n".join(lines)


# --- a day later ---------------------------------------------------------------------------------
class _DateType(type):
    """``isinstance(x, date)`` in the services stays true of real dates while ``date`` is the later one."""

    def __instancecheck__(cls, instance: object) -> bool:
        return isinstance(instance, cls.__bases__[0])


class _LaterDate(date, metaclass=_DateType):
    @classmethod
    def today(cls) -> date:
        return date.today() + timedelta(days=1)


class _LaterDatetime(datetime, metaclass=_DateType):
    @classmethod
    def now(cls, tz: Any = None) -> datetime:
        return datetime.now(tz) + timedelta(days=1)


def a_day_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """The services' clock moves on a day: the user undoes and redoes the next morning.

    A redo then still makes what the edit made, stamped when the user made it
    (a feedback's resolution day, a sign-off's date), not when it was redone.
    """
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith("app.services.") and module is not None:
            if getattr(module, "date", None) is date:
                monkeypatch.setattr(module, "date", _LaterDate)
            if getattr(module, "datetime", None) is datetime:
                monkeypatch.setattr(module, "datetime", _LaterDatetime)


# --- the bench a scenario works on ------------------------------------------------------------
class Bench:
    """The demo organisation, and what a scenario asks of it: a page or a dialog shown on its own, or the whole
    window.

    ``history`` is the undo history of whatever the scenario used.
    """

    def __init__(self, qtbot: Any, request: pytest.FixtureRequest) -> None:
        self.qtbot = qtbot
        self._request = request
        self.database: Database = request.getfixturevalue("demo_database")
        self.history: UndoHistory | None = None

    def context(self) -> AppContext:
        context: AppContext = self._request.getfixturevalue("demo_context")
        self.history = context.undo_stack
        return context

    def page(self, make: Callable[[AppContext], PageT]) -> PageT:
        show_page = self._request.getfixturevalue("show_page")
        page: PageT = show_page(make(self.context()))
        return page

    def dialog(self, make: Callable[[AppContext], DialogT]) -> DialogT:
        """A dialog made over the demo's context, shown on its own."""
        dialog = make(self.context())
        self.qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    def project_page(self, make: Callable[[AppContext], PageT], loaded: Callable[[Any], object]) -> PageT:
        """A page shown on its own on Card fraud screening, once ``loaded(page)`` says so."""
        page: Any = self.page(make)  # a ProjectPage
        page.show_project(self.project_id())
        self.until(lambda: loaded(page))
        return page

    def window(self) -> MainWindow:
        window: MainWindow = self._request.getfixturevalue("demo_window")
        self.history = window.undo_stack
        return window

    def project_id(self, name: str = CARD_FRAUD) -> int:
        project: int = self.database.reader().scalar("SELECT id FROM project WHERE name = :name", {"name": name})
        return project

    def scalar(self, sql: str, **parameters: Any) -> Any:
        return self.database.reader().scalar(sql, parameters)

    def until(self, condition: Callable[[], object]) -> None:
        def met() -> bool:
            QCoreApplication.processEvents()
            return bool(condition())

        self.qtbot.waitUntil(met, timeout=20_000)


def press_ok(qtbot: Any, dialog: QDialog) -> None:
    """Click the dialog's accepting button (OK or Save, whatever its words), as a user would."""
    for box in dialog.findChildren(QDialogButtonBox):
        for which in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Save):
            button = box.button(which)
            if button is not None:
                assert button.isEnabled(), f"{button.text()!r} of {dialog.windowTitle()!r} is disabled"
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
                return
    raise AssertionError(f"no OK or Save button in {dialog.windowTitle()!r}")


def retype(line_edit: Any, text: str) -> None:
    """What selecting a field's text and typing over it leaves in it (and signals, as typing does)."""
    line_edit.selectAll()
    line_edit.insert(text)


def enter(field: QWidget, value: Any) -> None:
    """Put ``value`` in ``field`` the way its kind of field takes it: text typed over a line's, a text area's
    text set, a number set, a pick made by its position (a number) or its words."""
    if isinstance(field, QLineEdit):
        retype(field, value)
    elif isinstance(field, QPlainTextEdit):
        field.setPlainText(value)
    elif isinstance(field, QComboBox):
        if isinstance(value, int):
            field.setCurrentIndex(value)
        else:
            field.setCurrentText(value)
    elif isinstance(field, QSpinBox | QDoubleSpinBox):
        field.setValue(value)
    else:
        raise AssertionError(f"no way to enter {value!r} in a {type(field).__name__}")


def fill_and_accept(qtbot: Any, dialog: QDialog | None, **values: Any) -> None:
    """Enter each of ``values`` in the dialog's field of that name, in order, then press its OK."""
    assert dialog is not None, "the dialog did not open"
    for name, value in values.items():
        enter(getattr(dialog, name), value)
    press_ok(qtbot, dialog)


Edit = Callable[[], None]
Scenario = Callable[[Bench], Edit]
# kind -> variant -> scenario. A scenario sets up what the edit needs (through the services) and
# opens the page; it returns the edit itself, run once the "before" snapshot is taken.
SCENARIOS: dict[str, dict[str, Scenario]] = {}


def scenario(kind: str, variant: str = "") -> Callable[[Scenario], Scenario]:
    def register(prepare: Scenario) -> Scenario:
        assert variant not in SCENARIOS.get(kind, {}), f"two scenarios {kind} {variant!r}"
        SCENARIOS.setdefault(kind, {})[variant] = prepare
        return prepare

    return register


# --- budget --------------------------------------------------------------------------------------
BUDGET = "views.budget.budget_page:BudgetPage"


def budget_page(bench: Bench, plan_name: str = "With digital twin") -> Any:
    from app.analysis.budget import list_plans
    from views.budget.budget_page import BudgetPage

    page = bench.project_page(BudgetPage, lambda page: page.data() is not None and not page.is_loading())
    wanted = next(
        plan.plan_id
        for plan in list_plans(bench.database.reader(), bench.project_id())
        if plan.name == plan_name and plan.revision == 1
    )
    page.show_plan(wanted)
    bench.until(lambda: page.plan() is not None and page.plan().plan_id == wanted and not page.is_loading())
    return page


@scenario(f"{BUDGET}._edit_line")
def edit_a_budget_line(bench: Bench) -> Edit:
    from views.budget.plan_model import PLANNED

    page = budget_page(bench)
    return lambda: page.lines_proxy.setData(page.lines_proxy.index(0, PLANNED), "1234.50")


@scenario(f"{BUDGET}.add_lines")
def add_a_budget_line(bench: Bench) -> Edit:
    from views.budget.plan_model import DESCRIPTION

    page = budget_page(bench)
    # Typing into the grid's "new line" row adds a line with that one cell filled.
    return lambda: page.lines_proxy.setData(
        page.lines_proxy.index(page.lines_proxy.rowCount() - 1, DESCRIPTION), "Extra GPU nodes"
    )


@scenario(f"{BUDGET}.delete_lines")
def delete_budget_lines(bench: Bench) -> Edit:
    page = budget_page(bench)

    def delete() -> None:
        page.grid.selectRow(1)
        page.grid.selectionModel().select(
            page.lines_proxy.index(2, 0),
            page.grid.selectionModel().SelectionFlag.Select | page.grid.selectionModel().SelectionFlag.Rows,
        )
        assert len(page.selected_lines()) == 2
        page.delete_selected_lines()

    return delete


PASTED_ROW = "Cloud compute\tExtra GPU nodes\tJun 2026\tProduction\t1200.00"


@scenario(f"{BUDGET}._send_paste", "over a line")
def paste_over_a_budget_line(bench: Bench) -> Edit:
    from views.budget.plan_model import CATEGORY

    page = budget_page(bench)

    def paste() -> None:
        page.grid.setCurrentIndex(page.lines_proxy.index(2, CATEGORY))
        assert page.paste_text(PASTED_ROW)

    return paste


@scenario(f"{BUDGET}._send_paste", "as new lines")
def paste_new_budget_lines(bench: Bench) -> Edit:
    from views.budget.plan_model import CATEGORY

    page = budget_page(bench)

    def paste() -> None:
        page.grid.setCurrentIndex(page.lines_proxy.index(page.lines_proxy.rowCount() - 1, CATEGORY))
        assert page.paste_text(PASTED_ROW + "\n" + PASTED_ROW.replace("Extra GPU", "Spare GPU"))

    return paste


@scenario(f"{BUDGET}.create_plan")
def create_a_budget_plan(bench: Bench) -> Edit:
    page = budget_page(bench)

    def create() -> None:
        page.new_plan()
        fill_and_accept(bench.qtbot, page.dialog, name="Lean")

    return create


@scenario(f"{BUDGET}.revise")
def revise_the_approved_plan(bench: Bench) -> Edit:
    page = budget_page(bench, "Baseline")
    assert page.plan().state == "approved"
    return page.revise


@scenario(f"{BUDGET}.set_state", "submit")
def submit_a_plan(bench: Bench) -> Edit:
    page = budget_page(bench)

    def submit() -> None:
        answer = answer_modal(bench.qtbot, button="Submit")
        page.submit()
        assert answer.answered

    return submit


@scenario(f"{BUDGET}.set_state", "return to draft")
def return_a_plan_to_draft(bench: Bench) -> Edit:
    from app.services import budget as budget_services

    page = budget_page(bench)
    budget_services.set_plan_state(bench.database, page.plan().plan_id, "submitted")
    page.reload()
    bench.until(lambda: page.plan().state == "submitted" and not page.is_loading())
    return lambda: page.set_state("draft")


# --- the main window -----------------------------------------------------------------------------
WINDOW = "views.main_window:MainWindow"


def window_on(bench: Bench, project: str) -> MainWindow:
    window = bench.window()
    proxy = window.projects_proxy
    row = next(row for row in range(proxy.rowCount()) if proxy.index(row, 0).data() == project)
    window.project_list.setCurrentIndex(proxy.index(row, 0))
    bench.until(lambda: window.overview.name.text() == project)
    return window


@scenario(f"{WINDOW}._save_profile", "name and description")
def save_a_profile(bench: Bench) -> Edit:
    overview = window_on(bench, "Warehouse demand forecast").overview

    def save() -> None:
        enter(overview.name, "Warehouse demand planning")
        enter(overview.description, "Forecasts weekly demand per warehouse.")
        bench.qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)

    return save


@scenario(f"{WINDOW}._save_profile", "stage past blocking gaps, justified")
def save_a_justified_stage_move(bench: Bench) -> Edit:
    overview = window_on(bench, "Warehouse demand forecast").overview
    justification = {"text": "Pilot with two warehouses; the CISO agreed."}

    def save() -> None:
        overview.stage.setCurrentIndex(overview.stage.findData(Stage.PRODUCTION))
        answer = answer_modal(bench.qtbot, then=lambda dialog: fill_and_accept(bench.qtbot, dialog, **justification))
        bench.qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)
        # Refused for the open governance gaps, the save asks for a justification and is made again with it.
        bench.until(lambda: answer.answered)

    return save


@scenario(f"{WINDOW}.new_project")
def create_a_project(bench: Bench) -> Edit:
    window = bench.window()

    def create() -> None:
        answer = answer_modal(
            bench.qtbot, then=lambda dialog: fill_and_accept(bench.qtbot, dialog, name="Invoice anomaly detection")
        )
        window.new_project()
        assert answer.answered

    return create


# --- people --------------------------------------------------------------------------------------
PEOPLE = "views.people.people_page:PeoplePage"


def people_page(bench: Bench) -> Any:
    from views.people.people_page import PeoplePage

    page = bench.page(PeoplePage)
    bench.until(lambda: page.model.rowCount() > 0)
    return page


def a_person(bench: Bench, page: Any) -> int:
    person_id: int = bench.scalar("SELECT id FROM person WHERE active ORDER BY id LIMIT 1")
    assert page.select_person(person_id)
    return person_id


@scenario(f"{PEOPLE}.add_person")
def add_a_person(bench: Bench) -> Edit:
    page = people_page(bench)
    finn = {"name": "Finn Berg", "email": "finn.berg@example.org", "department": "Data science", "cost_rate": "7200"}
    return lambda: fill_and_accept(bench.qtbot, page.add_person(), **finn)


@scenario(f"{PEOPLE}.edit_person")
def edit_a_person(bench: Bench) -> Edit:
    page = people_page(bench)
    a_person(bench, page)
    return lambda: fill_and_accept(bench.qtbot, page.edit_person(), title="Principal engineer", capacity=0.8)


@scenario(f"{PEOPLE}.toggle_active", "deactivate")
def deactivate_a_person(bench: Bench) -> Edit:
    page = people_page(bench)
    a_person(bench, page)
    return page.toggle_active


@scenario(f"{PEOPLE}.toggle_active", "reactivate")
def reactivate_a_person(bench: Bench) -> Edit:
    page = people_page(bench)
    person_id = bench.scalar("SELECT id FROM person WHERE active ORDER BY id LIMIT 1")
    people_services.update_person(bench.database, person_id, {"active": False})
    page.refresh()
    page.show_inactive.setChecked(True)
    bench.until(lambda: page.select_person(person_id) and not page.current_person().active)
    return page.toggle_active


# --- backlog -------------------------------------------------------------------------------------
BACKLOG = "views.policy.backlog_page:BacklogPage"


def backlog_page(bench: Bench) -> Any:
    from views.policy.backlog_page import BacklogPage

    return bench.project_page(BacklogPage, lambda page: page.data() is not None and not page.is_loading())


def backlog_items(page: Any) -> list[Any]:
    return [page.filter.index(row, 0).data(RecordRole) for row in range(page.filter.rowCount())]


@scenario(f"{BACKLOG}.create_item")
def create_a_backlog_item(bench: Bench) -> Edit:
    page = backlog_page(bench)
    return lambda: fill_and_accept(
        bench.qtbot, page.new_item(), title="Write the model exit plan", points=3, criteria="Reviewed by Legal."
    )


@scenario(f"{BACKLOG}.update_item")
def edit_a_backlog_item(bench: Bench) -> Edit:
    page = backlog_page(bench)
    page.select_item(backlog_items(page)[0].id)
    return lambda: fill_and_accept(bench.qtbot, page.edit_item(), title="Write the exit plan, with Legal", points=8)


@scenario(f"{BACKLOG}.move_items")
def move_a_backlog_item_down(bench: Bench) -> Edit:
    page = backlog_page(bench)
    page.select_item(backlog_items(page)[0].id)
    return lambda: page.move_selected(+1)


def unplanned_item(page: Any) -> Any:
    return next(item for item in backlog_items(page) if item.sprint_id is None and item.status == ItemStatus.BACKLOG)


@scenario(f"{BACKLOG}.move_to_sprint", "a planned sprint")
def move_an_item_to_a_planned_sprint(bench: Bench) -> Edit:
    page = backlog_page(bench)
    page.select_item(unplanned_item(page).id)
    sprint = next(sprint for sprint in page.data().sprints if sprint.state == SprintState.PLANNED)
    return lambda: page.move_to_sprint(sprint.id)


@scenario(f"{BACKLOG}.move_to_sprint", "the active sprint")
def move_an_item_into_the_active_sprint(bench: Bench) -> Edit:
    page = backlog_page(bench)
    page.select_item(unplanned_item(page).id)
    sprint = page.data().active_sprint()
    return lambda: page.move_to_sprint(sprint.id)


@scenario(f"{BACKLOG}.move_to_sprint", "back to the backlog")
def move_an_item_back_to_the_backlog(bench: Bench) -> Edit:
    page = backlog_page(bench)
    item = next(item for item in backlog_items(page) if item.sprint_id is not None and item.status != ItemStatus.DONE)
    page.select_item(item.id)
    return lambda: page.move_to_sprint(None)


@scenario(f"{BACKLOG}.set_disposition")
def dispose_of_item_feedback(bench: Bench) -> Edit:
    page = backlog_page(bench)
    item_id = bench.scalar(
        "SELECT f.item_id FROM feedback AS f JOIN backlog_item AS i ON i.id = f.item_id "
        "WHERE i.project_id = :project AND f.disposition = 'open' ORDER BY f.id LIMIT 1",
        project=bench.project_id(),
    )
    page.select_item(item_id)
    bench.until(lambda: page.feedback.model().rowCount() > 0)

    def dispose() -> None:
        rows = page.feedback.model().rowCount()
        row = next(
            row
            for row in range(rows)
            if page.feedback.model().index(row, 0).data(RecordRole).disposition == Disposition.OPEN
        )
        page.feedback.selectRow(row)
        page.set_disposition(Disposition.ACCEPTED)

    return dispose


# --- policy library ------------------------------------------------------------------------------
LIBRARY = "views.policy.library_page:PolicyLibraryPage"
OVERSIGHT = "Human oversight of automated card blocks"


def library_page(bench: Bench, policy: str = OVERSIGHT) -> Any:
    from views.policy.library_page import PolicyLibraryPage

    page = bench.project_page(PolicyLibraryPage, lambda page: page.library() is not None and not page.is_loading())
    assert page.select_policy(bench.scalar("SELECT id FROM policy WHERE title = :title", title=policy))
    bench.until(lambda: page.selected_policy() is not None and page.selected_policy().title == policy)
    return page


@scenario(f"{LIBRARY}.edit_policy")
def edit_a_policy(bench: Bench) -> Edit:
    page = library_page(bench)
    edited = {"title": "Human oversight of card blocks", "framework_refs": "EU AI Act art. 14", "cadence": 6}
    return lambda: fill_and_accept(bench.qtbot, page.edit_policy(), **edited)


@scenario(f"{LIBRARY}.record_sign_off")
def sign_a_version_off(bench: Bench) -> Edit:
    page = library_page(bench)
    missing = next(row for row in page.sign_offs_model.rows() if not row.signed)
    assert page.select_department(missing.department.value)
    return lambda: fill_and_accept(bench.qtbot, page.sign_off(), person=1, comment="Fine by us.")


@scenario(f"{LIBRARY}.withdraw_sign_off")
def withdraw_a_sign_off(bench: Bench) -> Edit:
    page = library_page(bench)
    signed = next(row for row in page.sign_offs_model.rows() if row.signed)
    assert page.select_department(signed.department.value)
    return page.withdraw_sign_off


@scenario(f"{LIBRARY}.set_disposition")
def dispose_of_version_feedback(bench: Bench) -> Edit:
    title = bench.scalar(
        "SELECT p.title FROM feedback AS f JOIN policy_version AS v ON v.id = f.version_id "
        "JOIN policy AS p ON p.id = v.policy_id WHERE f.disposition = 'open' "
        "AND (p.project_id = :project OR p.project_id IS NULL) ORDER BY f.id LIMIT 1",
        project=bench.project_id(),
    )
    page = library_page(bench, title)
    version_id = bench.scalar(
        "SELECT f.version_id FROM feedback AS f JOIN policy_version AS v ON v.id = f.version_id "
        "JOIN policy AS p ON p.id = v.policy_id WHERE f.disposition = 'open' AND p.title = :title "
        "ORDER BY f.id LIMIT 1",
        title=title,
    )
    assert page.select_version(version_id)
    bench.until(lambda: any(row.disposition == Disposition.OPEN for row in page.feedback_model.rows()))

    def dispose() -> None:
        proxy = page.feedback.model()
        row = next(row for row in range(proxy.rowCount()) if proxy.index(row, 0).data(RecordRole).disposition == "open")
        page.feedback.selectRow(row)
        page.set_disposition(Disposition.DEFERRED)

    return dispose


# --- sprints -------------------------------------------------------------------------------------
SPRINTS = "views.policy.sprints_page:SprintsPage"


def sprints_page(bench: Bench) -> Any:
    from views.policy.sprints_page import SprintsPage

    return bench.project_page(SprintsPage, lambda page: page.data() is not None and not page.is_loading())


@scenario(f"{SPRINTS}._placements", "a card to another column")
def move_a_card(bench: Bench) -> Edit:
    page = sprints_page(bench)
    card = (page.column_items(ItemStatus.TODO) or page.column_items(ItemStatus.IN_PROGRESS))[0]
    return lambda: page.set_status([card.id], ItemStatus.IN_REVIEW)


@scenario(f"{SPRINTS}._placements", "backlog items into the planned sprint")
def plan_items_into_a_sprint(bench: Bench) -> Edit:
    page = sprints_page(bench)
    planned = next(sprint for sprint in page.data().sprints if sprint.state == SprintState.PLANNED)
    page.choose_sprint(planned.id)
    bench.until(lambda: page.sprint() is not None and page.sprint().id == planned.id and not page.is_loading())
    items = [item.id for item in page.data().items if item.sprint_id is None and item.status == ItemStatus.BACKLOG]
    return lambda: page.place(items[:2], planned.id)


@scenario(f"{SPRINTS}.update_sprint")
def edit_a_planned_sprint(bench: Bench) -> Edit:
    page = sprints_page(bench)
    planned = next(sprint for sprint in page.data().sprints if sprint.state == SprintState.PLANNED)
    page.choose_sprint(planned.id)
    bench.until(lambda: page.sprint() is not None and page.sprint().id == planned.id and not page.is_loading())

    def edit() -> None:
        dialog = page.edit_sprint()
        fill_and_accept(
            bench.qtbot, dialog, goal="Close the incident-response gap.", capacity=dialog.capacity.value() + 2
        )

    return edit


# --- settings ------------------------------------------------------------------------------------
@scenario("views.settings_dialog:ShapeRulesDialog.save")
def change_the_shape_rules(bench: Bench) -> Edit:
    from views.settings_dialog import ShapeRulesDialog

    dialog = bench.dialog(lambda context: ShapeRulesDialog(context, load_staffing_settings(bench.database.reader())))
    return lambda: fill_and_accept(bench.qtbot, dialog, deep_level=3, broad_level=1)


@scenario("views.settings_dialog:FinanceSettingsDialog.save")
def change_the_finance_settings(bench: Bench) -> Edit:
    from views.settings_dialog import FinanceSettingsDialog

    dialog = bench.dialog(
        lambda context: FinanceSettingsDialog(context, load_finance_settings(bench.database.reader()))
    )
    return lambda: fill_and_accept(bench.qtbot, dialog, start_month=6, training=3100.5, tolerance=7.5)


# --- skill matrix --------------------------------------------------------------------------------
@scenario("views.skills.matrix_page:MatrixPage._record_level")
def record_a_level(bench: Bench) -> Edit:
    from views.roles import SortRole
    from views.skills.matrix_model import SKILL
    from views.skills.matrix_page import MatrixPage

    page = bench.page(MatrixPage)
    page.refresh()  # as the window does when it switches to the page
    bench.until(lambda: page.model.rowCount() > 0)
    column = next(number for number, spec in enumerate(page.model.columns) if spec.kind == SKILL)

    def record() -> None:
        index = page.model.index(0, column)
        old = index.data(SortRole)
        page.view.setCurrentIndex(index)
        assert page.model.setData(index, 4 if old != 4 else 1)

    return record


# --- staffing ------------------------------------------------------------------------------------
STAFFING = "views.staffing.staffing_page:StaffingPage"


def staffing_page(bench: Bench) -> Any:
    from views.staffing.staffing_page import StaffingPage

    wanted = bench.project_id()
    return bench.project_page(
        StaffingPage,
        lambda page: page.staffing() is not None and page.staffing().project_id == wanted and not page.is_loading(),
    )


@scenario(f"{STAFFING}._edit_requirement")
def edit_a_requirement(bench: Bench) -> Edit:
    from views.staffing.requirements_model import NEEDED

    page = staffing_page(bench)
    return lambda: page.requirements_proxy.setData(page.requirements_proxy.index(0, NEEDED), 2.5)


@scenario(f"{STAFFING}.add_requirement_with")
def add_a_requirement(bench: Bench) -> Edit:
    page = staffing_page(bench)

    def add() -> None:
        page.add_requirement()
        assert page.dialog is not None and page.dialog.skill_id() is not None
        fill_and_accept(bench.qtbot, page.dialog, needed_fte=0.5)

    return add


@scenario(f"{STAFFING}.remove_requirement")
def remove_a_requirement(bench: Bench) -> Edit:
    page = staffing_page(bench)
    page.requirements.selectRow(0)
    bench.until(lambda: page.selected_requirement() is not None)
    return page.remove_requirement


@scenario(f"{STAFFING}.add_member")
def add_a_candidate_as_member(bench: Bench) -> Edit:
    page = staffing_page(bench)
    proxy = page.requirements_proxy
    row = next(row for row in range(proxy.rowCount()) if proxy.index(row, 0).data(RecordRole).internal_candidates)
    page.requirements.selectRow(row)
    bench.until(lambda: page.candidates.selected_record() is not None)

    def add() -> None:
        page.add_selected_candidate()
        fill_and_accept(bench.qtbot, page.dialog, role="Reviewer")

    return add


# --- taxonomy ------------------------------------------------------------------------------------
TAXONOMY = "views.taxonomy.taxonomy_page:TaxonomyPage"


def taxonomy_page(bench: Bench) -> Any:
    from views.taxonomy.taxonomy_page import TaxonomyPage

    page = bench.page(TaxonomyPage)
    bench.until(lambda: page.model.rowCount() > 0)
    page.show_retired.setChecked(True)
    return page


def skill_index(bench: Bench, page: Any, name: str, column: int) -> Any:
    return page.model.skill_index(bench.scalar("SELECT id FROM skill WHERE name = :name", name=name), column)


def area_index(bench: Bench, page: Any, name: str, column: int) -> Any:
    return page.model.area_index(bench.scalar("SELECT id FROM skill_area WHERE name = :name", name=name), column)


@scenario(f"{TAXONOMY}._rename", "a skill")
def rename_a_skill(bench: Bench) -> Edit:
    from views.taxonomy.taxonomy_model import NAME

    page = taxonomy_page(bench)
    return lambda: page.model.setData(skill_index(bench, page, "Threat modelling", NAME), "Threat modelling (STRIDE)")


@scenario(f"{TAXONOMY}._rename", "an area")
def rename_an_area(bench: Bench) -> Edit:
    from views.taxonomy.taxonomy_model import NAME

    page = taxonomy_page(bench)
    return lambda: page.model.setData(area_index(bench, page, "Cyber security", NAME), "Security")


@scenario(f"{TAXONOMY}._describe")
def describe_a_skill(bench: Bench) -> Edit:
    from views.taxonomy.taxonomy_model import NOTES

    page = taxonomy_page(bench)
    return lambda: page.model.setData(skill_index(bench, page, "Threat modelling", NOTES), "STRIDE and attack trees.")


@scenario(f"{TAXONOMY}._reword_level")
def reword_a_level(bench: Bench) -> Edit:
    from views.taxonomy.taxonomy_model import LABEL

    page = taxonomy_page(bench)
    bench.until(lambda: page.levels_model.rowCount() == 5)
    return lambda: page.levels_model.setData(page.levels_model.index(2, LABEL), "Practitioner")


@scenario(f"{TAXONOMY}.add_area")
def add_an_area(bench: Bench) -> Edit:
    page = taxonomy_page(bench)
    return lambda: fill_and_accept(bench.qtbot, page.add_area(), name="Product management")


@scenario(f"{TAXONOMY}.add_skill")
def add_a_skill(bench: Bench) -> Edit:
    page = taxonomy_page(bench)
    page.select("area", bench.scalar("SELECT id FROM skill_area WHERE name = 'Cyber security'"))

    return lambda: fill_and_accept(
        bench.qtbot, page.add_skill(), name="Red teaming", description="Attacks the model as an adversary would."
    )


def select_and_retire_or_restore(bench: Bench, page: Any, kind: str, record_id: int, retired: bool) -> Edit:
    def selected() -> bool:
        page.select(kind, record_id)
        record = page.current_record()
        return record is not None and record.id == record_id and record.retired == retired

    bench.until(selected)
    return page.retire_or_restore


UNREQUIRED_SKILL = "Penetration testing"  # in the demo, no project requires it


@scenario(f"{TAXONOMY}.retire_or_restore", "retire a skill")
def retire_a_skill(bench: Bench) -> Edit:
    page = taxonomy_page(bench)
    skill = bench.scalar("SELECT id FROM skill WHERE name = :name", name=UNREQUIRED_SKILL)
    return select_and_retire_or_restore(bench, page, "skill", skill, retired=False)


@scenario(f"{TAXONOMY}.retire_or_restore", "restore a skill")
def restore_a_skill(bench: Bench) -> Edit:
    skill = bench.scalar("SELECT id FROM skill WHERE name = :name", name=UNREQUIRED_SKILL)
    skill_services.retire_skill(bench.database, skill)
    page = taxonomy_page(bench)
    return select_and_retire_or_restore(bench, page, "skill", skill, retired=True)


def an_unrequired_area(bench: Bench) -> int:
    """An area no project requires a skill of (every demo area has one): two skills in use, one retired."""
    area = skill_services.add_area(bench.database, "Product management").ids[0]
    for name in ("Roadmapping", "Discovery", "Pricing"):
        skill_services.add_skill(bench.database, area, name)
    skill_services.retire_skill(bench.database, bench.scalar("SELECT id FROM skill WHERE name = 'Pricing'"))
    return area


@scenario(f"{TAXONOMY}.retire_or_restore", "retire an area")
def retire_an_area(bench: Bench) -> Edit:
    area = an_unrequired_area(bench)
    page = taxonomy_page(bench)
    return select_and_retire_or_restore(bench, page, "area", area, retired=False)


@scenario(f"{TAXONOMY}.retire_or_restore", "restore an area")
def restore_an_area(bench: Bench) -> Edit:
    area = an_unrequired_area(bench)
    skill_services.retire_area(bench.database, area)
    page = taxonomy_page(bench)
    return select_and_retire_or_restore(bench, page, "area", area, retired=True)


# --- the tests -----------------------------------------------------------------------------------
def test_every_undoable_edit_has_a_scenario() -> None:
    kinds, wrappers = find_edit_kinds()
    # The wrappers were recognised (else every page's edits would go unseen), and are no edit kinds.
    assert {"views.project_page:ProjectPage._run", "views.undo:run_edit"} <= wrappers
    assert "views.project_page:ProjectPage._run" not in kinds
    missing = sorted(kinds - set(SCENARIOS))
    gone = sorted(set(SCENARIOS) - kinds)
    assert not missing, "undoable edits with no do-undo-redo-undo scenario in this file: " + ", ".join(missing)
    assert not gone, "scenarios for edits that no longer exist (or are no longer undoable): " + ", ".join(gone)


CASES = [(kind, variant) for kind, variants in sorted(SCENARIOS.items()) for variant in variants]


def _case_id(case: tuple[str, str]) -> str:
    kind, variant = case
    return f"{kind}/{variant.replace(' ', '-')}" if variant else kind


def arrive(bench: Bench, history: UndoHistory, *, index: int, count: int, what: str) -> None:
    """Wait for the history to reach ``index`` of ``count`` steps, and to stay there once every check ran."""

    def there() -> bool:
        return not history.is_busy() and (history.index(), history.count()) == (index, count)

    try:
        bench.until(there)
    except Exception:
        raise AssertionError(
            f"after {what} the history is at step {history.index()} of {history.count()} "
            f"(busy: {history.is_busy()}), not {index} of {count}"
        ) from None
    settle()  # the check of the next steps, and the page's reload behind the step
    assert (history.index(), history.count()) == (index, count), (
        f"after {what} the history dropped a step: it is at {history.index()} of {history.count()}"
    )


@pytest.mark.parametrize(("kind", "variant"), CASES, ids=[_case_id(case) for case in CASES])
def test_do_undo_redo_undo(
    qtbot, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, kind: str, variant: str
) -> None:
    bench = Bench(qtbot, request)
    edit = SCENARIOS[kind][variant](bench)
    history = bench.history
    assert history is not None, "the scenario used neither a page, the context nor the window"
    settle()
    start = history.count()
    assert history.index() == start
    before = snapshot(bench.database)

    edit()
    arrive(bench, history, index=start + 1, count=start + 1, what="the edit")
    after = snapshot(bench.database)
    assert after != before, "the edit changed nothing in the database"

    a_day_later(monkeypatch)
    history.undo()
    arrive(bench, history, index=start, count=start + 1, what="undo")
    same(before, snapshot(bench.database), what="undo did not restore the database")

    history.redo()
    arrive(bench, history, index=start + 1, count=start + 1, what="redo")
    same(after, snapshot(bench.database), what="redo did not make the edit again")

    history.undo()
    arrive(bench, history, index=start, count=start + 1, what="the second undo")
    same(before, snapshot(bench.database), what="the second undo did not restore the database")
