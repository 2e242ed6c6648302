"""Who must hear about a new post or reply, and why: the job behind nearly every notification.

The people a new post names by handle are notified with the post itself (notify_mentioned).
The rest runs in the background (Huey), in batches, after the post is safely stored:
mentions (adding to those rows), group mentions, replies and threads, term alerts, followed
tags, clients' owners and followers, and assignees; it also records which clients a post
names (client_mentions).
Visibility and preferences are applied by notifications.notify(). A new post is also owed
to the webhooks (Teams, Slack) that listen to its group, tags or alerts (deliveries).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, insert, literal, select, union
from sqlalchemy.orm import joinedload, selectinload

from ..clients import mentions
from ..extensions import db
from ..models import (
    Alert,
    AnyPost,
    Client,
    ClientFollow,
    ClientOwner,
    FanoutQueue,
    GroupMember,
    Post,
    PostType,
    Tag,
    TagFollow,
)
from ..platform.database import writes
from ..platform.queue import trigger
from . import alerts, deliveries, notifications

BATCH = 200
# A post that names more people than this leaves their rows to the fan-out job: a request
# (holding SQLite's one write turn) writes a few, never a crowd.
MENTIONED_AT_ONCE = 20


def queue(post_id: int, event: str = "created") -> None:
    """Ask for the fan-out of a post, in the caller's transaction."""
    db.session.execute(insert(FanoutQueue), {"post_id": post_id, "event": event})
    trigger("kring.drain_fanout")


def notify_mentioned(post: Post) -> None:
    """The people a new post names by handle hear of it in the post's own transaction, and
    the push leaves from the node that took the post, right after its response. Someone is
    waiting for exactly this: it does not wait for a consumer to pick up the fan-out, and it
    is written with the post, so the fan-out can never race it. The fan-out finds these
    rows later, adds any further reasons, and rings the unread ones again (a push lost
    while Redis was away arrives then; clients take a notification's id once). A post
    naming more than MENTIONED_AT_ONCE people leaves them all to the fan-out."""
    named = {user.id: [{"kind": "mention"}] for user in post.mentioned_users}
    if len(named) <= MENTIONED_AT_ONCE:
        notifications.notify(post, named, new_post=True)


@writes
def drain(max_batches: int = 50) -> int:
    done = 0
    for _ in range(max_batches):
        # Claimed: another consumer (PostgreSQL) skips these; SQLite runs one writer anyway.
        rows = db.session.scalars(
            select(FanoutQueue)
            .order_by(FanoutQueue.id)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        ).all()
        if not rows:
            break
        ids = [r.id for r in rows]
        posts = {
            p.id: p
            for p in db.session.scalars(
                select(AnyPost)
                .where(AnyPost.id.in_({r.post_id for r in rows}))
                .options(
                    joinedload(AnyPost.author),  # the notifications' actor
                    joinedload(AnyPost.group),
                    joinedload(AnyPost.parent),
                    selectinload(AnyPost.tags),
                    selectinload(AnyPost.mentioned_users),
                    selectinload(AnyPost.ClientSignal.client),
                    selectinload(AnyPost.mentioned_groups),
                )
            ).unique()
        }
        # Post by post in id order, each post's events in theirs: batches on two consumers
        # then take the notifications' turns (notifications.take_turns) in one order.
        for row in sorted(rows, key=lambda r: (r.post_id, r.id)):
            post = posts.get(row.post_id)
            if post is not None:
                hits = alerts.current_matcher().match(alerts.matched_text(post))
                notifications.notify(
                    post, reasons_for(post, row.event, hits), completing=row.event == "created"
                )
                if row.event == "created":  # channels hear of new posts, not of edits
                    deliveries.queue_post(post, [key[1] for key in hits if key[0] == "alert"])
        db.session.execute(delete(FanoutQueue).where(FanoutQueue.id.in_(ids)))
        db.session.commit()
        done += len(rows)
        if len(rows) < BATCH:  # the queue is empty: asking again would only say so
            break
    return done


