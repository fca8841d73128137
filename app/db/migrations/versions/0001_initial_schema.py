"""Initial schema: people and skills, projects, policy work, budgets, audit trail.

The moments (audit events, item history, sprint start and close) are UTC with their
zone, as SQLModel's datetime fields are: a ``timestamp with time zone`` on a
PostgreSQL server, the same text as always in a SQLite file.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 17:00:05.520186
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('before', sa.String(), nullable=True),
    sa.Column('after', sa.String(), nullable=True),
    sa.Column('reason', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('level_descriptor',
    sa.Column('level', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('label', sa.String(length=50), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.CheckConstraint('level BETWEEN 0 AND 4', name=op.f('ck_level_descriptor_level_range')),
    sa.PrimaryKeyConstraint('level', name=op.f('pk_level_descriptor')),
    sa.UniqueConstraint('label', name=op.f('uq_level_descriptor_label'))
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('department', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('capacity_fte', sa.Float(), nullable=False),
    sa.Column('cost_rate', sa.BigInteger(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('erased_on', sa.Date(), nullable=True),
    sa.CheckConstraint('capacity_fte > 0 AND capacity_fte <= 1', name=op.f('ck_person_capacity_range')),
    sa.CheckConstraint('cost_rate >= 0', name=op.f('ck_person_cost_rate_not_negative')),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_person_name_not_blank')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('email', name=op.f('uq_person_email'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_department'), ['department'], unique=False)

    op.create_table('project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('stage', sa.Enum('idea', 'proof_of_concept', 'development', 'pre_production', 'production', 'retired', name='stage', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('decision_mode', sa.Enum('decision_support', 'automated', name='decision_mode', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('model_origin', sa.Enum('in_house', 'third_party', 'research_team', name='model_origin', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('personal_data', sa.Boolean(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=True),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.CheckConstraint('end_on IS NULL OR start_on IS NULL OR end_on >= start_on', name=op.f('ck_project_end_after_start')),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_project_name_not_blank')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project')),
    sa.UniqueConstraint('name', name=op.f('uq_project_name'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('skill_area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('core_discipline', sa.Boolean(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skill_area')),
    sa.UniqueConstraint('name', name=op.f('uq_skill_area_name'))
    )
    op.create_table('budget_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('state', sa.Enum('draft', 'submitted', 'approved', 'closed', name='plan_state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('revision_of_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('fiscal_year BETWEEN 2000 AND 2200', name=op.f('ck_budget_plan_fiscal_year_range')),
    sa.CheckConstraint('length(currency) = 3', name=op.f('ck_budget_plan_currency_code')),
    sa.CheckConstraint('revision >= 1', name=op.f('ck_budget_plan_revision_positive')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_budget_plan_project_id_project'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['revision_of_id'], ['budget_plan.id'], name=op.f('fk_budget_plan_revision_of_id_budget_plan'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_plan')),
    sa.UniqueConstraint('project_id', 'name', 'fiscal_year', 'revision', name=op.f('uq_budget_plan_project_id_name_fiscal_year_revision'))
    )
    with op.batch_alter_table('budget_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_plan_project_id'), ['project_id'], unique=False)

    op.create_table('membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=100), nullable=False),
    sa.Column('allocation', sa.Float(), nullable=False),
    sa.CheckConstraint('allocation > 0 AND allocation <= 1', name=op.f('ck_membership_allocation_range')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_membership_person_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_membership_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
    sa.UniqueConstraint('project_id', 'person_id', name=op.f('uq_membership_project_id_person_id'))
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_person_id'), ['person_id'], unique=False)

    op.create_table('policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('category', sa.Enum('data_privacy', 'access_control', 'adversarial_ml', 'model_training', 'bias_fairness', 'third_party_ip', 'human_oversight', 'incident_response', 'exit_strategy', 'audit_compliance', name='policy_category', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('owner_department', sa.String(length=100), nullable=False),
    sa.Column('status', sa.Enum('draft', 'in_review', 'approved', 'retired', name='policy_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('review_cadence_months', sa.Integer(), nullable=False),
    sa.Column('next_review_on', sa.Date(), nullable=True),
    sa.Column('framework_refs', sa.String(), nullable=False),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_policy_title_not_blank')),
    sa.CheckConstraint('review_cadence_months > 0', name=op.f('ck_policy_cadence_positive')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_policy_project_id_project'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy'))
    )
    with op.batch_alter_table('policy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_project_id'), ['project_id'], unique=False)

    op.create_table('skill',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['skill_area.id'], name=op.f('fk_skill_area_id_skill_area'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skill')),
    sa.UniqueConstraint('area_id', 'name', name=op.f('uq_skill_area_id_name'))
    )
    with op.batch_alter_table('skill', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_skill_area_id'), ['area_id'], unique=False)

    op.create_table('sprint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('goal', sa.String(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=False),
    sa.Column('state', sa.Enum('planned', 'active', 'closed', name='sprint_state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('capacity_points', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('capacity_points >= 0', name=op.f('ck_sprint_capacity_not_negative')),
    sa.CheckConstraint('end_on >= start_on', name=op.f('ck_sprint_end_after_start')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_sprint_project_id_project'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sprint')),
    sa.UniqueConstraint('project_id', 'name', name=op.f('uq_sprint_project_id_name'))
    )
    op.create_table('assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('source', sa.Enum('self', 'manager', 'certified', name='assessment_source', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.CheckConstraint('level BETWEEN 0 AND 4', name=op.f('ck_assessment_level_range')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_assessment_person_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['skill_id'], ['skill.id'], name=op.f('fk_assessment_skill_id_skill'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment'))
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index('ix_assessment_person_skill_date', ['person_id', 'skill_id', 'assessed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_skill_id'), ['skill_id'], unique=False)

    op.create_table('backlog_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.Enum('new_policy', 'revision', 'review', 'control', 'training', name='item_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('points', sa.Integer(), nullable=True),
    sa.Column('rank', sa.Float(), nullable=False),
    sa.Column('status', sa.Enum('backlog', 'todo', 'in_progress', 'in_review', 'done', name='item_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('owner_department', sa.String(length=100), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('acceptance_criteria', sa.String(), nullable=False),
    sa.Column('sprint_id', sa.Integer(), nullable=True),
    sa.Column('policy_id', sa.Integer(), nullable=True),
    sa.Column('template_key', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_backlog_item_title_not_blank')),
    sa.CheckConstraint('points IS NULL OR points > 0', name=op.f('ck_backlog_item_points_positive')),
    sa.ForeignKeyConstraint(['assignee_id'], ['person.id'], name=op.f('fk_backlog_item_assignee_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['policy_id'], ['policy.id'], name=op.f('fk_backlog_item_policy_id_policy'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_backlog_item_project_id_project'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['sprint_id'], ['sprint.id'], name=op.f('fk_backlog_item_sprint_id_sprint'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_backlog_item'))
    )
    with op.batch_alter_table('backlog_item', schema=None) as batch_op:
        batch_op.create_index('ix_backlog_item_project_rank', ['project_id', 'rank'], unique=False)
        batch_op.create_index(batch_op.f('ix_backlog_item_sprint_id'), ['sprint_id'], unique=False)

    op.create_table('budget_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.Enum('hardware', 'software', 'cloud_compute', 'personnel', 'recruitment', 'training', 'digital_twin', 'experimentation', 'security_testing', 'legal_compliance', 'contingency', name='budget_category', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('period_kind', sa.Enum('month', 'quarter', name='period_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('period_number', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Enum('idea', 'proof_of_concept', 'development', 'pre_production', 'production', 'retired', name='line_stage', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('planned', sa.BigInteger(), nullable=False),
    sa.Column('actual', sa.BigInteger(), nullable=True),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('labour_person_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(period_kind = 'month' AND period_number BETWEEN 1 AND 12) OR (period_kind = 'quarter' AND period_number BETWEEN 1 AND 4)", name=op.f('ck_budget_line_period_range')),
    sa.CheckConstraint('planned >= 0', name=op.f('ck_budget_line_planned_not_negative')),
    sa.ForeignKeyConstraint(['labour_person_id'], ['person.id'], name=op.f('fk_budget_line_labour_person_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['plan_id'], ['budget_plan.id'], name=op.f('fk_budget_line_plan_id_budget_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_line'))
    )
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_line_plan_id'), ['plan_id'], unique=False)

    op.create_table('certification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('obtained_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.CheckConstraint('expires_on IS NULL OR expires_on >= obtained_on', name=op.f('ck_certification_expiry_after_obtained')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_certification_person_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['skill_id'], ['skill.id'], name=op.f('fk_certification_skill_id_skill'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certification'))
    )
    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certification_person_id'), ['person_id'], unique=False)

    op.create_table('policy_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('change_summary', sa.String(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.CheckConstraint('number > 0', name=op.f('ck_policy_version_number_positive')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['person.id'], name=op.f('fk_policy_version_approved_by_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], name=op.f('fk_policy_version_author_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['policy_id'], ['policy.id'], name=op.f('fk_policy_version_policy_id_policy'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_version')),
    sa.UniqueConstraint('policy_id', 'number', name=op.f('uq_policy_version_policy_id_number'))
    )
    op.create_table('skill_requirement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('min_level', sa.Integer(), nullable=False),
    sa.Column('needed_fte', sa.Float(), nullable=False),
    sa.Column('criticality', sa.Enum('low', 'medium', 'high', 'critical', name='criticality', native_enum=False, create_constraint=True), nullable=False),
    sa.CheckConstraint('min_level BETWEEN 1 AND 4', name=op.f('ck_skill_requirement_min_level_range')),
    sa.CheckConstraint('needed_fte > 0', name=op.f('ck_skill_requirement_needed_fte_positive')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_skill_requirement_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skill.id'], name=op.f('fk_skill_requirement_skill_id_skill'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skill_requirement')),
    sa.UniqueConstraint('project_id', 'skill_id', name=op.f('uq_skill_requirement_project_id_skill_id'))
    )
    with op.batch_alter_table('skill_requirement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_skill_requirement_skill_id'), ['skill_id'], unique=False)

    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('department', sa.Enum('finance', 'legal', 'hr', 'end_users', 'ciso', name='feedback_department', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('comment', sa.String(), nullable=False),
    sa.Column('disposition', sa.Enum('open', 'accepted', 'deferred', 'rejected', name='disposition', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.CheckConstraint('(item_id IS NULL) <> (version_id IS NULL)', name=op.f('ck_feedback_one_target')),
    sa.CheckConstraint('length(trim(comment)) > 0', name=op.f('ck_feedback_comment_not_blank')),
    sa.ForeignKeyConstraint(['item_id'], ['backlog_item.id'], name=op.f('fk_feedback_item_id_backlog_item'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_feedback_person_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['version_id'], ['policy_version.id'], name=op.f('fk_feedback_version_id_policy_version'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback'))
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_version_id'), ['version_id'], unique=False)

    op.create_table('item_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('backlog', 'todo', 'in_progress', 'in_review', 'done', name='history_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('sprint_id', sa.Integer(), nullable=True),
    sa.Column('points', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['backlog_item.id'], name=op.f('fk_item_history_item_id_backlog_item'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['sprint_id'], ['sprint.id'], name=op.f('fk_item_history_sprint_id_sprint'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_history'))
    )
    with op.batch_alter_table('item_history', schema=None) as batch_op:
        batch_op.create_index('ix_item_history_item_time', ['item_id', 'changed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_history_sprint_id'), ['sprint_id'], unique=False)

    op.create_table('sign_off',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('department', sa.Enum('finance', 'legal', 'hr', 'end_users', 'ciso', name='sign_off_department', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('comment', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_sign_off_person_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['version_id'], ['policy_version.id'], name=op.f('fk_sign_off_version_id_policy_version'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_off')),
    sa.UniqueConstraint('version_id', 'department', name=op.f('uq_sign_off_version_id_department'))
    )
    op.create_table('sprint_commitment',
    sa.Column('sprint_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=True),
    sa.CheckConstraint('points IS NULL OR points > 0', name=op.f('ck_sprint_commitment_points_positive')),
    sa.ForeignKeyConstraint(['item_id'], ['backlog_item.id'], name=op.f('fk_sprint_commitment_item_id_backlog_item'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['sprint_id'], ['sprint.id'], name=op.f('fk_sprint_commitment_sprint_id_sprint'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('sprint_id', 'item_id', name=op.f('pk_sprint_commitment'))
    )
    


def downgrade() -> None:
    
    op.drop_table('sprint_commitment')
    op.drop_table('sign_off')
    with op.batch_alter_table('item_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_history_sprint_id'))
        batch_op.drop_index('ix_item_history_item_time')

    op.drop_table('item_history')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_version_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_item_id'))

    op.drop_table('feedback')
    with op.batch_alter_table('skill_requirement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_skill_requirement_skill_id'))

    op.drop_table('skill_requirement')
    op.drop_table('policy_version')
    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certification_person_id'))

    op.drop_table('certification')
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_line_plan_id'))

    op.drop_table('budget_line')
    with op.batch_alter_table('backlog_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_backlog_item_sprint_id'))
        batch_op.drop_index('ix_backlog_item_project_rank')

    op.drop_table('backlog_item')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_skill_id'))
        batch_op.drop_index('ix_assessment_person_skill_date')

    op.drop_table('assessment')
    op.drop_table('sprint')
    with op.batch_alter_table('skill', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_skill_area_id'))

    op.drop_table('skill')
    with op.batch_alter_table('policy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_project_id'))

    op.drop_table('policy')
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_person_id'))

    op.drop_table('membership')
    with op.batch_alter_table('budget_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_plan_project_id'))

    op.drop_table('budget_plan')
    op.drop_table('skill_area')
    op.drop_table('setting')
    op.drop_table('project')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_department'))

    op.drop_table('person')
    op.drop_table('level_descriptor')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_entity')

    op.drop_table('audit_event')
    
