"""What is new to someone: replies since they last opened a post, and posts on their
Following feed since they last looked at it."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, func, select, update

from ..extensions import db
from ..models import Post, PostVisit, User
from ..platform.clock import utcnow
from ..platform.database import upsert, writes


@writes
def opened(user: User, post: Post) -> datetime | None:
    """Note that `user` opened `post` now; returns when they had opened it before."""
    before = db.session.scalar(
        select(PostVisit.seen_at).where(PostVisit.user_id == user.id, PostVisit.post_id == post.id)
    )
    now = utcnow()
    db.session.execute(
        upsert(PostVisit)
        .values(user_id=user.id, post_id=post.id, seen_at=now)
        .on_conflict_do_update(index_elements=["user_id", "post_id"], set_={"seen_at": now})
    )
    return before


def new_replies(user: User, post_ids: list[int]) -> dict[int, int]:
    """Replies by others since `user` last opened each post (posts never opened: none)."""
    if not post_ids:
        return {}
    values = {"reader": user.id, "posts": list(post_ids)}
    rows = db.session.connection().execute(_new_replies(), values)
    return dict(rows.all())


@cache
def _new_replies():
    """Built once, run with the reader and the posts bound (every feed page asks)."""
    reader = bindparam("reader")
    return (
        select(Post.parent_id, func.count())
        .join(PostVisit, (PostVisit.post_id == Post.parent_id) & (PostVisit.user_id == reader))
        .where(
            Post.parent_id.in_(bindparam("posts", expanding=True)),
            Post.created_at > PostVisit.seen_at,
            Post.author_id != reader,
        )
        .group_by(Post.parent_id)
    )


@writes
def looked_at_following(user: User) -> datetime | None:
    """Note that `user` looks at their Following feed now; returns when they last did."""
    before = user.following_seen_at
    db.session.execute(update(User).where(User.id == user.id).values(following_seen_at=utcnow()))
    return before
