"""A person's vacancy calendar as iCalendar (RFC 5545), for Outlook, Google and Apple
Calendar to subscribe to: the open vacancies they may read (opening and closing days),
the interviews of their own referrals and their sharing rhythm. Built with icalendar.

What goes in is only what its owner may read, and no candidate's name: a subscribed
calendar lives on in other companies' servers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..links import absolute_url, base_url
from ..models import Referral, User, Vacancy
from ..platform.clock import local_date, utcnow
from . import sharing, vacancies

PRODID = "-//Kring//Vacancy calendar//EN"
INTERVIEW_LENGTH = timedelta(hours=1)
MAX_VACANCIES = 500


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    # How often subscribers fetch again (Outlook and Apple read one, Google neither).
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", timedelta(hours=1))
    return calendar


def _uid(kind: str, key) -> str:
    host = base_url().split("://", 1)[-1].split("/", 1)[0]
    return f"{kind}-{key}@{host}"


def _day_event(uid: str, day: date, summary: str, url: str, stamp: datetime):
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a vacancy's day does not make anyone busy
    return event


def _stamp(moment: datetime | None) -> datetime:
    """DTSTAMP from the data, not the clock: an unchanged calendar is the same bytes, so
    its ETag tells a subscriber that nothing changed."""
    return (moment or datetime(2000, 1, 1)).replace(tzinfo=UTC)


def vacancy_events(vacancy: Vacancy) -> list[icalendar.Event]:
    """Its opening day and, if it has one, its closing day (all-day, the agency's days)."""
    url = absolute_url("posts.show", post_id=vacancy.id)
    changed = _stamp(vacancy.edited_at or vacancy.created_at)
    events = [
        _day_event(
            _uid("vacancy-opens", vacancy.id),
            local_date(vacancy.created_at),
            _("Vacancy opens: %(title)s", title=vacancy.title),
            url,
            changed,
        )
    ]
    if vacancy.closes_on:
        events.append(
            _day_event(
                _uid("vacancy-closes", vacancy.id),
                vacancy.closes_on,
                _("Vacancy closes: %(title)s", title=vacancy.title),
                url,
                changed,
            )
        )
    for event in events:
        event.add("categories", [_("Vacancy")])
        if vacancy.location:
            event.add("location", vacancy.location)
    return events


def _interviews(user: User) -> list[icalendar.Event]:
    rows = db.session.scalars(
        select(Referral)
        .where(
            Referral.referrer_id == user.id,
            Referral.interview_at.is_not(None),
            Referral.erased_at.is_(None),
            Referral.status.not_in(("hired", "rejected")),
        )
        .order_by(Referral.interview_at)
    )
    events = []
    for referral in rows:
        start = referral.interview_at.replace(tzinfo=UTC)
        event = icalendar.Event()
        event.add("uid", _uid("interview", referral.id))
        event.add("dtstamp", _stamp(referral.status_changed_at))
        event.add("dtstart", start)
        event.add("dtend", start + INTERVIEW_LENGTH)
        title = referral.vacancy.title
        event.add("summary", _("Interview for your referral: %(title)s", title=title))
        event.add("url", absolute_url("referrals.show", referral_id=referral.id))
        event.add("categories", [_("Referral")])
        events.append(event)
    return events


def _share_reminder(user: User) -> list[icalendar.Event]:
    """One recurring all-day event on the person's sharing rhythm, from their next turn."""
    pref = sharing.preference(user)
    if pref is None or pref.rhythm not in sharing.RHYTHM_DAYS:
        return []
    days = sharing.RHYTHM_DAYS[pref.rhythm]
    last = pref.last_surfaced_at or pref.updated_at or utcnow()
    start = max(local_date(last) + timedelta(days=days), local_date(utcnow()))
    event = _day_event(
        _uid("share-reminder", user.id),
        start,
        _("Share Kring's open vacancies"),
        absolute_url("sharing.index"),
        _stamp(pref.updated_at),
    )
    event.add("rrule", {"freq": "daily", "interval": days})
    event.add("categories", [_("Sharing")])
    return [event]


def personal_calendar(user: User) -> bytes:
    """Everything in `user`'s calendar, as the bytes of one VCALENDAR."""
    calendar = _calendar(_("Kring vacancies"))
    readable = db.session.scalars(
        select(Vacancy)
        .where(*vacancies.readable_open(user))
        .order_by(Vacancy.created_at.desc(), Vacancy.id.desc())
        .limit(MAX_VACANCIES)
    )
    for vacancy in readable:
        for event in vacancy_events(vacancy):
            calendar.add_component(event)
    for event in [*_interviews(user), *_share_reminder(user)]:
        calendar.add_component(event)
    return calendar.to_ical()


def vacancy_calendar(vacancy: Vacancy) -> bytes:
    """One vacancy's days, for a download (the caller checked it may be read)."""
    calendar = _calendar(vacancy.title)
    for event in vacancy_events(vacancy):
        calendar.add_component(event)
    return calendar.to_ical()
