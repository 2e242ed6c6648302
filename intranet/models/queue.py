"""Work written in the same transaction as the change it follows, drained by jobs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..platform.clock import utcnow


class IndexQueue(db.Model):
    """A post or person whose search entry must be (re)written or removed. No foreign key:
    the row must outlive a deleted post so that its entry is removed too."""

    __tablename__ = "index_queue"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default="post")  # post or person
    object_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class FanoutQueue(db.Model):
    """A new post or reply whose readers must be notified (mentions, alerts, tags, thread)."""

    __tablename__ = "fanout_queue"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(Integer, index=True)
    event: Mapped[str] = mapped_column(String(20), default="created")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class PeriodicRun(db.Model):
    """A periodic task's run for one period (the minute a scheduler fired it in), claimed
    by the consumer that got there first: every consumer's scheduler fires every periodic
    task, and the primary key lets one of them run it."""

    __tablename__ = "periodic_runs"

    job: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)  # 2026-12-03T11:07
    claimed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    claimed_by: Mapped[str] = mapped_column(String(100), default="")  # host:pid
