"""Every dialog of the app opens ready for the keyboard: focus in its first field, Enter on its accept button.

The walk finds every ``QDialog`` subclass defined under ``views`` and opens each
one over the demo organisation; a dialog added later without a way to open it
here fails ``test_every_dialog_is_walked``, so none escapes the check.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import date
from io import BytesIO

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPushButton, QWidget

import views
from app.db.database import Database
from views.context import AppContext
from views.dialogs import accept_button, first_field, is_input

# Base classes that are never opened themselves: their subclasses are.
BASES = {
    "views.taxonomy.taxonomy_dialogs.SubmitDialog",
    "views.policy.dialogs.SubmitDialog",
    "views.import_preview.ImportPreviewDialog",
}
# Dialogs whose action cannot be undone: Enter presses Cancel there, by design.
DESTRUCTIVE = {"views.people.person_dialog.EraseDialog", "views.taxonomy.taxonomy_dialogs.MergeSkillDialog"}

Factory = Callable[[QWidget, AppContext], QDialog]


def dialog_classes() -> dict[str, type[QDialog]]:
    """Every QDialog subclass defined in a module under ``views``, by its dotted name."""
    found: dict[str, type[QDialog]] = {}
    for module_info in pkgutil.walk_packages(views.__path__, "views."):
        module = importlib.import_module(module_info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, QDialog) and value.__module__ == module.__name__:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return {name: cls for name, cls in found.items() if name not in BASES}


def _project(database: Database, name: str = "Card fraud screening") -> int:
    return database.reader().scalar("SELECT id FROM project WHERE name = :name", {"name": name})


def _person(database: Database):
    from app.queries.people import list_people

    return list_people(database.reader())[0]


def _agile(database: Database):
    from views.policy.agile import load_agile

    return load_agile(database, _project(database), charts=False, today=date(2026, 3, 1))


def _library(database: Database):
    from views.policy.library_page import load_library

    return load_library(database, _project(database))


def _pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "Budget plan")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _factories() -> dict[str, Factory]:
    from app.analysis.budget import approvers
    from app.analysis.governance import blocking_gaps_for_stage
    from app.queries.people import list_taxonomy
    from app.services.policy import list_templates
    from app.settings import load_finance_settings, load_staffing_settings
    from models.enums import Stage
    from views.backups_dialog import BackupsDialog
    from views.budget.actuals_dialog import ActualsImportDialog
    from views.budget.dialogs import ApprovalDialog, NewPlanDialog
    from views.budget.preview import PdfPreviewDialog
    from views.check_dialog import CheckDialog
    from views.people.person_dialog import EraseDialog, PersonDialog
    from views.policy import dialogs as policy_dialogs
    from views.policy.agile_dialogs import CloseSprintDialog, ItemDialog, SprintDialog
    from views.policy.templates_dialog import TemplatesDialog
    from views.projects.justification_dialog import JustificationDialog
    from views.projects.new_project_dialog import NewProjectDialog
    from views.settings_dialog import FinanceSettingsDialog, ShapeRulesDialog
    from views.skills.import_dialog import ImportDialog
    from views.staffing.dialogs import AddMemberDialog, AddRequirementDialog
    from views.staffing.staffing_page import load_staffing
    from views.taxonomy.taxonomy_dialogs import AreaDialog, MergeSkillDialog, SkillDialog

    def staffing(context: AppContext):
        return load_staffing(context.database, _project(context.database))

    def add_member(parent: QWidget, context: AppContext) -> QDialog:
        data = staffing(context)
        gap = next(gap for gap in data.staffing.requirements if gap.internal_candidates)
        return AddMemberDialog(
            parent,
            candidate=gap.internal_candidates[0],
            project=data.staffing.project_name,
            skill=gap.skill,
            gap_fte=gap.gap_fte,
        )

    def close_sprint(parent: QWidget, context: AppContext) -> QDialog:
        agile = _agile(context.database)
        sprint = agile.active_sprint() or agile.sprints[-1]
        planned = [row for row in agile.sprints if row.state.value == "planned"]
        return CloseSprintDialog(parent, sprint=sprint, unfinished=agile.items_in(sprint.id), planned=planned)

    def merge(parent: QWidget, context: AppContext) -> QDialog:
        areas = list_taxonomy(context.database.reader())
        return MergeSkillDialog(parent, source=areas[0].skills[0], areas=areas)

    def justification(parent: QWidget, context: AppContext) -> QDialog:
        database = context.database
        triage = _project(database, "Emergency triage assistant")
        gaps = blocking_gaps_for_stage(database.reader(), triage, Stage.PRODUCTION)
        return JustificationDialog(gaps, project="Emergency triage assistant", stage=Stage.PRODUCTION, parent=parent)

    def version(parent: QWidget, context: AppContext) -> QDialog:
        library = _library(context.database)
        return policy_dialogs.VersionDialog(
            parent, policy_title=library.policies[0].title, text="# Policy", people=library.people
        )

    def signer(parent: QWidget, context: AppContext) -> QDialog:
        library = _library(context.database)
        return policy_dialogs.PersonDialog(
            parent, title="Approve", prompt="Who approves this version?", people=library.people
        )

    factories: dict[str, Factory] = {
        "views.backups_dialog.BackupsDialog": lambda parent, context: BackupsDialog(context, parent),
        "views.check_dialog.CheckDialog": lambda parent, context: CheckDialog(context, parent),
        "views.people.person_dialog.PersonDialog": lambda parent, _context: PersonDialog(
            parent, departments=["Data science", "Legal"]
        ),
        "views.people.person_dialog.EraseDialog": lambda parent, context: EraseDialog(
            parent, person=_person(context.database)
        ),
        "views.taxonomy.taxonomy_dialogs.AreaDialog": lambda parent, _context: AreaDialog(parent),
        "views.taxonomy.taxonomy_dialogs.SkillDialog": lambda parent, context: SkillDialog(
            parent, areas=list_taxonomy(context.database.reader())
        ),
        "views.taxonomy.taxonomy_dialogs.MergeSkillDialog": merge,
        "views.staffing.dialogs.AddRequirementDialog": lambda parent, context: AddRequirementDialog(
            parent, skills=staffing(context).skills, required=set()
        ),
        "views.staffing.dialogs.AddMemberDialog": add_member,
        "views.skills.import_dialog.ImportDialog": lambda parent, context: ImportDialog(context, parent),
        "views.budget.actuals_dialog.ActualsImportDialog": lambda parent, context: ActualsImportDialog(context, parent),
        "views.budget.dialogs.NewPlanDialog": lambda parent, _context: NewPlanDialog(parent, fiscal_year=2026),
        "views.budget.dialogs.ApprovalDialog": lambda parent, context: ApprovalDialog(
            parent, plan="Baseline (FY 2026, rev. 1)", approvers=approvers(context.database.reader())
        ),
        "views.budget.preview.PdfPreviewDialog": lambda parent, _context: PdfPreviewDialog(
            _pdf(), suggested_name="plan.pdf", parent=parent
        ),
        "views.projects.new_project_dialog.NewProjectDialog": lambda parent, _context: NewProjectDialog(parent),
        "views.projects.justification_dialog.JustificationDialog": justification,
        "views.settings_dialog.ShapeRulesDialog": lambda parent, context: ShapeRulesDialog(
            context, load_staffing_settings(context.database.reader()), parent
        ),
        "views.settings_dialog.FinanceSettingsDialog": lambda parent, context: FinanceSettingsDialog(
            context, load_finance_settings(context.database.reader()), parent
        ),
        "views.policy.agile_dialogs.ItemDialog": lambda parent, context: ItemDialog(
            parent,
            people=_agile(context.database).people,
            departments=_agile(context.database).departments,
            policies=_agile(context.database).policies,
        ),
        "views.policy.agile_dialogs.SprintDialog": lambda parent, _context: SprintDialog(parent),
        "views.policy.agile_dialogs.CloseSprintDialog": close_sprint,
        "views.policy.templates_dialog.TemplatesDialog": lambda parent, _context: TemplatesDialog(
            parent, templates=list_templates(), present_keys=(), project_name="Card fraud screening"
        ),
        "views.policy.dialogs.PolicyDialog": lambda parent, context: policy_dialogs.PolicyDialog(
            parent, departments=_library(context.database).departments, project_name="Card fraud screening"
        ),
        "views.policy.dialogs.VersionDialog": version,
        "views.policy.dialogs.PersonDialog": signer,
        "views.policy.dialogs.FeedbackDialog": lambda parent, context: policy_dialogs.FeedbackDialog(
            parent, version_title="Data privacy v2", people=_library(context.database).people
        ),
    }
    return factories


def test_every_dialog_is_walked() -> None:
    missing = sorted(set(dialog_classes()) - set(_factories()))
    assert not missing, f"add a way to open these dialogs to FACTORIES: {missing}"


def default_buttons(dialog: QDialog) -> list[QPushButton]:
    return [button for button in dialog.findChildren(QPushButton) if button.isDefault()]


@pytest.mark.parametrize("name", sorted(_factories()))
def test_a_dialog_opens_with_focus_in_its_first_field_and_enter_on_its_default_button(
    qtbot, demo_context: AppContext, name: str
) -> None:
    if name not in dialog_classes():
        pytest.skip(f"{name} is no longer a dialog of the app")
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    dialog = _factories()[name](window, demo_context)
    dialog.open()
    qtbot.waitUntil(dialog.isActiveWindow)
    focus = QApplication.focusWidget()
    if first_field(dialog) is not None:  # a dialog with nothing to type or pick (a preview) is exempt
        assert focus is not None and is_input(focus), f"{name} opens with the focus on {focus!r}"
    defaults = default_buttons(dialog)
    assert len(defaults) == 1, f"{name} has the default buttons {[button.text() for button in defaults]}"
    if name in DESTRUCTIVE:
        box = dialog.findChild(QDialogButtonBox)
        assert defaults[0] is box.button(QDialogButtonBox.StandardButton.Cancel)
    else:
        assert defaults[0] is accept_button(dialog), f"{name}: Enter presses {defaults[0].text()!r}"
    dialog.reject()


@pytest.fixture
def shown_taxonomy(qtbot, show_page, demo_context: AppContext):
    from views.taxonomy.taxonomy_page import TaxonomyPage

    page = show_page(TaxonomyPage(demo_context))
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    return page


def test_typing_in_add_skill_names_the_skill_and_enter_adds_it(qtbot, shown_taxonomy, demo_database: Database) -> None:
    page = shown_taxonomy
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    qtbot.mouseClick(page.add_skill_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    assert QApplication.focusWidget() is dialog.name
    qtbot.keyClicks(QApplication.focusWidget(), "Red teaming of LLMs")  # the space goes into the name
    assert dialog.name.text() == "Red teaming of LLMs" and dialog.isVisible()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: demo_database.reader().scalar("SELECT count(*) FROM skill WHERE name = 'Red teaming of LLMs'") == 1
    )
    qtbot.waitUntil(lambda: page.dialog is None)
