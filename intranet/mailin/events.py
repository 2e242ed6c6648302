"""Calendar invitations (text/calendar, .ics): the event's title, time and place, never the
raw BEGIN:VCALENDAR text. Pure: bytes in, an Event out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar

MAX_ICS = 256 * 1024
# Conferencing blocks that invitations carry in their description (Teams, Meet, Zoom).
_CONFERENCE = re.compile(
    r"^_{10,}|^-{10,}|^(microsoft teams|join (the )?(meeting|zoom)|deelnemen aan|"
    r"neem deel aan|meeting id|vergadering-id|google meet|join with google meet)",
    re.IGNORECASE,
)


@dataclass
class Event:
    method: str  # REQUEST, PUBLISH, CANCEL, REPLY, …
    title: str
    start: datetime | date | None  # aware datetime, or a date for an all-day event
    end: datetime | date | None
    location: str
    description: str

    @property
    def all_day(self) -> bool:
        return isinstance(self.start, date) and not isinstance(self.start, datetime)


def read_event(data: bytes | str) -> Event | None:
    """The first event of a calendar object, or None if there is none to read."""
    if isinstance(data, str):
        data = data.encode("utf-8", "replace")
    if len(data) > MAX_ICS:
        return None
    try:
        calendar = icalendar.Calendar.from_ical(data)
        event = next(iter(calendar.walk("VEVENT")), None)
        if event is None:
            return None
        start, end = _moment(event.get("dtstart")), _moment(event.get("dtend"))
        if end is None and start is not None and event.get("duration") is not None:
            end = start + event.get("duration").dt
        return Event(
            method=str(calendar.get("method") or "PUBLISH").upper()[:20],
            title=_text(event.get("summary"))[:200],
            start=start,
            end=end,
            location=_text(event.get("location"))[:200],
            description=_description(str(event.get("description") or "")),
        )
    except Exception:  # an invitation nobody can read is no event; the text part remains
        return None


def _moment(prop) -> datetime | date | None:
    if prop is None:
        return None
    value = prop.dt
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # floating time: taken as UTC
    return value if isinstance(value, date) else None


def _text(value) -> str:
    return " ".join(str(value or "").split()) if value is not None else ""


def _description(text: str) -> str:
    """What the organiser wrote, without the conferencing block under it."""
    kept = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if _CONFERENCE.match(line.strip()):
            break
        kept.append(line.rstrip())
    return "\n".join(kept).strip()[:2000]


def all_day_end(event: Event) -> date | None:
    """The last day of an all-day event (DTEND is the day after it)."""
    if not event.all_day or not isinstance(event.end, date):
        return None
    return event.end - timedelta(days=1)
