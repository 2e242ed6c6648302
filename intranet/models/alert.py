"""Term alerts: the words and phrases a person watches in every new post."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..platform.clock import utcnow


class Alert(db.Model):
    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    term: Mapped[str] = mapped_column(String(100))  # as typed: 'Van der Berg -stage'
    key: Mapped[str] = mapped_column(String(200))  # normalised, for uniqueness per person
    types: Mapped[str] = mapped_column(String(200), default="")  # comma list; empty: all
    variants: Mapped[bool] = mapped_column(Boolean, default=False)  # Dutch inflections too
    delivery: Mapped[str] = mapped_column(String(10), default="instant")  # or "digest"
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    DELIVERIES = ("instant", "digest")

    @property
    def type_list(self) -> list[str]:
        return [t for t in self.types.split(",") if t]


class Counter(db.Model):
    """Named counters, e.g. the alert set's version that tells a process to rebuild its
    matcher."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
