"""Digests: what matters to someone since their last one, most important first, by e-mail
on their rhythm (daily or weekly, their day and hour, their time zone)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import joinedload

from ..errors import ValidationError
from ..extensions import db
from ..models import (
    Group,
    GroupMember,
    Notification,
    OutboundMail,
    Post,
    PostType,
    ReputationAlert,
    SharePreference,
    TagFollow,
    User,
    Vacancy,
)
from ..models.tag import PostTag
from ..platform.clock import agency_zone, utcnow, zone
from ..platform.database import writes
from ..posting import visibility
from ..recruiting import sharing

FREQUENCIES = ("off", "daily", "weekly")
DIRECT = ("mention", "group_mention", "reply", "thread", "assigned")


@dataclass
class Item:
    post: Post
    why: str  # reason code, rendered by the template
    term: str | None = None


@dataclass
class Digest:
    user: User
    since: datetime
    until: datetime
    sections: dict[str, list[Item]] = field(default_factory=dict)
    notification_ids: list[int] = field(default_factory=list)
    share_vacancy_ids: list[int] = field(default_factory=list)  # due to share, now mailed

    @property
    def size(self) -> int:
        return sum(len(items) for items in self.sections.values())


def period(user: User, now: datetime | None = None) -> tuple[str, datetime, datetime] | None:
    """(key, since, until) of the latest digest period that has begun, in naive UTC."""
    if user.digest not in ("daily", "weekly"):
        return None
    # Their own zone if they chose one, else the agency's.
    tz = zone(user.timezone) if user.timezone else agency_zone()
    local = (now or utcnow()).replace(tzinfo=UTC).astimezone(tz)
    moment = local.replace(hour=user.digest_hour, minute=0, second=0, microsecond=0)
    step = timedelta(days=1)
    if user.digest == "weekly":
        step = timedelta(days=7)
        moment -= timedelta(days=(local.weekday() - user.digest_day) % 7)
    if moment > local:
        moment -= step
    key = ("d" if user.digest == "daily" else "w") + moment.strftime("%Y%m%d")
    until = moment.astimezone(UTC).replace(tzinfo=None)
    since = max((moment - step).astimezone(UTC).replace(tzinfo=None), user.created_at)
    return key, since, until


def compose(user: User, since: datetime, until: datetime) -> Digest:
    """One person's digest (see compose_many)."""
    return compose_many([(user, since, until)])[user.id]


def compose_many(wanted: list[tuple[User, datetime, datetime]]) -> dict[int, Digest]:
    """Unread mentions and replies, alert hits, open reputation alerts assigned to them,
    new vacancies, then top posts in followed tags; each post once; only what they may
    read; at most `digest_max` items. For many people at once: each section is one query
    for all of them (visibility checked per person, in Python, from their groups)."""
    if not wanted:
        return {}
    users = [user for user, _, _ in wanted]
    ids = [user.id for user in users]
    since, until = min(s for _, s, _ in wanted), max(u for _, _, u in wanted)
    may_read = _readers(ids)
    notes = _notifications(ids, since, until, may_read)
    assigned = _grouped(
        select(ReputationAlert).where(
            ReputationAlert.assignee_id.in_(ids),
            ReputationAlert.status.in_(("open", "acknowledged")),
        ),
        lambda post: [post.assignee_id],
    )
    vacancies = _vacancies(since, until)
    followers = set(db.session.scalars(select(TagFollow.user_id).where(TagFollow.user_id.in_(ids))))
    sharers = set(
        db.session.scalars(
            select(SharePreference.user_id).where(
                SharePreference.user_id.in_(ids), SharePreference.rhythm != "never"
            )
        )
    )
    made = {}
    for user, start, end in wanted:
        readable = may_read(user.id)
        made[user.id] = _compose(
            user,
            start,
            end,
            [n for n in notes.get(user.id, ()) if start <= n.created_at < end][:300],
            [p for p in assigned.get(user.id, ()) if readable(p)][:20],
            [
                p
                for p in vacancies
                if start <= p.created_at < end and p.author_id != user.id and readable(p)
            ][:20],
            sharing.for_digest(user) if user.id in sharers else [],
            _top_in_followed_tags(user, start, end) if user.id in followers else [],
        )
    return made


