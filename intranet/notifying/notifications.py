"""Notifications: stored first (the truth), pushed after commit (a doorbell).

One row per person per post; a new reason for the same post merges into it and the row is
written again with a newer id, unread, so clients asking for "after the last id I saw" get
it. Never to the author, never about a post the person may not read, never for a reason
they switched off.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import UTC
from functools import cache

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, text, update
from sqlalchemy.orm import joinedload

from ..errors import ValidationError
from ..extensions import db
from ..models import (
    CHANNELS,
    REASON_KINDS,
    GroupMember,
    Notification,
    NotificationSetting,
    Post,
    User,
)
from ..platform import push
from ..platform.clock import utcnow
from ..platform.database import upsert, writes
from ..posting import visibility

PAGE = 30
log = logging.getLogger("kring.notifications")
# Reasons that are the post's author's doing (the others name who acted with "by", or
# nobody: a new referral, a vacancy to share, an escalation).
AUTHORED = {"mention", "group_mention", "alert", "tag", "reply", "thread", "client", "assigned"}


def merge_reasons(old: list[dict], new: list[dict]) -> list[dict]:
    merged = list(old)
    for reason in new:
        if reason not in merged:
            merged.append(reason)
    return merged


def channels(user_ids: Iterable[int]) -> dict[tuple[int, str], str]:
    rows = db.session.execute(
        select(NotificationSetting).where(NotificationSetting.user_id.in_(list(user_ids)))
    )
    return {(s.user_id, s.kind): s.channel for (s,) in rows}


def readers(post: Post, user_ids: Iterable[int]) -> set[int]:
    """Those of `user_ids` who are active and may read `post`."""
    ids = set(user_ids)
    if not ids:
        return set()
    active = set(
        db.session.scalars(select(User.id).where(User.id.in_(ids), User.deactivated_at.is_(None)))
    )
    group = post.group
    if group is None or not group.is_private:
        return active
    members = set(
        db.session.scalars(
            select(GroupMember.user_id).where(
                GroupMember.group_id == group.id, GroupMember.user_id.in_(active)
            )
        )
    )
    return members


def notify(
    post: Post,
    reasons_by_user: Mapping[int, list[dict]],
    actor_id: int | None = None,
    completing: bool = False,
    new_post: bool = False,
) -> list[Notification]:
    """Record reasons for people about `post`; push after commit. Flushes, never commits.

    Nobody hears about their own doing: `actor_id` (default: the post's author) is skipped.
    `completing`: the fan-out of a new post, adding to rows written with it (its mentions).
    A row it only adds to stays read if the person read it meanwhile (they have seen the
    post), and a row that already says all this and is still unread is pushed once more:
    the post's own push may have been lost on its way, and clients take an id once.
    `new_post`: the post is being written in this transaction, so nobody has a row about it
    yet to merge with.
    """
    actor_id = post.author_id if actor_id is None else actor_id
    wanted = {uid: rs for uid, rs in reasons_by_user.items() if rs and uid != actor_id}
    allowed = readers(post, wanted)
    settings = channels(allowed)
    filtered = {}
    for user_id in allowed:
        # A client's owner hears of its signals whatever they set ("off" is in the app).
        kept = [
            r
            for r in wanted[user_id]
            if r.get("owner") or settings.get((user_id, r["kind"]), "app") != "off"
        ]
        if kept:
            filtered[user_id] = kept
    if not filtered:
        return []
    if new_post:  # nobody can have a row about a post still being written
        existing = {}
    else:
        take_turns(post.id, filtered)
        existing = _rows_about(post, filtered)
    again = []
    for user_id, old in list(existing.items()):  # nothing new for them: leave it be
        if merge_reasons(old.reasons, filtered[user_id]) == old.reasons:
            if completing and old.read_at is None:
                again.append(old)
            del filtered[user_id], existing[user_id]
    if not filtered:
        _ring(again)
        return []
    # A row written again in place of an unread one says so when it is pushed: the person's
    # pages swap it for the old one instead of counting it twice.
    unread_before = {n.user_id: n.id for n in existing.values() if n.read_at is None}
    latest = {}  # person → (read_at, emailed_at) of the row taken away, as it was then
    if existing:
        gone = delete(Notification).where(Notification.id.in_([n.id for n in existing.values()]))
        returned = (Notification.user_id, Notification.read_at, Notification.emailed_at)
        latest = {uid: (r, e) for uid, r, e in db.session.execute(gone.returning(*returned))}
    now = utcnow()
    rows = []
    for uid, rs in filtered.items():
        reasons = merge_reasons(existing[uid].reasons if uid in existing else [], rs)
        # Hits of alerts the person wants "only in the digest" are kept for the digest
        # (and the alert hits view) but don't ring or count as unread: born read, at the
        # moment they were made (so "mails avoided" can tell them from ones people read).
        quiet = all(r.get("delivery") == "digest" for r in reasons)
        read = now if quiet else None
        read_before, emailed = latest.get(uid, (None, None))
        if completing:
            read = read_before or read
        rows.append(
            {
                "user_id": uid,
                "post_id": post.id,
                "created_at": now,
                "read_at": read,
                "reasons": reasons,
                "kinds": Notification.kinds_of(reasons),
                "emailed_at": emailed,
            }
        )
    created = list(
        db.session.scalars(
            upsert(Notification).on_conflict_do_nothing().returning(Notification), rows
        )
    )
    if len(created) < len(rows):  # only a writer that bypassed take_turns can do this
        log.error(
            "notifications about post %s not written for %s",
            post.id,
            sorted(filtered.keys() - {n.user_id for n in created}),
        )
    _ring([*again, *(n for n in created if n.read_at is None)], unread_before)
    return created


def take_turns(post_id: int, user_ids: Iterable[int]) -> None:
    """Wait for any other unit adding to these people's rows about the post to end (on
    PostgreSQL; SQLite's writers take turns anyway). `notify` reads a row, deletes it and
    inserts the merged one; two units doing that at once (the fan-out beside a like, an
    assignment, a share) both read the old row, and the insert that came second stepped
    back on the first's row with its reasons. A transaction-scoped advisory lock per
    person and post, taken in one order, makes the second read the first's row. Its key:
    the post's id and the person's, both 32-bit, in one 64-bit number.

    Whatever changes such a row outside `notify` takes its turn first, before it touches
    the row: holding the row while waiting for the turn would meet `notify` holding the
    turn while waiting for the row (a deadlock). A unit may take its turn again."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    keys = sorted((post_id << 32) | user_id for user_id in user_ids)
    db.session.execute(_locks(), {"keys": keys})


@cache
def _locks():
    return text("SELECT count(pg_advisory_xact_lock(k)) FROM unnest(CAST(:keys AS bigint[])) k")


def _ring(rows: list[Notification], replacing: Mapping[int, int] | None = None) -> None:
    """Push each row to its person after commit; `replacing`: person → the id of their
    unread row that a row takes the place of."""
    if not rows:
        return
    with_actors(rows)
    pushes = []
    for n in rows:
        payload = as_json(n)
        if replacing and n.user_id in replacing:
            payload["replaces"] = replacing[n.user_id]
        pushes.append(("notification", payload, push.user_room(n.user_id)))
    push.after_commit(pushes)


def _rows_about(post: Post, user_ids: Iterable[int]) -> dict[int, Notification]:
    """These people's notifications about `post`, by person."""
    rows = select(Notification).where(
        Notification.post_id == post.id, Notification.user_id.in_(list(user_ids))
    )
    return {n.user_id: n for n in db.session.scalars(rows)}


def unread_count(user: User) -> int:
    return db.session.scalar(_unread(), {"viewer": user.id})


@cache
def _unread():
    """The header's count on every page, built once (building it cost more than running it)."""
    reader = visibility.bound_reader()
    return (
        select(func.count())
        .select_from(Notification)
        .join(Post)
        .where(
            Notification.user_id == reader.id,
            Notification.read_at.is_(None),
            visibility.readable(reader),
        )
    )


def list_notifications(
    user: User,
    *,
    unread: bool = False,
    after_id: int | None = None,
    before_id: int | None = None,
    kind: str | None = None,
    limit: int = PAGE,
) -> list[Notification]:
    """Newest first; with `after_id`, the oldest ones after it first (so a client that
    missed many catches up in order, page by page)."""
    statement = (
        select(Notification)
        .join(Post)
        .where(Notification.user_id == user.id, visibility.readable(user))
        .options(joinedload(Notification.post).joinedload(Post.author))
        .limit(limit)
    )
    if unread:
        statement = statement.where(Notification.read_at.is_(None))
    if after_id is not None:
        statement = statement.where(Notification.id > after_id)
    if before_id is not None:
        statement = statement.where(Notification.id < before_id)
    if kind:
        if kind not in REASON_KINDS:
            raise ValidationError("kind", _l("Unknown reason."))
        statement = statement.where(Notification.kinds.like(f"%,{kind},%"))
    order = Notification.id.asc() if after_id is not None else Notification.id.desc()
    return list(db.session.scalars(statement.order_by(order)).unique())


@writes
def mark_read(user: User, ids: list[int] | None = None, everything: bool = False) -> int:
    statement = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if not everything:
        if ids is None:  # neither ids nor all: nothing to mark
            return 0
        if not ids or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise ValidationError("ids", _l("Give the ids of the notifications to mark read."))
        statement = statement.where(Notification.id.in_(ids))
    changed = db.session.execute(statement.values(read_at=utcnow())).rowcount
    if changed:  # every open tab's badge goes down too
        count = unread_count(user)
        push.after_commit([("unread", {"unread": count}, push.user_room(user.id))])
    return changed


def read_on_opening(user: User, post: Post) -> int:
    """Opening a post reads what brought you to it: its notifications and those of its
    replies. A look-up first, so that a page with nothing unread writes nothing."""
    replies = select(Post.id).where(Post.parent_id == post.id)
    ids = list(
        db.session.scalars(
            select(Notification.id).where(
                Notification.user_id == user.id,
                Notification.read_at.is_(None),
                or_(Notification.post_id == post.id, Notification.post_id.in_(replies)),
            )
        )
    )
    return mark_read(user, ids) if ids else 0


def actor_handle(reasons: list[dict]) -> str | None:
    """Who did the latest thing a notification tells of, when someone else than the
    post's author did it (a reaction, interest, a referral's step, an assignment)."""
    return next((r["by"] for r in reversed(reasons) if r.get("by")), None)


def with_actors(items: list[Notification]) -> dict[str, User]:
    """Give each notification its `actor` (who acted: the person a reason names, the
    post's author, or nobody); returns everyone the reasons name by handle. One query."""
    handles = {r["by"] for n in items for r in n.reasons if r.get("by")}
    people = (
        {u.handle: u for u in db.session.scalars(select(User).where(User.handle.in_(handles)))}
        if handles
        else {}
    )
    for notification in items:
        handle = actor_handle(notification.reasons)
        if handle:
            notification.actor = people.get(handle)
        elif any(r["kind"] in AUTHORED for r in notification.reasons):
            notification.actor = notification.post.author
    return people


def settings_for(user: User) -> dict[str, str]:
    found = {k: c for (_, k), c in channels([user.id]).items()}
    return {kind: found.get(kind, "app") for kind in REASON_KINDS}


def check_channels(wanted: Mapping[str, str]) -> None:
    for kind, channel in wanted.items():
        if kind not in REASON_KINDS or channel not in CHANNELS:
            raise ValidationError(
                "notifications",
                _l(
                    "Each reason (%(kinds)s) goes to one of: %(channels)s.",
                    kinds=", ".join(REASON_KINDS),
                    channels=", ".join(CHANNELS),
                ),
            )


@writes
def set_channels(user: User, wanted: Mapping[str, str]) -> dict[str, str]:
    check_channels(wanted)
    for kind, channel in wanted.items():
        setting = db.session.get(NotificationSetting, (user.id, kind))
        if setting is None:
            db.session.add(NotificationSetting(user_id=user.id, kind=kind, channel=channel))
        else:
            setting.channel = channel
    return settings_for(user)


@writes
def no_email(user: User) -> None:
    """Every reason that went by e-mail goes to the app instead (one-click unsubscribe)."""
    db.session.execute(
        update(NotificationSetting)
        .where(NotificationSetting.user_id == user.id, NotificationSetting.channel == "email")
        .values(channel="app")
    )


class NotificationAuthor(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    handle = ma.fields.String()


class NotificationPost(ma.Schema):
    """The post a notification is about, enough to show it in a list."""

    type = ma.fields.String()
    parent_id = ma.fields.Integer(allow_none=True)
    author = ma.fields.Nested(NotificationAuthor)
    excerpt = ma.fields.Function(lambda post: post.text[:160], metadata={"type": "string"})
    must_read = ma.fields.Boolean()


class NotificationOut(ma.Schema):
    """A notification as people's programs get it: listed by the API, pushed to sockets."""

    id = ma.fields.Integer()
    post_id = ma.fields.Integer()
    reasons = ma.fields.List(
        ma.fields.Dict(),
        metadata={
            "description": 'why it reached you, e.g. {"kind": "mention"}, {"kind": "alert", '
            '"term": "…"}, {"kind": "client", "client": "…", "owner": true}'
        },
    )
    read = ma.fields.Function(
        lambda notification: notification.read_at is not None, metadata={"type": "boolean"}
    )
    created_at = ma.fields.Function(
        lambda notification: notification.created_at.replace(tzinfo=UTC).isoformat(),
        metadata={"type": "string", "format": "date-time"},
    )
    post = ma.fields.Nested(NotificationPost)
    actor = ma.fields.Nested(
        NotificationAuthor,
        allow_none=True,
        metadata={"description": "who acted: a reaction's giver, a referral's mover, …"},
    )


_PAYLOAD = NotificationOut()


def as_json(notification: Notification) -> dict:
    return _PAYLOAD.dump(notification)
