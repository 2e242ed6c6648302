"""Groups: public ones anyone joins, private ones whose posts only members read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from ..platform.clock import utcnow
from ..text.normalize import name_key


class Group(db.Model):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique among the groups one person may see (posting.groups): a private group's name
    # is no one else's business, so two groups may share one.
    name: Mapped[str] = mapped_column(String(80))
    # The name as compared (text.normalize.name_key), whatever its case.
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    # The @handle that mentions every member; shares its namespace with user handles.
    handle: Mapped[str] = mapped_column(String(30), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    is_private: Mapped[bool] = mapped_column(Boolean, default=False)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    post_token: Mapped[str | None] = mapped_column(String(40), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    owner = relationship("User")

    @validates("name")
    def _keep_name_key(self, _key, value: str) -> str:
        self.name_key = name_key(value)
        return value


class GroupMember(db.Model):
    __tablename__ = "group_members"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user = relationship("User")
    group = relationship("Group")