def _compose(user, since, until, notes, assigned, vacancies, shares, tagged) -> Digest:
    digest, seen = Digest(user, since, until), set()
    budget = max(1, min(user.digest_max, 100))

    def add(section: str, item: Item, note_id: int | None = None) -> None:
        if item.post.id not in seen and digest.size < budget:
            seen.add(item.post.id)
            digest.sections.setdefault(section, []).append(item)
            if note_id is not None:  # only what the mail really shows counts as mailed
                digest.notification_ids.append(note_id)

    for note in notes:
        kinds = {r["kind"] for r in note.reasons}
        if kinds & set(DIRECT) and note.read_at is None:
            add("direct", Item(note.post, sorted(kinds & set(DIRECT))[0]), note.id)
        elif "alert" in kinds and (note.read_at is None or _digest_only(note)):
            term = next(r["term"] for r in note.reasons if r["kind"] == "alert")
            add("alerts", Item(note.post, "alert", term), note.id)
    for post in assigned:
        add("assigned", Item(post, "assigned"))
    for post in vacancies:
        add("vacancies", Item(post, "vacancy"))
    for post in shares:
        add("share", Item(post, "share"))
        if post.id in seen:  # shown, here or as a new vacancy: never again this round
            digest.share_vacancy_ids.append(post.id)
    for post in tagged:
        add("tags", Item(post, "tag"))
    return digest


def _digest_only(note: Notification) -> bool:
    return any(r.get("delivery") == "digest" for r in note.reasons)


def _readers(user_ids: list[int]):
    """may_read(user_id)(post): the rule of `visibility.readable`, for many people from
    two queries (which groups are private, and their memberships)."""
    private = set(db.session.scalars(select(Group.id).where(Group.is_private.is_(True))))
    member: dict[int, set[int]] = {}
    if private:
        for user_id, group_id in db.session.execute(
            select(GroupMember.user_id, GroupMember.group_id).where(
                GroupMember.user_id.in_(user_ids), GroupMember.group_id.in_(private)
            )
        ):
            member.setdefault(user_id, set()).add(group_id)

    def may_read(user_id: int):
        mine = member.get(user_id, set())
        return lambda post: post.group_id not in private or post.group_id in mine

    return may_read


def _notifications(user_ids: list[int], since: datetime, until: datetime, may_read) -> dict:
    """Their notifications not yet mailed, oldest first, by person; only what they may read."""
    notes = db.session.scalars(
        select(Notification)
        .join(Post)
        .where(
            Notification.user_id.in_(user_ids),
            Notification.emailed_at.is_(None),
            Notification.created_at >= since,
            Notification.created_at < until,
        )
        .options(joinedload(Notification.post).joinedload(Post.author))
        .order_by(Notification.id)
    ).unique()
    by_user: dict[int, list] = {}
    for note in notes:
        if may_read(note.user_id)(note.post):
            by_user.setdefault(note.user_id, []).append(note)
    return by_user


def _grouped(statement, owners) -> dict[int, list[Post]]:
    """Posts of `statement`, newest first, under each person `owners(post)` names."""
    entity = statement.column_descriptions[0]["entity"]
    by_user: dict[int, list[Post]] = {}
    for post in db.session.scalars(
        statement.options(joinedload(entity.author)).order_by(entity.created_at.desc())
    ).unique():
        for user_id in owners(post):
            by_user.setdefault(user_id, []).append(post)
    return by_user


def _vacancies(since: datetime, until: datetime) -> list[Post]:
    return list(
        db.session.scalars(
            select(Vacancy)
            .where(
                Vacancy.type == PostType.VACANCY,
                Vacancy.status == "open",
                Vacancy.created_at >= since,
                Vacancy.created_at < until,
            )
            .options(joinedload(Vacancy.author))
            .order_by(Vacancy.created_at.desc())
        ).unique()
    )


def _top_in_followed_tags(user: User, since: datetime, until: datetime) -> list[Post]:
    followed = (
        select(PostTag.post_id)
        .join(TagFollow, TagFollow.tag_id == PostTag.tag_id)
        .where(TagFollow.user_id == user.id)
    )
    return list(
        db.session.scalars(
            select(Post)
            .where(
                Post.id.in_(followed),
                Post.parent_id.is_(None),
                Post.created_at >= since,
                Post.created_at < until,
                Post.author_id != user.id,
                visibility.readable(user),
            )
            .options(joinedload(Post.author))
            .order_by((Post.like_count + Post.reply_count).desc(), Post.id.desc())
            .limit(5)
        ).unique()
    )


