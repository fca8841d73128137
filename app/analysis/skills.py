"""The skill matrix as columns, area scores and T-shapes (docs/ARCHITECTURE.md: Assessment, T-shape).

``load_matrix`` reads the whole organisation in five SQL statements and returns a
``MatrixSnapshot``: people × skills as one int8 array holding each person's
current level (their newest assessment; -1 where never assessed), the best level
per area, and each person's shape. The newest assessment per (person, skill) is
chosen in SQL, so Python only ever sees one row per matrix cell.
``person_profile`` is the detail of one person: full history, certifications,
area scores and shape.
"""

from __future__ import annotations

import itertools
from datetime import date
from enum import StrEnum
from typing import NamedTuple

import numpy as np

from app.db.reader import Reader
from app.errors import UserError
from app.queries.records import Records
from app.queries.values import text
from app.settings import ShapeThresholds, load_staffing_settings

NOT_ASSESSED = -1

# The newest assessment of every (person, skill): latest date, and on the same date the
# latest entered (highest id). NOT EXISTS probes the (person, skill, date) index once per
# row; on SQLite 3.40 that is ~1.8x faster than row_number() over a window, which sorts
# all 450k rows of the large demo. Plain SQL, so PostgreSQL runs it unchanged.
NEWEST_ASSESSMENTS_SQL = """
    SELECT a.person_id, a.skill_id, a.level
    FROM assessment AS a
    WHERE NOT EXISTS (
        SELECT 1 FROM assessment AS newer
        WHERE newer.person_id = a.person_id AND newer.skill_id = a.skill_id
          AND (newer.assessed_on > a.assessed_on OR (newer.assessed_on = a.assessed_on AND newer.id > a.id))
    )
"""

_PEOPLE_SQL = "SELECT id, name, email, department, active, capacity_fte FROM person"
_AREAS_SQL = "SELECT id, name, core_discipline, retired FROM skill_area ORDER BY position, id"
_SKILLS_SQL = "SELECT id, name, area_id, retired FROM skill"


class Shape(StrEnum):
    """A person's T-shape, as stored in reports and settings (the ``value``s)."""

    T = "t_shaped"
    PI = "pi_shaped"
    I = "i_shaped"  # noqa: E741 - the shape's own name
    GENERALIST = "generalist"
    DEVELOPING = "developing"


# Index = the code classify_shapes computes; the enum's own order.
_SHAPES_BY_CODE: tuple[Shape, ...] = tuple(Shape)
_T, _PI, _I, _GENERALIST, _DEVELOPING = range(5)


class MatrixSnapshot(NamedTuple):
    """The organisation's skills at one moment, as columns: row i = person i, column j = skill j.

    People are ordered by name (case-insensitive, then id), skills by their area's
    position then skill name, areas by position.
    """

    person_ids: np.ndarray  # int64 (n_people,)
    person_names: list[str]
    person_emails: list[str]
    departments: list[str]
    active: np.ndarray  # bool (n_people,)
    capacity: np.ndarray  # float64 FTE (n_people,)
    skill_ids: np.ndarray  # int64 (n_skills,)
    skill_names: list[str]
    skill_area_index: np.ndarray  # int64 (n_skills,): index into the area_* fields
    area_ids: np.ndarray  # int64 (n_areas,)
    area_names: list[str]
    area_core: np.ndarray  # bool (n_areas,): one of the brief's four core MLOps disciplines
    levels: np.ndarray  # int8 (n_people, n_skills): current level, -1 = never assessed
    area_scores: np.ndarray  # int8 (n_people, n_areas): best level in the area, -1 = none
    shapes: list[Shape]  # per person
    # The thresholds the shapes were classified with; staffing's discipline mix uses
    # the same broad level, so one snapshot never mixes two rules.
    thresholds: ShapeThresholds = ShapeThresholds()

    def row_of_person(self, person_id: int) -> int | None:
        """The row of ``person_id``, or None when the snapshot does not hold them."""
        found = np.flatnonzero(self.person_ids == person_id)
        return int(found[0]) if found.size else None

    def column_of_skill(self, skill_id: int) -> int | None:
        """The column of ``skill_id``, or None when the snapshot does not hold it (retired or unknown)."""
        found = np.flatnonzero(self.skill_ids == skill_id)
        return int(found[0]) if found.size else None


