"""Posts of every type in one table (single-table inheritance), plus their edit history.

Type fields are columns of `posts`, declared on the subclass that owns them. A candidate's
personal data lives apart, in `candidate_private`, so it is only loaded where it may be shown.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..platform.clock import utcnow


class PostType(StrEnum):
    UPDATE = "update"
    VACANCY = "vacancy"
    CANDIDATE_OFFER = "candidate_offer"
    CLIENT_SIGNAL = "client_signal"
    REPUTATION_ALERT = "reputation_alert"
    REPLY = "reply"  # replies are posts too, but never created through POST /posts


POSTABLE_TYPES = [t.value for t in PostType if t is not PostType.REPLY]

# Each type's statuses: the first is the initial one, then the allowed moves.
LIFECYCLES: dict[str, dict[str, tuple[str, ...]]] = {
    # A closed vacancy (by hand or past its closing date) may open again with a closing date
    # from today on; the service checks the date.
    PostType.VACANCY: {"open": ("filled", "closed"), "filled": (), "closed": ("open",)},
    PostType.CANDIDATE_OFFER: {
        "available": ("placed", "withdrawn", "expired"),
        "placed": (),
        "withdrawn": (),
        "expired": (),
    },
    PostType.REPUTATION_ALERT: {
        "open": ("acknowledged", "resolved"),
        "acknowledged": ("resolved",),
        "resolved": (),
    },
}


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        Index("ix_posts_created", "created_at", "id"),
        Index("ix_posts_author_created", "author_id", "created_at", "id"),
        Index("ix_posts_group_created", "group_id", "created_at", "id"),
        Index("ix_posts_type_created", "type", "created_at", "id"),
        Index("ix_posts_parent_created", "parent_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    # A group's posts are only as visible as the group; a group with posts can't vanish.
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="RESTRICT"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)  # sanitised; the only thing templates mark safe
    text: Mapped[str] = mapped_column(Text)  # what people read: for search and alerts
    status: Mapped[str | None] = mapped_column(String(20))
    location: Mapped[str | None] = mapped_column(String(120))  # vacancy, candidate offer
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The author asks each mentioned person to confirm they read it (instead of CC mail).
    must_read: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    like_count: Mapped[int] = mapped_column(Integer, default=0)
    reply_count: Mapped[int] = mapped_column(Integer, default=0)

    author = relationship("User", foreign_keys=[author_id])
    group = relationship("Group")
    parent = relationship("Post", remote_side=[id], foreign_keys=[parent_id])
    tags = relationship("Tag", secondary="post_tags", order_by="Tag.name")
    mentioned_users = relationship("User", secondary="mentions", order_by="User.handle")
    mentioned_groups = relationship("Group", secondary="group_mentions")

    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": PostType.UPDATE.value}

    TYPE_FIELDS: tuple[str, ...] = ()
    warnings = ()  # set by the posting service: things the author should know (not stored)

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    @property
    def lifecycle(self) -> dict[str, tuple[str, ...]]:
        return LIFECYCLES.get(self.type, {})

    def next_statuses(self) -> tuple[str, ...]:
        return self.lifecycle.get(self.status or "", ())

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"


class Reply(Post):
    __mapper_args__ = {"polymorphic_identity": PostType.REPLY.value}


class Vacancy(Post):
    title: Mapped[str | None] = mapped_column(String(200))
    department: Mapped[str | None] = mapped_column(String(120))
    hours: Mapped[int | None] = mapped_column(Integer)
    closes_on: Mapped[date | None] = mapped_column(Date)
    referral_bonus: Mapped[int | None] = mapped_column(Integer)

    __mapper_args__ = {"polymorphic_identity": PostType.VACANCY.value}
    TYPE_FIELDS = ("title", "department", "location", "hours", "closes_on", "referral_bonus")


class CandidateOffer(Post):
    headline: Mapped[str | None] = mapped_column(String(200))
    skills: Mapped[str | None] = mapped_column(Text)
    availability: Mapped[str | None] = mapped_column(String(120))
    retain_until: Mapped[date | None] = mapped_column(Date)

    private = relationship(
        "CandidatePrivate",
        uselist=False,
        cascade="all, delete-orphan",
        lazy="raise_on_sql",
        passive_deletes=True,
    )

    __mapper_args__ = {"polymorphic_identity": PostType.CANDIDATE_OFFER.value}
    TYPE_FIELDS = ("headline", "skills", "availability", "location", "retain_until")
    PRIVATE_FIELDS = ("candidate_name", "candidate_contact", "consent")

    @property
    def erased_on(self) -> date | None:
        """The day the personal data goes (or went): the day after it was kept until."""
        return self.retain_until + timedelta(days=1) if self.retain_until else None

    @property
    def skill_list(self) -> list[str]:
        return [s.strip() for s in (self.skills or "").split(",") if s.strip()]


class CandidatePrivate(db.Model):
    """A candidate's personal data: shown to recruiters only, erased after `retain_until`."""

    __tablename__ = "candidate_private"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(254))
    # Lower-cased e-mail or a phone's digits: finds the same person in offers and referrals.
    contact_key: Mapped[str] = mapped_column(String(254), default="", index=True)
    consent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ClientSignal(Post):
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="SET NULL"))
    kind: Mapped[str | None] = mapped_column(String(30))
    source_url: Mapped[str | None] = mapped_column(String(2000))

    client = relationship("Client")

    __mapper_args__ = {"polymorphic_identity": PostType.CLIENT_SIGNAL.value}
    TYPE_FIELDS = ("client", "kind", "source_url")
    KINDS = (
        "contact_leaving",
        "contact_joining",
        "reorganisation",
        "expansion",
        "new_project",
        "other",
    )


class ReputationAlert(Post):
    source: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000))
    severity: Mapped[str | None] = mapped_column(String(10))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Triage: when the alert was acknowledged and resolved, how, and when admins were told
    # it had been left open too long.
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolution_note: Mapped[str | None] = mapped_column(Text)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime)

    assignee = relationship("User", foreign_keys=[assignee_id])

    __mapper_args__ = {"polymorphic_identity": PostType.REPUTATION_ALERT.value}
    TYPE_FIELDS = ("source", "url", "severity", "assignee")
    SEVERITIES = ("low", "medium", "high")


POST_CLASSES: dict[str, type[Post]] = {
    PostType.UPDATE: Post,
    PostType.VACANCY: Vacancy,
    PostType.CANDIDATE_OFFER: CandidateOffer,
    PostType.CLIENT_SIGNAL: ClientSignal,
    PostType.REPUTATION_ALERT: ReputationAlert,
    PostType.REPLY: Reply,
}


class PostRevision(db.Model):
    """What a post said before an edit."""

    __tablename__ = "post_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    editor = relationship("User")
