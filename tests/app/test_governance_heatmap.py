"""The organisation's governance heat map, cell by cell: status, whether it blocks the project's stage,
the policies that cover it and the note, over a small organisation worked out by hand from the rules file.

Three projects (names sort them: Early, Live, Retired):

- *Early*: development, third-party model, personal data. Needs access control, data
  privacy, bias and fairness, third-party IP (blocks from development: blocking now)
  and an exit strategy (blocks only from production).
- *Live*: production, in-house decision support, no personal data. Needs access control,
  adversarial ML, model training, incident response and audit: each blocks in production.
- *Retired*: retired, with personal data. Needs data privacy and audit (both kept "until
  retired"), and nothing blocks a retired project.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.analysis.governance import (
    COVERED,
    MISSING,
    NOT_APPLICABLE,
    STALE,
    HeatmapCell,
    HeatmapRow,
    governance_gaps,
    organisation_heatmap,
)
from app.db.database import Database
from app.services.projects import create_project
from models.enums import PolicyCategory as C
from tests.app.policies import add_policy

pytestmark = pytest.mark.both_backends

TODAY = date(2026, 11, 25)
PAST = date(2026, 10, 1)
NA = (NOT_APPLICABLE, False, (), "")


@pytest.fixture
def organisation(database: Database) -> dict[str, int]:
    ids = {
        "Live": create_project(database, name="Live", stage="production").ids[0],
        "Early": create_project(
            database, name="Early", stage="development", model_origin="third_party", personal_data=True
        ).ids[0],
        "Retired": create_project(database, name="Retired", stage="retired", personal_data=True).ids[0],
    }
    # Org-wide: access control past its review (stale wherever needed); audit covered by a current
    # policy, beside an older one past review that must not be listed as covering.
    add_policy(database, C.ACCESS_CONTROL, "Access for all", next_review_on=PAST)
    add_policy(database, C.AUDIT_COMPLIANCE, "Audit trail")
    add_policy(database, C.AUDIT_COMPLIANCE, "Old audit rules", next_review_on=PAST)
    # Live's own: incident response approved; hardening only a draft; a privacy policy it does not need.
    add_policy(database, C.INCIDENT_RESPONSE, "Live incidents", project_id=ids["Live"])
    add_policy(database, C.ADVERSARIAL_ML, "Hardening", project_id=ids["Live"], status="draft", next_review_on=None)
    add_policy(database, C.DATA_PRIVACY, "Live privacy", project_id=ids["Live"])
    # Early's own: privacy in review of a revision, with an approved version in force; its IP policy retired.
    add_policy(
        database, C.DATA_PRIVACY, "Early privacy", project_id=ids["Early"], status="in_review", approved_version=True
    )
    add_policy(
        database, C.THIRD_PARTY_IP, "Early licence", project_id=ids["Early"], status="retired", next_review_on=None
    )
    return ids


def cells(row: HeatmapRow, categories: tuple[C, ...]) -> dict[C, tuple[str, bool, tuple[str, ...], str]]:
    return {category: tuple(row.cell(column, category))[1:] for column, category in enumerate(categories)}


def test_each_cell_says_its_status_whether_it_blocks_and_what_covers_it(
    database: Database, organisation: dict[str, int]
) -> None:
    heatmap = organisation_heatmap(database.reader(), today=TODAY)
    assert heatmap.categories == tuple(C)
    assert [row.name for row in heatmap.rows] == ["Early", "Live", "Retired"]
    early, live, retired = heatmap.rows

    assert cells(live, heatmap.categories) == {
        C.DATA_PRIVACY: NA,  # its own privacy policy exists, but nothing asks for one
        C.ACCESS_CONTROL: (STALE, True, ("Access for all",), "Past its review date: Access for all (due 2026-10-01)."),
        C.ADVERSARIAL_ML: (MISSING, True, (), "Not approved yet: Hardening (draft)."),
        C.MODEL_TRAINING: (MISSING, True, (), ""),
        C.BIAS_FAIRNESS: NA,
        C.THIRD_PARTY_IP: NA,
        C.HUMAN_OVERSIGHT: NA,
        C.INCIDENT_RESPONSE: (COVERED, False, ("Live incidents",), ""),
        C.EXIT_STRATEGY: NA,
        C.AUDIT_COMPLIANCE: (COVERED, False, ("Audit trail",), ""),
    }
    assert live.blocking_count == 3

    assert cells(early, heatmap.categories) == {
        C.DATA_PRIVACY: (COVERED, False, ("Early privacy",), ""),
        C.ACCESS_CONTROL: (STALE, False, ("Access for all",), "Past its review date: Access for all (due 2026-10-01)."),
        C.ADVERSARIAL_ML: NA,
        C.MODEL_TRAINING: NA,
        C.BIAS_FAIRNESS: (MISSING, False, (), ""),
        C.THIRD_PARTY_IP: (MISSING, True, (), ""),  # a retired policy covers nothing, and is not named
        C.HUMAN_OVERSIGHT: NA,
        C.INCIDENT_RESPONSE: NA,
        C.EXIT_STRATEGY: (MISSING, False, (), ""),
        C.AUDIT_COMPLIANCE: NA,
    }
    assert early.blocking_count == 1

    # Retired: privacy is missing and audit covered, and a retired project is never blocked.
    assert {category: cell for category, cell in cells(retired, heatmap.categories).items() if cell != NA} == {
        C.DATA_PRIVACY: (MISSING, False, (), ""),
        C.AUDIT_COMPLIANCE: (COVERED, False, ("Audit trail",), ""),
    }
    assert retired.blocking_count == 0


def test_the_heat_maps_cells_agree_with_each_projects_own_gaps(
    database: Database, organisation: dict[str, int]
) -> None:
    heatmap = organisation_heatmap(database.reader(), today=TODAY)
    for row in heatmap.rows:
        own = {
            gap.category: HeatmapCell(gap.category, gap.status, gap.blocking, gap.policies, gap.note)
            for gap in governance_gaps(database.reader(), row.project_id, today=TODAY)
        }
        for category in heatmap.categories:
            expected = own.get(category, HeatmapCell(category, NOT_APPLICABLE, False, (), ""))
            assert heatmap.cell(row.project_id, category) == expected


def test_a_cell_is_read_by_project_and_category(database: Database, organisation: dict[str, int]) -> None:
    heatmap = organisation_heatmap(database.reader(), today=TODAY)
    assert heatmap.cell(organisation["Live"], "access_control") == HeatmapCell(
        C.ACCESS_CONTROL, STALE, True, ("Access for all",), "Past its review date: Access for all (due 2026-10-01)."
    )
    assert heatmap.status(organisation["Early"], C.THIRD_PARTY_IP) == MISSING
    with pytest.raises(KeyError):
        heatmap.cell(organisation["Live"] + 100, C.ACCESS_CONTROL)


def test_a_row_built_with_statuses_only_reads_as_not_blocking() -> None:
    row = HeatmapRow(project_id=1, name="Old", stage="production", statuses=(MISSING,))
    assert row.cell(0, C.DATA_PRIVACY) == HeatmapCell(C.DATA_PRIVACY, MISSING, False, (), "")
    assert row.blocking_count == 0


def test_an_empty_organisation_has_an_empty_heat_map(database: Database) -> None:
    heatmap = organisation_heatmap(database.reader(), today=TODAY)
    assert heatmap.categories == tuple(C)
    assert heatmap.rows == ()
