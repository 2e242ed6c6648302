"""What a page of posts shows beside the posts' own rows, for one reader: tags, mentions,
attachments, the rows the types' fields name, reactions and who gave them, replies new
since the reader's last visit, follows and (for recruiters) candidates' personal data.

A page costs the same few queries whatever its size. Each statement is built once and
run with the page's values bound: building a SQLAlchemy statement (and its cache key)
cost more than running it, on every page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import bindparam, func, inspect, select
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models import (
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
from . import visibility, visits


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
    # A page read as plain columns (posting.columns): how its posts' ORM objects are
    # loaded when a card has to be drawn anew (`model`).
    load_models: Callable[[list], dict[int, Post]] | None = None
    models: dict[int, Post] = field(default_factory=dict)
    asked: set[int] = field(default_factory=set)  # ids whose ORM object was looked for

    def model(self, post, wanted: Callable[[], list] | None = None):
        """`post` as an ORM object with what its card shows: itself, or on a page read as
        plain columns loaded when first asked for, together with the page's other posts
        that `wanted()` names (those whose faces must be drawn too), in one load. One
        deleted in between is its plain row still: it carries what a face reads."""
        if self.load_models is None:
            return post
        if post.id not in self.asked:
            batch = [post, *(p for p in (wanted() if wanted else self.items) if p.id != post.id)]
            batch = [p for p in batch if p.id not in self.asked]
            self.asked.update(p.id for p in batch)
            self.models.update(self.load_models(batch))
        return self.models.get(post.id, post)


def id_list(name: str = "ids"):
    """A list of values bound when the statement runs (`IN (…)` of any length)."""
    return bindparam(name, expanding=True)


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


@cache
def _collections() -> dict:
    """The cards' collections by relationship name: (post id, row) for the posts `ids`."""
    return {
        "tags": select(PostTag.post_id, Tag)
        .join(Tag, Tag.id == PostTag.tag_id)
        .where(PostTag.post_id.in_(id_list()))
        .order_by(Tag.name),
        "mentioned_users": select(Mention.post_id, User)
        .join(User, User.id == Mention.user_id)
        .where(Mention.post_id.in_(id_list()))
        .order_by(User.handle),
        "mentioned_groups": select(GroupMention.post_id, Group)
        .join(Group, Group.id == GroupMention.group_id)
        .where(GroupMention.post_id.in_(id_list()))
        .order_by(Group.handle),
        "attachments": select(Attachment.post_id, Attachment)
        .where(Attachment.post_id.in_(id_list()))
        .order_by(Attachment.position),
    }


@cache
def _named(target: type):
    return select(target).where(target.id.in_(id_list()))


@cache
def reader_statements() -> dict:
    """The reader's own part of a page, by what it answers."""
    interested = (
        select(func.count())
        .where(CandidateInterest.post_id == Post.id)
        .correlate(Post)
        .scalar_subquery()
    )
    offers = select(Post.id, interested).where(Post.id.in_(id_list()))
    return {
        "posts": select(AnyPost).where(AnyPost.id.in_(id_list())),
        "reactions": select(Reaction.post_id, Reaction.kind, User)
        .join(User, User.id == Reaction.user_id)
        .where(Reaction.post_id.in_(id_list()))
        .order_by(Reaction.created_at, User.id),
        "followed_users": select(Follow.followed_id).where(
            Follow.follower_id == bindparam("viewer"), Follow.followed_id.in_(id_list("authors"))
        ),
        "followed_tags": select(Tag.name)
        .join(TagFollow)
        .where(TagFollow.user_id == bindparam("viewer")),
        "offers": offers,
        "offers_private": offers.add_columns(CandidatePrivate).outerjoin(
            CandidatePrivate, CandidatePrivate.post_id == Post.id
        ),
    }


def load_cards(posts: list[Post], only: tuple[str, ...] | None = None) -> None:
    """What the cards show beside the posts' own rows: tags, mentions and the rows the
    types' fields name, a query each, and only for what the page has. By hand, because
    SQLAlchemy's selectin loading of five such relations spent more time setting itself
    up on every page than its queries took. `only`: those of the collections alone (the
    references are always loaded)."""
    ids = [p.id for p in posts]
    for name, statement in _collections().items():
        if only is not None and name not in only:
            continue
        found = defaultdict(list)
        for post_id, row in db.session.execute(statement, {"ids": ids}):
            found[post_id].append(row)
        for post in posts:
            set_committed_value(post, name, found.get(post.id, []))
    _load_references(posts)


def wanted_references(posts: list) -> dict[type, list]:
    """The ids of the rows the posts' fields name, by model."""
    wanted = defaultdict(set)
    for post in posts:
        for _, key, target in references(post.type):
            if getattr(post, key) is not None:
                wanted[target].add(getattr(post, key))
    return {target: list(keys) for target, keys in wanted.items()}


def _load_references(posts: list[Post]) -> None:
    rows = {
        (target, row.id): row
        for target, keys in wanted_references(posts).items()
        for row in db.session.scalars(_named(target), {"ids": keys})
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
    run = reader_statements()
    if not loaded:  # every type's columns of the posts already in the session
        db.session.scalars(run["posts"], {"ids": ids}).all()
    load_cards(posts)
    _reactions(viewer, page, ids)
    page.new_replies = visits.new_replies(viewer, ids)
    authors = list({p.author_id for p in posts})
    page.followed_users = set(
        db.session.scalars(run["followed_users"], {"viewer": viewer.id, "authors": authors})
    )
    page.followed_tags = set(db.session.scalars(run["followed_tags"], {"viewer": viewer.id}))
    offers = [p for p in posts if p.type == PostType.CANDIDATE_OFFER]
    if offers:
        offer_extras(viewer, page, offers)
    return page


def _reactions(viewer: User, page: Page, ids: list[int]) -> None:
    """Every reaction to the page's posts with who gave it: one query."""
    gather_reactions(
        viewer, page, db.session.execute(reader_statements()["reactions"], {"ids": ids})
    )


def gather_reactions(viewer: User, page: Page, rows) -> None:
    """The page's reactions from `rows` of (post id, kind, who gave it), oldest first."""
    given: dict[int, dict[str, Reacted]] = {}
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


def offer_extras(viewer: User, page: Page, offers: list[Post]) -> None:
    """How many colleagues are interested in each offer and, for recruiters, the
    candidate's personal data: one query."""
    # Past its retention date the personal data is not shown, even before the job erases it.
    kept = {p.id for p in offers if not (p.retain_until and p.retain_until < local_today())}
    recruiter = visibility.can_see_candidate(viewer)
    statement = reader_statements()["offers_private" if recruiter else "offers"]
    for row in db.session.execute(statement, {"ids": [p.id for p in offers]}):
        if row[1]:
            page.interest[row[0]] = row[1]
        if recruiter and row[2] is not None and row[0] in kept:
            page.private[row[0]] = row[2]
