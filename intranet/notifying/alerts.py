"""Term alerts: people's watched words, and the process-wide matcher built from them.

The matcher also carries every client's name and aliases (their owners are notified) and
every followed tag (its followers are notified), matched by the same rules.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload, selectinload

from ..errors import Conflict, NotFound, ValidationError
from ..extensions import db
from ..models import (
    POSTABLE_TYPES,
    Alert,
    AnyPost,
    Client,
    Counter,
    Notification,
    Post,
    PostType,
    Tag,
    TagFollow,
    User,
)
from ..platform.clock import utcnow
from ..platform.database import as_id, insert_ignore, writes
from ..posting import visibility
from ..text.matcher import Matcher, TermError, parse_term

MAX_ALERTS = 200
TERM_ERRORS = {
    "empty": _l("Type a word or phrase."),
    "too long": _l("An alert can be at most 100 characters."),
    "no words": _l("Type at least one word to watch (not only words to leave out)."),
    "prefix too short": _l("Put at least three letters before the *."),
    "prefix only at the end": _l("A * can only end the alert."),
}
ALERT_TYPES = [t for t in POSTABLE_TYPES] + [PostType.REPLY.value]


def check_term(raw):
    try:
        return parse_term(raw)
    except TermError as error:
        raise ValidationError(
            "term", TERM_ERRORS.get(str(error), _l("This alert can't be used.")), code="bad_term"
        ) from None


def _types(value) -> str:
    if value in (None, "", []):
        return ""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or any(t not in ALERT_TYPES for t in items):
        raise ValidationError("types", _l("Choose types from: %(t)s.", t=", ".join(ALERT_TYPES)))
    return ",".join(sorted(set(items)))


def bump_version() -> None:
    """Tell every process that its matcher is out of date (same transaction as the change)."""
    insert_ignore(Counter.__table__, {"name": "matcher", "value": 0})
    db.session.execute(
        update(Counter).where(Counter.name == "matcher").values(value=Counter.value + 1)
    )


@writes
def create_alert(user: User, data: Mapping) -> Alert:
    term = check_term(data.get("term"))
    delivery = data.get("delivery") or "instant"
    if delivery not in Alert.DELIVERIES:
        raise ValidationError("delivery", _l("Choose instant or digest."))
    variants = data.get("variants") in (True, "1", "on", "true")
    key = (
        " ".join(term.words)
        + ("*" if term.prefix else "")
        + "".join(" -" + " ".join(e) for e in term.excludes)
    )
    if db.session.scalar(select(Alert.id).where(Alert.user_id == user.id, Alert.key == key)):
        raise Conflict(_l("You already have this alert."), code="duplicate_alert")
    count = db.session.scalar(
        select(func.count()).select_from(Alert).where(Alert.user_id == user.id)
    )
    if count >= MAX_ALERTS:
        raise Conflict(_l("You can keep at most %(n)d alerts.", n=MAX_ALERTS), code="too_many")
    alert = Alert(
        user_id=user.id,
        term=" ".join(data["term"].split()),
        key=key,
        types=_types(data.get("types")),
        variants=variants,
        delivery=delivery,
    )
    db.session.add(alert)
    bump_version()
    return alert


@writes
def delete_alert(user: User, alert_id: int) -> None:
    alert = db.session.get(Alert, alert_id)
    if alert is None or alert.user_id != user.id:
        raise NotFound(_l("There is no such alert."))
    db.session.delete(alert)
    bump_version()


def list_alerts(user: User) -> list[Alert]:
    return list(
        db.session.scalars(select(Alert).where(Alert.user_id == user.id).order_by(Alert.term))
    )


HITS_SCAN = 500  # of the owner's newest alert notifications


def hit_conditions(user: User, alert_id) -> tuple[Alert, list]:
    """One of `user`'s alerts, and SQL conditions on AnyPost for the posts it brought them
    (its feed): the notifications that carry it, the posts as `user` may read them now."""
    alert = db.session.get(Alert, as_id(alert_id)) if as_id(alert_id) else None
    if alert is None or alert.user_id != user.id:
        raise NotFound(_l("There is no such alert."))
    rows = db.session.execute(
        select(Notification.post_id, Notification.reasons)
        .where(Notification.user_id == user.id, Notification.kinds.contains(",alert,"))
        .order_by(Notification.id.desc())
        .limit(HITS_SCAN)
    )
    ids = [
        post_id
        for post_id, reasons in rows
        if any(r.get("kind") == "alert" and r.get("alert_id") == alert.id for r in reasons)
    ]
    return alert, [AnyPost.id.in_(ids), visibility.readable(user)]


def matcher_version() -> int:
    return db.session.scalar(select(Counter.value).where(Counter.name == "matcher")) or 0


def build_matcher() -> Matcher:
    """All active people's alerts, clients' names and aliases, and followed tags."""
    matcher = Matcher()
    rows = db.session.execute(
        select(Alert.id, Alert.term, Alert.variants).join(User).where(User.deactivated_at.is_(None))
    )
    for alert_id, term, variants in rows:
        try:
            matcher.add(("alert", alert_id), parse_term(term), variants)
        except TermError:
            continue
    for client in db.session.scalars(select(Client)):
        for name in [client.name, *client.alias_list]:
            try:
                matcher.add(("client", client.id), parse_term(name.replace("*", "")))
            except TermError:
                continue
    for (name,) in db.session.execute(select(Tag.name).where(Tag.id.in_(select(TagFollow.tag_id)))):
        matcher.add(("tag", name), parse_term(name.replace("-", " ")))
    return matcher


class _Cache:
    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.matcher = None


_cache = _Cache()


def current_matcher() -> Matcher:
    """This process's matcher, rebuilt when the version in the database moved on."""
    version = matcher_version()
    with _cache.lock:
        if _cache.matcher is None or _cache.version != version:
            _cache.matcher, _cache.version = build_matcher(), version
        return _cache.matcher


PREVIEW_DAYS = 30
PREVIEW_SCAN = 5000


def matched_text(post: Post) -> str:
    """The words people read: body text plus the title-like type fields."""
    fields = [f for f in post.spec.public_fields if f.alerted]
    words = [f.kind.text(getattr(post, f.name)) for f in fields]
    return "\n".join([post.text, *[w for w in words if w]])


def preview(user: User, data: Mapping, limit: int = 20) -> tuple[list, int]:
    """What a (new) alert would have matched in the last 30 days, among posts `user` may
    read: (the newest matching posts, how many matched)."""
    term = check_term(data.get("term"))
    types = _types(data.get("types")).split(",") if data.get("types") else []
    matcher = Matcher([("preview", term, data.get("variants") in (True, "1", "on", "true"))])
    since = utcnow() - timedelta(days=PREVIEW_DAYS)
    statement = (
        select(AnyPost)
        .where(AnyPost.created_at >= since, visibility.readable(user))
        .options(
            selectinload(AnyPost.ClientSignal.client),
            joinedload(AnyPost.author),
            joinedload(AnyPost.group),
        )
        .order_by(AnyPost.created_at.desc())
        .limit(PREVIEW_SCAN)
    )
    if types:
        statement = statement.where(AnyPost.type.in_(types))
    matches = [p for p in db.session.scalars(statement) if matcher.match(matched_text(p))]
    return matches[:limit], len(matches)
