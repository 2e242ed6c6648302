"""What sharing and referring yield: weekly figures, the funnel, per vacancy and per person.

Every figure comes from a few GROUP BY queries over one union of events, bucketed by the
agency's day in SQL (`date()` of the moment shifted by KRING_TIMEZONE's offset, the same in
SQLite and PostgreSQL: `periods.local_day`) and folded into ISO weeks here.

What counts as what:
- views, clicks, shares, applications: share events (an application through a share link,
  or on the public page without one);
- referrals: colleagues' referrals (`source = "referral"`); an application through a link is
  already counted as an application, so its referral row is not counted again;
- hires: referrals of either source hired in the period (by `hired_at`), with their bonus.
The funnel: See (views) → Think (clicks) → Do (applications + referrals) → Care (hires).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, String, func, literal_column, select, union_all

from ..errors import Forbidden, NotFound
from ..extensions import db
from ..models import Referral, ShareEvent, User, Vacancy
from ..posting import visibility

# The dashboard's other parts, also reachable from here for its readers.
from .engagement import YEARLY_TARGET, MailWeek, Target, mails_avoided, yearly_target  # noqa: F401
from .periods import (  # noqa: F401
    Period,
    day_of,
    default_period,
    local_day,
    monday_of,
    parse_period,
)

METRICS = ("view", "click", "share", "application", "referral", "hire")


@dataclass(frozen=True)
class Scope:
    """Whose figures: everything, one vacancy, or one person's (their links and referrals)."""

    vacancy_id: int | None = None
    person_id: int | None = None


# Who may see what ----------------------------------------------------------------------------


def scope_for(viewer: User, person_id: int | None = None, vacancy_id: int | None = None) -> Scope:
    """Recruiters and admins see everything; an employee sees their own figures only."""
    if not viewer.is_recruiter:
        if vacancy_id is not None or person_id not in (None, viewer.id):
            raise Forbidden(_l("You can only see your own figures."))
        return Scope(person_id=viewer.id)
    if person_id is not None and db.session.get(User, person_id) is None:
        raise NotFound(_l("This person does not exist."))
    return Scope(vacancy_id=vacancy_id, person_id=person_id)


def person(scope: Scope) -> User | None:
    return db.session.get(User, scope.person_id) if scope.person_id else None


def get_vacancy(viewer: User, vacancy_id: int) -> Vacancy:
    vacancy = db.session.get(Vacancy, vacancy_id)
    if (
        vacancy is None
        or not isinstance(vacancy, Vacancy)
        or not visibility.can_read(viewer, vacancy)
    ):
        raise NotFound(_l("This vacancy does not exist, or you may not see it."))
    return vacancy


# The events, as one union --------------------------------------------------------------------


def _events(period: Period, scope: Scope):
    """(kind, vacancy_id, person_id, at, bonus) of every event in the period and scope."""
    shares = select(
        ShareEvent.kind.label("kind"),
        ShareEvent.vacancy_id.label("vacancy_id"),
        ShareEvent.sharer_id.label("person_id"),
        ShareEvent.created_at.label("at"),
        _constant("0", Integer).label("bonus"),
    )
    referred = select(
        _constant("'referral'", String),
        Referral.vacancy_id,
        Referral.referrer_id,
        Referral.created_at,
        _constant("0", Integer),
    ).where(Referral.source == "referral")
    hired = select(
        _constant("'hire'", String),
        Referral.vacancy_id,
        Referral.referrer_id,
        Referral.hired_at,
        func.coalesce(Referral.bonus, 0),
    ).where(Referral.status == "hired")
    branches = [
        _within(
            shares,
            ShareEvent.created_at,
            ShareEvent.vacancy_id,
            ShareEvent.sharer_id,
            period,
            scope,
        ),
        _within(
            referred, Referral.created_at, Referral.vacancy_id, Referral.referrer_id, period, scope
        ),
        _within(hired, Referral.hired_at, Referral.vacancy_id, Referral.referrer_id, period, scope),
    ]
    return union_all(*branches).subquery("events")


def _constant(sql: str, type_):
    # Inline, not a bind parameter: PostgreSQL can't type a parameter inside a UNION.
    return literal_column(sql, type_)


def _within(query, at, vacancy, person, period: Period, scope: Scope):
    query = query.where(at >= period.since, at < period.until)
    if scope.vacancy_id is not None:
        query = query.where(vacancy == scope.vacancy_id)
    if scope.person_id is not None:
        query = query.where(person == scope.person_id)
    return query


# Figures -------------------------------------------------------------------------------------


@dataclass
class Week:
    monday: date
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    bonus: int = 0

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week


