"""What sharing and referring yield: weekly figures, the funnel, per vacancy and per person.

Every figure comes from a few GROUP BY queries over one union of events, bucketed by UTC
day in SQL (`date()` exists in SQLite and PostgreSQL alike) and folded into ISO weeks here.

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
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, String, case, func, literal_column, or_, select, union_all

from ..clock import local_today
from ..errors import Forbidden, NotFound, ValidationError
from ..extensions import db
from ..models import Notification, Referral, ShareEvent, User, Vacancy
from . import visibility

METRICS = ("view", "click", "share", "application", "referral", "hire")
DEFAULT_WEEKS = 12
MAX_DAYS = 731  # two years: weekly tables stay readable
YEARLY_TARGET = 10  # referrals per employee per year, what good programmes reach
TARGET_BUCKETS = ((0, 0), (1, 1), (2, 4), (5, 9), (10, None))  # inclusive ranges


@dataclass(frozen=True)
class Period:
    """Whole days, both ends included."""

    start: date
    end: date

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time())

    @property
    def until(self) -> datetime:  # exclusive
        return datetime.combine(self.end + timedelta(days=1), time())

    def weeks(self) -> list[date]:
        """The Monday of every ISO week the period touches."""
        monday = self.start - timedelta(days=self.start.weekday())
        return [monday + timedelta(weeks=n) for n in range((self.end - monday).days // 7 + 1)]


@dataclass(frozen=True)
class Scope:
    """Whose figures: everything, one vacancy, or one person's (their links and referrals)."""

    vacancy_id: int | None = None
    person_id: int | None = None


def default_period(today: date | None = None) -> Period:
    today = today or local_today()
    monday = today - timedelta(days=today.weekday())
    return Period(monday - timedelta(weeks=DEFAULT_WEEKS - 1), today)


def parse_period(start: str | None, end: str | None, today: date | None = None) -> Period:
    """`?from=&to=` as ISO dates; either may be left out. Raises ValidationError."""
    default = default_period(today)
    errors, days = {}, {}
    for name, raw, fallback in (("from", start, default.start), ("to", end, default.end)):
        raw = (raw or "").strip()
        try:
            days[name] = date.fromisoformat(raw) if raw else fallback
        except ValueError:
            errors[name] = _l("Enter a date as YYYY-MM-DD, e.g. 2026-03-31.")
    if errors:
        raise ValidationError.many(errors)
    if days["from"] > days["to"]:
        raise ValidationError("from", _l("The start date must not be after the end date."))
    if (days["to"] - days["from"]).days >= MAX_DAYS:
        raise ValidationError("from", _l("Choose a period of at most two years."))
    return Period(days["from"], days["to"])


# Who may see what ----------------------------------------------------------------------------

def scope_for(viewer: User, person_id: int | None = None,
              vacancy_id: int | None = None) -> Scope:
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
    if vacancy is None or not isinstance(vacancy, Vacancy) or not \
            visibility.can_read(viewer, vacancy):
        raise NotFound(_l("This vacancy does not exist, or you may not see it."))
    return vacancy


# The events, as one union --------------------------------------------------------------------