# Built once: it runs for every message sent (see outbox.record_sent). A Core statement,
# so not looked for among the loaded objects either: a digest batch keeps hundreds loaded.
_NOTES = Notification.__table__
_EMAILED = (
    update(_NOTES)
    .where(_NOTES.c.id.in_(bindparam("note_ids", expanding=True)))
    .values(emailed_at=bindparam("now"))
)


def mark_emailed(notification_ids: list[int]) -> None:
    """What a mail carried is not mailed again (nor in the next digest). Flushes only:
    it is part of recording the send."""
    if notification_ids:
        db.session.execute(_EMAILED, {"note_ids": notification_ids, "now": utcnow()})


def mark_sent(digest: Digest) -> None:
    """What a digest carried is not mailed again. Flushes only."""
    mark_emailed(digest.notification_ids)
    sharing.mark_digested(digest.user.id, digest.share_vacancy_ids)


def last_digest_at(user_id: int, current_key: str) -> datetime | None:
    """When the previous digest was made (sent or found empty): the next one starts there,
    so an outage or a changed hour loses nothing."""
    return db.session.scalar(
        select(OutboundMail.created_at)
        .where(
            OutboundMail.user_id == user_id,
            OutboundMail.kind == "digest",
            OutboundMail.key != current_key,
            OutboundMail.status.in_(("sent", "empty")),
        )
        .order_by(OutboundMail.created_at.desc())
        .limit(1)
    )


def last_digests_at(current: dict[int, str]) -> dict[int, datetime]:
    """`last_digest_at` for many people at once ({person: current key}): one query."""
    if not current:
        return {}
    latest: dict[int, datetime] = {}
    for user_id, key, made in db.session.execute(
        select(OutboundMail.user_id, OutboundMail.key, func.max(OutboundMail.created_at))
        .where(
            OutboundMail.user_id.in_(list(current)),
            OutboundMail.kind == "digest",
            OutboundMail.status.in_(("sent", "empty")),
        )
        .group_by(OutboundMail.user_id, OutboundMail.key)
    ):
        if key != current[user_id] and (user_id not in latest or made > latest[user_id]):
            latest[user_id] = made
    return latest


def schedules(user_id: int | None = None) -> list:
    """Active people who want a digest (or just `user_id`), as rows with the columns
    `period()` reads: enough to see who is due without loading anyone."""
    statement = select(
        User.id, User.digest, User.timezone, User.digest_hour, User.digest_day, User.created_at
    ).where(User.deactivated_at.is_(None), User.digest != "off")
    if user_id is not None:
        statement = statement.where(User.id == user_id)
    return list(db.session.execute(statement.order_by(User.id)))


def finished(due: list[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which (person, period key) pairs were already sent or found empty: one query for a
    whole sweep, instead of a claim per person every minute."""
    keys = {key for _, key in due}
    if not keys:
        return set()
    rows = db.session.execute(
        select(OutboundMail.user_id, OutboundMail.key).where(
            OutboundMail.kind == "digest",
            OutboundMail.key.in_(keys),
            OutboundMail.status.in_(("sent", "empty")),
        )
    )
    return {(user_id, key) for user_id, key in rows}


def subscribers(user_id: int | None = None) -> list[int]:
    """Ids of active people who want a digest (or just `user_id`'s, if they do)."""
    statement = select(User.id).where(User.deactivated_at.is_(None), User.digest != "off")
    if user_id is not None:
        statement = statement.where(User.id == user_id)
    return list(db.session.scalars(statement.order_by(User.id)))


@writes
def set_digest(user: User, data: Mapping) -> User:
    """Frequency, day (0 = Monday), hour (local) and maximum length of someone's digest."""
    errors = {}
    frequency = data.get("digest", user.digest)
    if frequency not in FREQUENCIES:
        errors["digest"] = _l("Choose off, daily or weekly.")
    numbers = {"digest_day": (0, 6), "digest_hour": (0, 23), "digest_max": (3, 100)}
    values = {}
    for name, (low, high) in numbers.items():
        raw = data.get(name, getattr(user, name))
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = None
        if isinstance(raw, bool) or value is None or not low <= value <= high:
            errors[name] = _l("Choose a number from %(low)d to %(high)d.", low=low, high=high)
        values[name] = value
    if errors:
        raise ValidationError.many(errors)
    user.digest = frequency
    for name, value in values.items():
        setattr(user, name, value)
    user.digest_asked = True
    return user


@writes
def unsubscribe(user: User) -> None:
    user.digest = "off"
    user.digest_asked = True