def reasons_for(post: Post, event: str, hits=None) -> dict[int, list[dict]]:
    reasons: dict[int, list[dict]] = defaultdict(list)
    for user in post.mentioned_users:
        reasons[user.id].append({"kind": "mention"})
    for group in post.mentioned_groups:
        for user_id in db.session.scalars(
            select(GroupMember.user_id).where(GroupMember.group_id == group.id)
        ):
            reasons[user_id].append({"kind": "group_mention", "group": group.handle})
    if hits is None:
        hits = alerts.current_matcher().match(alerts.matched_text(post))
    client_ids = mentions.named_clients(post, hits)
    mentions.record(post.id, client_ids)  # the client pages list it from now on
    signal_client = post.client_id if post.type == PostType.CLIENT_SIGNAL else None
    if event == "client_changed" and signal_client:
        # A signal moved to another client by an edit: that client's people hear of it.
        _clients({signal_client}, reasons, signal_client)
    if event != "created":
        return reasons  # an edit only reaches the people it newly names
    if post.parent_id:
        _thread(post, reasons)
    _matches(hits, post, reasons)
    if post.type == PostType.REPUTATION_ALERT and post.assignee_id:
        reasons[post.assignee_id].append({"kind": "assigned"})
    if signal_client:
        client_ids.add(signal_client)
    _clients(client_ids, reasons, signal_client)
    return reasons


def _thread(reply: Post, reasons) -> None:
    parent = reply.parent
    reasons[parent.author_id].append({"kind": "reply"})
    others = set(
        db.session.scalars(
            select(Post.author_id).where(Post.parent_id == parent.id, Post.id != reply.id)
        )
    )
    for user_id in others - {parent.author_id}:
        reasons[user_id].append({"kind": "thread"})


def _clients(client_ids: set[int], reasons, signal_client: int | None = None) -> None:
    """A client's owners and followers hear of its signals and of every post naming it.
    The owners of the client a signal is about are always told ("owner": a person's
    setting "off" for clients doesn't silence it, see notifications.notify)."""
    if not client_ids:
        return
    owners = select(ClientOwner.user_id, ClientOwner.client_id, literal(True).label("owns"))
    followers = select(ClientFollow.user_id, ClientFollow.client_id, literal(False))
    people = union(
        owners.where(ClientOwner.client_id.in_(client_ids)),
        followers.where(ClientFollow.client_id.in_(client_ids)),
    ).subquery()
    found: dict[tuple[int, int], tuple[str, bool]] = {}
    for user_id, client_id, owns, name in db.session.execute(
        select(people.c.user_id, people.c.client_id, people.c.owns, Client.name).join(
            Client, Client.id == people.c.client_id
        )
    ):
        always = bool(owns) and client_id == signal_client
        if always or (user_id, client_id) not in found:
            found[user_id, client_id] = (name, always)
    for (user_id, _client_id), (name, always) in sorted(found.items()):
        reason = {"kind": "client", "client": name}
        if always:
            reason["owner"] = True
        if reason not in reasons[user_id]:
            reasons[user_id].append(reason)


def _matches(hits, post: Post, reasons) -> None:
    alert_ids = [key[1] for key in hits if key[0] == "alert"]
    if alert_ids:
        for alert in db.session.scalars(select(Alert).where(Alert.id.in_(alert_ids))):
            if alert.type_list and post.type not in alert.type_list:
                continue
            reasons[alert.user_id].append(
                {
                    "kind": "alert",
                    "term": alert.term,
                    "alert_id": alert.id,
                    "delivery": alert.delivery,
                }
            )
    tag_names = [key[1] for key in hits if key[0] == "tag"]
    if tag_names:
        for user_id, name in db.session.execute(
            select(TagFollow.user_id, Tag.name).join(Tag).where(Tag.name.in_(tag_names))
        ):
            reasons[user_id].append({"kind": "tag", "tag": name})
