"""Feeds: which posts a reader sees, newest first, a page at a time (keyset pagination).

A page costs the same few queries whatever its size: the posts with their authors and
groups, then one query each for tags, mentions, clients and assignees, the reactions (and
who gave them), the replies new since the reader's last visit, follows and (for
recruiters) candidates' personal data.
"""

from __future__ import annotations

import base64
import binascii
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, inspect, or_, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from ..errors import BadRequest, NotFound
from ..extensions import db
from ..models import (
    POSTABLE_TYPES,
    REACTIONS,
    TYPES,
    AnyPost,
    Attachment,
    CandidateInterest,
    CandidatePrivate,
    Follow,
    Group,
    GroupMention,
    Mention,
    Post,
    PostTag,
    PostType,
    Reaction,
    Tag,
    TagFollow,
    User,
)
from ..platform.clock import local_today
from ..text.normalize import name_key
from . import visibility, visits

SCOPES = ("following", "all")


@cache
def references(post_type: str) -> list[tuple[str, str, type]]:
    """The rows a type's fields name (a signal's client, an alert's assignee): each
    relationship's name, its foreign key's attribute and the model it names."""
    spec, made = TYPES[post_type], []
    for field_ in spec.public_fields:
        if field_.kind.reference:
            relation = inspect(spec.model).relationships[field_.name]
            (column,) = relation.local_columns
            key = inspect(spec.model).get_property_by_column(column).key
            made.append((field_.name, key, relation.mapper.class_))
    return made


@dataclass
class Reacted:
    """One kind of reaction on one post: how many, by whom (oldest first), and the reader's?"""

    kind: str
    emoji: str
    people: list[User] = field(default_factory=list)
    mine: bool = False

    @property
    def count(self) -> int:
        return len(self.people)


@dataclass
class Page:
    items: list[Post]
    next_cursor: str | None = None
    liked: set[int] = field(default_factory=set)  # posts the reader gave a heart
    reactions: dict[int, list[Reacted]] = field(default_factory=dict)  # post → given kinds
    new_replies: dict[int, int] = field(default_factory=dict)  # since the reader last looked
    followed_users: set[int] = field(default_factory=set)
    followed_tags: set[str] = field(default_factory=set)
    private: dict[int, CandidatePrivate] = field(default_factory=dict)
    interest: dict[int, int] = field(default_factory=dict)  # candidate offer → interested


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
    conditions = [AnyPost.parent_id.is_(None), visibility.readable(viewer)]
    if query.scope not in SCOPES:
        raise BadRequest(
            _l("Unknown feed. Choose one of: %(s)s.", s=", ".join(SCOPES)), code="unknown_scope"
        )
    if query.scope == "following":
        conditions.append(following(viewer))
    if query.type:
        if query.type not in POSTABLE_TYPES:
            raise BadRequest(
                _l("Unknown post type. Choose one of: %(types)s.", types=", ".join(POSTABLE_TYPES)),
                code="unknown_type",
                details={"valid_types": POSTABLE_TYPES},
            )
        conditions.append(AnyPost.type == query.type)
    if query.tag:
        conditions.append(
            AnyPost.id.in_(select(PostTag.post_id).join(Tag).where(Tag.name == name_key(query.tag)))
        )
    if query.author:
        conditions.append(AnyPost.author_id == query.author.id)
    if query.group:
        if not visibility.can_read_group(viewer, query.group):
            raise NotFound(_l("There is no such group."))
        conditions.append(AnyPost.group_id == query.group.id)
    if query.cursor:
        conditions.append(older_than(query.cursor))
    return conditions


def older_than(cursor: str, model=None):
    """A SQL condition: the rows of `model` (AnyPost unless given; any model with
    `created_at` and `id`) after `cursor` in newest-first order."""
    model = AnyPost if model is None else model
    stamp, row_id = decode_cursor(cursor)
    return or_(model.created_at < stamp, and_(model.created_at == stamp, model.id < row_id))


def list_feed(viewer: User, query: FeedQuery) -> Page:
    return newest_first(viewer, feed_conditions(viewer, query), query.limit)


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
    statement = (
        select(AnyPost)
        .where(*conditions)
        .order_by(AnyPost.created_at.desc(), AnyPost.id.desc())
        .limit(limit + 1)
        .options(joinedload(AnyPost.author), joinedload(AnyPost.group))
    )
    posts = list(db.session.scalars(statement).unique())
    page = Page(items=posts[:limit])
    if len(posts) > limit:
        page.next_cursor = encode_cursor(page.items[-1])
    hydrate(viewer, page, loaded=True)
    return page


