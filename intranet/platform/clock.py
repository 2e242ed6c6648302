"""The one place Kring asks for the time: naive UTC datetimes, as stored in the database."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def local_today(tz: ZoneInfo = AMSTERDAM) -> date:
    """Today's date where the agency works (a closing date is a local date)."""
    return datetime.now(tz).date()


def year_bounds(year: int, tz: ZoneInfo = AMSTERDAM) -> tuple[datetime, datetime]:
    """The local calendar year as naive UTC times (stored times are naive UTC): a referral
    made at half past midnight on New Year's Day counts in the new year."""

    def utc(y: int) -> datetime:
        return datetime(y, 1, 1, tzinfo=tz).astimezone(UTC).replace(tzinfo=None)

    return utc(year), utc(year + 1)


WORK_START, WORK_END = 9, 17  # working hours, local time, Monday to Friday


def working_seconds(start: datetime, end: datetime, tz: ZoneInfo = AMSTERDAM) -> float:
    """Seconds of working time (Mon–Fri 9:00–17:00 local) between two naive UTC times."""
    if end <= start:
        return 0.0
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
