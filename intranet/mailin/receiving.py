"""Mail in: a message to a posting address becomes a post (or a reply), or is refused
with a reason the sender can act on. The From header alone proves nothing: the recipient
address must carry a valid secret, and the From must belong to that person (or, for a
group's address, to a member)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..errors import DomainError
from ..extensions import db
from ..models import TYPES, GroupMember, InboundMail, Post, User
from ..platform.clock import utcnow
from ..platform.database import writes
from ..posting import posts
from . import addresses, fields
from .authresults import vouched
from .parsing import MailError, ParsedMail, parse
from .refusals import (
    SENDER,
    UNREADABLE,
    WHERE_ADDRESS,
    Rejected,
    field_problems,
    language_of,
    worded,
)
from .wording import post_text

_SUBJECT_TYPE = re.compile(r"^\s*\[(?P<tag>[a-z_ -]{3,30})\]\s*", re.IGNORECASE)
# What people write as "[vacature] Planner" in a subject, as the post types declare it
# (models/post_types.py); the field lines below it are read by mailin.fields.
SUBJECT_TYPES = {tag: name for name, spec in TYPES.items() for tag in spec.mail}

__all__ = ["Outcome", "Rejected", "receive"]


@dataclass
class Outcome:
    status: str  # posted, duplicate, ignored
    post_id: int | None = None
    reason: str | None = None


def receive(raw: bytes, envelope_recipients: list[str] | None = None) -> Outcome:
    """Handle one RFC 822 message. Returns what happened or raises Rejected, its reason
    worded in the sender's language."""
    try:
        mail = parse(raw)
    except MailError as error:
        raise Rejected(worded(UNREADABLE[error.code], language_of(""))) from None
    except Exception:  # belt and braces: hostile mail never becomes a traceback
        raise Rejected(worded(UNREADABLE["unreadable"], language_of(""))) from None
    try:
        return _receive(raw, mail, envelope_recipients or [])
    except Rejected as error:
        raise Rejected(worded(error.reason, language_of(mail.sender))) from None


def _receive(raw: bytes, mail: ParsedMail, envelope_recipients: list[str]) -> Outcome:
    message_id = mail.message_id or f"<sha256:{hashlib.sha256(raw).hexdigest()}>"
    if mail.automatic:
        if db.session.scalar(select(InboundMail.id).where(InboundMail.message_id == message_id)):
            return Outcome("duplicate")
        _record(mail, message_id, "", "ignored", mail.automatic)
        return Outcome("ignored", reason=mail.automatic)
    earlier = db.session.scalar(select(InboundMail).where(InboundMail.message_id == message_id))
    try:
        # Each recipient on its own (LMTP delivers them one by one): an address that
        # doesn't post is refused even when the message already posted elsewhere.
        target, recipient = _target(envelope_recipients, mail)
    except Rejected as error:
        if earlier is None:
            _refused(
                mail, message_id, next(iter(envelope_recipients or mail.recipients), ""), error
            )
        raise
    if earlier is not None:
        if earlier.status == "rejected":
            raise Rejected(earlier.reason or _l("This message was refused before."))
        return Outcome("duplicate", earlier.post_id)
    _rate_limit(mail.sender)  # not recorded: a flood must not fill the log
    try:
        post = _post_once(mail, message_id, recipient, target)
    except Rejected as error:
        _refused(mail, message_id, recipient, error)
    except IntegrityError:  # the same message, delivered twice at once: the other won
        db.session.rollback()
        earlier = db.session.scalar(select(InboundMail).where(InboundMail.message_id == message_id))
        return Outcome("duplicate", earlier.post_id if earlier else None)
    return Outcome("posted", post.id)


def _refused(mail: ParsedMail, message_id: str, recipient: str, error: Rejected):
    """Record the refusal, worded in the sender's language, and raise it."""
    reason = worded(error.reason, language_of(mail.sender))
    try:
        _record(mail, message_id, recipient, "rejected", reason)
    except IntegrityError:  # recorded meanwhile by a delivery of the same message
        db.session.rollback()
    raise Rejected(reason) from None


@writes
def _post_once(mail: ParsedMail, message_id: str, recipient: str, target: addresses.Target) -> Post:
    """The post and the record of its message commit together: a message posts once,
    even when delivered twice at the same time or retried after a crash."""
    record = InboundMail(
        message_id=message_id[:300],
        sender=mail.sender[:254],
        recipient=recipient[:254],
        subject=mail.subject[:300],
        status="posted",
    )
    db.session.add(record)
    try:
        post = _post(mail, target)
    except Exception:
        db.session.rollback()
        raise
    record.post_id = post.id
    return post


def _target(envelope: list[str], mail: ParsedMail) -> tuple[addresses.Target, str]:
    """The posting address the message is for. A private group's address wins (the
    sender meant it for that group); two private groups at once are refused."""
    found: list[tuple[addresses.Target, str]] = []
    # The envelope says where the mail server delivered it; only without one (the CLI)
    # do the To and Cc headers decide.
    for address in dict.fromkeys([a.lower() for a in envelope] or mail.recipients):
        target = addresses.resolve(address)
        if target is not None:
            found.append((target, address))
    private = {t.group.id: (t, a) for t, a in found if t.kind == "group" and t.group.is_private}
    if len(private) > 1:
        raise Rejected(_l("Send to one private group's address at a time."))
    if private:
        return next(iter(private.values()))
    replies = [(t, a) for t, a in found if t.kind == "reply"]
    if found:
        return (replies or found)[0]
    raise Rejected(
        _l(
            "This address does not post to Kring (unknown, or replaced by a newer one). %(where)s",
            where=WHERE_ADDRESS,
        )
    )


