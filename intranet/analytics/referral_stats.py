"""Referral figures: per status, per person per year (against the target), a leaderboard.

Counts only, never a candidate's name: everyone may see these.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, or_, select

from ..errors import BadRequest
from ..extensions import db
from ..models import Referral, User, Vacancy
from ..platform.clock import local_today, year_bounds
from ..posting import visibility

TARGET_PER_YEAR = 10  # what the best referral programmes reach per employee


@dataclass
class YearStats:
    year: int
    referrals: int = 0
    hires: int = 0
    bonus: int = 0
    target: int = TARGET_PER_YEAR

    @property
    def progress(self) -> int:
        """Percent of the yearly target, at most 100 (for a bar)."""
        return min(100, round(100 * self.referrals / self.target)) if self.target else 100


def parse_year(value) -> int:
    if value in (None, ""):
        return local_today().year
    try:
        year = int(str(value).strip())
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        raise BadRequest(_l("Give a year such as %(y)s.", y=local_today().year), code="bad_year")
    return year


def status_counts(vacancy_id: int | None = None, viewer: User | None = None) -> dict[str, int]:
    """Referrals per status; with a `viewer`, only those to vacancies they may read."""
    statement = select(Referral.status, func.count()).group_by(Referral.status)
    if viewer is not None:
        statement = statement.join(Vacancy, Vacancy.id == Referral.vacancy_id).where(
            visibility.readable(viewer)
        )
    if vacancy_id:
        statement = statement.where(Referral.vacancy_id == vacancy_id)
    return dict(db.session.execute(statement).all())


def _aggregates(year: int):
    """Referrals made in the year; hires and bonus earned (hired) in the year."""
    start, end = year_bounds(year)
    made = and_(Referral.created_at >= start, Referral.created_at < end)
    hired = and_(Referral.hired_at >= start, Referral.hired_at < end)
    return (
        func.sum(case((made, 1), else_=0)).label("referrals"),
        func.sum(case((hired, 1), else_=0)).label("hires"),
        func.sum(case((hired, func.coalesce(Referral.bonus, 0)), else_=0)).label("bonus"),
        or_(made, hired),
    )


def year_stats(user: User, year: int) -> YearStats:
    referrals, hires, bonus, either = _aggregates(year)
    row = db.session.execute(
        select(referrals, hires, bonus).where(Referral.referrer_id == user.id, either)
    ).one()
    return YearStats(year=year, referrals=row[0] or 0, hires=row[1] or 0, bonus=row[2] or 0)


def leaderboard(year: int, limit: int = 50) -> list[tuple[User, YearStats]]:
    """Colleagues by referrals made in the year, then hires: one query."""
    referrals, hires, bonus, either = _aggregates(year)
    rows = db.session.execute(
        select(User, referrals, hires, bonus)
        .join(Referral, Referral.referrer_id == User.id)
        .where(either)
        .group_by(User.id)
        .order_by(referrals.desc(), hires.desc(), User.name)
        .limit(limit)
    ).all()
    return [
        (user, YearStats(year=year, referrals=r or 0, hires=h or 0, bonus=b or 0))
        for user, r, h, b in rows
    ]
