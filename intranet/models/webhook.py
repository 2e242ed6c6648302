"""Webhooks: a Teams or Slack channel (or any receiver) that hears of new posts, and the
deliveries owed to it, one row per post and webhook."""

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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..platform.clock import utcnow

WEBHOOK_FORMATS = ("slack", "teams", "generic")
WEBHOOK_STATES = ("active", "paused", "disabled")


class Webhook(db.Model):
    """A channel's incoming-webhook URL and what it hears: a group's posts, an alert's hits
    or a tag's posts (exactly one), optionally only some types. Owned by the person who set
    it up: it only carries what they may read, and stops when they no longer may."""

    __tablename__ = "webhooks"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN group_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN alert_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN tag_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_source",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    format: Mapped[str] = mapped_column(String(10))  # slack, teams, generic
    url: Mapped[str] = mapped_column(String(2000))  # a secret of the channel's: never shown whole
    secret: Mapped[str] = mapped_column(String(64))  # signs every delivery (HMAC-SHA256)
    language: Mapped[str] = mapped_column(String(5), default="nl")
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), index=True
    )
    alert_id: Mapped[int | None] = mapped_column(
        ForeignKey("alerts.id", ondelete="CASCADE"), index=True
    )
    tag_id: Mapped[int | None] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), index=True
    )
    types: Mapped[str] = mapped_column(String(200), default="")  # comma list; empty: all
    state: Mapped[str] = mapped_column(String(10), default="active")
    disabled_reason: Mapped[str | None] = mapped_column(String(20))  # failing, access, owner
    failures: Mapped[int] = mapped_column(Integer, default=0)  # failed attempts in a row
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    owner = relationship("User")
    group = relationship("Group")
    alert = relationship("Alert")
    tag = relationship("Tag")

    @property
    def type_list(self) -> list[str]:
        return [t for t in self.types.split(",") if t]

    @property
    def url_hint(self) -> str:
        """Enough of the URL to tell webhooks apart (its server and the first step of its
        path), not enough to post to the channel: the rest is the channel's secret."""
        scheme, _sep, rest = self.url.partition("://")
        host, _slash, path = rest.partition("/")
        first, more, _rest = path.partition("/")
        return f"{scheme}://{host}/{first}/…" if more else f"{scheme}://{host}/…"


class WebhookDelivery(db.Model):
    """A post (or a test message, without a post) owed to a webhook. Written by the fan-out
    in the transaction of its batch, claimed and sent by the webhook job, retried with
    back-off; UNIQUE(webhook, post) makes a second fan-out of the same post a no-op."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("webhook_id", "post_id"),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), index=True
    )
    # pending → sending (leased) → sent | failed (retried at next_attempt_at) | gave_up | dropped
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    response_status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    webhook = relationship("Webhook")
