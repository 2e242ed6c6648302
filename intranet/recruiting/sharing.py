"""Sharing on autopilot: what each person wants to share, their queue of vacancies that are
due, and resurfacing open vacancies on their rhythm (in the app and in their digest)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, func, or_, select, update

from ..errors import ValidationError
from ..extensions import db
from ..models import (
    SHARE_CHANNELS,
    SHARE_RHYTHMS,
    Notification,
    PostTag,
    ShareEvent,
    SharePreference,
    ShareSlot,
    Tag,
    User,
    Vacancy,
)
from ..notifying import notifications
from ..platform.clock import local_date, utcnow
from ..platform.database import upsert, writes
from ..posting import visibility
from .share_links import count_event
from .vacancies import shareable

RHYTHM_DAYS = {"weekly": 7, "monthly": 30}
MAX_VALUES = 30  # per list of departments, locations or tags
QUEUE_PAGE = 20
MAX_PAGE = 1000  # a queue page beyond it is empty anyway; bigger numbers overflow OFFSET


# Preferences ---------------------------------------------------------------------------


def preference(user: User) -> SharePreference | None:
    """Their saved preferences, or None: they have not been asked yet."""
    return db.session.get(SharePreference, user.id)


def defaults() -> dict:
    return {
        "departments": [],
        "locations": [],
        "tags": [],
        "channels": list(SHARE_CHANNELS),
        "rhythm": "monthly",
    }


def preference_or_defaults(user: User) -> SharePreference:
    """Their saved preferences, or the defaults they would get (not saved)."""
    return preference(user) or SharePreference(user_id=user.id, **defaults())


def as_dict(pref: SharePreference | None) -> dict:
    if pref is None:
        return {**defaults(), "saved": False}
    return {
        "departments": pref.departments,
        "locations": pref.locations,
        "tags": pref.tags,
        "channels": pref.channels,
        "rhythm": pref.rhythm,
        "saved": True,
    }


def _texts(field: str, value, normalise=lambda s: s) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValidationError(field, _l("Give a list of values."))
    clean = []
    for item in value:
        if not isinstance(item, str) or not item.strip() or len(item.strip()) > 120:
            raise ValidationError(field, _l("Each value is a text of 1 to 120 characters."))
        text = normalise(" ".join(item.split()))
        if text not in clean:
            clean.append(text)
    if len(clean) > MAX_VALUES:
        raise ValidationError(field, _l("Choose at most %(n)d.", n=MAX_VALUES))
    return clean


def clean_preferences(data: Mapping, current: dict) -> dict:
    """Check every field (missing ones keep their current value); all errors at once."""
    errors, clean = {}, {}
    shapes = {
        "departments": lambda s: s,
        "locations": lambda s: s,
        "tags": lambda s: s.lstrip("#").casefold(),
    }
    for field, normalise in shapes.items():
        try:
            clean[field] = (
                _texts(field, data[field], normalise) if field in data else current[field]
            )
        except ValidationError as error:
            errors.update(error.fields)
    channels = data.get("channels", current["channels"])
    if (
        not isinstance(channels, list | tuple)
        or not channels
        or any(c not in SHARE_CHANNELS for c in channels)
    ):
        errors["channels"] = _l("Choose one or more of: %(c)s.", c=", ".join(SHARE_CHANNELS))
    else:
        clean["channels"] = [c for c in SHARE_CHANNELS if c in channels]
    rhythm = data.get("rhythm", current["rhythm"])
    if rhythm not in SHARE_RHYTHMS:
        errors["rhythm"] = _l("Choose weekly, monthly or never.")
    clean["rhythm"] = rhythm
    if errors:
        raise ValidationError.many(errors)
    return clean


@writes
def save_preferences(user: User, data: Mapping) -> SharePreference:
    pref = preference(user)
    clean = clean_preferences(data, as_dict(pref))
    if pref is None:
        pref = SharePreference(user_id=user.id)
        db.session.add(pref)
    for name, value in clean.items():
        setattr(pref, name, value)
    pref.updated_at = utcnow()
    return pref


def options() -> dict[str, list[str]]:
    """What people can choose from: the departments, locations and tags of the vacancies
    that can be shared (a private group's vacancy must not leak its department or tags)."""

    def values(column) -> list[str]:
        return sorted(
            v
            for v in db.session.scalars(
                select(column).distinct().where(shareable(), column.is_not(None), column != "")
            )
            if v
        )

    tags = db.session.scalars(
        select(Tag.name)
        .distinct()
        .join(PostTag, PostTag.tag_id == Tag.id)
        .join(Vacancy, Vacancy.id == PostTag.post_id)
        .where(shareable())
        .order_by(Tag.name)
    )
    return {
        "departments": values(Vacancy.department),
        "locations": values(Vacancy.location),
        "tags": list(tags),
    }


# Which vacancies ------------------------------------------------------------------------


def matching(pref: SharePreference):
    """A condition on Vacancy: what the person wants to share (an empty list: all)."""
    conditions = []
    if pref.departments:
        conditions.append(
            func.lower(Vacancy.department).in_([d.casefold() for d in pref.departments])
        )
    if pref.locations:
        conditions.append(func.lower(Vacancy.location).in_([v.casefold() for v in pref.locations]))
    if pref.tags:
        conditions.append(
            Vacancy.id.in_(
                select(PostTag.post_id)
                .join(Tag, Tag.id == PostTag.tag_id)
                .where(Tag.name.in_(pref.tags))
            )
        )
    return and_(True, *conditions)


def _pending():
    """A condition on the (outer-joined) slot: surfaced and not shared or dismissed since."""
    since = ShareSlot.surfaced_at
    return or_(
        ShareSlot.user_id.is_(None),
        and_(
            since.is_not(None),
            or_(ShareSlot.shared_at.is_(None), ShareSlot.shared_at < since),
            or_(ShareSlot.dismissed_at.is_(None), ShareSlot.dismissed_at < since),
        ),
    )


def _due(user: User, pref: SharePreference):
    return (
        select(Vacancy)
        .outerjoin(
            ShareSlot, and_(ShareSlot.vacancy_id == Vacancy.id, ShareSlot.user_id == user.id)
        )
        .where(shareable(), matching(pref), _pending())
    )


def queue(user: User, page: int = 1) -> tuple[list[Vacancy], bool]:
    """The vacancies due for them, newest first, a page at a time (and whether more follow)."""
    pref = preference(user)
    if pref is None or pref.rhythm == "never":
        return [], False
    rows = list(
        db.session.scalars(
            _due(user, pref)
            .order_by(Vacancy.created_at.desc(), Vacancy.id.desc())
            .offset((page - 1) * QUEUE_PAGE)
            .limit(QUEUE_PAGE + 1)
        )
    )
    return rows[:QUEUE_PAGE], len(rows) > QUEUE_PAGE


def _slot(user: User, vacancy: Vacancy, now: datetime) -> ShareSlot:
    slot = db.session.get(ShareSlot, (user.id, vacancy.id))
    if slot is None:  # shared before it ever came up: it came up now
        slot = ShareSlot(user_id=user.id, vacancy_id=vacancy.id, surfaced_at=now)
        db.session.add(slot)
    return slot


@writes
def record_share(user: User, vacancy: Vacancy, channel: str) -> None:
    """They shared it: off their queue until it comes up again, and counted."""
    if channel not in SHARE_CHANNELS:
        raise ValidationError("channel", _l("Unknown channel."))
    now = utcnow()
    _slot(user, vacancy, now).shared_at = now
    db.session.flush()
    day = local_date(now).isoformat()  # one share per channel and day (the agency's day)
    count_event(vacancy.id, user.id, "share", f"{channel}-{day}", channel)


@writes
def dismiss(user: User, vacancy: Vacancy) -> None:
    """ "Not now": off their queue until it comes up again."""
    now = utcnow()
    _slot(user, vacancy, now).dismissed_at = now


# Resurfacing ------------------------------------------------------------------------------


def _sharers() -> list[tuple[User, SharePreference]]:
    return list(
        db.session.execute(
            select(User, SharePreference)
            .join(SharePreference, SharePreference.user_id == User.id)
            .where(User.deactivated_at.is_(None), SharePreference.rhythm != "never")
            .order_by(User.id)
        ).all()
    )


def _quiet_since(cutoff: datetime):
    """A condition on the slot: it has not come up, been shared or been put off since."""
    return and_(
        *(
            or_(moment.is_(None), moment <= cutoff)
            for moment in (ShareSlot.surfaced_at, ShareSlot.shared_at, ShareSlot.dismissed_at)
        )
    )


def _surface(user: User, pref: SharePreference, now: datetime) -> list[int]:
    """Bring back what is due for one person; return the vacancy ids that came up. A slot
    is due when the latest of its coming up, sharing and "not now" is older than the rhythm:
    a vacancy shared yesterday does not come back tomorrow."""
    cutoff = now - timedelta(days=RHYTHM_DAYS[pref.rhythm])
    wanted = list(db.session.scalars(select(Vacancy.id).where(shareable(), matching(pref))))
    if not wanted:
        return []
    again = list(
        db.session.scalars(
            update(ShareSlot)
            .where(
                ShareSlot.user_id == user.id, ShareSlot.vacancy_id.in_(wanted), _quiet_since(cutoff)
            )
            .values(surfaced_at=now, digested_at=None)
            .returning(ShareSlot.vacancy_id)
        )
    )
    new = list(
        db.session.scalars(
            upsert(ShareSlot).on_conflict_do_nothing().returning(ShareSlot.vacancy_id),
            [{"user_id": user.id, "vacancy_id": v, "surfaced_at": now} for v in wanted],
        )
    )
    return again + new


def _turn_has_come(pref: SharePreference, now: datetime) -> bool:
    """The rhythm is the person's: nothing comes up for them more often than they chose,
    however many vacancies open in between (the first time: at once)."""
    last = pref.last_surfaced_at
    return last is None or now - last >= timedelta(days=RHYTHM_DAYS[pref.rhythm])


@writes
def resurface(now: datetime | None = None) -> int:
    """Every willing sharer whose turn has come gets, in one batch, the open vacancies that
    are due, each with a notification; safe to run at any time and twice (a slot moves only
    when it is due, and the person's clock only when something came up)."""
    now = now or utcnow()
    surfaced: dict[int, list[int]] = {}
    for user, pref in _sharers():
        if not _turn_has_come(pref, now):
            continue
        batch = _surface(user, pref, now)
        if batch:  # nothing due: their turn stays open for the next vacancy
            pref.last_surfaced_at = now
        for vacancy_id in batch:
            surfaced.setdefault(vacancy_id, []).append(user.id)
    in_turn = select(Vacancy).where(Vacancy.id.in_(list(surfaced))).order_by(Vacancy.id)
    for vacancy in db.session.scalars(in_turn):  # in id order, as every batch that notifies
        users = surfaced[vacancy.id]
        notifications.take_turns(vacancy.id, users)  # before the rows change, as notify's
        _forget_share_reason(vacancy.id, users)
        notifications.notify(vacancy, {u: [{"kind": "share"}] for u in users}, actor_id=0)
    return sum(len(users) for users in surfaced.values())


def _forget_share_reason(vacancy_id: int, user_ids: list[int]) -> None:
    """A vacancy that comes up again must ring again: drop the old "share" reason so the
    notification gains it anew (and comes back unread)."""
    for note in db.session.scalars(
        select(Notification).where(
            Notification.post_id == vacancy_id,
            Notification.user_id.in_(user_ids),
            Notification.kinds.like("%,share,%"),
        )
    ):
        note.reasons = [r for r in note.reasons if r.get("kind") != "share"]
        note.kinds = Notification.kinds_of(note.reasons)
    db.session.flush()


# The digest -----------------------------------------------------------------------------


def for_digest(user: User, limit: int = 5) -> list[Vacancy]:
    """Due vacancies the digest has not carried since they last came up."""
    pref = preference(user)
    if pref is None or pref.rhythm == "never":
        return []
    return list(
        db.session.scalars(
            select(Vacancy)
            .join(ShareSlot, and_(ShareSlot.vacancy_id == Vacancy.id, ShareSlot.user_id == user.id))
            .where(shareable(), matching(pref), _pending(), ShareSlot.digested_at.is_(None))
            .order_by(ShareSlot.surfaced_at.desc(), Vacancy.id.desc())
            .limit(limit)
        )
    )


_SLOTS = ShareSlot.__table__
_DIGESTED = (  # built once: part of recording each digest sent (see outbox.record_sent)
    update(_SLOTS)
    .where(
        _SLOTS.c.user_id == bindparam("person"),
        _SLOTS.c.vacancy_id.in_(bindparam("vacancy_ids", expanding=True)),
    )
    .values(digested_at=bindparam("now"))
)


def mark_digested(user_id: int, vacancy_ids: list[int]) -> None:
    """Flushes only: part of recording the digest's send."""
    if vacancy_ids:
        db.session.execute(
            _DIGESTED, {"person": user_id, "vacancy_ids": vacancy_ids, "now": utcnow()}
        )


# What shares brought ----------------------------------------------------------------------


def results(user: User, limit: int = 50, vacancy_id: int | None = None) -> list[dict]:
    """Per vacancy they shared (or only `vacancy_id`): views, clicks, shares and
    applications credited to them."""
    counts: dict[int, dict[str, int]] = {}
    only = [ShareEvent.vacancy_id == vacancy_id] if vacancy_id is not None else []
    for vacancy_id, kind, number in db.session.execute(
        select(ShareEvent.vacancy_id, ShareEvent.kind, func.count())
        .where(ShareEvent.sharer_id == user.id, *only)
        .group_by(ShareEvent.vacancy_id, ShareEvent.kind)
    ):
        counts.setdefault(vacancy_id, {})[kind] = number
    if not counts:
        return []
    vacancies = db.session.scalars(
        select(Vacancy)
        .where(Vacancy.id.in_(list(counts)), visibility.readable(user))
        .order_by(Vacancy.created_at.desc())
        .limit(limit)
    )
    return [
        {
            "vacancy": v,
            **{k: counts[v.id].get(k, 0) for k in ("view", "click", "share", "application")},
        }
        for v in vacancies
    ]
