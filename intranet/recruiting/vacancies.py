"""The vacancy board: open vacancies a reader may read, their calendar, and closing them.

A vacancy is open while its status is `open` and its closing date (a local date) has not
passed. The board asks both, so a vacancy past its date never shows, even before the
periodic sweep (`close_expired`) has set its status.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import joinedload, selectinload

from ..errors import BadRequest
from ..extensions import db
from ..models import AnyPost, Group, PostTag, PostType, Tag, User, Vacancy
from ..platform.clock import local_date, local_today
from ..platform.database import writes
from ..posting import visibility
from ..posting.feeds import encode_cursor, older_than
from ..search.pending import queue_posts
from ..text.normalize import name_key

MAX_HOURS = 80


@dataclass
class BoardQuery:
    department: str | None = None
    location: str | None = None
    min_hours: int | None = None
    max_hours: int | None = None
    tag: str | None = None
    cursor: str | None = None
    limit: int = 20


@dataclass
class Board:
    items: list[Vacancy]
    next_cursor: str | None = None
    departments: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)


def is_open(vacancy: Vacancy, today: date | None = None) -> bool:
    today = today or local_today()
    return vacancy.status == "open" and (vacancy.closes_on is None or vacancy.closes_on >= today)


def open_condition(today: date | None = None):
    """SQL: open, and not past its closing date (whether or not the sweep ran)."""
    today = today or local_today()
    return and_(
        Vacancy.status == "open", or_(Vacancy.closes_on.is_(None), Vacancy.closes_on >= today)
    )


def feed_conditions(viewer: User) -> list:
    """SQL conditions on AnyPost: the open vacancies `viewer` may read (their feed)."""
    vacancy = AnyPost.Vacancy
    return [
        AnyPost.type == PostType.VACANCY,
        AnyPost.parent_id.is_(None),
        visibility.readable(viewer),
        vacancy.status == "open",
        or_(vacancy.closes_on.is_(None), vacancy.closes_on >= local_today()),
    ]


def readable_open(viewer: User) -> list:
    return [Vacancy.parent_id.is_(None), visibility.readable(viewer), open_condition()]


def _filters(query: BoardQuery) -> list:
    conditions = []
    if query.department:
        conditions.append(Vacancy.department == query.department)
    if query.location:
        conditions.append(Vacancy.location == query.location)
    if query.min_hours is not None:
        conditions.append(Vacancy.hours >= query.min_hours)
    if query.max_hours is not None:
        conditions.append(Vacancy.hours <= query.max_hours)
    if query.tag:
        conditions.append(
            Vacancy.id.in_(
                select(PostTag.post_id).join(Tag).where(Tag.name == name_key(query.tag).lstrip("#"))
            )
        )
    if query.cursor:
        conditions.append(older_than(query.cursor, Vacancy))
    return conditions


def parse_hours(value) -> int | None:
    """Hours from a form or query string; empty means no limit."""
    if value in (None, ""):
        return None
    try:
        hours = int(str(value).strip())
    except ValueError:
        hours = -1
    if not 0 <= hours <= MAX_HOURS:
        raise BadRequest(
            _l("Hours are a whole number from 0 to %(max)s.", max=MAX_HOURS), code="bad_hours"
        )
    return hours


def list_board(viewer: User, query: BoardQuery) -> Board:
    """Open vacancies, newest first, a page at a time: four queries whatever the page size."""
    if (
        query.min_hours is not None
        and query.max_hours is not None
        and query.min_hours > query.max_hours
    ):  # nothing could match: say why
        raise BadRequest(
            _l(
                "At least %(min)s hours is more than at most %(max)s hours: "
                "swap them, or leave one empty.",
                min=query.min_hours,
                max=query.max_hours,
            ),
            code="bad_hours_range",
        )
    statement = (
        select(Vacancy)
        .where(*readable_open(viewer), *_filters(query))
        .order_by(Vacancy.created_at.desc(), Vacancy.id.desc())
        .limit(query.limit + 1)
        .options(joinedload(Vacancy.author), joinedload(Vacancy.group), selectinload(Vacancy.tags))
    )
    found = list(db.session.scalars(statement).unique())
    board = Board(items=found[: query.limit])
    if len(found) > query.limit:
        board.next_cursor = encode_cursor(board.items[-1])
    board.departments = _distinct(viewer, Vacancy.department)
    board.locations = _distinct(viewer, Vacancy.location)
    return board


def _distinct(viewer: User, column) -> list[str]:
    """The values of `column` among open vacancies, for the filter's choices."""
    return list(
        db.session.scalars(
            select(column)
            .where(*readable_open(viewer), column.is_not(None))
            .distinct()
            .order_by(column)
        )
    )


