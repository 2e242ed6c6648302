"""The one place Kring asks for the time: naive UTC datetimes, as stored in the database,
and the agency's calendar in its own zone (KRING_TIMEZONE)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, has_app_context

from ..config import Defaults


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def zone(name: str) -> ZoneInfo:
    """The IANA zone `name`; a ValueError that says which setting is wrong if there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not a time zone (e.g. Europe/Amsterdam)") from None


def agency_zone() -> ZoneInfo:
    """Where the agency works (KRING_TIMEZONE): its days, years and working hours. Outside
    an app (a module computing a date at import time) the default zone."""
    name = current_app.config["KRING_TIMEZONE"] if has_app_context() else Defaults.KRING_TIMEZONE
    return zone(name)


def local_today(tz: ZoneInfo | None = None) -> date:
    """Today's date where the agency works (a closing date is a local date)."""
    return datetime.now(tz or agency_zone()).date()


def local_date(moment: datetime, tz: ZoneInfo | None = None) -> date:
    """The agency's calendar day of a stored (naive UTC) moment."""
    return moment.replace(tzinfo=UTC).astimezone(tz or agency_zone()).date()


def local_midnight(day: date, tz: ZoneInfo | None = None) -> datetime:
    """The start of the agency's `day`, as a naive UTC time (to compare stored times with)."""
    start = datetime.combine(day, time(), tzinfo=tz or agency_zone())
    return start.astimezone(UTC).replace(tzinfo=None)


def year_bounds(year: int, tz: ZoneInfo | None = None) -> tuple[datetime, datetime]:
    """The local calendar year as naive UTC times (stored times are naive UTC): a referral
    made at half past midnight on New Year's Day counts in the new year."""
    tz = tz or agency_zone()
    return local_midnight(date(year, 1, 1), tz), local_midnight(date(year + 1, 1, 1), tz)


def offsets(since: datetime, until: datetime, tz: ZoneInfo | None = None):
    """The zone's UTC offset over [since, until) (naive UTC) as [(from, seconds), …]: the
    first entry from `since`, then one for every change (summer time), to the second."""
    tz = tz or agency_zone()

    def offset(moment: datetime) -> int:
        return int(moment.replace(tzinfo=UTC).astimezone(tz).utcoffset().total_seconds())

    found, moment = [(since, offset(since))], since
    while moment < until:
        step = min(moment + timedelta(days=1), until)
        if offset(step) != found[-1][1]:
            low, high = moment, step  # the change lies in (low, high]: halve to the second
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if offset(middle) == found[-1][1] else (low, middle)
            found.append((high.replace(microsecond=0), offset(high)))
        moment = step
    return found


WORK_START, WORK_END = 9, 17  # working hours, local time, Monday to Friday


def working_seconds(start: datetime, end: datetime, tz: ZoneInfo | None = None) -> float:
    """Seconds of working time (Mon–Fri 9:00–17:00 local) between two naive UTC times."""
    if end <= start:
        return 0.0
    tz = tz or agency_zone()
    local_start = start.replace(tzinfo=UTC).astimezone(tz)
    local_end = end.replace(tzinfo=UTC).astimezone(tz)
    total, day = 0.0, local_start.date()
    while day <= local_end.date():
        if day.weekday() < 5:
            opens = datetime(day.year, day.month, day.day, WORK_START, tzinfo=tz)
            closes = datetime(day.year, day.month, day.day, WORK_END, tzinfo=tz)
            begin, finish = max(opens, local_start), min(closes, local_end)
            if finish > begin:
                total += (finish - begin).total_seconds()
        day += timedelta(days=1)
    return total
