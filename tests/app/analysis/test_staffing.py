"""Staffing gaps, candidates, discipline mix and scarce skills, against organisations computed by hand."""

from __future__ import annotations

import pytest

from app.analysis.skills import Shape, load_matrix
from app.analysis.staffing import (
    Candidate,
    CoveringMember,
    ProjectStaffing,
    RequirementGap,
    ScarceSkill,
    analyse_all,
    analyse_project,
    load_staffing_frame,
    scarce_skills,
)
from app.db.database import Database
from app.demo.generator import fill_demo
from app.errors import UserError
from app.services.people import deactivate_person
from app.services.settings import save_staffing_settings
from app.settings import ShapeThresholds, StaffingSettings
from tests.app.analysis import assess, assess_each, member, person, project, require, retire_skill, skill

pytestmark = pytest.mark.both_backends

NO_SHAPES = {"t_shaped": 0, "pi_shaped": 0, "i_shaped": 0, "generalist": 0, "developing": 0}


def _staffing(database: Database, project_id: int) -> ProjectStaffing:
    reader = database.reader()
    return analyse_project(load_matrix(reader), load_staffing_frame(reader), project_id)


def _only_requirement(database: Database, project_id: int) -> RequirementGap:
    (requirement,) = _staffing(database, project_id).requirements
    return requirement


def _fraud_with_ana(database: Database, *, allocation: float, level: int) -> tuple[int, int]:
    """Project Fraud with one member, Ana (at ``allocation``), assessed at ``level`` in Threat modelling:
    the project's id and hers."""
    fraud = project(database, "Fraud")
    ana = person(database, "Ana")
    member(database, fraud, ana, allocation)
    assess(database, ana, "Threat modelling", level)
    return fraud, ana


def test_when_nobody_qualifies_the_whole_need_is_a_gap_with_no_one_to_propose(database: Database) -> None:
    fraud, _ana = _fraud_with_ana(database, allocation=1.0, level=1)
    assess(database, person(database, "Bo"), "Threat modelling", 2)
    require(database, fraud, "Threat modelling", min_level=3, needed_fte=1.0)

    staffing = _staffing(database, fraud)
    (gap,) = staffing.requirements

    assert (gap.skill, gap.area, gap.min_level, gap.needed_fte) == ("Threat modelling", "Cyber security", 3, 1.0)
    assert (gap.covered_fte, gap.gap_fte, gap.key_person_risk) == (0.0, 1.0, False)
    assert gap.covering_members == ()
    assert gap.training_candidates == ()  # Ana is two levels short
    assert gap.internal_candidates == ()  # Bo is one level short, and not a member
    assert staffing.total_gap_fte == 1.0


def test_a_half_fte_need_met_by_a_half_allocated_member_leaves_no_gap_at_all(database: Database) -> None:
    fraud, ana = _fraud_with_ana(database, allocation=0.5, level=3)
    require(database, fraud, "Threat modelling", min_level=3, needed_fte=0.5)

    staffing = _staffing(database, fraud)
    (gap,) = staffing.requirements

    assert gap.covered_fte == 0.5
    assert gap.gap_fte == 0.0 and repr(gap.gap_fte) == "0.0"
    assert gap.key_person_risk  # met, but by one person only
    assert gap.covering_members == (CoveringMember(ana, "Ana", 3, 0.5),)
    assert staffing.total_gap_fte == 0.0


def test_fte_sums_carry_no_float_dust(database: Database) -> None:
    fraud = project(database, "Fraud")
    bo, cy = person(database, "Bo"), person(database, "Cy")
    member(database, fraud, bo, 0.1)
    member(database, fraud, cy, 0.2)
    assess(database, bo, "NLP", 2)
    assess(database, cy, "NLP", 3)
    assess(database, bo, "Deep learning", 2)
    assess(database, cy, "Deep learning", 2)
    require(database, fraud, "NLP", min_level=2, needed_fte=0.3)  # 0.1 + 0.2 is 0.30000000000000004 in floats
    require(database, fraud, "Deep learning", min_level=2, needed_fte=0.7)

    nlp, deep_learning = sorted(_staffing(database, fraud).requirements, key=lambda gap: gap.skill != "NLP")

    assert (nlp.covered_fte, nlp.gap_fte, nlp.key_person_risk) == (0.3, 0.0, False)
    assert nlp.covering_members == (CoveringMember(cy, "Cy", 3, 0.2), CoveringMember(bo, "Bo", 2, 0.1))
    assert (deep_learning.covered_fte, deep_learning.gap_fte) == (0.3, 0.4)
    assert _staffing(database, fraud).total_gap_fte == 0.4