class AssessmentRecord(NamedTuple):
    assessment_id: int
    skill_id: int
    skill: str
    area: str
    level: int
    assessed_on: date
    source: str
    note: str
    # The newest assessment of its skill, i.e. the person's current level in it.
    current: bool


class CertificationRecord(NamedTuple):
    certification_id: int
    name: str
    issuer: str
    skill: str | None
    obtained_on: date
    expires_on: date | None
    expired: bool


class AreaScore(NamedTuple):
    area_id: int
    area: str
    core: bool
    score: int  # best current level in the area, -1 = nothing assessed
    deep: bool
    broad: bool


class PersonProfile(NamedTuple):
    """One person's skills in full, for the matrix page's detail panel."""

    person_id: int
    name: str
    email: str
    department: str
    title: str
    capacity: float
    active: bool
    history: tuple[AssessmentRecord, ...]  # every assessment, newest first
    certifications: tuple[CertificationRecord, ...]  # newest obtained first
    areas: tuple[AreaScore, ...]  # every current area, by position
    deep_areas: tuple[str, ...]
    broad_areas: tuple[str, ...]
    shape: Shape


# --- the matrix ------------------------------------------------------------------------


def load_matrix(
    reader: Reader,
    *,
    thresholds: ShapeThresholds = ShapeThresholds(),
    include_inactive: bool = True,
    include_retired_skills: bool = False,
) -> MatrixSnapshot:
    """The whole skill matrix: every person (or only active ones) × every current skill.

    A skill counts as retired when it or its area is retired; with
    ``include_retired_skills`` those columns (and retired areas) are kept, and then
    count towards area scores and shapes too.
    """
    people = reader.rows(_PEOPLE_SQL + ("" if include_inactive else " WHERE active = :active"), {"active": True})
    # Sorted here rather than in SQL so SQLite and PostgreSQL (whose collations differ) agree.
    people.sort(key=lambda row: (row[1].casefold(), row[0]))
    person_ids = np.fromiter((row[0] for row in people), dtype=np.int64, count=len(people))

    area_rows = [row for row in reader.rows(_AREAS_SQL) if include_retired_skills or not row[3]]
    area_ids = np.fromiter((row[0] for row in area_rows), dtype=np.int64, count=len(area_rows))
    area_index_of = {row[0]: index for index, row in enumerate(area_rows)}
    skill_rows = [
        row for row in reader.rows(_SKILLS_SQL) if row[2] in area_index_of and (include_retired_skills or not row[3])
    ]
    skill_rows.sort(key=lambda row: (area_index_of[row[2]], row[1].casefold(), row[0]))
    skill_ids = np.fromiter((row[0] for row in skill_rows), dtype=np.int64, count=len(skill_rows))
    skill_area_index = np.fromiter((area_index_of[row[2]] for row in skill_rows), dtype=np.int64, count=len(skill_rows))

    levels = fill_levels(reader.rows(NEWEST_ASSESSMENTS_SQL), person_ids=person_ids, skill_ids=skill_ids)
    scores = area_scores(levels, skill_area_index, len(area_rows))
    return MatrixSnapshot(
        person_ids=person_ids,
        person_names=[row[1] for row in people],
        person_emails=[row[2] for row in people],
        departments=[row[3] for row in people],
        active=np.fromiter((bool(row[4]) for row in people), dtype=bool, count=len(people)),
        capacity=np.fromiter((row[5] for row in people), dtype=np.float64, count=len(people)),
        skill_ids=skill_ids,
        skill_names=[row[1] for row in skill_rows],
        skill_area_index=skill_area_index,
        area_ids=area_ids,
        area_names=[row[1] for row in area_rows],
        area_core=np.fromiter((bool(row[2]) for row in area_rows), dtype=bool, count=len(area_rows)),
        levels=levels,
        area_scores=scores,
        shapes=classify_shapes(scores, thresholds),
        thresholds=thresholds,
    )


