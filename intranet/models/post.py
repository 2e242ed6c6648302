"""Posts of every type in one table (single-table inheritance), plus their edit history.

Type fields are columns of `posts`, declared with their type in post_types.py. A candidate's
personal data lives apart, in `candidate_private`, so it is only loaded where it may be shown.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
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
from .type_spec import TYPES, TypeSpec


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
    mentioned_groups = relationship("Group", secondary="group_mentions", order_by="Group.handle")
    # Added and removed through posting.attachments, which writes and deletes the files.
    attachments = relationship("Attachment", order_by="Attachment.position", viewonly=True)

    # An update is a plain Post; every other type is a subclass (post_types.py).
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "update"}

    warnings = ()  # set by the posting service: things the author should know (not stored)

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    @property
    def spec(self) -> TypeSpec:
        """This post's type as post_types.py declares it."""
        return TYPES[self.type]

    @property
    def lifecycle(self) -> dict[str, tuple[str, ...]]:
        return self.spec.statuses

    def next_statuses(self) -> tuple[str, ...]:
        return self.lifecycle.get(self.status or "", ())

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"


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
