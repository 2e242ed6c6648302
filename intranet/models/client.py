"""Clients of the agency: the companies whose signals colleagues post."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from ..platform.clock import utcnow
from ..text.normalize import name_key


class Client(db.Model):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # The name as compared (text.normalize.name_key): one client per name whatever its case.
    name_key: Mapped[str] = mapped_column(String(400), unique=True)
    # Other names the client goes by, one per line ("VDB Logistiek"), and their keys.
    aliases: Mapped[str] = mapped_column(Text, default="")
    alias_keys: Mapped[str] = mapped_column(Text, default="")
    industry: Mapped[str] = mapped_column(String(120), default="")
    # Named first in a private group's signal: known only to that group's members until
    # it is named where others read, or added to the directory (clients.directory).
    hidden_in_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    owners = relationship("User", secondary="client_owners", order_by="User.name")

    @validates("name")
    def _keep_name_key(self, _key, value: str) -> str:
        self.name_key = name_key(value)
        return value

    @validates("aliases")
    def _keep_alias_keys(self, _key, value: str) -> str:
        self.alias_keys = "\n".join(name_key(a) for a in value.splitlines() if a.strip())
        return value

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]


class ClientOwner(db.Model):
    __tablename__ = "client_owners"

    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ClientFollow(db.Model):
    """Someone who follows a client: its signals and every post that names it reach them."""

    __tablename__ = "client_follows"

    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ClientMention(db.Model):
    """A post that names a client (its name or an alias), as the alert matcher found it.

    Written by the fan-out job and by the backfill; removed when the post is edited, so the
    next fan-out writes it again from the new text."""

    __tablename__ = "client_mentions"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True, index=True
    )
