"""Staffing gaps: each project's skill requirements measured against the matrix (docs/ARCHITECTURE.md).

Per requirement: covered FTE is the sum of the allocations of active members at or
above the minimum level; the gap is what is still needed (never negative);
key-person risk is a requirement met by exactly one member. Training candidates
are active members exactly one level short; internal candidates are active
non-members at or above the level, ranked by level then free capacity (capacity
minus their allocations on every project, never below zero). Per project: the
discipline mix of the four core areas and the team's shapes. Inactive people
never cover and are never candidates; they are left out of the mix and shapes too.

FTE sums are rounded to 1e-9, so 0.1 + 0.2 members meeting a 0.3 need leave a gap
of exactly 0; presenting them (two decimals) is the caller's business.
``load_staffing_frame`` reads memberships, requirements and projects as pandas
frames in three statements; ``analyse_all`` analyses every project against one
snapshot, turning the frames into numpy columns once.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import repeat
from typing import Any, NamedTuple, overload

import numpy as np
import pandas as pd

from app.analysis.skills import NOT_ASSESSED, MatrixSnapshot, Shape, load_matrix, positions_of
from app.db.reader import Reader
from app.errors import UserError
from app.labels import criticality_rank
from app.settings import StaffingSettings, load_staffing_settings

FTE_DECIMALS = 9
_new_tuple = tuple.__new__


class CoveringMember(NamedTuple):
    person_id: int
    name: str
    level: int
    allocation: float  # on this project


class Candidate(NamedTuple):
    person_id: int
    name: str
    department: str
    level: int
    free_capacity: float  # capacity minus allocations on all projects, at least 0


class _PeopleColumns(NamedTuple):
    """The per-person columns a ``CandidateList`` reads, shared by every list of one analysis."""

    person_ids: np.ndarray  # int64
    names: np.ndarray  # object (str)
    departments: np.ndarray  # object (str)
    free_capacity: np.ndarray  # float64


class CandidateList(Sequence[Candidate]):
    """A ranked, read-only sequence of ``Candidate``s, kept as two small numpy columns.

    Every active non-member at the level qualifies, which on the large demo is ~450k
    candidates over 1,400 requirements. As NamedTuples they would stay tracked by
    the garbage collector (tuple subclasses are never untracked) and make every
    full collection of the desktop app walk them; as columns they are two arrays
    per requirement, and a ``Candidate`` is built only when one is read. Compares
    equal to a tuple of the same candidates.
    """

    __slots__ = ("_people", "_rows", "_levels")

    def __init__(self, people: _PeopleColumns, rows: np.ndarray, levels: np.ndarray) -> None:
        self._people = people
        self._rows = rows
        self._levels = levels

    def __len__(self) -> int:
        return int(self._rows.size)

    @overload
    def __getitem__(self, index: int) -> Candidate: ...
    @overload
    def __getitem__(self, index: slice) -> CandidateList: ...
    def __getitem__(self, index: int | slice) -> Candidate | CandidateList:
        if isinstance(index, slice):
            return CandidateList(self._people, self._rows[index], self._levels[index])
        row = int(self._rows[index])  # IndexError past the end, as a tuple does
        people = self._people
        return Candidate(
            int(people.person_ids[row]),
            people.names[row],
            people.departments[row],
            int(self._levels[index]),
            float(people.free_capacity[row]),
        )

    def __iter__(self) -> Iterator[Candidate]:
        people, rows = self._people, self._rows
        # Built column-wise from C: tuple.__new__ is what a NamedTuple's constructor calls.
        return map(
            _new_tuple,
            repeat(Candidate),
            zip(
                people.person_ids[rows].tolist(),
                people.names[rows].tolist(),
                people.departments[rows].tolist(),
                self._levels.tolist(),
                people.free_capacity[rows].tolist(),
                strict=True,
            ),
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CandidateList | tuple | list):
            return len(self) == len(other) and tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"CandidateList({list(self)!r})"


class RequirementGap(NamedTuple):
    requirement_id: int
    skill_id: int
    skill: str
    area: str
    min_level: int
    needed_fte: float
    criticality: str
    covered_fte: float
    gap_fte: float
    key_person_risk: bool
    covering_members: tuple[CoveringMember, ...]  # level desc, then allocation desc
    training_candidates: tuple[CoveringMember, ...]  # members exactly one level short
    internal_candidates: CandidateList  # level desc, then free capacity desc (a Sequence, built lazily)


class ProjectStaffing(NamedTuple):
    project_id: int
    project_name: str
    requirements: tuple[RequirementGap, ...]  # most critical first, then by area position and skill name
    # (core area name, covered?, active members scoring >= broad level there) per core area.
    discipline_mix: tuple[tuple[str, bool, int], ...]
    missing_disciplines: tuple[str, ...]
    shape_counts: dict[str, int]  # Shape value -> active members of that shape; all five keys
    total_gap_fte: float


class ScarceSkill(NamedTuple):
    """A skill projects are short of, across the organisation."""

    skill_id: int
    skill: str
    area: str
    total_gap_fte: float
    projects_short: int
    highest_min_level: int  # the highest minimum level among the requirements short of it
    qualified_people: int  # active people at or above that level


class StaffingFrame(NamedTuple):
    """What staffing reads besides the matrix, one pandas frame per table."""

    projects: pd.DataFrame  # project_id, name, stage; by name
    memberships: pd.DataFrame  # membership_id, project_id, person_id, role, allocation
    requirements: pd.DataFrame  # requirement_id, project_id, skill_id, skill, area, min_level, needed_fte, criticality


_PROJECT_COLUMNS = {"project_id": "int64", "name": "object", "stage": "object"}
_MEMBERSHIP_COLUMNS = {
    "membership_id": "int64",
    "project_id": "int64",
    "person_id": "int64",
    "role": "object",
    "allocation": "float64",
}
_REQUIREMENT_COLUMNS = {
    "requirement_id": "int64",
    "project_id": "int64",
    "skill_id": "int64",
    "skill": "object",
    "area": "object",
    "min_level": "int64",
    "needed_fte": "float64",
    "criticality": "object",
}


def _frame(rows: list[tuple[Any, ...]], columns: dict[str, str]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})
    return pd.DataFrame.from_records(rows, columns=list(columns)).astype(columns)


def load_staffing_frame(reader: Reader) -> StaffingFrame:
    """Every project, membership and skill requirement, as columns."""
    projects = reader.rows("SELECT id, name, stage FROM project")
    projects.sort(key=lambda row: (row[1].casefold(), row[0]))
    memberships = reader.rows("SELECT id, project_id, person_id, role, allocation FROM membership ORDER BY id")
    requirements = reader.rows(
        """
        SELECT r.id, r.project_id, r.skill_id, s.name, area.name, r.min_level, r.needed_fte, r.criticality
        FROM skill_requirement AS r
        JOIN skill AS s ON s.id = r.skill_id
        JOIN skill_area AS area ON area.id = s.area_id
        ORDER BY r.id
        """
    )
    return StaffingFrame(
        projects=_frame(projects, _PROJECT_COLUMNS),
        memberships=_frame(memberships, _MEMBERSHIP_COLUMNS),
        requirements=_frame(requirements, _REQUIREMENT_COLUMNS),
    )


def _fte(value: float) -> float:
    """An FTE figure without float dust (0.1 + 0.2 is 0.3 here), and never -0.0."""
    return round(value, FTE_DECIMALS) + 0.0


class _StaffingColumns:
    """A snapshot and a staffing frame as numpy columns, prepared once for any number of projects.

    People are addressed by snapshot row; row ``n_people`` is a "nobody" sentinel
    (inactive, never assessed) that members missing from the snapshot map to, so
    no lookup needs a special case.
    """

    def __init__(self, snapshot: MatrixSnapshot, frame: StaffingFrame) -> None:
        self.snapshot = snapshot
        self.broad_level = snapshot.thresholds.broad_level
        n_people = len(snapshot.person_ids)
        self.n_people = n_people
        self.nobody = n_people

        self.project_names = dict(
            zip(frame.projects["project_id"].tolist(), frame.projects["name"].tolist(), strict=True)
        )

        memberships = frame.memberships
        member_rows = positions_of(snapshot.person_ids, memberships["person_id"].to_numpy(dtype=np.int64))
        self.member_rows = np.where(member_rows >= 0, member_rows, self.nobody)
        self.member_projects = memberships["project_id"].to_numpy(dtype=np.int64)
        self.member_allocations = memberships["allocation"].to_numpy(dtype=np.float64)

        # Free capacity counts every allocation, on any project, so someone at 0.7 elsewhere offers 0.3.
        allocated = np.bincount(self.member_rows, weights=self.member_allocations, minlength=n_people + 1)[:n_people]
        self.free_capacity = np.append(np.maximum(snapshot.capacity - allocated, 0.0).round(FTE_DECIMALS), 0.0)

        # Transposed once so that reading one skill's column over all people is contiguous.
        levels_by_skill = np.full((len(snapshot.skill_ids), n_people + 1), NOT_ASSESSED, dtype=np.int8)
        levels_by_skill[:, :n_people] = snapshot.levels.T
        self.levels_by_skill = levels_by_skill
        self.nobody_levels = np.full(n_people + 1, NOT_ASSESSED, dtype=np.int8)
        self.active = np.append(snapshot.active.astype(bool), False)
        self.area_scores = np.vstack(
            [snapshot.area_scores, np.full((1, len(snapshot.area_ids)), NOT_ASSESSED, dtype=np.int8)]
        )
        self.core_areas = np.flatnonzero(snapshot.area_core)
        self.shape_values = [shape.value for shape in snapshot.shapes]
        # Object arrays, so a list of rows becomes a list of names by one fancy index.
        self.person_id_array = np.append(snapshot.person_ids, 0)
        self.name_array = np.array([*snapshot.person_names, ""], dtype=object)
        self.department_array = np.array([*snapshot.departments, ""], dtype=object)
        self.people = _PeopleColumns(self.person_id_array, self.name_array, self.department_array, self.free_capacity)

        requirements = frame.requirements
        self.requirement_projects = requirements["project_id"].to_numpy(dtype=np.int64)
        self.requirement_columns = positions_of(snapshot.skill_ids, requirements["skill_id"].to_numpy(dtype=np.int64))
        self.requirement_records = list(
            zip(
                requirements["requirement_id"].tolist(),
                requirements["skill_id"].tolist(),
                requirements["skill"].tolist(),
                requirements["area"].tolist(),
                requirements["min_level"].tolist(),
                requirements["needed_fte"].tolist(),
                requirements["criticality"].tolist(),
                self.requirement_columns.tolist(),
                strict=True,
            )
        )

    def _members(self, rows: np.ndarray, levels: np.ndarray, allocations: np.ndarray) -> tuple[CoveringMember, ...]:
        return tuple(
            map(
                _new_tuple,
                repeat(CoveringMember),
                zip(
                    self.person_id_array[rows].tolist(),
                    self.name_array[rows].tolist(),
                    levels.tolist(),
                    allocations.tolist(),
                    strict=True,
                ),
            )
        )

    def analyse(self, project_id: int) -> ProjectStaffing:
        project_name = self.project_names.get(project_id)
        if project_name is None:
            raise UserError(f"Project {project_id} does not exist (it may have been deleted).")
        snapshot = self.snapshot

        memberships = np.flatnonzero(self.member_projects == project_id)
        rows = self.member_rows[memberships]
        is_member = np.zeros(self.n_people + 1, dtype=bool)
        is_member[rows] = True
        active = self.active[rows]
        # Inactive members stay on the project for the record but count for nothing.
        team_rows = rows[active]
        team_allocations = self.member_allocations[memberships][active]
        open_to_candidates = self.active & ~is_member

        requirement_indexes = np.flatnonzero(self.requirement_projects == project_id).tolist()
        records = [self.requirement_records[index] for index in requirement_indexes]
        # Most critical first (the order a staffing page and a report list requirements in), a value that is no
        # criticality after the low ones; within a criticality, in the matrix's column order (area position, then
        # skill name), a skill outside the snapshot last.
        records.sort(
            key=lambda record: (
                -criticality_rank(record[6]),
                record[7] if record[7] >= 0 else len(self.snapshot.skill_ids),
                record[2].casefold(),
                record[0],
            )
        )
        requirements = tuple(
            self._requirement(
                record, team_rows=team_rows, team_allocations=team_allocations, open_to_candidates=open_to_candidates
            )
            for record in records
        )

        core_scores = self.area_scores[team_rows][:, self.core_areas]
        broad_counts = (core_scores >= self.broad_level).sum(axis=0).tolist()
        discipline_mix = tuple(
            (snapshot.area_names[area], count > 0, count)
            for area, count in zip(self.core_areas.tolist(), broad_counts, strict=True)
        )
        shape_counts = {shape.value: 0 for shape in Shape}
        for row in team_rows.tolist():
            shape_counts[self.shape_values[row]] += 1
        return ProjectStaffing(
            project_id=project_id,
            project_name=project_name,
            requirements=requirements,
            discipline_mix=discipline_mix,
            missing_disciplines=tuple(name for name, covered, _ in discipline_mix if not covered),
            shape_counts=shape_counts,
            total_gap_fte=_fte(math.fsum(requirement.gap_fte for requirement in requirements)),
        )

    def _requirement(
        self,
        record: tuple[Any, ...],
        *,
        team_rows: np.ndarray,
        team_allocations: np.ndarray,
        open_to_candidates: np.ndarray,
    ) -> RequirementGap:
        requirement_id, skill_id, skill, area, min_level, needed_fte, criticality, column = record
        # A skill outside the snapshot (retired) has no current levels: nobody covers it.
        skill_levels = self.levels_by_skill[column] if column >= 0 else self.nobody_levels
        team_levels = skill_levels[team_rows]

        covering = np.flatnonzero(team_levels >= min_level)
        covering = covering[np.lexsort((team_rows[covering], -team_allocations[covering], -team_levels[covering]))]
        covering_members = self._members(team_rows[covering], team_levels[covering], team_allocations[covering])
        covered_fte = _fte(math.fsum(member.allocation for member in covering_members))

        short = np.flatnonzero(team_levels == min_level - 1)
        short = short[np.lexsort((team_rows[short], -team_allocations[short]))]
        training_candidates = self._members(team_rows[short], team_levels[short], team_allocations[short])

        qualified = np.flatnonzero((skill_levels >= min_level) & open_to_candidates)
        # Rows are in name order, so the row itself breaks ties of level and free capacity.
        qualified = qualified[np.lexsort((qualified, -self.free_capacity[qualified], -skill_levels[qualified]))]
        internal_candidates = CandidateList(self.people, qualified, skill_levels[qualified])

        return RequirementGap(
            requirement_id=requirement_id,
            skill_id=skill_id,
            skill=skill,
            area=area,
            min_level=min_level,
            needed_fte=needed_fte,
            criticality=criticality,
            covered_fte=covered_fte,
            gap_fte=_fte(max(0.0, needed_fte - covered_fte)),
            key_person_risk=len(covering_members) == 1,
            covering_members=covering_members,
            training_candidates=training_candidates,
            internal_candidates=internal_candidates,
        )


def analyse_project(snapshot: MatrixSnapshot, staffing_frame: StaffingFrame, project_id: int) -> ProjectStaffing:
    """One project's staffing: every requirement's gap and candidates, discipline mix, shapes.

    Each call prepares the frame's columns afresh; for many projects use ``analyse_all``.
    """
    return _StaffingColumns(snapshot, staffing_frame).analyse(project_id)


def analyse_all(
    reader: Reader,
    *,
    settings: StaffingSettings | None = None,
    snapshot: MatrixSnapshot | None = None,
) -> list[ProjectStaffing]:
    """Every project's staffing (by project name), all against one snapshot.

    Pass the ``snapshot`` the caller already holds (the org-wide view also needs
    it for ``scarce_skills``); otherwise one is loaded with ``settings`` (default:
    the organisation's), and a given snapshot keeps the thresholds it was built with.
    """
    if snapshot is None:
        settings = settings or load_staffing_settings(reader)
        snapshot = load_matrix(reader, thresholds=settings.shapes)
    frame = load_staffing_frame(reader)
    columns = _StaffingColumns(snapshot, frame)
    return [columns.analyse(project_id) for project_id in frame.projects["project_id"].tolist()]


def scarce_skills(snapshot: MatrixSnapshot, staffing_list: list[ProjectStaffing]) -> list[ScarceSkill]:
    """The skills projects are short of, most total gap first (then most projects, fewest qualified)."""
    gaps: defaultdict[int, list[RequirementGap]] = defaultdict(list)
    for staffing in staffing_list:
        for requirement in staffing.requirements:
            if requirement.gap_fte > 0:
                gaps[requirement.skill_id].append(requirement)
    active = snapshot.active.astype(bool)
    scarce: list[ScarceSkill] = []
    for skill_id, short in gaps.items():
        highest_min_level = max(requirement.min_level for requirement in short)
        column = snapshot.column_of_skill(skill_id)
        qualified_people = (
            0 if column is None else int(np.count_nonzero(active & (snapshot.levels[:, column] >= highest_min_level)))
        )
        scarce.append(
            ScarceSkill(
                skill_id=skill_id,
                skill=short[0].skill,
                area=short[0].area,
                total_gap_fte=_fte(math.fsum(requirement.gap_fte for requirement in short)),
                projects_short=len(short),
                highest_min_level=highest_min_level,
                qualified_people=qualified_people,
            )
        )
    scarce.sort(
        key=lambda skill: (
            -skill.total_gap_fte,
            -skill.projects_short,
            skill.qualified_people,
            skill.skill.casefold(),
            skill.skill_id,
        )
    )
    return scarce