def fill_levels(rows: list[tuple[int, int, int]], *, person_ids: np.ndarray, skill_ids: np.ndarray) -> np.ndarray:
    """The int8 (people × skills) matrix from (person id, skill id, level) rows, one per cell.

    Rows of people or skills outside ``person_ids`` / ``skill_ids`` (inactive,
    retired) are dropped; cells without a row hold -1.
    """
    levels = np.full((person_ids.size, skill_ids.size), NOT_ASSESSED, dtype=np.int8)
    if not rows:
        return levels
    # One flat pass over the tuples is ~3x cheaper than np.array(rows) on 400k rows.
    table = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=3 * len(rows)).reshape(-1, 3)
    row_index = positions_of(person_ids, table[:, 0])
    column_index = positions_of(skill_ids, table[:, 1])
    kept = (row_index >= 0) & (column_index >= 0)
    levels[row_index[kept], column_index[kept]] = table[kept, 2]
    return levels


def positions_of(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """For each of ``wanted``, its index in ``ids`` (unique ids, any order), or -1 where absent."""
    wanted = np.asarray(wanted, dtype=np.int64)
    if wanted.size == 0 or ids.size == 0:
        return np.full(wanted.shape, -1, dtype=np.int64)
    highest = int(max(ids.max(), wanted.max()))
    lowest = int(min(ids.min(), wanted.min()))
    # Database ids are dense from 1, so a direct lookup table is small and the fastest;
    # sorting is the fallback for ids too sparse or negative to tabulate.
    if lowest >= 0 and highest <= 8 * (ids.size + wanted.size) + 1_024:
        table = np.full(highest + 1, -1, dtype=np.int64)
        table[ids] = np.arange(ids.size, dtype=np.int64)
        positions: np.ndarray = table[wanted]
        return positions
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    slot = np.minimum(np.searchsorted(sorted_ids, wanted), ids.size - 1)
    return np.where(sorted_ids[slot] == wanted, order[slot], -1)


def area_scores(levels: np.ndarray, skill_area_index: np.ndarray, n_areas: int) -> np.ndarray:
    """Each person's best level per area (int8, people × areas); -1 where nothing in it is assessed."""
    scores = np.full((levels.shape[0], n_areas), NOT_ASSESSED, dtype=np.int8)
    for area in range(n_areas):
        columns = np.flatnonzero(skill_area_index == area)
        if columns.size and levels.shape[0]:
            scores[:, area] = levels[:, columns].max(axis=1)
    return scores


def classify_shapes(area_scores: np.ndarray, thresholds: ShapeThresholds) -> list[Shape]:
    """Each person's shape from their area scores (one row per person).

    Deep: score >= deep_level. Broad: score >= broad_level and not deep. Π: at least
    pi_min_deep deep and min_broad broad; T: one deep and min_broad broad; I: deep
    but too few broad; generalist: no deep, min_broad broad; else developing.
    """
    scores = np.asarray(area_scores)
    if scores.ndim != 2:
        raise ValueError("area scores must be a (people × areas) array")
    deep = (scores >= thresholds.deep_level).sum(axis=1)
    broad = ((scores >= thresholds.broad_level) & (scores < thresholds.deep_level)).sum(axis=1)
    wide = broad >= thresholds.min_broad
    codes = np.select(
        [(deep >= thresholds.pi_min_deep) & wide, (deep >= 1) & wide, deep >= 1, wide],
        [_PI, _T, _I, _GENERALIST],
        default=_DEVELOPING,
    )
    return [_SHAPES_BY_CODE[code] for code in codes.tolist()]


# --- one person ------------------------------------------------------------------------


def _date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _date_or_none(value: object) -> date | None:
    return None if value is None else _date(value)


# Each person's SELECT below lists a record's fields in order (the ones worked out come last).
_ASSESSMENTS = Records(AssessmentRecord, level=int, assessed_on=_date, source=str, note=text)
_CERTIFICATIONS = Records(CertificationRecord, issuer=text, obtained_on=_date, expires_on=_date_or_none)


def person_profile(
    reader: Reader,
    person_id: int,
    *,
    thresholds: ShapeThresholds | None = None,
    today: date | None = None,
) -> PersonProfile:
    """Everything about one person's skills: history, certifications, area scores, shape.

    ``thresholds`` default to the organisation's settings; a certification is
    expired when it expired before ``today``. Area scores and shape count current
    skills only, as the matrix does.
    """
    person = reader.one(
        "SELECT id, name, email, department, title, capacity_fte, active FROM person WHERE id = :id",
        {"id": person_id},
    )
    if person is None:
        raise UserError(f"Person {person_id} does not exist (they may have been deleted).")
    thresholds = thresholds or load_staffing_settings(reader).shapes
    history, best_by_area = _assessment_history(reader, person_id)
    certifications = _certifications(reader, person_id, today=today or date.today())
    area_rows = reader.rows(
        "SELECT id, name, core_discipline FROM skill_area WHERE retired = :retired ORDER BY position, id",
        {"retired": False},
    )
    scores = np.array([[best_by_area.get(row[0], NOT_ASSESSED) for row in area_rows]], dtype=np.int8)
    areas = tuple(
        AreaScore(
            area_id=row[0],
            area=row[1],
            core=bool(row[2]),
            score=score,
            deep=score >= thresholds.deep_level,
            broad=thresholds.broad_level <= score < thresholds.deep_level,
        )
        for row, score in zip(area_rows, scores[0].tolist(), strict=True)
    )
    return PersonProfile(
        person_id=person[0],
        name=person[1],
        email=person[2],
        department=person[3],
        title=person[4] or "",
        capacity=float(person[5]),
        active=bool(person[6]),
        history=history,
        certifications=certifications,
        areas=areas,
        deep_areas=tuple(area.area for area in areas if area.deep),
        broad_areas=tuple(area.area for area in areas if area.broad),
        shape=classify_shapes(scores, thresholds)[0],
    )


def _assessment_history(reader: Reader, person_id: int) -> tuple[tuple[AssessmentRecord, ...], dict[int, int]]:
    """The person's assessments, newest first (the newest of each skill is current), and each area's best
    current level among skills that are not retired."""
    history: list[AssessmentRecord] = []
    best_by_area: dict[int, int] = {}
    seen_skills: set[int] = set()
    for row in reader.rows(
        """
        SELECT a.id, a.skill_id, s.name, area.name, a.level, a.assessed_on, a.source, a.note,
               s.retired OR area.retired, area.id
        FROM assessment AS a
        JOIN skill AS s ON s.id = a.skill_id
        JOIN skill_area AS area ON area.id = s.area_id
        WHERE a.person_id = :id
        ORDER BY a.assessed_on DESC, a.id DESC
        """,
        {"id": person_id},
    ):
        current = row[1] not in seen_skills
        seen_skills.add(row[1])
        history.append(_ASSESSMENTS.one(row[:8], current=current))
        if current and not row[8]:
            best_by_area[row[9]] = max(best_by_area.get(row[9], NOT_ASSESSED), int(row[4]))
    return tuple(history), best_by_area


def _certifications(reader: Reader, person_id: int, *, today: date) -> tuple[CertificationRecord, ...]:
    """The person's certifications, newest first; expired when they expired before ``today``."""
    return tuple(
        _CERTIFICATIONS.one(row, expired=row[5] is not None and _date(row[5]) < today)
        for row in reader.rows(
            """
            SELECT c.id, c.name, c.issuer, s.name, c.obtained_on, c.expires_on
            FROM certification AS c LEFT JOIN skill AS s ON s.id = c.skill_id
            WHERE c.person_id = :id
            ORDER BY c.obtained_on DESC, c.id DESC
            """,
            {"id": person_id},
        )
    )
