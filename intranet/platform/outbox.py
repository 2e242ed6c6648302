"""Exactly-once e-mail: each message Kring owes is a row with a natural key (user, kind,
key). A sender claims it with a lease, sends, and marks it sent after the server's 250.

Mail that a request asks for (a sign-up link, an invitation) is a row first too: the
use-case writes it (`write`) in its own transaction and a job sends it after the commit,
so a request never waits for, or fails with, the SMTP server.

- Two schedulers at once: the row's unique key and the conditional claim let one win.
- SMTP down: the row is marked failed and retried later (backing off); never sent twice.
- Killed mid-run: an expired lease is claimed again. The Message-ID is fixed per row, so
  should the server have accepted the message just before the crash, the copy carries the
  same Message-ID and mail systems treat it as the same message.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, bindparam, or_, select, update

from ..extensions import db
from ..models import OutboundMail
from .clock import utcnow
from .database import insert_ignore, writes
from .mailer import Mail, Mailer

log = logging.getLogger("kring.mail")
LEASE = timedelta(minutes=10)
RETRY = (timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30), timedelta(hours=2))
MAX_ATTEMPTS = 8


def message_id(row: OutboundMail) -> str:
    domain = current_app.config.get("KRING_MAIL_DOMAIN") or "kring.local"
    if row.user_id is None:
        return f"<{row.kind}-{row.key}@{domain}>"
    return f"<{row.kind}-{row.user_id}-{row.key}@{domain}>"


def _claimable(now):
    """Rows a sender may take now: never tried, due for a retry, or whose lease ran out."""
    return and_(
        OutboundMail.attempts < MAX_ATTEMPTS,
        or_(
            OutboundMail.status == "pending",
            (OutboundMail.status == "failed") & (OutboundMail.next_attempt_at <= now),
            (OutboundMail.status == "sending") & (OutboundMail.lease_until < now),
        ),
    )


def _take(*where) -> bool:
    """The conditional UPDATE that leases one row: True if this sender got it."""
    now = utcnow()
    return bool(
        db.session.execute(
            update(OutboundMail)
            .where(*where, _claimable(now))
            .values(status="sending", lease_until=now + LEASE, attempts=OutboundMail.attempts + 1)
        ).rowcount
    )


def _write_pending(kind: str, wanted: list[tuple[int, str]]):
    """The rows for these (person, key) messages, where there are none yet; returns now."""
    now = utcnow()
    insert_ignore(
        OutboundMail.__table__,
        [
            {
                "user_id": user_id,
                "kind": kind,
                "key": key,
                "status": "pending",
                "attempts": 0,
                "items": 0,
                "created_at": now,
            }
            for user_id, key in wanted
        ],
    )
    return now


@writes
def claim(user_id: int, kind: str, key: str) -> OutboundMail | None:
    """Own the message (user, kind, key) for a while, or None if it is sent, being sent by
    someone else, or waiting for a retry."""
    _write_pending(kind, [(user_id, key)])
    taken = _take(
        OutboundMail.user_id == user_id, OutboundMail.kind == kind, OutboundMail.key == key
    )
    row = db.session.scalar(
        select(OutboundMail).where(
            OutboundMail.user_id == user_id, OutboundMail.kind == kind, OutboundMail.key == key
        )
    )
    return row if taken else None


@writes
def _claim_many(kind: str, wanted: list[tuple[int, str]]) -> set[int]:
    """`claim` for many (person, key) pairs of one kind at once, in one transaction: the
    ids of the rows this sender got. A digest run claims a batch like this."""
    if not wanted:
        return set()
    now = _write_pending(kind, wanted)
    taken: set[int] = set()
    by_key: dict[str, list[int]] = {}
    for user_id, key in wanted:
        by_key.setdefault(key, []).append(user_id)
    for key, user_ids in by_key.items():
        taken.update(
            db.session.scalars(
                update(OutboundMail)
                .where(
                    OutboundMail.kind == kind,
                    OutboundMail.key == key,
                    OutboundMail.user_id.in_(user_ids),
                    _claimable(now),
                )
                .values(
                    status="sending", lease_until=now + LEASE, attempts=OutboundMail.attempts + 1
                )
                .returning(OutboundMail.id)
            )
        )
    return taken


def claimed(kind: str, wanted: list[tuple[int, str]]) -> dict[tuple[int, str], OutboundMail]:
    """The rows `_claim_many` took, by (person, key), loaded after its commit (so that they
    are not each loaded again, expired, when first read)."""
    taken = _claim_many(kind, wanted)
    if not taken:
        return {}
    rows = db.session.scalars(select(OutboundMail).where(OutboundMail.id.in_(taken)))
    return {(row.user_id, row.key): row for row in rows}


@writes
def finish(row: OutboundMail, status: str, error: str | None = None) -> None:
    """Record a message that was not sent: `empty` (nothing to say) or `failed` (retried
    with a back-off). A sent one is recorded by `record_sent`."""
    row = db.session.get(OutboundMail, row.id)
    row.status, row.lease_until = status, None
    if status == "failed":
        row.error = (error or "")[:2000]
        row.next_attempt_at = utcnow() + RETRY[min(row.attempts, len(RETRY)) - 1]


@dataclass
class Composed:
    message: Mail
    to: list[str]  # the envelope: exactly the person the mail is for
    items: int = 1
    on_sent: Callable[[], None] | None = None  # e.g. mark what it carried (no commit)


# What record_sent writes, built once: it runs for every message (thousands in a digest
# run), and an ORM update builds and checks its statement and values again each time.
_MAIL = OutboundMail.__table__
_SENT = (
    update(_MAIL)
    .where(_MAIL.c.id == bindparam("row_id"))
    .values(
        status="sent",
        lease_until=None,
        sent_at=bindparam("now"),
        message_id=bindparam("sent_id"),
        subject=bindparam("sent_subject"),
        items=bindparam("carried"),
    )
)


@writes
def record_sent(row_id: int, sent_id: str, subject: str, composed: Composed) -> None:
    """Mark one message sent, with what it carried, right after the server's 250: a crash
    later can send at most this one again. By its id: the claimed row (expired by the
    commits in between) is not loaded again, nor looked for among the loaded objects."""
    if composed.on_sent is not None:
        composed.on_sent()
    db.session.execute(
        _SENT,
        {
            "row_id": row_id,
            "now": utcnow(),
            "sent_id": sent_id,
            "sent_subject": subject[:300],
            "carried": composed.items,
        },
    )


def deliver(mailer: Mailer, row: OutboundMail, build: Callable[[], Composed | None]) -> str:
    """Build and send one claimed message; record the outcome. Returns the status.

    Whatever goes wrong with one message (a post deleted meanwhile, a template error) is
    recorded as a failure of that message; the batch goes on."""
    try:
        composed = build()
    except Exception as error:
        log.exception("composing %s mail %s failed", row.kind, row.id)
        db.session.rollback()
        finish(row, "failed", repr(error))
        return "failed"
    if composed is None:
        finish(row, "empty")
        return "empty"
    message = composed.message
    message["Message-ID"] = message_id(row)
    try:
        mailer.send(message, to=composed.to)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("sending %s mail %s failed: %s", row.kind, row.id, error)
        finish(row, "failed", repr(error))
        return "failed"
    record_sent(row.id, message["Message-ID"], message["Subject"], composed)
    return "sent"


def write(kind: str, to_address: str, language: str | None = None) -> OutboundMail:
    """A message for someone without an account (yet), to be sent after the commit; flushes
    only. Asking again while one is still on its way changes nothing but its language (and
    makes a retry due now): the link in it is made when it is sent, so one mail serves."""
    waiting = db.session.scalar(
        select(OutboundMail).where(
            OutboundMail.to_address == to_address,
            OutboundMail.kind == kind,
            OutboundMail.user_id.is_(None),
            OutboundMail.status.in_(("pending", "sending", "failed")),
            OutboundMail.attempts < MAX_ATTEMPTS,
        )
    )
    if waiting is not None:
        waiting.language = language
        if waiting.status == "failed":
            waiting.next_attempt_at = utcnow()
        db.session.flush()
        return waiting
    return _pending(to_address=to_address, kind=kind, key=secrets.token_hex(12), language=language)


def write_for(user_id: int, kind: str, key: str) -> OutboundMail:
    """A message for a person that a request asked for (an admin's digest preview), to be
    sent after the commit; flushes only. `key` makes it one of its own."""
    return _pending(user_id=user_id, kind=kind, key=key)


def _pending(**columns) -> OutboundMail:
    row = OutboundMail(status="pending", attempts=0, items=0, created_at=utcnow(), **columns)
    db.session.add(row)
    db.session.flush()
    return row


@writes
def claim_row(row_id: int) -> OutboundMail | None:
    """Own the written message `row_id` for a while, or None (see claim)."""
    if not _take(OutboundMail.id == row_id):
        return None
    return db.session.get(OutboundMail, row_id, populate_existing=True)


def due(kinds: tuple[str, ...]) -> list[int]:
    """Ids of written messages of these kinds that a sender may take now, oldest first."""
    return list(
        db.session.scalars(
            select(OutboundMail.id)
            .where(OutboundMail.kind.in_(kinds), _claimable(utcnow()))
            .order_by(OutboundMail.id)
        )
    )
