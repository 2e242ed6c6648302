"""Feeds: which posts a reader sees, newest first, a page at a time (keyset pagination).

A page costs the same few queries whatever its size: the posts with their authors and
groups, then what their cards show (posting.hydration).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import joinedload

from ..errors import BadRequest, NotFound
from ..extensions import db
from ..models import (
    POSTABLE_TYPES,
    AnyPost,
    Follow,
    Group,
    Mention,
    Post,
    PostTag,
    Tag,
    TagFollow,
    User,
)
from ..text.normalize import name_key
from . import columns, visibility
from .hydration import Page, hydrate  # pages of posts: callers find them here too

SCOPES = ("following", "all")


@dataclass
class FeedQuery:
    scope: str = "all"
    type: str | None = None
    tag: str | None = None
    author: User | None = None
    group: Group | None = None
    cursor: str | None = None
    limit: int = 20


def encode_cursor(post: Post) -> str:
    raw = f"{post.created_at.isoformat()}|{post.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, post_id = raw.split("|")
        moment, number = datetime.fromisoformat(stamp), int(post_id)
        if not 0 < number < 2**31:  # ids are 32-bit integers in PostgreSQL
            raise ValueError(number)
        return moment, number
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadRequest(
            _l("This page link is broken; start again from the top."), code="bad_cursor"
        ) from None


def following(viewer: User):
    """Own posts, people and tags followed, mentions of the reader, and their groups' posts."""
    return or_(
        AnyPost.author_id == viewer.id,
        AnyPost.author_id.in_(select(Follow.followed_id).where(Follow.follower_id == viewer.id)),
        AnyPost.id.in_(
            select(PostTag.post_id)
            .join(TagFollow, TagFollow.tag_id == PostTag.tag_id)
            .where(TagFollow.user_id == viewer.id)
        ),
        AnyPost.id.in_(select(Mention.post_id).where(Mention.user_id == viewer.id)),
        AnyPost.group_id.in_(visibility.member_group_ids(viewer)),
    )


def feed_conditions(viewer: User, query: FeedQuery) -> list:
    """SQL conditions on AnyPost: the posts of this feed that `viewer` may read."""
    values = feed_values(viewer, query)
    return _conditions(query.scope, values, values.__getitem__)


def feed_values(viewer: User, query: FeedQuery) -> dict:
    """What a feed's conditions compare with, by name, once the query is found valid."""
    values = {"viewer": viewer.id}
    if query.scope not in SCOPES:
        raise BadRequest(
            _l("Unknown feed. Choose one of: %(s)s.", s=", ".join(SCOPES)), code="unknown_scope"
        )
    if query.type:
        if query.type not in POSTABLE_TYPES:
            raise BadRequest(
                _l("Unknown post type. Choose one of: %(types)s.", types=", ".join(POSTABLE_TYPES)),
                code="unknown_type",
                details={"valid_types": POSTABLE_TYPES},
            )
        values["type"] = query.type
    if query.tag:
        values["tag"] = name_key(query.tag)
    if query.author:
        values["author"] = query.author.id
    if query.group:
        if not visibility.can_read_group(viewer, query.group):
            raise NotFound(_l("There is no such group."))
        values["group"] = query.group.id
    if query.cursor:
        values["stamp"], values["before"] = decode_cursor(query.cursor)
    return values


def _conditions(scope: str, values: dict, put) -> list:
    """The conditions for `values` (feed_values), each compared with `put(name)`: the value
    itself, or a parameter bound when the statement runs."""
    viewer = visibility.Reader(put("viewer"))
    conditions = [AnyPost.parent_id.is_(None), visibility.readable(viewer)]
    if scope == "following":
        conditions.append(following(viewer))
    if "type" in values:
        conditions.append(AnyPost.type == put("type"))
    if "tag" in values:
        tagged = select(PostTag.post_id).join(Tag).where(Tag.name == put("tag"))
        conditions.append(AnyPost.id.in_(tagged))
    if "author" in values:
        conditions.append(AnyPost.author_id == put("author"))
    if "group" in values:
        conditions.append(AnyPost.group_id == put("group"))
    if "stamp" in values:
        stamp, before = put("stamp"), put("before")
        conditions.append(
            or_(AnyPost.created_at < stamp, and_(AnyPost.created_at == stamp, AnyPost.id < before))
        )
    return conditions