def test_a_member_allocated_over_100_percent_covers_their_share_and_has_no_free_capacity(database: Database) -> None:
    alpha, beta, gamma = project(database, "Alpha"), project(database, "Beta"), project(database, "Gamma")
    ana = person(database, "Ana", department="CISO office")
    bo = person(database, "Bo", department="Engineering", capacity=0.8)
    member(database, alpha, ana, 0.8)
    member(database, beta, ana, 0.7)  # Ana is booked at 1.5 FTE
    member(database, beta, bo, 0.2)
    assess(database, ana, "Threat modelling", 4)
    assess(database, bo, "Threat modelling", 4)
    for project_id in (alpha, beta, gamma):
        require(database, project_id, "Threat modelling", min_level=3, needed_fte=1.0)

    by_name = {staffing.project_name: staffing for staffing in analyse_all(database.reader())}
    (on_alpha,) = by_name["Alpha"].requirements
    (on_beta,) = by_name["Beta"].requirements
    (on_gamma,) = by_name["Gamma"].requirements

    assert (on_alpha.covered_fte, on_alpha.gap_fte, on_alpha.key_person_risk) == (0.8, 0.2, True)
    assert (on_beta.covered_fte, on_beta.gap_fte, on_beta.key_person_risk) == (0.9, 0.1, False)
    # Bo offers 0.8 - 0.2 of capacity; Ana's 1.0 - 1.5 is floored at nothing, so she comes second.
    assert on_gamma.internal_candidates == (
        Candidate(bo, "Bo", "Engineering", 4, 0.6),
        Candidate(ana, "Ana", "CISO office", 4, 0.0),
    )
    assert on_alpha.internal_candidates == (Candidate(bo, "Bo", "Engineering", 4, 0.6),)


def test_internal_candidates_are_active_non_members_ranked_by_level_then_free_capacity(database: Database) -> None:
    fraud, other = project(database, "Fraud"), project(database, "Other")
    mia = person(database, "Mia")
    member(database, fraud, mia, 0.5)
    assess(database, mia, "Threat modelling", 4)
    quinn = person(database, "Quinn")
    rae = person(database, "Rae")
    sam = person(database, "Sam", department="Engineering", capacity=0.6)
    tia = person(database, "Tia")
    uma = person(database, "Uma")
    vic = person(database, "Vic", active=False)
    member(database, other, rae, 0.8)
    member(database, other, tia, 0.4)
    for who, level in ((quinn, 3), (rae, 4), (sam, 4), (tia, 4), (uma, 2), (vic, 4)):
        assess(database, who, "Threat modelling", level)
    require(database, fraud, "Threat modelling", min_level=3, needed_fte=2.0)

    gap = _only_requirement(database, fraud)

    assert [(c.name, c.level, c.free_capacity) for c in gap.internal_candidates] == [
        ("Sam", 4, 0.6),  # Sam and Tia tie on level and free capacity: by name
        ("Tia", 4, 0.6),
        ("Rae", 4, 0.2),
        ("Quinn", 3, 1.0),  # a lower level comes after, whatever the free capacity
    ]
    assert gap.internal_candidates[0] == Candidate(sam, "Sam", "Engineering", 4, 0.6)
    assert (gap.covered_fte, gap.gap_fte, gap.key_person_risk) == (0.5, 1.5, True)


def test_training_candidates_are_active_members_exactly_one_level_short(database: Database) -> None:
    fraud = project(database, "Fraud")
    ana, bo, cy, dee, eve = (person(database, name) for name in ("Ana", "Bo", "Cy", "Dee", "Eve"))
    for who, allocation in ((ana, 0.5), (bo, 0.5), (cy, 0.5), (dee, 0.5), (eve, 0.3)):
        member(database, fraud, who, allocation)
    assess(database, ana, "Threat modelling", 2)
    assess(database, bo, "Threat modelling", 1)
    assess(database, dee, "Threat modelling", 2)
    assess(database, eve, "Threat modelling", 3)
    assess(database, person(database, "Fin"), "Threat modelling", 2)  # one short, but not on the team
    deactivate_person(database, dee)
    assess(database, bo, "NLP", 0)  # assessed at none: one short of awareness; Cy never assessed is not
    require(database, fraud, "Threat modelling", min_level=3, needed_fte=1.0)
    require(database, fraud, "NLP", min_level=1, needed_fte=0.5)

    nlp, threat = _staffing(database, fraud).requirements  # machine learning's area comes before cyber's

    assert threat.training_candidates == (CoveringMember(ana, "Ana", 2, 0.5),)
    assert threat.covering_members == (CoveringMember(eve, "Eve", 3, 0.3),)
    assert (threat.covered_fte, threat.gap_fte, threat.key_person_risk) == (0.3, 0.7, True)
    assert nlp.training_candidates == (CoveringMember(bo, "Bo", 0, 0.5),)


