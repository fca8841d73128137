"""The skill matrix, area scores and T-shapes, against small organisations computed by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from app.analysis.skills import (
    Shape,
    area_scores,
    classify_shapes,
    fill_levels,
    load_matrix,
    person_profile,
)
from app.db.database import Database
from app.errors import UserError
from app.services.people import deactivate_person
from app.services.settings import save_staffing_settings
from app.settings import ShapeThresholds, StaffingSettings, load_staffing_settings
from tests.app.analysis import assess, assess_each, certify, person, retire_area, retire_skill, skill

pytestmark = pytest.mark.both_backends

DEFAULT = ShapeThresholds()
DATA_SCIENCE_SKILLS = [
    "Bias and fairness analysis",
    "Data visualisation",
    "Data wrangling",
    "Experiment design",
    "Feature engineering",
    "Statistical modelling",
]
AREAS = [
    "Data science",
    "Machine learning",
    "Software engineering",
    "Cyber security",
    "IT operations / platform",
    "Legal & compliance",
    "Domain / business",
]


def _level(snapshot, person_id: int, skill_name: str) -> int:
    row = snapshot.row_of_person(person_id)
    column = snapshot.skill_names.index(skill_name)
    return int(snapshot.levels[row, column])


def _t_shaped(database: Database, name: str) -> int:
    """Deep in cyber security; broad in data science, software engineering and legal."""
    someone = person(database, name)
    assess_each(
        database,
        someone,
        {"Threat modelling": 4, "Statistical modelling": 2, "Python engineering": 3, "Data protection law": 2},
    )
    return someone


# --- the matrix ------------------------------------------------------------------------


def test_the_matrix_has_one_row_per_person_by_name_and_one_column_per_skill_by_area(database: Database) -> None:
    zoe = person(database, "zoe Quist")
    adam = person(database, "Adam Berg")
    snapshot = load_matrix(database.reader())

    assert snapshot.person_names == ["Adam Berg", "zoe Quist"]  # case does not decide the order
    assert snapshot.person_ids.tolist() == [adam, zoe]
    assert snapshot.person_emails == ["adam.berg@example.org", "zoe.quist@example.org"]
    assert snapshot.levels.shape == (2, 40) and snapshot.levels.dtype == np.int8
    assert snapshot.area_names == AREAS
    assert snapshot.area_core.tolist() == [True, True, True, True, False, False, False]
    assert snapshot.skill_names[:6] == DATA_SCIENCE_SKILLS
    assert snapshot.skill_area_index.tolist() == sorted(snapshot.skill_area_index.tolist())
    assert snapshot.capacity.tolist() == [1.0, 1.0]
    assert snapshot.column_of_skill(skill(database, "Data wrangling")) == 2


def test_the_newest_assessment_wins_over_an_older_higher_one(database: Database) -> None:
    ada = person(database, "Ada")
    assess(database, ada, "Threat modelling", 4, on="2023-05-01")
    assess(database, ada, "Threat modelling", 2, on="2025-01-10")
    # Entered later but dated earlier: the date decides, not the order of entry.
    assess(database, ada, "Threat modelling", 3, on="2024-06-01")
    snapshot = load_matrix(database.reader())

    assert _level(snapshot, ada, "Threat modelling") == 2
    assert snapshot.area_scores[0].tolist()[3] == 2


def test_two_assessments_on_one_day_the_one_entered_last_wins(database: Database) -> None:
    ada = person(database, "Ada")
    assess(database, ada, "NLP", 1, on="2025-02-02")
    assess(database, ada, "NLP", 3, on="2025-02-02")
    assess(database, ada, "Deep learning", 4, on="2025-02-02")
    assess(database, ada, "Deep learning", 0, on="2025-02-02")
    snapshot = load_matrix(database.reader())

    assert _level(snapshot, ada, "NLP") == 3
    assert _level(snapshot, ada, "Deep learning") == 0


def test_a_person_with_no_assessments_is_minus_one_everywhere_and_developing(database: Database) -> None:
    newcomer = person(database, "New Comer")
    _t_shaped(database, "Ada")
    snapshot = load_matrix(database.reader())
    row = snapshot.row_of_person(newcomer)

    assert (snapshot.levels[row] == -1).all()
    assert (snapshot.area_scores[row] == -1).all()
    assert snapshot.shapes[row] is Shape.DEVELOPING


def test_an_area_score_is_the_best_current_level_in_the_area(database: Database) -> None:
    ada = person(database, "Ada")
    assess_each(
        database, ada, {"Data wrangling": 1, "Experiment design": 3, "Feature engineering": 0, "Penetration testing": 0}
    )
    snapshot = load_matrix(database.reader())

    # Data science 3 (best of 1, 3, 0); cyber security 0 (assessed, at none); the rest never assessed.
    assert snapshot.area_scores.tolist() == [[3, -1, -1, 0, -1, -1, -1]]
    assert snapshot.area_scores.dtype == np.int8


def test_inactive_people_are_flagged_or_left_out(database: Database) -> None:
    ada = person(database, "Ada")
    bob = person(database, "Bob")
    assess(database, bob, "NLP", 2)
    deactivate_person(database, bob)

    everyone = load_matrix(database.reader())
    assert everyone.person_ids.tolist() == [ada, bob]
    assert everyone.active.tolist() == [True, False]
    assert _level(everyone, bob, "NLP") == 2

    active_only = load_matrix(database.reader(), include_inactive=False)
    assert active_only.person_ids.tolist() == [ada]
    assert active_only.levels.shape == (1, 40)


def test_retired_skills_are_left_out_of_the_matrix_and_the_area_scores_unless_asked(database: Database) -> None:
    ada = person(database, "Ada")
    assess(database, ada, "NLP", 4)
    assess(database, ada, "Deep learning", 1)
    retire_skill(database, "NLP")

    current = load_matrix(database.reader())
    assert "NLP" not in current.skill_names and len(current.skill_names) == 39
    assert current.column_of_skill(skill(database, "NLP")) is None
    assert current.area_scores[0, 1] == 1  # machine learning: only deep learning counts now
    assert current.shapes == [Shape.DEVELOPING]

    with_retired = load_matrix(database.reader(), include_retired_skills=True)
    assert _level(with_retired, ada, "NLP") == 4
    assert with_retired.area_scores[0, 1] == 4
    assert with_retired.shapes == [Shape.I]


def test_a_retired_area_takes_its_skills_with_it(database: Database) -> None:
    ada = person(database, "Ada")
    assess(database, ada, "Data protection law", 3)
    retire_area(database, "Legal & compliance")
    snapshot = load_matrix(database.reader())

    assert "Legal & compliance" not in snapshot.area_names
    assert "Data protection law" not in snapshot.skill_names
    assert snapshot.area_scores.shape == (1, 6)


def test_an_empty_organisation_gives_an_empty_matrix(database: Database) -> None:
    snapshot = load_matrix(database.reader())

    assert snapshot.levels.shape == (0, 40)
    assert snapshot.area_scores.shape == (0, 7)
    assert snapshot.shapes == []
    assert snapshot.row_of_person(1) is None


def test_fill_levels_copes_with_ids_too_sparse_to_tabulate() -> None:
    person_ids = np.array([10**12, 5], dtype=np.int64)
    skill_ids = np.array([7, 3], dtype=np.int64)
    rows = [(5, 3, 2), (10**12, 7, 4), (10**12, 99, 1), (6, 3, 1)]  # skill 99 and person 6 are not shown

    assert fill_levels(rows, person_ids=person_ids, skill_ids=skill_ids).tolist() == [[4, -1], [-1, 2]]


# --- area scores and shapes ------------------------------------------------------------


def test_area_scores_take_the_best_level_per_area_and_minus_one_for_an_empty_area() -> None:
    levels = np.array([[-1, 2, 4, 1], [0, -1, -1, -1]], dtype=np.int8)
    skill_area_index = np.array([0, 0, 1, 0])

    assert area_scores(levels, skill_area_index, 3).tolist() == [[2, 4, -1], [0, -1, -1]]


@pytest.mark.parametrize(
    ("scores", "shape"),
    [
        ([4, 2, 2, 2, -1, -1, -1], Shape.T),
        ([4, 3, 3, 2, 0, 1, -1], Shape.T),
        ([4, 4, 2, 2, 2, -1, -1], Shape.PI),
        ([4, 4, 4, 2, 2, -1, -1], Shape.I),  # three deep areas, but deep ones are not broad: only two broad
        ([4, 2, 2, 1, 1, 1, 1], Shape.I),
        ([4, 4, -1, -1, -1, -1, -1], Shape.I),
        ([3, 3, 2, -1, -1, -1, -1], Shape.GENERALIST),
        ([3, 3, 1, 1, 1, 1, 1], Shape.DEVELOPING),
        ([-1, -1, -1, -1, -1, -1, -1], Shape.DEVELOPING),
    ],
)
def test_shapes_follow_the_design_rules(scores: list[int], shape: Shape) -> None:
    assert classify_shapes(np.array([scores], dtype=np.int8), DEFAULT) == [shape]


def test_shapes_are_classified_for_many_people_at_once() -> None:
    scores = np.array([[4, 2, 2, 2], [3, 3, 3, 0], [1, 1, 1, 1]], dtype=np.int8)

    assert classify_shapes(scores, DEFAULT) == [Shape.T, Shape.GENERALIST, Shape.DEVELOPING]
    assert classify_shapes(np.zeros((0, 7), dtype=np.int8), DEFAULT) == []


def test_other_thresholds_give_other_shapes() -> None:
    scores = np.array([[3, 2, 2, -1], [4, 4, 2, -1]], dtype=np.int8)

    assert classify_shapes(scores, DEFAULT) == [Shape.GENERALIST, Shape.I]
    assert classify_shapes(scores, ShapeThresholds(deep_level=3, min_broad=2)) == [Shape.T, Shape.I]
    assert classify_shapes(scores, ShapeThresholds(min_broad=1)) == [Shape.GENERALIST, Shape.PI]
    assert classify_shapes(scores, ShapeThresholds(min_broad=1, pi_min_deep=3)) == [Shape.GENERALIST, Shape.T]


def test_thresholds_changed_in_the_settings_change_the_matrix_shapes(database: Database) -> None:
    ada = _t_shaped(database, "Ada")
    reader = database.reader()
    assert load_matrix(reader, thresholds=load_staffing_settings(reader).shapes).shapes == [Shape.T]

    save_staffing_settings(database, StaffingSettings(shapes=ShapeThresholds(min_broad=4)))
    thresholds = load_staffing_settings(reader).shapes
    snapshot = load_matrix(reader, thresholds=thresholds)

    assert snapshot.shapes == [Shape.I]
    assert snapshot.thresholds == thresholds
    assert person_profile(reader, ada).shape is Shape.I  # the profile reads the settings itself


# --- one person ------------------------------------------------------------------------


def test_a_person_profile_has_history_newest_first_certifications_area_scores_and_shape(database: Database) -> None:
    ada = person(database, "Ada Lovelace", department="CISO office")
    assess(database, ada, "Threat modelling", 2, on="2024-01-01")
    assess(database, ada, "Threat modelling", 4, on="2025-02-01")
    assess(database, ada, "Python engineering", 3, on="2025-01-15")
    assess(database, ada, "Statistical modelling", 2, on="2025-01-10")
    assess(database, ada, "Data protection law", 2, on="2025-01-05")
    certify(database, ada, "CISSP", skill_name="Threat modelling", obtained_on="2022-01-01", expires_on="2025-01-01")
    certify(database, ada, "OSCP", skill_name=None, obtained_on="2024-05-01", expires_on=None)

    profile = person_profile(database.reader(), ada, today=date(2025, 6, 1))

    assert (profile.name, profile.department, profile.active, profile.capacity) == (
        "Ada Lovelace",
        "CISO office",
        True,
        1.0,
    )
    assert [(row.skill, row.level, row.assessed_on, row.current) for row in profile.history] == [
        ("Threat modelling", 4, date(2025, 2, 1), True),
        ("Python engineering", 3, date(2025, 1, 15), True),
        ("Statistical modelling", 2, date(2025, 1, 10), True),
        ("Data protection law", 2, date(2025, 1, 5), True),
        ("Threat modelling", 2, date(2024, 1, 1), False),
    ]
    assert profile.history[0].area == "Cyber security" and profile.history[0].source == "manager"
    assert [(c.name, c.skill, c.expires_on, c.expired) for c in profile.certifications] == [
        ("OSCP", None, None, False),
        ("CISSP", "Threat modelling", date(2025, 1, 1), True),
    ]
    assert [area.area for area in profile.areas] == AREAS
    assert [area.score for area in profile.areas] == [2, -1, 3, 4, -1, 2, -1]
    assert profile.deep_areas == ("Cyber security",)
    assert profile.broad_areas == ("Data science", "Software engineering", "Legal & compliance")
    assert profile.shape is Shape.T
    assert person_profile(database.reader(), ada, thresholds=ShapeThresholds(min_broad=4)).shape is Shape.I


def test_a_profile_agrees_with_the_matrix(database: Database) -> None:
    ada = _t_shaped(database, "Ada")
    assess(database, ada, "NLP", 3)
    snapshot = load_matrix(database.reader())
    profile = person_profile(database.reader(), ada)

    assert [area.score for area in profile.areas] == snapshot.area_scores[0].tolist()
    assert profile.shape is snapshot.shapes[0]


def test_a_profile_of_someone_never_assessed_is_empty_and_developing(database: Database) -> None:
    newcomer = person(database, "New Comer")
    profile = person_profile(database.reader(), newcomer)

    assert profile.history == () and profile.certifications == ()
    assert all(area.score == -1 for area in profile.areas)
    assert profile.deep_areas == () and profile.broad_areas == ()
    assert profile.shape is Shape.DEVELOPING


def test_the_profile_of_an_unknown_person_is_a_user_error(database: Database) -> None:
    with pytest.raises(UserError, match="Person 42 does not exist"):
        person_profile(database.reader(), 42)
