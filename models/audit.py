"""The audit trail and the organisation-wide settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class AuditEvent(SQLModel, table=True):
    """Who changed what, when: written by every service call in its own transaction."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    actor: str = Field(max_length=100)
    entity: str = Field(max_length=50)
    entity_id: int | None = Field(default=None)
    action: str = Field(max_length=50)
    # JSON texts of the changed fields before and after (None for create/delete).
    before: str | None = Field(default=None)
    after: str | None = Field(default=None)
    reason: str = Field(default="")


class Setting(SQLModel, table=True):
    """One organisation-wide setting (a JSON value), read through ``app.settings``."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=100)
    value: str