def _events(period: Period, scope: Scope):
    """(kind, vacancy_id, person_id, at, bonus) of every event in the period and scope."""
    shares = select(ShareEvent.kind.label("kind"), ShareEvent.vacancy_id.label("vacancy_id"),
                    ShareEvent.sharer_id.label("person_id"),
                    ShareEvent.created_at.label("at"), _constant("0", Integer).label("bonus"))
    referred = select(_constant("'referral'", String), Referral.vacancy_id,
                      Referral.referrer_id, Referral.created_at, _constant("0", Integer)) \
        .where(Referral.source == "referral")
    hired = select(_constant("'hire'", String), Referral.vacancy_id,
                   Referral.referrer_id, Referral.hired_at, func.coalesce(Referral.bonus, 0)) \
        .where(Referral.status == "hired")
    branches = [
        _within(shares, ShareEvent.created_at, ShareEvent.vacancy_id, ShareEvent.sharer_id,
                period, scope),
        _within(referred, Referral.created_at, Referral.vacancy_id, Referral.referrer_id,
                period, scope),
        _within(hired, Referral.hired_at, Referral.vacancy_id, Referral.referrer_id,
                period, scope),
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


def _day(value) -> date:
    """SQLite returns date() as text, PostgreSQL as a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


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
    day = func.date(events.c.at)
    rows = db.session.execute(select(events.c.kind, day, func.count(), func.sum(events.c.bonus))
                              .group_by(events.c.kind, day))
    weeks = {monday: Week(monday) for monday in period.weeks()}
    for kind, value, count, bonus in rows:
        week = weeks.get(_monday(_day(value)))
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
    counts = [("see", total["view"]), ("think", total["click"]),
              ("do", total["application"] + total["referral"]), ("care", total["hire"])]
    stages, before = [], None
    for key, count in counts:
        stages.append(Stage(key, count, rate(count, before)))
        before = count
    return stages


def rate(part: int, whole: int | None) -> float | None:
    """`part` as a percentage of `whole`; None when there is no whole to divide by."""
    return None if not whole else 100.0 * part / whole


def measured_rates(stages: list[Stage]) -> dict[str, float | None]:
    return {"rate_click": stages[1].rate, "rate_do": stages[2].rate,
            "rate_hire": stages[3].rate}


@dataclass
class Row:
    """One vacancy's or one person's totals in the period."""

    subject: Vacancy | User | None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    bonus: int = 0


def by_vacancy(viewer: User, period: Period, scope: Scope, limit: int | None = None):
    """Totals per vacancy the viewer may read, busiest first; (rows, how many in all)."""
    rows = _grouped(period, scope, "vacancy_id")
    vacancies = db.session.scalars(select(Vacancy).where(
        Vacancy.id.in_(list(rows)), visibility.readable(viewer))).all() if rows else []
    result = [Row(v, rows[v.id].counts, rows[v.id].bonus) for v in vacancies]
    result.sort(key=lambda r: (-r.counts["hire"], -r.counts["application"],
                               -r.counts["view"], r.subject.id))
    return (result[:limit] if limit else result), len(result)


def by_person(period: Period, scope: Scope, limit: int | None = None):
    """Totals per colleague (sharer or referrer), most referrals and hires first."""
    rows = _grouped(period, scope, "person_id")
    rows.pop(None, None)  # direct applications: nobody to credit
    people = db.session.scalars(select(User).where(User.id.in_(list(rows)))).all() \
        if rows else []
    result = [Row(p, rows[p.id].counts, rows[p.id].bonus) for p in people]
    result.sort(key=lambda r: (-r.counts["hire"], -r.counts["referral"],
                               -r.counts["application"], -r.counts["share"], r.subject.name))
    return (result[:limit] if limit else result), len(result)


def _grouped(period: Period, scope: Scope, column: str) -> dict:
    events = _events(period, scope)
    key = events.c[column]
    query = select(key, events.c.kind, func.count(), func.sum(events.c.bonus)) \
        .group_by(key, events.c.kind)
    rows: dict = defaultdict(lambda: Row(None))
    for subject_id, kind, count, bonus in db.session.execute(query):
        row = rows[subject_id]
        row.counts[kind] = row.counts.get(kind, 0) + count
        row.bonus += int(bonus or 0)
    return dict(rows)


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
    since, until = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    per_person = dict(db.session.execute(
        select(Referral.referrer_id, func.count())
        .where(Referral.created_at >= since, Referral.created_at < until,
               Referral.referrer_id.is_not(None))
        .group_by(Referral.referrer_id)).all())
    if person_id is not None:
        own = per_person.get(person_id, 0)
        return Target(year, 1, own, int(own >= YEARLY_TARGET), int(own >= 2), [], own=own)
    people = db.session.scalar(select(func.count()).select_from(User)
                               .where(User.deactivated_at.is_(None))) or 0
    counts = list(per_person.values())
    counts += [0] * max(people - len(counts), 0)  # colleagues who referred nobody
    return Target(year, people, sum(counts), sum(c >= YEARLY_TARGET for c in counts),
                  sum(c >= 2 for c in counts), _distribution(counts))


def _distribution(counts: list[int]):
    return [((low, high), sum(low <= c and (high is None or c <= high) for c in counts))
            for low, high in TARGET_BUCKETS]


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
    replaced, per week they were sent, mentions apart."""
    day = func.date(Notification.created_at)
    is_mention = or_(Notification.kinds.like("%,mention,%"),
                     Notification.kinds.like("%,group_mention,%"))
    query = select(day, func.sum(case((is_mention, 1), else_=0)), func.count()).where(
        Notification.read_at.is_not(None), Notification.emailed_at.is_(None),
        Notification.created_at >= period.since, Notification.created_at < period.until,
    ).group_by(day)
    if person_id is not None:
        query = query.where(Notification.user_id == person_id)
    weeks = {monday: MailWeek(monday) for monday in period.weeks()}
    for value, mentions, count in db.session.execute(query):
        week = weeks.get(_monday(_day(value)))
        if week is not None:
            week.mentions += int(mentions or 0)
            week.other += count - int(mentions or 0)
    return list(weeks.values())


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


def dashboard(viewer: User, period: Period, scope: Scope, limit: int | None = TABLE_LIMIT,
              ) -> Dashboard:
    """Everything one page shows, in a fixed number of queries whatever the data."""
    weeks = weekly(period, scope)
    total = totals(weeks)
    board = Dashboard(period, scope, weeks, total, funnel(total),
                      bonus=sum(w.bonus for w in weeks))
    if scope.person_id is None:
        board.people, board.people_count = by_person(period, scope, limit)
    if scope.vacancy_id is None:
        board.vacancies, board.vacancy_count = by_vacancy(viewer, period, scope, limit)
        board.target = yearly_target(period.end.year, scope.person_id)
        board.mails = mails_avoided(period, scope.person_id)
    return board
