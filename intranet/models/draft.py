"""Drafts: what a person half wrote in a form (the composer, a reply), kept for them alone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..platform.clock import utcnow


class Draft(db.Model):
    """One form's fields as typed, per person and form: `composer`, `reply-<post id>`."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    fields: Mapped[dict] = mapped_column(JSON, default=dict)  # field name → text or bool
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # Who saved last (one open page) and its count of saves: a save of that page that
    # arrives after a later one of the same page (two requests in flight) changes nothing.
    writer: Mapped[str | None] = mapped_column(String(32))
    sequence: Mapped[int | None] = mapped_column(BigInteger)
