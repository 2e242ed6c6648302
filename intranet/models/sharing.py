"""Sharing vacancies: what each person wants to share, their queue, and what shares yield."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..platform.clock import utcnow

SHARE_CHANNELS = ("linkedin", "email", "whatsapp", "x", "link")
SHARE_RHYTHMS = ("weekly", "monthly", "never")
SHARE_EVENT_KINDS = ("view", "click", "share", "application")


class SharePreference(db.Model):
    """Asked once: which vacancies someone wants to share, where, and how often.
    Empty lists mean "all". `last_surfaced_at` is when vacancies last came up for them:
    the rhythm is the person's, not each vacancy's."""

    __tablename__ = "share_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    departments: Mapped[list] = mapped_column(JSON, default=list)
    locations: Mapped[list] = mapped_column(JSON, default=list)
    tags: Mapped[list] = mapped_column(JSON, default=list)
    channels: Mapped[list] = mapped_column(JSON, default=list)
    rhythm: Mapped[str] = mapped_column(String(10), default="monthly")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_surfaced_at: Mapped[datetime | None] = mapped_column(DateTime)


class ShareSlot(db.Model):
    """One vacancy in one person's share queue: when it last came up for them and when
    they last shared it or put it off. Resurfacing only moves `surfaced_at`, and only a
    rhythm after the latest of the three."""

    __tablename__ = "share_slots"
    __table_args__ = (Index("ix_share_slots_user_surfaced", "user_id", "surfaced_at"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    vacancy_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    surfaced_at: Mapped[datetime | None] = mapped_column(DateTime)
    shared_at: Mapped[datetime | None] = mapped_column(DateTime)
    dismissed_at: Mapped[datetime | None] = mapped_column(DateTime)
    digested_at: Mapped[datetime | None] = mapped_column(DateTime)


class ShareEvent(db.Model):
    """What a share yields, attributed to the sharer: a view of the public page, a click
    on a personal link, a share, an application. `visitor` is a keyed hash of the visitor
    and the day, so reloads and repeated visits count once (UNIQUE with ON CONFLICT DO
    NOTHING). A view is one per visitor and day whichever link they came by (the first
    sharer keeps it): its own partial UNIQUE index, which a NULL sharer cannot slip
    through."""

    __tablename__ = "share_events"
    __table_args__ = (
        UniqueConstraint("vacancy_id", "sharer_id", "kind", "visitor"),
        Index(
            "ux_share_events_one_view",
            "vacancy_id",
            "visitor",
            unique=True,
            sqlite_where=text("kind = 'view'"),
            postgresql_where=text("kind = 'view'"),
        ),
        Index("ix_share_events_sharer_created", "sharer_id", "created_at"),
        Index("ix_share_events_vacancy_kind_created", "vacancy_id", "kind", "created_at"),
        Index("ix_share_events_vacancy_address", "vacancy_id", "address"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    sharer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(12))
    channel: Mapped[str] = mapped_column(String(12), default="")
    visitor: Mapped[str] = mapped_column(String(64), default="")
    # A keyed hash of the address and the day alone: one address with many browsers (or a
    # script rotating its User-Agent) counts as one visitor past a few (share_links).
    address: Mapped[str] = mapped_column(String(64), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
