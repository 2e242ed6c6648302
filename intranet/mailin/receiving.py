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
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..errors import DomainError
from ..extensions import db
from ..models import TYPES, Group, GroupMember, InboundMail, Post, User
from ..platform.clock import utcnow
from ..platform.database import writes
from ..posting import posts, visibility
from ..text.markdown import HANDLE
from . import addresses
from .parsing import MailError, ParsedMail, parse

_SUBJECT_TYPE = re.compile(r"^\s*\[(?P<tag>[a-z_ -]{3,30})\]\s*", re.IGNORECASE)
_FIELD_LINE = re.compile(r"^(?P<name>[A-Za-z_ ]{2,30}):\s*(?P<value>.+)$")
# What people write as "[vacature] Planner" in a subject, and on a line "Titel: Planner"
# at the top of the body, as the post types declare it (models/post_types.py).
SUBJECT_TYPES = {tag: name for name, spec in TYPES.items() for tag in spec.mail}
FIELD_NAMES = {
    written: field.name
    for spec in TYPES.values()
    for field in spec.fields
    for written in field.mail
}


class Rejected(Exception):
    """The message was refused; `reason` is for the sender (SMTP 550, CLI exit 1)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Outcome:
    status: str  # posted, duplicate, ignored
    post_id: int | None = None
    reason: str | None = None


def receive(raw: bytes, envelope_recipients: list[str] | None = None) -> Outcome:
    """Handle one RFC 822 message. Returns what happened or raises Rejected."""
    try:
        mail = parse(raw)
    except MailError as error:
        raise Rejected(str(error)) from None
    except Exception:  # belt and braces: hostile mail never becomes a traceback
        raise Rejected("The message can't be read.") from None
    message_id = mail.message_id or f"<sha256:{hashlib.sha256(raw).hexdigest()}>"
    if mail.automatic:
        if db.session.scalar(select(InboundMail.id).where(InboundMail.message_id == message_id)):
            return Outcome("duplicate")
        _record(mail, message_id, "", "ignored", mail.automatic)
        return Outcome("ignored", reason=mail.automatic)
    target, recipient = _target(envelope_recipients or [], mail)
    earlier = db.session.scalar(select(InboundMail).where(InboundMail.message_id == message_id))
    if earlier is not None:
        if earlier.status == "rejected":
            raise Rejected(earlier.reason or "refused before")
        return Outcome("duplicate", earlier.post_id)
    _rate_limit(mail.sender)
    try:
        post = _post_once(mail, message_id, recipient, target)
    except Rejected as error:
        _record(mail, message_id, recipient, "rejected", error.reason)
        raise
    except IntegrityError:  # the same message, delivered twice at once: the other won
        db.session.rollback()
        earlier = db.session.scalar(select(InboundMail).where(InboundMail.message_id == message_id))
        return Outcome("duplicate", earlier.post_id if earlier else None)
    return Outcome("posted", post.id)


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
        raise Rejected("Send to one private group's address at a time.")
    if private:
        return next(iter(private.values()))
    replies = [(t, a) for t, a in found if t.kind == "reply"]
    if found:
        return (replies or found)[0]
    raise Rejected(
        "This address does not post to Kring (unknown or expired secret). "
        "Find your personal posting address on your Kring profile."
    )


def _verified(mail: ParsedMail) -> None:
    """With KRING_MAIL_TRUSTED_AUTHSERV set, the receiving mail server must vouch for the
    sender (DMARC or DKIM pass in its Authentication-Results): a From can be forged."""
    trusted = current_app.config.get("KRING_MAIL_TRUSTED_AUTHSERV")
    if not trusted:
        return
    for result in mail.authentication:
        server, _sep, rest = result.partition(";")
        if server.strip().lower() == trusted.lower() and re.search(
            r"\b(dmarc|dkim)=pass\b", rest, re.IGNORECASE
        ):
            return
    raise Rejected("The sender could not be verified (no DKIM or DMARC pass).")


def _author(target: addresses.Target, mail: ParsedMail) -> User:
    if target.kind == "group":
        author = db.session.scalar(select(User).where(User.email == mail.sender))
        if (
            author is None
            or not author.is_active
            or db.session.get(GroupMember, (target.group.id, author.id)) is None
        ):
            raise Rejected("Only members of the group can post to its address.")
        return author
    author = target.user
    if author is None or not author.is_active or author.email != mail.sender:
        raise Rejected("This posting address belongs to someone else than the sender.")
    return author


def _post(mail: ParsedMail, target: addresses.Target) -> Post:
    _verified(mail)
    author = _author(target, mail)
    try:
        if target.kind == "reply":
            parent = posts.get_post(author, target.post_id)
            return posts.create_reply(author, parent, _text(mail, author, subject=False))
        post_type, subject = _type(target.post_type, mail.subject)
        spec = TYPES.get(post_type)  # an unknown one (a configured alias) is refused below
        if spec is not None and spec.private_fields:
            raise Rejected(
                "Offer candidates in Kring itself: a candidate's personal data "
                "doesn't travel in e-mail."
            )
        body, fields = _fields(mail.body, post_type)
        data = {
            "type": post_type,
            "body": _text(mail, author, subject=subject, body=body),
            **fields,
        }
        if target.kind == "group":
            data["group"] = target.group.id
        return posts.create_post(author, data)
    except DomainError as error:
        problems = getattr(error, "fields", None) or {}
        detail = "; ".join(f"{k}: {v}" for k, v in problems.items()) or str(error.message)
        raise Rejected(f"The post could not be made: {detail}") from None


def _rate_limit(sender: str) -> None:
    """At most KRING_MAIL_IN_PER_MINUTE messages a minute from one sender (all outcomes)."""
    since = utcnow() - timedelta(minutes=1)
    recent = db.session.scalar(
        select(func.count())
        .select_from(InboundMail)
        .where(InboundMail.sender == sender, InboundMail.created_at >= since)
    )
    if recent >= current_app.config["KRING_MAIL_IN_PER_MINUTE"]:
        raise Rejected("Too many messages from this sender; try again in a minute.")


def _type(by_address: str, subject: str) -> tuple[str, str]:
    match = _SUBJECT_TYPE.match(subject)
    if match and match.group("tag").strip().lower() in SUBJECT_TYPES:
        return SUBJECT_TYPES[match.group("tag").strip().lower()], subject[match.end() :]
    return by_address, subject


def _fields(body: str, post_type: str) -> tuple[str, dict]:
    """'Title: Planner' lines at the top fill the type's fields."""
    if post_type in TYPES and not TYPES[post_type].fields:
        return body, {}
    lines, fields = body.split("\n"), {}
    while lines:
        match = _FIELD_LINE.match(lines[0].strip().replace("\\_", "_"))
        if not match:
            break
        name = match.group("name").strip().lower().replace(" ", "_")
        fields[FIELD_NAMES.get(name, name)] = match.group("value").strip()
        lines.pop(0)
    return "\n".join(lines).strip(), fields


def _text(
    mail: ParsedMail, author: User, subject: str | bool = True, body: str | None = None
) -> str:
    """Subject as the first line, then the body; To/Cc colleagues become @mentions."""
    parts = []
    if subject is not False:
        title = mail.subject if subject is True else subject
        if title.strip():
            parts.append(title.strip())
    text = mail.body if body is None else body
    if text.strip():
        parts.append(text.strip())
    parts = [_quiet_strangers(p) for p in parts]
    mentioned = _mentions(mail, author, "\n".join(parts))
    if mentioned:
        parts.append("CC: " + " ".join(mentioned))
    if mail.attachments:
        parts.append(
            "Bijlagen (niet opgeslagen): "
            + ", ".join(a.replace("*", "").replace("_", " ") for a in mail.attachments[:20])
        )
    return "\n\n".join(parts) or "(leeg bericht)"


_HANDLE = re.compile(r"(?<![\w/@.])@(" + HANDLE + r")(?![\w@])", re.IGNORECASE)


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