def test_inactive_people_neither_cover_nor_are_candidates_nor_count_in_the_team(database: Database) -> None:
    fraud = project(database, "Fraud")
    ina = person(database, "Ina")
    member(database, fraud, ina, 1.0)
    assess(database, ina, "Threat modelling", 4)
    deactivate_person(database, ina)
    ivo = person(database, "Ivo", active=False)
    assess(database, ivo, "Threat modelling", 4)
    require(database, fraud, "Threat modelling", min_level=3, needed_fte=1.0)

    staffing = _staffing(database, fraud)
    (gap,) = staffing.requirements

    assert (gap.covered_fte, gap.gap_fte, gap.key_person_risk) == (0.0, 1.0, False)
    assert gap.covering_members == () and gap.internal_candidates == ()
    assert ("Cyber security", False, 0) in staffing.discipline_mix
    assert staffing.shape_counts == NO_SHAPES


def test_the_newest_assessment_decides_coverage_over_an_older_higher_one(database: Database) -> None:
    fraud = project(database, "Fraud")
    ana = person(database, "Ana")
    member(database, fraud, ana, 1.0)
    assess(database, ana, "Threat modelling", 4, on="2023-01-01")
    assess(database, ana, "Threat modelling", 2, on="2025-01-01")
    bo = person(database, "Bo")
    assess(database, bo, "Threat modelling", 3, on="2024-01-01")
    assess(database, bo, "Threat modelling", 1, on="2025-01-01")
    require(database, fraud, "Threat modelling", min_level=3, needed_fte=1.0)

    gap = _only_requirement(database, fraud)

    assert (gap.covered_fte, gap.gap_fte) == (0.0, 1.0)
    assert gap.training_candidates == (CoveringMember(ana, "Ana", 2, 1.0),)
    assert gap.internal_candidates == ()


def _mixed_team(database: Database) -> int:
    """Ana: deep data science, broad ML and SE (I-shaped). Ben: cyber at awareness
    (developing). Dan: broad data science, ML and SE (generalist)."""
    team = project(database, "Team")
    ana, ben, dan = person(database, "Ana"), person(database, "Ben"), person(database, "Dan")
    for who in (ana, ben, dan):
        member(database, team, who, 0.5)
    assess_each(database, ana, {"Statistical modelling": 4, "NLP": 2, "Python engineering": 2})
    assess(database, ben, "Threat modelling", 1)
    assess_each(database, dan, {"Data wrangling": 3, "Deep learning": 3, "API design": 2})
    return team


def test_the_discipline_mix_flags_core_areas_no_member_is_at_least_broad_in(database: Database) -> None:
    staffing = _staffing(database, _mixed_team(database))

    assert staffing.discipline_mix == (
        ("Data science", True, 2),
        ("Machine learning", True, 2),
        ("Software engineering", True, 2),
        ("Cyber security", False, 0),
    )
    assert staffing.missing_disciplines == ("Cyber security",)
    assert staffing.shape_counts == {**NO_SHAPES, "i_shaped": 1, "generalist": 1, "developing": 1}


def test_thresholds_changed_in_the_settings_change_the_team_shapes_and_mix(database: Database) -> None:
    team = _mixed_team(database)
    save_staffing_settings(database, StaffingSettings(shapes=ShapeThresholds(broad_level=1, min_broad=2)))

    (staffing,) = analyse_all(database.reader())

    assert staffing.project_id == team
    # Ana now has enough broad areas for a T; Ben's awareness of cyber security counts as broad.
    assert staffing.shape_counts == {**NO_SHAPES, "t_shaped": 1, "generalist": 1, "developing": 1}
    assert staffing.discipline_mix[3] == ("Cyber security", True, 1)
    assert staffing.missing_disciplines == ()


def test_requirements_come_most_critical_first_then_in_the_matrix_column_order(database: Database) -> None:
    fraud = project(database, "Fraud")
    require(database, fraud, "NLP", min_level=2, needed_fte=1.0, criticality="low")
    require(database, fraud, "API design", min_level=2, needed_fte=1.0, criticality="high")
    require(database, fraud, "Threat modelling", min_level=2, needed_fte=1.0, criticality="critical")
    require(database, fraud, "Data wrangling", min_level=2, needed_fte=1.5, criticality="high")

    staffing = _staffing(database, fraud)

    assert [(gap.skill, gap.criticality) for gap in staffing.requirements] == [
        ("Threat modelling", "critical"),
        ("Data wrangling", "high"),
        ("API design", "high"),
        ("NLP", "low"),
    ]
    assert staffing.total_gap_fte == 4.5


def test_a_project_with_no_team_and_no_requirements_misses_every_discipline(database: Database) -> None:
    staffing = _staffing(database, project(database, "Empty"))

    assert staffing.requirements == () and staffing.total_gap_fte == 0.0
    assert staffing.missing_disciplines == (
        "Data science",
        "Machine learning",
        "Software engineering",
        "Cyber security",
    )
    assert staffing.shape_counts == NO_SHAPES


