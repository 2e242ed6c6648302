"""Referrals: people employees (or a share link) bring to a vacancy, and their pipeline."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..platform.clock import utcnow

# One person in the running per vacancy, kept by the database itself (two colleagues
# referring the same person at the same moment get one referral and one clear 409).
IN_PROGRESS = text("status NOT IN ('hired', 'rejected') AND erased_at IS NULL")

# The pipeline: the first status is where a referral starts; `hired` and `rejected` end it.
REFERRAL_STATUSES = ("referred", "contacted", "interviewing", "offered", "hired", "rejected")
REFERRAL_SOURCES = ("referral", "application")  # told by a colleague, or applied via a link


class Referral(db.Model):
    __tablename__ = "referrals"
    __table_args__ = (
        Index("ix_referrals_vacancy_created", "vacancy_id", "created_at", "id"),
        Index("ix_referrals_referrer_created", "referrer_id", "created_at", "id"),
        Index("ix_referrals_status_created", "status", "created_at", "id"),
        Index(
            "ux_referrals_in_progress",
            "vacancy_id",
            "contact_key",
            unique=True,
            sqlite_where=IN_PROGRESS,
            postgresql_where=IN_PROGRESS,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    # Who gets the credit (and the bonus): the colleague who referred, or whose share link
    # the applicant came through; none for a direct application.
    referrer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(20), default="referral")
    # Personal data: recruiters only. `contact_key` (lower-cased e-mail, or a phone's digits)
    # finds the same person across referrals and candidate offers.
    name: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(254))
    contact_key: Mapped[str] = mapped_column(String(254), index=True)
    motivation: Mapped[str] = mapped_column(Text, default="")
    consent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    cv_filename: Mapped[str | None] = mapped_column(String(200))  # as uploaded
    cv_path: Mapped[str | None] = mapped_column(String(200))  # under instance/uploads/
    status: Mapped[str] = mapped_column(String(20), default="referred")
    status_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    hired_at: Mapped[datetime | None] = mapped_column(DateTime)
    interview_at: Mapped[datetime | None] = mapped_column(DateTime)  # set by a recruiter
    bonus: Mapped[int | None] = mapped_column(Integer)  # euros earned, fixed at hire
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)  # personal data removed
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    vacancy = relationship("Vacancy")
    referrer = relationship("User")
    events = relationship(
        "ReferralEvent",
        order_by="ReferralEvent.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def is_closed(self) -> bool:
        return self.status in ("hired", "rejected")


class ReferralEvent(db.Model):
    """A referral's history: a status change, a recruiter's note, or both."""

    __tablename__ = "referral_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    # A CV sent with a later application: kept beside the earlier ones, never instead.
    cv_filename: Mapped[str | None] = mapped_column(String(200))
    cv_path: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    actor = relationship("User")
