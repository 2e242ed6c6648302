"""Periods of whole days, from `?from=&to=`, and the ISO weeks they touch: days of the
agency's calendar (KRING_TIMEZONE), also when SQL groups stored moments by day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Interval, String, case, func, literal_column

from ..errors import ValidationError
from ..extensions import db
from ..platform.clock import local_midnight, local_today, offsets

DEFAULT_WEEKS = 12
MAX_DAYS = 731  # two years: weekly tables stay readable
YEARS = (2000, 2100)  # Kring's data lies well inside; far dates overflow date arithmetic


@dataclass(frozen=True)
class Period:
    """Whole days, both ends included."""

    start: date
    end: date

    @property
    def since(self) -> datetime:
        """The first day's local midnight, as the naive UTC time moments are stored in."""
        return local_midnight(self.start)

    @property
    def until(self) -> datetime:  # exclusive
        return local_midnight(self.end + timedelta(days=1))

    def weeks(self) -> list[date]:
        """The Monday of every ISO week the period touches."""
        monday = self.start - timedelta(days=self.start.weekday())
        return [monday + timedelta(weeks=n) for n in range((self.end - monday).days // 7 + 1)]


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
            continue
        if not YEARS[0] <= days[name].year <= YEARS[1]:
            errors[name] = _l(
                "Choose a date between %(first)d and %(last)d.", first=YEARS[0], last=YEARS[1]
            )
    if errors:
        raise ValidationError.many(errors)
    if days["from"] > days["to"]:
        raise ValidationError("from", _l("The start date must not be after the end date."))
    if (days["to"] - days["from"]).days >= MAX_DAYS:
        raise ValidationError("from", _l("Choose a period of at most two years."))
    return Period(days["from"], days["to"])


def local_day(moment, period: Period):
    """SQL for the agency's calendar day of a stored (naive UTC) moment in the period:
    `date()` of the moment shifted by the zone's UTC offset, which changes at most a few
    times in a period (summer time), so a CASE of a few branches. Everything is written
    into the statement, no parameters: PostgreSQL must see the same expression in SELECT
    and GROUP BY."""
    postgres = db.session.get_bind().dialect.name == "postgresql"

    def shift(seconds: int):
        text = f"{seconds:+d} seconds"  # an int: nothing else can get in here
        if postgres:
            return literal_column(f"INTERVAL '{text}'", Interval)
        return literal_column(f"'{text}'", String)

    changes = offsets(period.since, period.until)
    shifted = shift(changes[-1][1])
    if len(changes) > 1:
        shifted = case(
            *(
                (moment < literal_column(f"'{start:%Y-%m-%d %H:%M:%S}'"), shift(seconds))
                for (_, seconds), (start, _) in zip(changes, changes[1:], strict=False)
            ),
            else_=shifted,
        )
    return func.date(moment + shifted) if postgres else func.date(moment, shifted)


def day_of(value) -> date:
    """SQLite returns date() as text, PostgreSQL as a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
