"""The post a mail becomes: the subject first, then the sender's own words, a calendar
invitation's event, what they forwarded (as a quote with its sender and date), the
colleagues in To/Cc as mentions and a note on what could not be kept. Written in the
author's language and time zone."""

from __future__ import annotations

import re
from datetime import datetime

from babel import dates
from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Group, User
from ..platform.clock import agency_zone, zone
from ..posting import visibility
from ..text.markdown import HANDLE
from . import addresses
from .events import Event, all_day_end
from .parsing import ParsedMail
from .trimming import Forward

_HANDLE = re.compile(r"(?<![\w/@.])@(" + HANDLE + r")(?![\w@])", re.IGNORECASE)


def post_text(
    mail: ParsedMail, author: User, subject: str | bool = True, body: str | None = None
) -> str:
    """Subject as the first line, then the body; To/Cc colleagues become @mentions."""
    language = author.language if author.language in current_app.config["KRING_LANGUAGES"] else None
    with force_locale(language or current_app.config["KRING_DEFAULT_LANGUAGE"]):
        return _written(mail, author, subject, body)


def _written(mail: ParsedMail, author: User, subject: str | bool, body: str | None) -> str:
    parts = []
    if subject is not False:
        title = mail.subject if subject is True else subject
        if mail.event is not None and mail.event.title:
            title = _event_title(mail.event)
        if title.strip():
            parts.append(title.strip())
    text = mail.body if body is None else body
    if text.strip():
        parts.append(text.strip())
    if mail.event is not None:
        parts.append(event_text(mail.event, author))
    parts = [_quiet_strangers(p) for p in parts]
    room = current_app.config["KRING_BODY_MAX"] - sum(len(p) + 2 for p in parts) - 600
    for forward in mail.forwards:
        quote = forward_text(forward, max(room, 200))
        parts.append(_quiet_strangers(quote))
        room -= len(quote) + 2
    mentioned = _mentions(mail, author, "\n".join(parts))
    if mentioned:
        parts.append("CC: " + " ".join(mentioned))
    if mail.attachments:
        names = ", ".join(a.replace("*", "").replace("_", " ") for a in mail.attachments[:20])
        parts.append(
            "_"
            + _("Not kept in Kring (posts have no attachments yet): %(names)s", names=names)
            + "_"
        )
    return "\n\n".join(parts) or _("(empty message)")


def _event_title(event: Event) -> str:
    if event.method == "CANCEL":
        return _("Cancelled: %(title)s", title=event.title)
    return event.title


def event_text(event: Event, author: User) -> str:
    """When and where, in the author's zone and language."""
    lines = []
    when = _when(event, zone(author.timezone) if author.timezone else agency_zone())
    if when:
        lines.append(_("When: %(when)s", when=when))
    if event.location:
        lines.append(_("Where: %(where)s", where=event.location))
    text = "\n".join(lines)
    if event.description:
        text += "\n\n" + event.description
    return text


def _when(event: Event, tz) -> str:
    locale = get_locale()
    if event.start is None:
        return ""
    if event.all_day:
        last = all_day_end(event)
        first = dates.format_date(event.start, "full", locale=locale)
        if last in (None, event.start):
            return first
        return f"{first} – {dates.format_date(last, 'full', locale=locale)}"
    moment = "EEEE d MMMM y, HH:mm"
    text = dates.format_datetime(event.start, moment, tzinfo=tz, locale=locale)
    if isinstance(event.end, datetime):
        same_day = event.end.astimezone(tz).date() == event.start.astimezone(tz).date()
        text += "–" + dates.format_datetime(
            event.end, "HH:mm" if same_day else moment, tzinfo=tz, locale=locale
        )
    return text


def forward_text(forward: Forward, room: int) -> str:
    """A forwarded message as a quote: who sent it and when, its subject, its text."""
    heading = _("Forwarded message")
    who = ", ".join(v for v in (forward.sender, forward.date) if v)
    lines = [f"**{heading}**" + (f" — {who}" if who else "")]
    if forward.subject:
        lines.append(_("Subject: %(subject)s", subject=forward.subject))
    lines.append("")
    body = forward.body if len(forward.body) <= room else forward.body[:room].rstrip() + " …"
    lines += body.split("\n")
    return "\n".join(("> " + line).rstrip() for line in lines)


def _quiet_strangers(text: str) -> str:
    """Mail is full of '@something' that names nobody here (a Twitter name, '@home'):
    those are kept as text instead of refusing the post as a mention of nobody."""
    found = {m.group(1).lower() for m in _HANDLE.finditer(text)}
    if not found:
        return text
    known = set(db.session.scalars(select(User.handle).where(User.handle.in_(found))))
    known |= set(db.session.scalars(select(Group.handle).where(Group.handle.in_(found))))
    return _HANDLE.sub(
        lambda m: m.group(0) if m.group(1).lower() in known else "@\u2060" + m.group(1), text
    )


def _mentions(mail: ParsedMail, author: User, text: str) -> list[str]:
    handles = []
    colleagues = db.session.scalars(
        select(User).where(User.email.in_(mail.recipients), User.deactivated_at.is_(None))
    )
    for user in colleagues:
        if user.id != author.id and f"@{user.handle}" not in text:
            handles.append(f"@{user.handle}")
    for address in mail.recipients:
        target = addresses.resolve(address)
        if (
            target is not None
            and target.kind == "group"
            and visibility.can_read_group(author, target.group)
            and f"@{target.group.handle}" not in text
        ):
            handles.append(f"@{target.group.handle}")
    return handles
