"""People: accounts, roles and profiles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..platform.clock import utcnow


class Role(StrEnum):
    EMPLOYEE = "employee"
    RECRUITER = "recruiter"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    handle: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.EMPLOYEE)
    job_title: Mapped[str] = mapped_column(String(120), default="")
    department: Mapped[str] = mapped_column(String(120), default="")
    location: Mapped[str] = mapped_column(String(120), default="")
    skills: Mapped[str] = mapped_column(Text, default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(5))
    timezone: Mapped[str | None] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(10), default="weekly")  # off, daily, weekly
    digest_day: Mapped[int] = mapped_column(Integer, default=0)  # 0 = Monday
    digest_hour: Mapped[int] = mapped_column(Integer, default=8)  # local time
    digest_max: Mapped[int] = mapped_column(Integer, default=20)  # items at most
    digest_asked: Mapped[bool] = mapped_column(Boolean, default=False)  # the welcome question
    # The secret in this person's posting address (kring+<token>@…); renewable.
    post_token: Mapped[str | None] = mapped_column(String(40), unique=True, index=True)
    # Bumped to end every session and socket of this user (logout everywhere, deactivation).
    session_version: Mapped[int] = mapped_column(Integer, default=0)
    # In every calendar and feed address of this person (accounts.subscriptions): bumped
    # to renew them all at once, and on deactivation.
    feeds_version: Mapped[int] = mapped_column(Integer, default=0)
    # A mention or must-read shows as a system notification while Kring is in a background
    # tab (if the browser was allowed to).
    desktop_notifications: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The browser's login (accounts.logins) this object was loaded or logged in for; not
    # a column.
    login_id = None
    # When they last looked at their Following feed: what came after it is new to them.
    following_seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The profile photo's files (accounts.photos): a random name per upload, so its address
    # changes with it; the one before stays on disk to be put back. None: initials.
    photo: Mapped[str | None] = mapped_column(String(32))
    photo_before: Mapped[str | None] = mapped_column(String(32))

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.deactivated_at is None

    @property
    def is_recruiter(self) -> bool:
        """Recruiters, and admins who oversee them, may see candidates' personal data."""
        return self.role in (Role.RECRUITER, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def initials(self) -> str:
        parts = [p for p in self.name.split() if p[:1].isupper()] or self.name.split()
        letters = (parts[0][:1] + (parts[-1][:1] if len(parts) > 1 else "")) if parts else "?"
        return letters.upper()

    @property
    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.skills.split(",") if s.strip()]

    def get_id(self) -> str:
        """What the session and remember-me cookies carry: a bumped version or an ended
        login makes them worthless (accounts.logins.load)."""
        return f"{self.id}:{self.session_version}:{self.login_id}"

    def __repr__(self) -> str:
        return f"<User @{self.handle}>"
