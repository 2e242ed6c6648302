"""How colleagues take part: referrals per person per year against the target of 10, and
the CC mail Kring saved (notifications read in the app that never went out by e-mail)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, or_, select

from ..extensions import db
from ..models import Notification, Referral, User
from ..platform.clock import year_bounds
from .periods import Period, day_of, local_day, monday_of

YEARLY_TARGET = 10  # referrals per employee per year, what good programmes reach
TARGET_BUCKETS = ((0, 0), (1, 1), (2, 4), (5, 9), (10, None))  # inclusive ranges


# The yearly target ---------------------------------------------------------------------------


@dataclass
class Target:
    """Referrals per colleague in one calendar year (applications through their links count:
    those are their referrals too), against YEARLY_TARGET."""

    year: int
    people: int  # active colleagues
    referrals: int
    reached: int  # colleagues at or above the target
    repeat: int  # colleagues with 2 or more
    distribution: list[tuple[tuple[int, int | None], int]]
    own: int | None = None  # the one person's count, for a personal view

    @property
    def average(self) -> float:
        return self.referrals / self.people if self.people else 0.0


def yearly_target(year: int, person_id: int | None = None) -> Target:
    since, until = year_bounds(year)
    per_person = dict(
        db.session.execute(
            select(Referral.referrer_id, func.count())
            .where(
                Referral.created_at >= since,
                Referral.created_at < until,
                Referral.referrer_id.is_not(None),
            )
            .group_by(Referral.referrer_id)
        ).all()
    )
    if person_id is not None:
        own = per_person.get(person_id, 0)
        return Target(year, 1, own, int(own >= YEARLY_TARGET), int(own >= 2), [], own=own)
    people = (
        db.session.scalar(
            select(func.count()).select_from(User).where(User.deactivated_at.is_(None))
        )
        or 0
    )
    counts = list(per_person.values())
    counts += [0] * max(people - len(counts), 0)  # colleagues who referred nobody
    return Target(
        year,
        people,
        sum(counts),
        sum(c >= YEARLY_TARGET for c in counts),
        sum(c >= 2 for c in counts),
        _distribution(counts),
    )


def _distribution(counts: list[int]):
    return [
        ((low, high), sum(low <= c and (high is None or c <= high) for c in counts))
        for low, high in TARGET_BUCKETS
    ]


# Mails avoided -------------------------------------------------------------------------------


@dataclass
class MailWeek:
    monday: date
    mentions: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.mentions + self.other


def mails_avoided(period: Period, person_id: int | None = None) -> list[MailWeek]:
    """Notifications read in Kring that never went out by e-mail: the CC mail Kring
    replaced, per week they were sent, mentions apart. Read means opened after it came: a
    hit of an alert wanted "only in the digest" is born read (`read_at` = `created_at`)
    and was no CC mail anyone read."""
    day = local_day(Notification.created_at, period)
    is_mention = or_(
        Notification.kinds.like("%,mention,%"), Notification.kinds.like("%,group_mention,%")
    )
    query = (
        select(day, func.sum(case((is_mention, 1), else_=0)), func.count())
        .where(
            Notification.read_at > Notification.created_at,
            Notification.emailed_at.is_(None),
            Notification.created_at >= period.since,
            Notification.created_at < period.until,
        )
        .group_by(day)
    )
    if person_id is not None:
        query = query.where(Notification.user_id == person_id)
    weeks = {monday: MailWeek(monday) for monday in period.weeks()}
    for value, mentions, count in db.session.execute(query):
        week = weeks.get(monday_of(day_of(value)))
        if week is not None:
            week.mentions += int(mentions or 0)
            week.other += count - int(mentions or 0)
    return list(weeks.values())