# The calendar ------------------------------------------------------------------------------


def parse_month(value: str | None) -> date:
    """`YYYY-MM` → the first of that month; empty → this month."""
    if not value:
        return local_today().replace(day=1)
    try:
        first = datetime.strptime(value.strip(), "%Y-%m").date()
    except ValueError:
        raise BadRequest(_l("Give the month as YYYY-MM, e.g. 2026-03."), code="bad_month") from None
    if not 2000 <= first.year <= 2100:
        raise BadRequest(_l("Give the month as YYYY-MM, e.g. 2026-03."), code="bad_month")
    return first


def month_grid(first: date) -> list[list[date | None]]:
    """Weeks (Monday first) of the month; days of other months are None."""
    return [
        [day if day.month == first.month else None for day in week]
        for week in calendar.Calendar().monthdatescalendar(first.year, first.month)
    ]


def calendar_events(viewer: User, first: date) -> dict[date, list[tuple[str, Vacancy]]]:
    """What happens on each day of the month: ("opens", v) or ("closes", v). One query."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    since = datetime.combine(first - timedelta(days=1), datetime.min.time())
    until = datetime.combine(last + timedelta(days=2), datetime.min.time())
    statement = (
        select(Vacancy)
        .where(
            Vacancy.parent_id.is_(None),
            visibility.readable(viewer),
            or_(
                and_(Vacancy.created_at >= since, Vacancy.created_at < until),
                and_(Vacancy.closes_on >= first, Vacancy.closes_on <= last),
            ),
        )
        .order_by(Vacancy.created_at, Vacancy.id)
    )
    days: dict[date, list[tuple[str, Vacancy]]] = {}
    for vacancy in db.session.scalars(statement):
        opened = local_date(vacancy.created_at)
        if first <= opened <= last:
            days.setdefault(opened, []).append(("opens", vacancy))
        if vacancy.closes_on and first <= vacancy.closes_on <= last:
            days.setdefault(vacancy.closes_on, []).append(("closes", vacancy))
    return days


# Closing ------------------------------------------------------------------------------------


@writes
def close_expired(today: date | None = None) -> int:
    """Close every open vacancy past its closing date in one UPDATE; safe to run twice."""
    today = today or local_today()
    closed = list(
        db.session.scalars(
            update(Vacancy)
            .where(Vacancy.type == "vacancy", Vacancy.status == "open", Vacancy.closes_on < today)
            .values(status="closed")
            .returning(Vacancy.id)
            .execution_options(synchronize_session=False)
        )
    )
    if closed:
        queue_posts(closed)
    return len(closed)


def shareable():
    """A condition on Vacancy: open, not past its closing date, readable by everyone."""
    public_groups = select(Group.id).where(Group.is_private.is_(False))
    return and_(
        Vacancy.type == "vacancy",
        Vacancy.status == "open",
        or_(Vacancy.closes_on.is_(None), Vacancy.closes_on >= local_today()),
        or_(Vacancy.group_id.is_(None), Vacancy.group_id.in_(public_groups)),
    )


MAX_PUBLIC = 200


def company_wide(query: BoardQuery) -> list[Vacancy]:
    """The open vacancies for the whole company (no group's), for the intranet widget and
    the careers site: newest first, filtered by department, place and tag."""
    statement = (
        select(Vacancy)
        .where(shareable(), Vacancy.group_id.is_(None), *_filters(query))
        .order_by(Vacancy.created_at.desc(), Vacancy.id.desc())
        .limit(min(query.limit, MAX_PUBLIC))
        .options(selectinload(Vacancy.tags))
    )
    return list(db.session.scalars(statement))


def get_shareable(vacancy_id: int) -> Vacancy | None:
    return db.session.scalar(select(Vacancy).where(Vacancy.id == vacancy_id, shareable()))
