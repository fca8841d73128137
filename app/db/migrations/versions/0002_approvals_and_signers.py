"""Who approved a budget plan and when; a sign-off's signer's own department.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("budget_plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("approved_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("approved_on", sa.Date(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_budget_plan_approved_by_id_person"), "person", ["approved_by_id"], ["id"],
            ondelete="RESTRICT",
        )
    with op.batch_alter_table("sign_off", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signer_department", sa.String(length=100), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("sign_off", schema=None) as batch_op:
        batch_op.drop_column("signer_department")
    with op.batch_alter_table("budget_plan", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_budget_plan_approved_by_id_person"), type_="foreignkey")
        batch_op.drop_column("approved_on")
        batch_op.drop_column("approved_by_id")
