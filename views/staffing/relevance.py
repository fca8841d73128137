"""The changes that can move a staffing gap: the staffing page and the organisation's gaps page follow these."""

from __future__ import annotations

from app.services.change import Entity

# Levels, teams, requirements, thresholds and names: a change to any of these can open or close a gap.
STAFFING_ENTITIES = frozenset(
    {
        Entity.ASSESSMENT,
        Entity.IMPORT,
        Entity.LEVEL_DESCRIPTOR,
        Entity.MEMBERSHIP,
        Entity.PERSON,
        Entity.PROJECT,
        Entity.SETTING,
        Entity.SKILL,
        Entity.SKILL_AREA,
        Entity.SKILL_REQUIREMENT,
        Entity.TAXONOMY,
    }
)
