"""Notifications: one row per person per post, carrying every reason it reached them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..platform.clock import utcnow

REASON_KINDS = (
    "mention",
    "group_mention",
    "alert",
    "tag",
    "reply",
    "thread",
    "like",
    "client",
    "assigned",
    "referral",
    "interest",
    "escalation",
    "share",
)
CHANNELS = ("app", "email", "off")


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "post_id"),
        Index("ix_notifications_user_id_id", "user_id", "id"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        {"sqlite_autoincrement": True},  # ids only grow, even after the newest is replaced
    )

    # A new reason for an existing notification replaces the row with a newer id, so a
    # client that asks for everything after the last id it saw also gets the change.
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    kinds: Mapped[str] = mapped_column(String(200), default="")  # ",mention,alert," to filter
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime)

    post = relationship("Post")
    actor = None  # not stored: who acted, given by notifying.notifications.with_actors

    @staticmethod
    def kinds_of(reasons: list[dict]) -> str:
        return "," + ",".join(sorted({r["kind"] for r in reasons})) + ","


class NotificationSetting(db.Model):
    """Where a reason's notifications go: in the app, by e-mail (issue of the away), off."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10), default="app")
