"""E-mail Kring sends (one row per message, for exactly-once delivery) and receives."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..platform.clock import utcnow


class OutboundMail(db.Model):
    """A message Kring owes someone: a digest for a period, a batch of notifications, a
    must-read reminder, a sign-up link, an invitation. The natural key (user, kind, key)
    makes a second scheduler's claim a no-op; a lease guards the send; 'sent' is written
    after the server's 250.

    A sign-up link or an invitation goes to someone without an account yet: `to_address`
    instead of `user_id`, written in `language`, with a key of its own (a fresh random
    one per request)."""

    __tablename__ = "outbound_mail"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "key"),
        Index("ix_outbound_mail_due", "status", "next_attempt_at"),
        Index("ix_outbound_mail_to_address", "to_address"),
        CheckConstraint("user_id IS NOT NULL OR to_address IS NOT NULL", name="recipient"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    to_address: Mapped[str | None] = mapped_column(String(254))  # no account (yet)
    language: Mapped[str | None] = mapped_column(String(10))  # None: the person's own
    kind: Mapped[str] = mapped_column(String(20))  # digest, notify, reminder, signup, invite
    key: Mapped[str] = mapped_column(String(40))  # e.g. "2026-W47", a time window, a post id
    status: Mapped[str] = mapped_column(String(10), default="pending")
    # pending → sending (leased) → sent | empty | failed (retried at next_attempt_at)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    message_id: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str | None] = mapped_column(String(300))
    items: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class InboundMail(db.Model):
    """Every message that reached mail-in, and what became of it."""

    __tablename__ = "inbound_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(300), unique=True)
    sender: Mapped[str] = mapped_column(String(254), index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(10))  # posted, rejected, ignored
    reason: Mapped[str | None] = mapped_column(Text)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
