"""Personal share links (a signed referral code) and counting what they yield, once per
visitor per day, never for bots."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, Signer
from sqlalchemy import func, select

from ..errors import Conflict, NotFound
from ..extensions import db
from ..models import Post, ShareEvent, User, Vacancy
from ..platform.clock import local_today, utcnow
from ..platform.database import insert_ignore, writes
from ..posting import visibility
from . import vacancies

SALT = "kring.share-link"
BOTS = re.compile(
    r"bot|crawl|spider|preview|facebookexternalhit|whatsapp|linkedinbot|"
    r"twitterbot|slackbot|curl|python-requests|headlesschrome|go-http-client|"
    r"okhttp|axios|node-fetch",
    re.IGNORECASE,
)
AHEAD = re.compile(r"prefetch|prerender|preview", re.IGNORECASE)  # Sec-Purpose, Purpose, …
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
MANY_AGENTS = 3  # browsers from one address in a day that count as visitors of their own


def _base36(number: int) -> str:
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = _DIGITS[rest] + text
        if not number:
            return text


def _signer() -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt=SALT, sep=".")


def make_code(sharer_id: int, vacancy_id: int) -> str:
    """`<sharer>-<vacancy>.<signature>`, short: both ids in base 36."""
    return _signer().sign(f"{_base36(sharer_id)}-{_base36(vacancy_id)}").decode()


@dataclass
class Arrival:
    """What a code on the public page says: who shared it (if valid), and whether a code
    was given but is not valid (forged, garbled, or for another vacancy)."""

    sharer: User | None = None
    invalid: bool = False
    valid: bool = False  # a genuine code for this vacancy (its sharer may have left)


def read_code(code: str | None, vacancy_id: int) -> Arrival:
    if not code:
        return Arrival()
    try:
        value = _signer().unsign(code.strip()[:100]).decode()
        sharer_part, vacancy_part = value.split("-")
        sharer_id, wanted = int(sharer_part, 36), int(vacancy_part, 36)
    except (BadSignature, ValueError, UnicodeDecodeError):
        return Arrival(invalid=True)
    if wanted != vacancy_id:
        return Arrival(invalid=True)
    sharer = db.session.get(User, sharer_id)
    # A colleague who left keeps no credit; the visitor did nothing wrong, so no notice.
    return Arrival(sharer=sharer if sharer is not None and sharer.is_active else None, valid=True)


def share_vacancy(user: User, post_id: int) -> Vacancy:
    """The vacancy `user` may share: readable, a vacancy, open and company-wide."""
    post = db.session.get(Post, post_id)
    if post is None or post.type != "vacancy" or not visibility.can_read(user, post):
        raise NotFound(_l("This vacancy does not exist or you may not read it."))
    if post.group is not None and post.group.is_private:
        raise Conflict(
            _l("Only vacancies for the whole company can be shared outside."), code="not_public"
        )
    if vacancies.get_shareable(post.id) is None:
        raise Conflict(
            _l("This vacancy is closed: it can no longer be shared."), code="vacancy_closed"
        )
    return post


def public_vacancy(post_id: int, closed_too: bool = False) -> Vacancy:
    """A vacancy the public page may show, or NotFound: an open, company-wide one to
    anyone; a closed one only with `closed_too` (a genuine share link for it, whose page
    then says it closed, or a colleague): nobody reads closed vacancies by trying numbers."""
    post = db.session.get(Post, post_id)
    if post is None or post.type != "vacancy" or (post.group is not None and post.group.is_private):
        raise NotFound(_l("This vacancy does not exist."))
    if not (closed_too or is_open(post)):
        raise NotFound(_l("This vacancy does not exist."))
    return post


def is_open(vacancy: Vacancy) -> bool:
    return vacancy.status == "open" and (
        vacancy.closes_on is None or vacancy.closes_on >= local_today()
    )


def is_shareable(vacancy: Vacancy) -> bool:
    """Open and for the whole company: what a share button and a personal link are for."""
    return is_open(vacancy) and (vacancy.group is None or not vacancy.group.is_private)


def is_bot(user_agent: str | None) -> bool:
    return not (user_agent or "").strip() or bool(BOTS.search(user_agent))


def is_ahead(purpose: str | None) -> bool:
    """A browser fetching the page in case someone opens it (a prefetch or prerender)."""
    return bool(AHEAD.search(purpose or ""))


def visitor(ip: str | None, user_agent: str | None, day: date | None = None) -> str:
    """A keyed hash of who visits on which day: reloads count once, nobody is stored."""
    day = day or local_today()
    message = f"{ip or ''}|{user_agent or ''}|{day.isoformat()}".encode()
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def count_event(
    vacancy_id: int,
    sharer_id: int | None,
    kind: str,
    visitor_key: str,
    channel: str = "",
    address: str = "",
) -> bool:
    """Count one event unless this visitor already caused it today. Flushes only.

    The unique keys decide, so two requests at once count once: a view has its own key
    without the sharer; the other kinds always have a sharer, or (an application) a key
    of their own."""
    return bool(
        insert_ignore(
            ShareEvent.__table__,
            {
                "vacancy_id": vacancy_id,
                "sharer_id": sharer_id,
                "kind": kind,
                "channel": channel,
                "visitor": visitor_key,
                "address": address,
                "created_at": utcnow(),
            },
        )
    )


@writes
def count_visit(
    vacancy: Vacancy,
    arrival: Arrival,
    ip: str | None,
    user_agent: str | None,
    purpose: str | None = None,
) -> None:
    """A rendered public page is a view (once per visitor and day, whichever link they
    came by); arriving through a valid personal link is also a click for that sharer,
    only ever beside a view. Bots and prefetches count for nothing. A visitor is an
    address and a browser; past MANY_AGENTS browsers from one address on one day, the
    address alone (an office behind one address counts a few, a script rotating its
    User-Agent no more)."""
    if is_bot(user_agent) or is_ahead(purpose):
        return
    day = local_today()
    address, key = visitor(ip, "", day), visitor(ip, user_agent, day)
    if not _viewed(vacancy.id, key) and _agents(vacancy.id, address) >= MANY_AGENTS:
        key = address
    sharer_id = arrival.sharer.id if arrival.sharer else None
    count_event(vacancy.id, sharer_id, "view", key, address=address)
    if sharer_id is not None and _viewed(vacancy.id, key):
        count_event(vacancy.id, sharer_id, "click", key, address=address)


def _viewed(vacancy_id: int, key: str) -> bool:
    return (
        db.session.scalar(
            select(ShareEvent.id).where(
                ShareEvent.vacancy_id == vacancy_id,
                ShareEvent.kind == "view",
                ShareEvent.visitor == key,
            )
        )
        is not None
    )


def _agents(vacancy_id: int, address: str) -> int:
    """The visitors one address (today: the key holds the day) brought to a vacancy."""
    return db.session.scalar(
        select(func.count())
        .select_from(ShareEvent)
        .where(
            ShareEvent.vacancy_id == vacancy_id,
            ShareEvent.address == address,
            ShareEvent.kind == "view",
        )
    )
