"""Which posts name which client, as the alert matcher finds them, and a client's timeline.

The fan-out job records the matcher's client hits for every new or edited post; an edit
removes the old rows first. `backfill` runs the same matcher over the posts already there
(after an upgrade, a new alias, or in the demo), in batches; it can run any number of times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import and_, delete, func, literal, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import AnyPost, Client, ClientMention, Post, PostType, User
from ..notifying import alerts
from ..platform.database import insert_ignore, upsert, writes
from ..posting import visibility
from ..posting.feeds import Page, newest_first, older_than

BACKFILL_BATCH = 500
TIMELINE_PAGE = 20


def named_clients(post: Post, hits: Iterable | None = None) -> set[int]:
    """The ids of the clients `post` names (pass the matcher's hits if you have them)."""
    if hits is None:
        hits = alerts.current_matcher().match(alerts.matched_text(post))
    return {key[1] for key in hits if key[0] == "client"}


def record(post_id: int, client_ids: Iterable[int]) -> None:
    """Remember that the post names these clients (flushes; a repeat changes nothing).
    Only clients that still exist: a matcher may be a moment behind the directory."""
    ids = sorted(set(client_ids))
    if ids:
        db.session.execute(
            upsert(ClientMention)
            .from_select(
                ["post_id", "client_id"],
                select(literal(post_id), Client.id).where(Client.id.in_(ids)),
            )
            .on_conflict_do_nothing()
        )


def forget(post_id: int) -> None:
    """The post's text changed: its mentions are found again by the next fan-out."""
    db.session.execute(delete(ClientMention).where(ClientMention.post_id == post_id))


@writes
def backfill(
    batch: int = BACKFILL_BATCH, progress: Callable[[int, int], object] | None = None
) -> int:
    """Match every post against today's client names and aliases; rewrite what they name.
    Returns how many (post, client) pairs there are now."""
    matcher = alerts.current_matcher()
    known = set(db.session.scalars(select(Client.id)))
    total = db.session.scalar(select(func.count()).select_from(Post))
    done, last_id = 0, 0
    while True:
        posts = db.session.scalars(
            select(AnyPost)
            .where(AnyPost.id > last_id)
            .options(selectinload(AnyPost.ClientSignal.client))
            .order_by(AnyPost.id)
            .limit(batch)
        ).all()
        if not posts:
            break
        last_id = posts[-1].id
        rows = [
            {"post_id": p.id, "client_id": c}
            for p in posts
            for c in sorted(named_clients(p, matcher.match(alerts.matched_text(p))) & known)
        ]
        db.session.execute(
            delete(ClientMention).where(ClientMention.post_id.in_([p.id for p in posts]))
        )
        insert_ignore(ClientMention.__table__, rows)
        db.session.commit()  # the session holds the posts weakly: memory stays flat
        done += len(posts)
        if progress:
            progress(done, total)
    return db.session.scalar(select(func.count()).select_from(ClientMention))


def timeline_conditions(viewer: User, client: Client, signals_only: bool = False) -> list:
    """SQL conditions on AnyPost: the client's signals (and posts naming it) `viewer` may read."""
    signal = and_(
        AnyPost.type == PostType.CLIENT_SIGNAL, AnyPost.ClientSignal.client_id == client.id
    )
    named = AnyPost.id.in_(
        select(ClientMention.post_id).where(ClientMention.client_id == client.id)
    )
    return [signal if signals_only else or_(signal, named), visibility.readable(viewer)]


def timeline(
    viewer: User,
    client: Client,
    *,
    cursor: str | None = None,
    signals_only: bool = False,
    limit: int = TIMELINE_PAGE,
) -> Page:
    """The client's signals and every post that names it, that `viewer` may read, newest
    first, a page at a time (the same queries as a feed page)."""
    conditions = timeline_conditions(viewer, client, signals_only)
    if cursor:
        conditions.append(older_than(cursor))
    return newest_first(viewer, conditions, limit)