def load_cards(posts: list[Post]) -> None:
    """What the cards show beside the posts' own rows: tags, mentions and the rows the
    types' fields name, a query each, and only for what the page has. By hand, because
    SQLAlchemy's selectin loading of five such relations spent more time setting itself
    up on every page than its queries took."""
    ids = [p.id for p in posts]
    collections = {
        "tags": select(PostTag.post_id, Tag)
        .join(Tag, Tag.id == PostTag.tag_id)
        .where(PostTag.post_id.in_(ids))
        .order_by(Tag.name),
        "mentioned_users": select(Mention.post_id, User)
        .join(User, User.id == Mention.user_id)
        .where(Mention.post_id.in_(ids))
        .order_by(User.handle),
        "mentioned_groups": select(GroupMention.post_id, Group)
        .join(Group, Group.id == GroupMention.group_id)
        .where(GroupMention.post_id.in_(ids))
        .order_by(Group.handle),
        "attachments": select(Attachment.post_id, Attachment)
        .where(Attachment.post_id.in_(ids))
        .order_by(Attachment.position),
    }
    for name, statement in collections.items():
        found = defaultdict(list)
        for post_id, row in db.session.execute(statement):
            found[post_id].append(row)
        for post in posts:
            set_committed_value(post, name, found.get(post.id, []))
    _load_references(posts)


def _load_references(posts: list[Post]) -> None:
    wanted = defaultdict(set)
    for post in posts:
        for _, key, target in references(post.type):
            if getattr(post, key) is not None:
                wanted[target].add(getattr(post, key))
    rows = {
        (target, row.id): row
        for target, keys in wanted.items()
        for row in db.session.scalars(select(target).where(target.id.in_(keys)))
    }
    for post in posts:
        for name, key, target in references(post.type):
            set_committed_value(post, name, rows.get((target, getattr(post, key))))


def hydrate(viewer: User, page: Page, loaded: bool = False) -> Page:
    """Load, in a fixed number of queries, everything the page's cards show (`loaded`:
    the posts were loaded as AnyPost, with every type's columns)."""
    posts = page.items
    if not posts:
        return page
    ids = [p.id for p in posts]
    if not loaded:  # every type's columns of the posts already in the session
        db.session.scalars(select(AnyPost).where(AnyPost.id.in_(ids))).all()
    load_cards(posts)
    _reactions(viewer, page, ids)
    page.new_replies = visits.new_replies(viewer, ids)
    authors = {p.author_id for p in posts}
    page.followed_users = set(
        db.session.scalars(
            select(Follow.followed_id).where(
                Follow.follower_id == viewer.id, Follow.followed_id.in_(authors)
            )
        )
    )
    page.followed_tags = set(
        db.session.scalars(select(Tag.name).join(TagFollow).where(TagFollow.user_id == viewer.id))
    )
    offers = [p for p in posts if p.type == PostType.CANDIDATE_OFFER]
    if offers:
        _offer_extras(viewer, page, offers)
    return page


def _reactions(viewer: User, page: Page, ids: list[int]) -> None:
    """Every reaction to the page's posts with who gave it: one query."""
    given: dict[int, dict[str, Reacted]] = {}
    rows = db.session.execute(
        select(Reaction.post_id, Reaction.kind, User)
        .join(User, User.id == Reaction.user_id)
        .where(Reaction.post_id.in_(ids))
        .order_by(Reaction.created_at, User.id)
    )
    for post_id, kind, person in rows:
        if kind not in REACTIONS:
            continue
        kinds = given.setdefault(post_id, {})
        reacted = kinds.setdefault(kind, Reacted(kind, REACTIONS[kind]))
        reacted.people.append(person)
        if person.id == viewer.id:
            reacted.mine = True
            if kind == "heart":
                page.liked.add(post_id)
    order = list(REACTIONS)
    page.reactions = {
        post_id: sorted(kinds.values(), key=lambda r: order.index(r.kind))
        for post_id, kinds in given.items()
    }


def _offer_extras(viewer: User, page: Page, offers: list[Post]) -> None:
    """How many colleagues are interested in each offer and, for recruiters, the
    candidate's personal data: one query."""
    interested = (
        select(func.count())
        .where(CandidateInterest.post_id == Post.id)
        .correlate(Post)
        .scalar_subquery()
    )
    statement = select(Post.id, interested).where(Post.id.in_([p.id for p in offers]))
    # Past its retention date the personal data is not shown, even before the job erases it.
    kept = {p.id for p in offers if not (p.retain_until and p.retain_until < local_today())}
    recruiter = visibility.can_see_candidate(viewer)
    if recruiter:
        statement = statement.add_columns(CandidatePrivate).outerjoin(
            CandidatePrivate, CandidatePrivate.post_id == Post.id
        )
    for row in db.session.execute(statement):
        if row[1]:
            page.interest[row[0]] = row[1]
        if recruiter and row[2] is not None and row[0] in kept:
            page.private[row[0]] = row[2]


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
