"""The one place Kring asks for the time: naive UTC datetimes, as stored in the database."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def local_today(tz: ZoneInfo = AMSTERDAM) -> date:
    """Today's date where the agency works (a closing date is a local date)."""
    return datetime.now(tz).date()