def weekly(period: Period, scope: Scope) -> list[Week]:
    """Every metric per ISO week, weeks without anything included."""
    events = _events(period, scope)
    day = local_day(events.c.at, period)
    rows = db.session.execute(
        select(events.c.kind, day, func.count(), func.sum(events.c.bonus)).group_by(
            events.c.kind, day
        )
    )
    weeks = {monday: Week(monday) for monday in period.weeks()}
    for kind, value, count, bonus in rows:
        week = weeks.get(monday_of(day_of(value)))
        if week is not None and kind in week.counts:
            week.counts[kind] += count
            week.bonus += int(bonus or 0)
    return list(weeks.values())


def totals(weeks: list[Week]) -> dict[str, int]:
    return {metric: sum(w.counts[metric] for w in weeks) for metric in METRICS}


@dataclass(frozen=True)
class Stage:
    key: str  # see, think, do, care
    count: int
    rate: float | None  # % of the stage before; None for the first, or after nothing


def funnel(total: dict[str, int]) -> list[Stage]:
    counts = [
        ("see", total["view"]),
        ("think", total["click"]),
        ("do", total["application"] + total["referral"]),
        ("care", total["hire"]),
    ]
    stages, before = [], None
    for key, count in counts:
        stages.append(Stage(key, count, rate(count, before)))
        before = count
    return stages


def rate(part: int, whole: int | None) -> float | None:
    """`part` as a percentage of `whole`; None when there is no whole to divide by."""
    return None if not whole else 100.0 * part / whole


def measured_rates(stages: list[Stage]) -> dict[str, float | None]:
    return {"rate_click": stages[1].rate, "rate_do": stages[2].rate, "rate_hire": stages[3].rate}


@dataclass
class Row:
    """One vacancy's or one person's totals in the period."""

    subject: Vacancy | User | None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    bonus: int = 0


def by_vacancy(viewer: User, period: Period, scope: Scope, limit: int | None = None):
    """Totals per vacancy the viewer may read, busiest first; (rows, how many in all)."""
    rows = _grouped(period, scope, "vacancy_id")
    vacancies = (
        db.session.scalars(
            select(Vacancy).where(Vacancy.id.in_(list(rows)), visibility.readable(viewer))
        ).all()
        if rows
        else []
    )
    result = [Row(v, rows[v.id].counts, rows[v.id].bonus) for v in vacancies]
    result.sort(
        key=lambda r: (-r.counts["hire"], -r.counts["application"], -r.counts["view"], r.subject.id)
    )
    return (result[:limit] if limit else result), len(result)


def by_person(period: Period, scope: Scope, limit: int | None = None):
    """Totals per colleague (sharer or referrer), most referrals and hires first."""
    rows = _grouped(period, scope, "person_id")
    rows.pop(None, None)  # direct applications: nobody to credit
    people = db.session.scalars(select(User).where(User.id.in_(list(rows)))).all() if rows else []
    result = [Row(p, rows[p.id].counts, rows[p.id].bonus) for p in people]
    result.sort(
        key=lambda r: (
            -r.counts["hire"],
            -r.counts["referral"],
            -r.counts["application"],
            -r.counts["share"],
            r.subject.name,
        )
    )
    return (result[:limit] if limit else result), len(result)


def _grouped(period: Period, scope: Scope, column: str) -> dict:
    events = _events(period, scope)
    key = events.c[column]
    query = select(key, events.c.kind, func.count(), func.sum(events.c.bonus)).group_by(
        key, events.c.kind
    )
    rows: dict = defaultdict(lambda: Row(None))
    for subject_id, kind, count, bonus in db.session.execute(query):
        row = rows[subject_id]
        row.counts[kind] = row.counts.get(kind, 0) + count
        row.bonus += int(bonus or 0)
    return dict(rows)


# A whole dashboard ---------------------------------------------------------------------------

TABLE_LIMIT = 50  # rows per table on the page; the CSV has them all


@dataclass
class Dashboard:
    period: Period
    scope: Scope
    weeks: list[Week]
    totals: dict[str, int]
    funnel: list[Stage]
    bonus: int = 0
    vacancies: list[Row] | None = None
    vacancy_count: int = 0
    people: list[Row] | None = None
    people_count: int = 0
    target: Target | None = None
    mails: list[MailWeek] | None = None


def dashboard(
    viewer: User,
    period: Period,
    scope: Scope,
    limit: int | None = TABLE_LIMIT,
) -> Dashboard:
    """Everything one page shows, in a fixed number of queries whatever the data."""
    weeks = weekly(period, scope)
    total = totals(weeks)
    board = Dashboard(period, scope, weeks, total, funnel(total), bonus=sum(w.bonus for w in weeks))
    if scope.person_id is None:
        board.people, board.people_count = by_person(period, scope, limit)
    if scope.vacancy_id is None:
        board.vacancies, board.vacancy_count = by_vacancy(viewer, period, scope, limit)
        board.target = yearly_target(period.end.year, scope.person_id)
        board.mails = mails_avoided(period, scope.person_id)
    return board