def _verified(mail: ParsedMail) -> None:
    """With KRING_MAIL_TRUSTED_AUTHSERV set, the receiving mail server must vouch for the
    sender's domain in its Authentication-Results (DMARC, or aligned DKIM or SPF): a From
    can be forged."""
    trusted = current_app.config.get("KRING_MAIL_TRUSTED_AUTHSERV")
    if not trusted or vouched(mail.authentication, trusted, mail.sender.partition("@")[2]):
        return
    raise Rejected(
        _l(
            "Your mail could not be verified as coming from %(domain)s (no DMARC, DKIM or "
            "SPF pass), so it may be forged. Send it from your own mailbox, not through a "
            "forwarding service or another program.",
            domain=mail.sender.partition("@")[2] or "?",
        )
    )


def _author(target: addresses.Target, mail: ParsedMail) -> User:
    if mail.sender_problem:
        raise Rejected(SENDER[mail.sender_problem])
    if target.kind == "group":
        author = db.session.scalar(select(User).where(User.email == mail.sender))
        if (
            author is None
            or not author.is_active
            or db.session.get(GroupMember, (target.group.id, author.id)) is None
        ):
            raise Rejected(
                _l(
                    "Only members of %(group)s can post to its address, from the address "
                    "they use in Kring.",
                    group=target.group.name,
                )
            )
        return author
    author = target.user
    if author is None or not author.is_active or author.email != mail.sender:
        raise Rejected(
            _l(
                "This posting address belongs to someone else than the sender "
                "(%(sender)s). Send from the address you use in Kring. %(where)s",
                sender=mail.sender,
                where=WHERE_ADDRESS,
            )
        )
    return author


def _post(mail: ParsedMail, target: addresses.Target) -> Post:
    _verified(mail)
    author = _author(target, mail)
    try:
        if target.kind == "reply":
            parent = posts.get_post(author, target.post_id)
            return posts.create_reply(author, parent, post_text(mail, author, subject=False))
        post_type, subject = _type(target.post_type, mail.subject)
        spec = TYPES.get(post_type)  # an unknown one (a configured alias) is refused below
        if spec is not None and spec.private_fields:
            raise Rejected(
                _l(
                    "Offer candidates in Kring itself: a candidate's personal data "
                    "doesn't travel in e-mail."
                )
            )
        body, values = fields.read(mail.body, post_type)
        data = {
            "type": post_type,
            "body": post_text(mail, author, subject=subject, body=body),
            **values,
        }
        if target.kind == "group":
            data["group"] = target.group.id
        return posts.create_post(author, data)
    except DomainError as error:
        raise Rejected(_not_made(error, post_type if target.kind != "reply" else "update"))


def _not_made(error: DomainError, post_type: str):
    """The post was refused: each field named as the form names it, and how to write
    field lines when a type's field is wrong."""
    problems = getattr(error, "fields", None) or {}
    if not problems:
        return _l("The post could not be made: %(detail)s", detail=error.message)
    # Lazy too: the fields' names are said in the sender's language, worded later.
    return _l(
        "The post could not be made: %(detail)s. Write the fields on lines of their own "
        "at the top of the mail, such as “%(example)s”.",
        detail=LazyString(lambda: field_problems(post_type, problems)),
        example=LazyString(lambda: _example(post_type)),
    )


def _example(post_type: str) -> str:
    spec = TYPES.get(post_type)
    field = spec.fields[0] if spec and spec.fields else None
    return f"{field.label}: …" if field else "…"


def _rate_limit(sender: str) -> None:
    """At most KRING_MAIL_IN_PER_MINUTE messages a minute from one sender (all outcomes)."""
    since = utcnow() - timedelta(minutes=1)
    recent = db.session.scalar(
        select(func.count())
        .select_from(InboundMail)
        .where(InboundMail.sender == sender, InboundMail.created_at >= since)
    )
    if recent >= current_app.config["KRING_MAIL_IN_PER_MINUTE"]:
        raise Rejected(_l("Too many messages from this sender; try again in a minute."))


def _type(by_address: str, subject: str) -> tuple[str, str]:
    match = _SUBJECT_TYPE.match(subject)
    if match and match.group("tag").strip().lower() in SUBJECT_TYPES:
        return SUBJECT_TYPES[match.group("tag").strip().lower()], subject[match.end() :]
    return by_address, subject


@writes
def _record(
    mail: ParsedMail,
    message_id: str,
    recipient: str,
    status: str,
    reason: str | None,
    post_id: int | None = None,
) -> None:
    db.session.add(
        InboundMail(
            message_id=message_id[:300],
            sender=mail.sender[:254],
            recipient=recipient[:254],
            subject=mail.subject[:300],
            status=status,
            reason=reason,
            post_id=post_id,
        )
    )