def older_than(cursor: str, model=None):
    """A SQL condition: the rows of `model` (AnyPost unless given; any model with
    `created_at` and `id`) after `cursor` in newest-first order."""
    model = AnyPost if model is None else model
    stamp, row_id = decode_cursor(cursor)
    return or_(model.created_at < stamp, and_(model.created_at == stamp, model.id < row_id))


def list_feed(viewer: User, query: FeedQuery) -> Page:
    values = feed_values(viewer, query)
    statement = _feed_statement(query.scope, tuple(values))
    posts = list(db.session.scalars(statement, {**values, "limit": query.limit + 1}).unique())
    return _page(viewer, posts, query.limit)


def feed_rows(viewer: User, query: FeedQuery, cards: bool = False) -> Page:
    """`list_feed`'s page as plain columns (posting.columns), filled with what the API's
    rows show and, with `cards`, what the cards' reader parts show: the same posts,
    chosen by the same conditions."""
    values = feed_values(viewer, query)
    statement = _rows_statement(query.scope, tuple(values))
    posts = columns.read_posts(statement, {**values, "limit": query.limit + 1})
    page = Page(items=posts[: query.limit])
    if len(posts) > query.limit:
        page.next_cursor = encode_cursor(page.items[-1])
    return columns.fill(viewer, page, cards)


@cache
def _rows_statement(scope: str, names: tuple[str, ...]):
    conditions = _conditions(scope, dict.fromkeys(names), bindparam)
    return columns.page_statement(conditions, bindparam("limit"))


@cache
def _feed_statement(scope: str, names: tuple[str, ...]):
    """A feed's query built once for each set of conditions, their values bound when it
    runs: building it (and SQLAlchemy's cache key for it) cost more than running it."""
    conditions = _conditions(scope, dict.fromkeys(names), bindparam)
    return _newest(conditions, bindparam("limit"))


def _newest(conditions: list, limit):
    return (
        select(AnyPost)
        .where(*conditions)
        .order_by(AnyPost.created_at.desc(), AnyPost.id.desc())
        .limit(limit)
        .options(joinedload(AnyPost.author), joinedload(AnyPost.group))
    )


def versions(where: list, limit: int) -> list[tuple[int, datetime]]:
    """(id, last change) of the newest `limit` posts meeting `where` (on AnyPost): what a
    feed's version is made of, in one query that loads nothing else."""
    changed = func.coalesce(AnyPost.edited_at, AnyPost.created_at)
    statement = (
        select(AnyPost.id, changed)
        .where(*where)
        .order_by(AnyPost.created_at.desc(), AnyPost.id.desc())
        .limit(limit)
    )
    return [(post_id, moment) for post_id, moment in db.session.execute(statement)]


def newest_first(viewer: User, conditions: list, limit: int) -> Page:
    """One page of the posts meeting `conditions` (on AnyPost), hydrated for their cards."""
    posts = list(db.session.scalars(_newest(conditions, limit + 1)).unique())
    return _page(viewer, posts, limit)


def _page(viewer: User, posts: list, limit: int) -> Page:
    """A page of `limit` of `posts` (one more, if there is a next page), hydrated."""
    page = Page(items=posts[:limit])
    if len(posts) > limit:
        page.next_cursor = encode_cursor(page.items[-1])
    hydrate(viewer, page, loaded=True)
    return page


def replies(viewer: User, post: Post) -> Page:
    """A post's replies, oldest first (a thread reads top to bottom)."""
    items = list(
        db.session.scalars(
            select(Post)
            .where(Post.parent_id == post.id)
            .order_by(Post.created_at, Post.id)
            .options(joinedload(Post.author))
        ).unique()
    )
    return hydrate(viewer, Page(items=items))
