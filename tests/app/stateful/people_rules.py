"""The rules of people, their assessments, projects and memberships (app.services.people, .skills, .projects).

Names and e-mails come from small pools so that duplicates happen often: a
duplicate, a blank name, a level off the 0–4 scale or an allocation outside (0, 1]
must be refused with a ``UserError`` and change nothing.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import rule

from app.services import people as people_services
from app.services import projects as project_services
from app.services import skills as skill_services
from app.services.change import Action, Entity
from tests.app.stateful.machine import StewardBase, refusal
from tests.app.stateful.model import new_assessment, new_person

NAMES = st.sampled_from(["Ada Lovelace", "Bo Chen", "Cy Diaz", "  "])
EMAILS = st.sampled_from(["ada@example.org", "bo@example.org", "cy@example.org", "Di@Example.org", "not-an-email"])
DEPARTMENTS = st.sampled_from(["Finance", "Legal", "Data science"])
PROJECT_NAMES = st.sampled_from(["Fraud scoring", "Clinical triage", "Churn", " "])
PERSON_CHANGES = st.one_of(
    st.fixed_dictionaries({"department": DEPARTMENTS}),
    st.fixed_dictionaries({"email": EMAILS}),
    st.fixed_dictionaries({"name": NAMES}),
    st.fixed_dictionaries({"capacity_fte": st.sampled_from([0.5, 1.0, 0.0, 1.5])}),
    st.fixed_dictionaries({"active": st.booleans()}),
)
ALLOCATIONS = st.sampled_from([0.25, 0.5, 1.0, 0.0, 1.5])
LEVELS = st.integers(min_value=-1, max_value=5)


def _email(text: str) -> str | None:
    """The e-mail as the service stores it, or None when it is not one."""
    cleaned = text.strip().lower()
    return cleaned if people_services.EMAIL_PATTERN.match(cleaned) else None


class PeopleRules(StewardBase):
    # --- people

    @rule(target=StewardBase.people, name=NAMES, email=EMAILS, department=DEPARTMENTS)
    def create_person(self, name: str, email: str, department: str) -> Any:
        stored = _email(email)
        why = refusal(
            (not name.strip(), "a person needs a name"),
            (stored is None, "not an e-mail address"),
            (stored is not None and self.model.email_taken(stored), "the e-mail is taken"),
        )
        return self.create(
            lambda: people_services.create_person(self.db, name=name, email=email, department=department),
            refused=why,
            entity=Entity.PERSON,
            row=new_person(name.strip(), stored or "", department),
            undo=("create person", self.delete_person_now),
        )

    @rule(person=StewardBase.people, changes=PERSON_CHANGES)
    def update_person(self, person: int, changes: dict[str, Any]) -> None:
        self.update_person_now(person, changes)

    def update_person_now(self, person: int, changes: dict[str, Any]) -> None:
        row = self.model["person"].get(person)
        cleaned = dict(changes)
        if "email" in cleaned:
            cleaned["email"] = _email(cleaned["email"])
        if "name" in cleaned:
            cleaned["name"] = cleaned["name"].strip()
        why = refusal(
            (row is None, "the person does not exist"),
            (cleaned.get("name") == "", "a person needs a name"),
            ("email" in cleaned and cleaned["email"] is None, "not an e-mail address"),
            (
                cleaned.get("email") is not None and self.model.email_taken(cleaned["email"], other_than=person),
                "the e-mail is taken",
            ),
            (not 0 < cleaned.get("capacity_fte", 1.0) <= 1, "capacity out of range"),
        )
        self.update(
            lambda: people_services.update_person(self.db, person, changes),
            refused=why,
            entity=Entity.PERSON,
            entity_id=person,
            values=cleaned,
            undo=("edit person", lambda before: self.update_person_now(person, before)),
        )

    @rule(person=StewardBase.people)
    def delete_person(self, person: int) -> None:
        self.delete_person_now(person)

    def delete_person_now(self, person: int) -> None:
        held = self.model.person_history(person)
        why = refusal((person not in self.model["person"], "the person does not exist"), (bool(held), f"{held}"))
        self.delete(
            lambda: people_services.delete_person(self.db, person), refused=why, entity=Entity.PERSON, entity_id=person
        )

    @rule(target=StewardBase.assessments, person=StewardBase.people, skill=st.integers(0, 5), level=LEVELS)
    def record_assessment(self, person: int, skill: int, level: int) -> Any:
        skill_id = self.skills[skill].id
        why = refusal(
            (person not in self.model["person"], "the person does not exist"),
            (not 0 <= level <= 4, "the level is off the scale"),
        )
        return self.create(
            lambda: skill_services.record_assessment(self.db, person, skill_id, level),
            refused=why,
            entity=Entity.ASSESSMENT,
            row=new_assessment(person, skill_id, level),
            undo=("record level", self.retract_now),
        )

    def retract_now(self, assessment: int) -> None:
        why = refusal((assessment not in self.model["assessment"], "already retracted"))
        self.delete(
            lambda: skill_services.retract_assessment(self.db, assessment),
            refused=why,
            entity=Entity.ASSESSMENT,
            entity_id=assessment,
            action=Action.RETRACTED,
        )

    # --- projects

    @rule(target=StewardBase.projects, name=PROJECT_NAMES)
    def create_project(self, name: str) -> Any:
        why = refusal(
            (not name.strip(), "a project needs a name"),
            (self.model.project_name_taken(name.strip()), "the name is taken"),
        )
        return self.create(
            lambda: project_services.create_project(self.db, name=name),
            refused=why,
            entity=Entity.PROJECT,
            row={"name": name.strip(), "description": "", "stage": "idea"},
            undo=("create project", self.delete_project_now),
        )

    @rule(
        project=StewardBase.projects,
        changes=st.one_of(
            st.fixed_dictionaries({"name": PROJECT_NAMES}),
            st.fixed_dictionaries({"description": st.sampled_from(["", "Scores card payments"])}),
        ),
    )
    def update_project(self, project: int, changes: dict[str, str]) -> None:
        self.update_project_now(project, changes)

    def update_project_now(self, project: int, changes: dict[str, str]) -> None:
        row = self.model["project"].get(project)
        cleaned = {key: value.strip() for key, value in changes.items()}
        why = refusal(
            (row is None, "the project does not exist"),
            (cleaned.get("name") == "", "a project needs a name"),
            ("name" in cleaned and self.model.project_name_taken(cleaned["name"], other_than=project), "name taken"),
        )
        self.update(
            lambda: project_services.update_project(self.db, project, changes),
            refused=why,
            entity=Entity.PROJECT,
            entity_id=project,
            values=cleaned,
            undo=("edit project", lambda before: self.update_project_now(project, before)),
        )

    @rule(project=StewardBase.projects)
    def delete_project(self, project: int) -> None:
        self.delete_project_now(project)

    def delete_project_now(self, project: int) -> None:
        held = self.model.project_history(project)
        why = refusal((project not in self.model["project"], "the project does not exist"), (bool(held), f"{held}"))
        if not self.delete(
            lambda: project_services.delete_project(self.db, project),
            refused=why,
            entity=Entity.PROJECT,
            entity_id=project,
        ):
            return
        memberships = self.model["membership"]
        for key in [key for key, row in memberships.items() if row["project_id"] == project]:
            del memberships[key]  # ON DELETE CASCADE

    # --- memberships

    @rule(
        target=StewardBase.memberships, project=StewardBase.projects, person=StewardBase.people, allocation=ALLOCATIONS
    )
    def add_member(self, project: int, person: int, allocation: float) -> Any:
        why = refusal(
            (project not in self.model["project"], "the project does not exist"),
            (person not in self.model["person"], "the person does not exist"),
            (
                any(
                    (row["project_id"], row["person_id"]) == (project, person)
                    for row in self.model["membership"].values()
                ),
                "already a member",
            ),
            (not 0 < allocation <= 1, "allocation out of range"),
        )
        return self.create(
            lambda: project_services.add_member(self.db, project, person, allocation=allocation),
            refused=why,
            entity=Entity.MEMBERSHIP,
            row={"project_id": project, "person_id": person, "role": "", "allocation": allocation},
            undo=("add member", self.remove_member_now),
        )

    @rule(membership=StewardBase.memberships, allocation=ALLOCATIONS)
    def update_member(self, membership: int, allocation: float) -> None:
        row = self.model["membership"].get(membership)
        why = refusal((row is None, "no such membership"), (not 0 < allocation <= 1, "allocation out of range"))
        change = self.call(
            lambda: project_services.update_member(self.db, membership, allocation=allocation), refused=why
        )
        if change is None or row is None:
            return
        if row["allocation"] == allocation:  # the same allocation again changes and audits nothing
            assert change.action == Action.UNCHANGED
            return
        row["allocation"] = allocation
        self.expect(Entity.MEMBERSHIP, Action.UPDATED, membership)

    @rule(membership=StewardBase.memberships)
    def remove_member(self, membership: int) -> None:
        self.remove_member_now(membership)

    def remove_member_now(self, membership: int) -> None:
        why = refusal((membership not in self.model["membership"], "no such membership"))
        self.delete(
            lambda: project_services.remove_member(self.db, membership),
            refused=why,
            entity=Entity.MEMBERSHIP,
            entity_id=membership,
        )
