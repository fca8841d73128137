"""The policy-iteration report (``steward report policy``) as the people who receive it see it.

Every test writes real files from the demo organisation and reads them back the way
a user's tools would: the PDF through ``pdftotext``, the workbook through openpyxl,
the CSV through the ``csv`` module. What is checked is what a reader would notice:
the numbers agree with the sprint analysis, a closed sprint's review never changes
when its items are edited later, spreadsheet cells hold numbers and never run a
formula, and a refused report leaves the output folder alone.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.analysis.sprints import analyse_project_sprints
from app.db.database import Database
from app.errors import UserError
from app.queries.projects import find_project
from app.reports.policy import build_policy_report, render_pdf, write_policy_report
from app.services.policy import update_item, update_sprint
from tests.app.report_files import TODAY, pdf_text

pytestmark = pytest.mark.both_backends

FORMATS = (".pdf", ".xlsx", ".csv", ".json")


def busiest_project(database: Database) -> str:
    """The demo project with the most closed sprints: the fullest report."""
    return database.reader().scalar(
        """SELECT p.name FROM project AS p
           ORDER BY (SELECT count(*) FROM sprint AS s WHERE s.project_id = p.id AND s.state = 'closed') DESC, p.name
           LIMIT 1"""
    )


def last_closed_sprint(database: Database, project: str) -> tuple[int, str]:
    row = database.reader().one(
        """SELECT s.id, s.name FROM sprint AS s JOIN project AS p ON p.id = s.project_id
           WHERE p.name = :project AND s.state = 'closed' ORDER BY s.start_on DESC LIMIT 1""",
        {"project": project},
    )
    assert row is not None
    return row[0], row[1]


def analysis_of(database: Database, project: str):
    reader = database.reader()
    profile = find_project(reader, project)
    assert profile is not None
    return analyse_project_sprints(reader, profile.id, today=TODAY)


def test_all_sprints_json_carries_the_analysis_numbers(demo: Database, out: Path) -> None:
    project = busiest_project(demo)
    document = json.loads(write_policy_report(demo, project, out / "policy.json", today=TODAY).read_text("utf-8"))
    analysed = analysis_of(demo, project)
    pairs = list(zip(analysed.figures, analysed.burndowns, strict=True))
    assert document["project"]["name"] == project
    # Every sprint, the planned ones too, in the order they run.
    assert [sprint["name"] for sprint in document["sprints"]] == [figures.name for figures, _ in pairs]
    assert any(figures.state == "planned" for figures, _ in pairs)
    for sprint, (figures, chart) in zip(document["sprints"], pairs, strict=True):
        if figures.state == "planned":
            continue  # test_planned_sprints_are_listed_as_planned_without_figures
        assert {key: sprint[key] for key in figures.as_json()} == figures.as_json()
        assert sprint["burndown"] == [point.as_json() for point in chart.points]
        assert sprint["planned_points"] is None
    assert document["velocity_average"] == pytest.approx(analysed.velocity_average)
    assert [(row["name"], row["committed_points"], row["completed_points"]) for row in document["velocity"]] == [
        (point.name, point.committed_points, point.completed_points) for point in analysed.velocity
    ]
    # Versions over time, oldest first, each with the keys the README documents.
    published = [row["published_on"] for row in document["policy_versions"]]
    assert published == sorted(published) and published
    assert {"policy", "version", "published_on", "change_summary"} <= set(document["policy_versions"][0])
    assert {"department", "disposition"} <= set(document["feedback"][0])
    assert all(gap["status"] in ("missing", "stale") for gap in document["governance_gaps"])


def test_sprint_report_lists_the_items_versions_and_feedback_of_that_sprint(demo: Database) -> None:
    project = busiest_project(demo)
    sprint_id, sprint_name = last_closed_sprint(demo, project)
    document = build_policy_report(demo, project, sprint_name=sprint_name, today=TODAY)
    (sprint,) = document["sprints"]
    figures = next(figures for figures in analysis_of(demo, project).figures if figures.sprint_id == sprint_id)
    assert {key: sprint[key] for key in figures.as_json()} == figures.as_json()
    items = sprint["items"]
    # The item lists add up to the headline figures a reader compares them with.
    assert sum(item["points"] for item in items["completed"]) == figures.completed_points
    assert sum(item["points"] for item in items["carried_over"]) == figures.carried_over_points
    assert sum(item["points"] for item in items["added"]) == figures.added_points
    assert sum(item["points"] for item in items["removed"]) == figures.removed_points
    assert all(item["status"] == "done" for item in items["completed"])
    start, end = date.fromisoformat(sprint["start"]), date.fromisoformat(sprint["end"])
    assert all(start <= date.fromisoformat(row["published_on"]) <= end for row in document["policy_versions"])
    assert all(start <= date.fromisoformat(row["received_on"]) <= end for row in document["feedback"])
    # The velocity stops at the sprint reported on.
    assert document["velocity"][-1]["name"] == sprint_name


def test_closed_sprint_report_does_not_change_when_an_item_is_edited_later(demo: Database) -> None:
    project = busiest_project(demo)
    sprint_id, sprint_name = last_closed_sprint(demo, project)
    before = build_policy_report(demo, project, sprint_name=sprint_name, today=TODAY)
    item_id, points = demo.reader().one(
        "SELECT id, points FROM backlog_item WHERE sprint_id = :sprint OR id IN "
        "(SELECT item_id FROM item_history WHERE sprint_id = :sprint) ORDER BY id LIMIT 1",
        {"sprint": sprint_id},
    )
    update_item(demo, item_id, {"points": (points or 1) + 7})  # a history row dated now, after the close
    history_rows = demo.reader().scalar(
        "SELECT count(*) FROM item_history WHERE item_id = :id AND points = :points",
        {"id": item_id, "points": (points or 1) + 7},
    )
    assert history_rows == 1
    after = build_policy_report(demo, project, sprint_name=sprint_name, today=TODAY)
    assert after["sprints"] == before["sprints"]
    assert after == before


@pytest.mark.parametrize("case", ["project", "sprint", "extension", "folder"])
def test_refused_report_writes_nothing(demo: Database, out: Path, case: str) -> None:
    project = busiest_project(demo)
    arguments = {
        "project": ("No such project", out / "policy.pdf", None),
        "sprint": (project, out / "policy.pdf", "Sprint 99"),
        "extension": (project, out / "policy.docx", None),
        "folder": (project, out / "missing" / "policy.pdf", None),
    }[case]
    name, output, sprint_name = arguments
    with pytest.raises(UserError):
        write_policy_report(demo, name, output, sprint_name=sprint_name, today=TODAY)
    assert list(out.iterdir()) == []


def test_unknown_sprint_message_names_the_sprints(demo: Database) -> None:
    project = busiest_project(demo)
    with pytest.raises(UserError, match="Sprint 1"):
        build_policy_report(demo, project, sprint_name="Sprint 99", today=TODAY)


def test_pdf_shows_the_sprint_its_numbers_and_page_numbers(demo: Database, out: Path) -> None:
    project = busiest_project(demo)
    _, sprint_name = last_closed_sprint(demo, project)
    document = build_policy_report(demo, project, sprint_name=sprint_name, today=TODAY)
    sprint = document["sprints"][0]
    path = write_policy_report(demo, project, out / "review.pdf", sprint_name=sprint_name, today=TODAY)
    assert path.read_bytes() == render_pdf(document)  # the file is the document, rendered
    # As laid out on the page, so that a row of figures reads as a row whatever tool extracts the text.
    shown = " ".join(pdf_text(path, layout=True).split())
    assert sprint_name in shown
    assert "Page 1 of" in shown
    assert f"committed to {sprint['committed_points']} points and completed {sprint['completed_points']}" in shown
    # The headline strip: the numbers in a row, then their labels in the same order.
    assert f"{sprint['committed_points']} {sprint['completed_points']} {sprint['added_points']}" in shown
    assert "Committed points Completed points Added mid-sprint" in shown
    # The burndown's day axis is labelled from the first to the last sprint day.
    for day in (date.fromisoformat(sprint["start"]), date.fromisoformat(sprint["end"])):
        assert f"{day.day} {day:%b}" in shown
    for item in sprint["items"]["completed"]:
        assert item["title"] in shown
    for version in document["policy_versions"]:
        assert version["policy"].split()[0] in shown


def test_all_sprints_pdf_covers_every_started_sprint(demo: Database, out: Path) -> None:
    project = busiest_project(demo)
    document = build_policy_report(demo, project, today=TODAY)
    shown = " ".join(pdf_text(write_policy_report(demo, project, out / "all.pdf", today=TODAY)).split())
    assert "Page 1 of" in shown and "Velocity" in shown and "Governance gaps still open" in shown
    for sprint in document["sprints"]:
        assert sprint["name"] in shown


def test_xlsx_holds_numbers_as_numbers_and_csv_the_sprints(demo: Database, out: Path) -> None:
    project = busiest_project(demo)
    document = build_policy_report(demo, project, today=TODAY)
    workbook = load_workbook(write_policy_report(demo, project, out / "policy.xlsx", today=TODAY))
    assert {"Summary", "Sprints", "Burndown", "Velocity", "Policy versions", "Feedback", "Governance gaps"} <= set(
        workbook.sheetnames
    )
    rows = list(workbook["Sprints"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[6], row[7]) for row in rows] == [
        (sprint["name"], sprint["committed_points"], sprint["completed_points"]) for sprint in document["sprints"]
    ]
    # Numbers as numbers; a planned sprint's figures are empty cells, not zeros.
    assert all(isinstance(row[6], int) and isinstance(row[7], int) for row in rows if row[4] != "Planned")
    assert all(row[6:11] == (None,) * 5 and isinstance(row[11], int) for row in rows if row[4] == "Planned")
    with (out / "policy.csv").open("w"):
        pass  # an existing file is replaced whole
    text = write_policy_report(demo, project, out / "policy.csv", today=TODAY).read_text("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:2] == ["Sprint", "Goal"] and table[0][-1] == "Planned points"
    assert [(row[0], row[6], row[7]) for row in table[1:]] == [
        (
            sprint["name"],
            *("" if sprint[key] is None else str(sprint[key]) for key in ("committed_points", "completed_points")),
        )
        for sprint in document["sprints"]
    ]


def test_planned_sprints_are_listed_as_planned_without_figures(demo: Database, out: Path) -> None:
    project = busiest_project(demo)
    analysed = analysis_of(demo, project)
    planned = [figures for figures in analysed.figures if figures.state == "planned"]
    assert planned, "the demo plans a next sprint"
    document = build_policy_report(demo, project, today=TODAY)
    listed = [sprint for sprint in document["sprints"] if sprint["state"] == "planned"]
    assert [sprint["name"] for sprint in listed] == [figures.name for figures in planned]
    for sprint, figures in zip(listed, planned, strict=True):
        assert (sprint["start"], sprint["end"], sprint["capacity_points"]) == (
            figures.start_on.isoformat(),
            figures.end_on.isoformat(),
            figures.capacity_points,
        )
        # Nothing committed, completed, added or carried over before it starts, and no burndown to draw.
        for key in ("committed_points", "completed_points", "added_points", "removed_points", "carried_over_points"):
            assert sprint[key] is None, key
        assert sprint["burndown"] == [] and sprint["planned_points"] == figures.committed_points
    # No velocity is made up for it: the velocity holds the started sprints only.
    assert {row["name"] for row in document["velocity"]}.isdisjoint(sprint["name"] for sprint in listed)

    text = " ".join(pdf_text(write_policy_report(demo, project, out / "all.pdf", today=TODAY)).split())
    sprints_table = text[text.index("Sprints A planned sprint") :]
    for sprint in listed:
        assert f"{sprint['name']} (Planned)" in sprints_table
        assert f"{sprint['name']}, {sprint['planned_points']} points of {sprint['capacity_points']}" in text
    assert "1 sprint planned, not started yet" in text


def test_a_planned_sprints_review_shows_its_plan_and_no_figures(demo: Database, out: Path) -> None:
    """A sprint not started yet is reviewed as a plan: it says it has not started, shows the points planned
    into it so far against its capacity and its items, and no committed, burndown or velocity figures, in
    every format alike."""
    project = "Card fraud screening"
    name, capacity = demo.reader().one(
        "SELECT s.name, s.capacity_points FROM sprint AS s JOIN project AS p ON p.id = s.project_id "
        "WHERE p.name = :project AND s.state = 'planned'",
        {"project": project},
    )
    in_it = demo.reader().rows(
        "SELECT i.title, i.points FROM backlog_item AS i JOIN sprint AS s ON s.id = i.sprint_id "
        "WHERE s.name = :sprint AND s.project_id = i.project_id AND i.project_id = "
        "(SELECT id FROM project WHERE name = :project) ORDER BY i.points DESC",
        {"sprint": name, "project": project},
    )
    assert in_it, "the demo plans items into its next sprint"
    planned = sum(points for _, points in in_it)

    document = json.loads(
        write_policy_report(demo, project, out / "plan.json", sprint_name=name, today=TODAY).read_text("utf-8")
    )
    (sprint,) = document["sprints"]
    assert (sprint["state"], sprint["planned_points"], sprint["capacity_points"]) == ("planned", planned, capacity)
    for key in ("committed_points", "completed_points", "added_points", "removed_points", "carried_over_points"):
        assert sprint[key] is None, key
    assert sprint["burndown"] == []
    assert [(item["title"], item["points"]) for item in sprint["items"]["planned"]] == in_it
    assert all(sprint["items"][key] == [] for key in ("completed", "carried_over", "added", "removed"))
    assert (document["velocity"], document["velocity_average"]) == ([], None)

    text = " ".join(
        pdf_text(write_policy_report(demo, project, out / "plan.pdf", sprint_name=name, today=TODAY)).split()
    )
    assert "The sprint has not started" in text
    assert f"{planned} points are planned into it so far ({len(in_it)} items), against a capacity of {capacity}" in text
    assert f"Planned into the sprint · {len(in_it)} items, {planned} points" in text
    for absent in ("Burndown", "Velocity", "Average velocity", "Committed points", "Not done yet"):
        assert absent not in text, absent

    workbook = load_workbook(write_policy_report(demo, project, out / "plan.xlsx", sprint_name=name, today=TODAY))
    (row,) = workbook["Sprints"].iter_rows(min_row=2, values_only=True)
    assert row[4] == "Planned" and row[6:11] == (None,) * 5 and (row[5], row[11]) == (capacity, planned)
    assert list(workbook["Burndown"].iter_rows(min_row=2, values_only=True)) == []
    assert list(workbook["Velocity"].iter_rows(min_row=2, values_only=True)) == []
    items = list(workbook["Items"].iter_rows(min_row=2, values_only=True))
    assert [(group, title, points) for _, group, title, points, _ in items] == [
        ("Planned", title, points) for title, points in in_it
    ]
    table = list(
        csv.reader(
            io.StringIO(
                write_policy_report(demo, project, out / "plan.csv", sprint_name=name, today=TODAY).read_text(
                    "utf-8-sig"
                )
            )
        )
    )
    assert table[1][4:] == ["Planned", str(capacity), "", "", "", "", "", str(planned)]


def test_a_goal_that_looks_like_a_formula_stays_text(demo: Database, out: Path) -> None:
    project = busiest_project(demo)
    # Only a planned sprint's goal can be edited; a report on it is allowed (its figures are still empty).
    sprint_id, sprint_name = demo.reader().one(
        "SELECT s.id, s.name FROM sprint AS s JOIN project AS p ON p.id = s.project_id "
        "WHERE p.name = :project AND s.state = 'planned' ORDER BY s.start_on LIMIT 1",
        {"project": project},
    )
    update_sprint(demo, sprint_id, {"goal": '=HYPERLINK("http://example.com")'})
    workbook = load_workbook(
        write_policy_report(demo, project, out / "policy.xlsx", sprint_name=sprint_name, today=TODAY)
    )
    goal = workbook["Sprints"]["B2"]
    assert goal.value == '=HYPERLINK("http://example.com")' and goal.data_type == "s" and goal.quotePrefix
    text = write_policy_report(demo, project, out / "policy.csv", sprint_name=sprint_name, today=TODAY).read_text(
        "utf-8-sig"
    )
    assert "'=HYPERLINK" in text


def test_versions_say_who_approved_them_and_who_signed_for_which_department(demo: Database, out: Path) -> None:
    from app.services.policy import sign_off

    project = "Card fraud screening"
    oversight = demo.reader().one(
        """SELECT v.id, v.number FROM policy_version AS v JOIN policy AS p ON p.id = v.policy_id
           WHERE p.title = 'Human oversight of automated card blocks' ORDER BY v.number DESC LIMIT 1"""
    )
    noor = demo.reader().scalar("SELECT id FROM person WHERE name = 'Noor Al-Hassan'")  # of Payments
    sign_off(demo, oversight[0], department="finance", person_id=noor, signed_on=TODAY)
    document = build_policy_report(demo, project, today=TODAY)
    version = next(
        row
        for row in document["policy_versions"]
        if row["policy"] == "Human oversight of automated card blocks" and row["version"] == oversight[1]
    )
    approver, approved_on = demo.reader().one(
        "SELECT p.name, v.approved_on FROM policy_version AS v JOIN person AS p ON p.id = v.approved_by_id "
        "WHERE v.id = :v",
        {"v": oversight[0]},
    )
    assert (version["approved_by"], version["approved_on"]) == (approver, approved_on)
    finance = next(row for row in version["sign_offs"] if row["department"] == "finance")
    assert finance == {
        "department": "finance",
        "signed_by": "Noor Al-Hassan",
        "signer_department": "Payments",
        "signed_on": TODAY.isoformat(),
    }
    # The demo's End users sign for the fraud project from Payments, and say so; the others sign for their own.
    others = {row["department"]: row["signer_department"] for row in version["sign_offs"] if row is not finance}
    assert others == {department: "Payments" if department == "end_users" else "" for department in others}

    pdf = write_policy_report(demo, project, out / "policy.pdf", today=TODAY)
    shown = " ".join(pdf_text(pdf).split())
    assert f"Approved by {approver} on {approved_on}" in shown
    assert f"Signed by Noor Al-Hassan (Payments) for Finance on {TODAY.isoformat()}" in shown
    workbook = load_workbook(write_policy_report(demo, project, out / "policy.xlsx", today=TODAY))
    signed = [
        [cell.value for cell in row]
        for row in workbook["Sign-offs"].iter_rows(min_row=2)
        if row[0].value == "Human oversight of automated card blocks"
    ]
    assert ["Human oversight of automated card blocks", oversight[1], "Finance", "Noor Al-Hassan", "Payments"] in [
        row[:5] for row in signed
    ]
    assert (
        json.loads((write_policy_report(demo, project, out / "policy.json", today=TODAY)).read_text())[
            "policy_versions"
        ]
        == document["policy_versions"]
    )