def test_a_requirement_on_a_retired_skill_has_no_current_level_to_meet_it(database: Database) -> None:
    fraud, _ana = _fraud_with_ana(database, allocation=1.0, level=4)
    require(database, fraud, "Threat modelling", min_level=3, needed_fte=1.0)
    retire_skill(database, "Threat modelling")

    gap = _only_requirement(database, fraud)

    assert (gap.skill, gap.area, gap.covered_fte, gap.gap_fte) == ("Threat modelling", "Cyber security", 0.0, 1.0)


def test_analyse_all_covers_every_project_by_name_and_agrees_with_analyse_project(database: Database) -> None:
    zulu, alpha = project(database, "zulu"), project(database, "Alpha")
    ana = person(database, "Ana")
    member(database, zulu, ana, 1.0)
    assess(database, ana, "NLP", 3)
    require(database, zulu, "NLP", min_level=2, needed_fte=1.5)
    reader = database.reader()

    everything = analyse_all(reader)

    assert [staffing.project_id for staffing in everything] == [alpha, zulu]
    assert everything[1] == _staffing(database, zulu)
    assert analyse_all(reader, snapshot=load_matrix(reader)) == everything


def test_analysing_an_unknown_project_is_a_user_error(database: Database) -> None:
    reader = database.reader()
    with pytest.raises(UserError, match="Project 99 does not exist"):
        analyse_project(load_matrix(reader), load_staffing_frame(reader), 99)


def test_the_candidate_list_reads_like_a_tuple(database: Database) -> None:
    fraud = project(database, "Fraud")
    ids = [person(database, name, department="Engineering") for name in ("Ann", "Bea", "Cal")]
    for who, level in zip(ids, (4, 3, 2), strict=True):
        assess(database, who, "NLP", level)
    require(database, fraud, "NLP", min_level=2, needed_fte=1.0)

    candidates = _only_requirement(database, fraud).internal_candidates
    expected = tuple(
        Candidate(who, name, "Engineering", level, 1.0)
        for who, name, level in zip(ids, ("Ann", "Bea", "Cal"), (4, 3, 2), strict=True)
    )

    assert candidates == expected and len(candidates) == 3 and candidates
    assert candidates[-1] == expected[-1] and candidates[1:] == expected[1:]
    assert list(candidates) == list(expected) and expected[0] in candidates
    with pytest.raises(IndexError):
        candidates[3]


def test_scarce_skills_rank_skills_by_total_gap_across_projects(database: Database) -> None:
    a, b, c = project(database, "A"), project(database, "B"), project(database, "C")
    pat, quin, ray, sol, mo = (person(database, name) for name in ("Pat", "Quin", "Ray", "Sol", "Mo"))
    assess(database, pat, "Threat modelling", 4)
    assess(database, quin, "Threat modelling", 3)
    assess(database, ray, "Threat modelling", 4)
    deactivate_person(database, ray)
    assess(database, sol, "NLP", 2)
    member(database, a, mo, 0.5)
    assess(database, mo, "Data wrangling", 2)
    require(database, a, "Threat modelling", min_level=3, needed_fte=0.5)
    require(database, b, "Threat modelling", min_level=4, needed_fte=1.0)
    require(database, c, "NLP", min_level=2, needed_fte=1.0)
    require(database, a, "Data wrangling", min_level=2, needed_fte=0.5)  # met: not scarce
    reader = database.reader()
    snapshot = load_matrix(reader)

    scarce = scarce_skills(snapshot, analyse_all(reader, snapshot=snapshot))

    assert scarce == [
        # Only Pat is active at level 4, the most that any project short of it asks.
        ScarceSkill(skill(database, "Threat modelling"), "Threat modelling", "Cyber security", 1.5, 2, 4, 1),
        ScarceSkill(skill(database, "NLP"), "NLP", "Machine learning", 1.0, 1, 2, 1),
    ]


def test_the_demo_organisation_has_gaps_and_key_person_risks_to_show(database: Database) -> None:
    fill_demo(database)
    reader = database.reader()
    snapshot = load_matrix(reader)

    everything = analyse_all(reader, snapshot=snapshot)
    requirements = [gap for staffing in everything for gap in staffing.requirements]

    assert len(everything) == 4
    assert any(gap.gap_fte > 0 for gap in requirements)
    assert any(gap.key_person_risk for gap in requirements)
    assert scarce_skills(snapshot, everything)
    for staffing in everything:
        assert set(staffing.shape_counts) == {shape.value for shape in Shape}
        assert staffing.total_gap_fte == round(sum(gap.gap_fte for gap in staffing.requirements), 9)
