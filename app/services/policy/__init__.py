"""Writing the policy owner's data: policies and versions, the backlog, sprints, feedback, templates.

Every function is one transaction with its audit event and returns a ``Change``;
a refused call raises ``UserError`` and writes nothing. The modules go by concept
(``policies``, ``versions`` with their sign-offs, ``backlog`` items, their
``ordering``, ``sprints``, ``feedback``, ``templates``); every name is also here,
so callers write ``from app.services import policy`` and ``policy.create_item(...)``.

Two rules hold the charts together. First, ``ItemHistory`` is the record: every
change of an item's status, sprint or points adds one row stamped with the time
of the change (creation writes the first), so a closed sprint's figures can be
recomputed from history up to its ``closed_at`` no matter what happens to the
items later. Second, a version's sign-offs belong to that version: publishing a
newer version makes it the policy's *current* version, which starts with none,
while the older one keeps its own (see :func:`current_version_id`).
"""

from __future__ import annotations

from app.services.policy.backlog import (
    ITEM_FIELDS,
    assign_to_sprint,
    create_item,
    delete_item,
    place_items,
    remove_from_sprint,
    set_status,
    update_item,
)
from app.services.policy.feedback import add_feedback, set_disposition
from app.services.policy.inputs import add_months
from app.services.policy.ordering import MIN_RANK_GAP, move_item, move_items, restore_ranks
from app.services.policy.policies import POLICY_FIELDS, create_policy, retire_policy, update_policy
from app.services.policy.rows import current_version_id
from app.services.policy.sprints import SPRINT_FIELDS, close_sprint, plan_sprint, start_sprint, update_sprint
from app.services.policy.templates import (
    TEMPLATES_RESOURCE,
    Template,
    add_templates_to_backlog,
    list_templates,
    template_summary,
)
from app.services.policy.versions import (
    STAKEHOLDER_NAMES,
    add_version,
    approve_version,
    publish_version,
    same_text,
    sign_off,
    signer_department_of,
    speaks_for,
    withdraw_sign_off,
)
from models.enums import PolicyCategory, StakeholderDepartment  # callers name the choices through this module

__all__ = [
    "ITEM_FIELDS",
    "MIN_RANK_GAP",
    "POLICY_FIELDS",
    "SPRINT_FIELDS",
    "STAKEHOLDER_NAMES",
    "TEMPLATES_RESOURCE",
    "PolicyCategory",
    "StakeholderDepartment",
    "Template",
    "add_feedback",
    "add_months",
    "add_templates_to_backlog",
    "add_version",
    "approve_version",
    "assign_to_sprint",
    "close_sprint",
    "create_item",
    "create_policy",
    "current_version_id",
    "delete_item",
    "list_templates",
    "move_item",
    "move_items",
    "place_items",
    "plan_sprint",
    "publish_version",
    "remove_from_sprint",
    "restore_ranks",
    "retire_policy",
    "same_text",
    "set_disposition",
    "set_status",
    "sign_off",
    "signer_department_of",
    "speaks_for",
    "start_sprint",
    "template_summary",
    "update_item",
    "update_policy",
    "update_sprint",
    "withdraw_sign_off",
]
