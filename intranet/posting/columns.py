"""A feed page read as plain columns: the posts with their authors and groups in one
statement, what their cards and rows show beside them in a few more, every value an
attribute of a plain object, with no ORM object made.

Loading the page as ORM objects (five polymorphic mappers, their row processors set up
again for every statement, then identity-mapped and populated) cost more CPU than the
SQL took. What reads a page read this way reads only columns, never a relationship that
was not loaded here, and writes nothing: the API's feed (`api.serialize.Rows`), and the
feed page's card footers and kept faces (`web.cards`); a face drawn anew is drawn from
the ORM post (`models`, through `Page.model`). The same conditions choose the posts
(`feeds.feed_values`): who may read what is decided in the one place it always was.
"""

from __future__ import annotations

from functools import cache
from types import FunctionType

from sqlalchemy import inspect, literal, select, union_all
from sqlalchemy.orm import joinedload, raiseload

from ..extensions import db
from ..models import (
    AnyPost,
    Attachment,
    Group,
    GroupMention,
    Mention,
    Post,
    PostTag,
    PostType,
    Reaction,
    Tag,
    User,
)
from . import visits
from .hydration import (
    Page,
    gather_reactions,
    id_list,
    load_cards,
    offer_extras,
    reader_statements,
    references,
    wanted_references,
)

# Never read for a page: nothing shows them.
SECRET = frozenset({"password_hash", "post_token"})


class Plain:
    """A row's columns as attributes, named as its model names them."""

    _model: type | None = None  # the model whose row this is (plain_of)

    def __init__(self, values):
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.__dict__.get('id')}>"


@cache
def plain_of(model: type) -> type:
    """Plain with what `model` computes from its columns, its properties and methods (a
    post's `spec`, an offer's `erased_on`, a person's `initials` and `is_active`): the
    same functions, reading the same names. A relationship is not among them: one this
    module did not set is an AttributeError, never a query."""
    computed = {"_model": model}
    base = set(db.Model.__mro__)
    for cls in reversed(model.__mro__):
        if cls in base:
            continue
        for name, value in vars(cls).items():
            if not name.startswith("__") and isinstance(value, property | FunctionType):
                computed[name] = value
    return type(f"Plain{model.__name__}", (Plain,), computed)


def _post_model(post_type: str) -> type:
    return inspect(Post).polymorphic_map[post_type].class_


def _columns(*mappers) -> list[tuple[str, object]]:
    """(attribute name, column) of every column the mappers map, secrets left out."""
    seen, made = set(), []
    for mapper in mappers:
        for attribute in mapper.column_attrs:
            (column,) = attribute.columns
            if attribute.key not in seen and attribute.key not in SECRET:
                seen.add(attribute.key)
                made.append((attribute.key, column))
    return made


@cache
def _shapes() -> dict[str, list[tuple[str, object]]]:
    """Each row's columns: a post's are every type's (one table)."""
    post = inspect(Post)
    return {
        "post": _columns(post, *post.polymorphic_map.values()),
        "user": _columns(inspect(User)),
        "group": _columns(inspect(Group)),
        "attachment": _columns(inspect(Attachment)),
    }


def page_statement(conditions: list, limit):
    """The posts meeting `conditions`, newest first, with their authors and groups."""
    shapes = _shapes()
    posts, users, groups = Post.__table__, User.__table__, Group.__table__
    return (
        select(
            *(c for _, c in shapes["post"]),
            *(c for _, c in shapes["user"]),
            *(c for _, c in shapes["group"]),
        )
        .select_from(
            posts.join(users, users.c.id == posts.c.author_id).outerjoin(
                groups, groups.c.id == posts.c.group_id
            )
        )
        .where(*conditions)
        .order_by(posts.c.created_at.desc(), posts.c.id.desc())
        .limit(limit)
    )


@cache
def _layout() -> tuple:
    """Where each part of a page statement's row is: names and slices."""
    keys = {n: [k for k, _ in columns] for n, columns in _shapes().items()}
    a = len(keys["post"])
    b = a + len(keys["user"])
    at = (keys["post"].index("type"), b + keys["group"].index("id"))
    return keys, at, slice(0, a), slice(a, b), slice(b, None)


def _split(row) -> Plain:
    keys, (type_at, group_id_at), post, author, group = _layout()
    made = plain_of(_post_model(row[type_at]))(zip(keys["post"], row[post], strict=True))
    made.author = plain_of(User)(zip(keys["user"], row[author], strict=True))
    made.group = (
        None
        if row[group_id_at] is None
        else plain_of(Group)(zip(keys["group"], row[group], strict=True))
    )
    return made


@cache
def _statements() -> dict:
    """What a page's posts show beside their own rows, by what it answers."""
    named = union_all(  # a tag's name, a mentioned person's or group's handle
        select(PostTag.post_id, literal(0).label("what"), Tag.name.label("name"))
        .join(Tag, Tag.id == PostTag.tag_id)
        .where(PostTag.post_id.in_(id_list())),
        select(Mention.post_id, literal(1), User.handle)
        .join(User, User.id == Mention.user_id)
        .where(Mention.post_id.in_(id_list())),
        select(GroupMention.post_id, literal(2), Group.handle)
        .join(Group, Group.id == GroupMention.group_id)
        .where(GroupMention.post_id.in_(id_list())),
    )
    attachments = Attachment.__table__
    return {
        "named": named.order_by("what", "name"),
        "attachments": select(*(c for _, c in _shapes()["attachment"]))
        .where(attachments.c.post_id.in_(id_list()))
        .order_by(attachments.c.position),
        "reactions": select(Reaction.post_id, Reaction.kind, User.id, User.handle, User.name)
        .join(User, User.id == Reaction.user_id)
        .where(Reaction.post_id.in_(id_list()))
        .order_by(Reaction.created_at, User.id),
    }


@cache
def _named_rows(target: type):
    kind = "user" if target is User else None
    columns = _shapes()[kind] if kind else _columns(inspect(target))
    return [k for k, _ in columns], select(*(c for _, c in columns)).where(
        target.__table__.c.id.in_(id_list())
    )


def read_posts(statement, values: dict) -> list[Plain]:
    """The posts `statement` (a `page_statement`) finds with `values`, as plain rows."""
    return [_split(row) for row in db.session.connection().execute(statement, values).all()]


def fill(viewer: User, page: Page, cards: bool = False) -> Page:
    """Everything the API's rows show beside the posts' own columns, for `viewer`, and
    with `cards` what their cards' reader parts show too (follows, followed tags), and
    the way to their ORM objects for a card face drawn anew (`Page.model`)."""
    posts = page.items
    if not posts:
        return page
    connection = db.session.connection()
    if cards:
        page.load_models = models
        run = reader_statements()
        authors = list({p.author_id for p in posts})
        found = connection.execute(run["followed_users"], {"viewer": viewer.id, "authors": authors})
        page.followed_users = set(found.scalars())
        found = connection.execute(run["followed_tags"], {"viewer": viewer.id})
        page.followed_tags = set(found.scalars())
    ids = [p.id for p in posts]
    run = _statements()
    for post in posts:
        post.tags, post.mentioned_users, post.mentioned_groups = [], [], []
        post.attachments = []
    by_id = {p.id: p for p in posts}
    lists = (("tags", Tag, "name"), ("mentioned_users", User, "handle"))
    lists += (("mentioned_groups", Group, "handle"),)
    for post_id, what, name in connection.execute(run["named"], {"ids": ids}).all():
        relation, model, key = lists[what]
        getattr(by_id[post_id], relation).append(plain_of(model)({key: name}))
    keys = [k for k, _ in _shapes()["attachment"]]
    for row in connection.execute(run["attachments"], {"ids": ids}).all():
        found = plain_of(Attachment)(zip(keys, row, strict=True))
        by_id[found.post_id].attachments.append(found)
    _references(posts, connection)
    _reactions(viewer, page, connection, ids)
    page.new_replies = visits.new_replies(viewer, ids)
    offers = [p for p in posts if p.type == PostType.CANDIDATE_OFFER]
    if offers:
        offer_extras(viewer, page, offers)
    return page


def models(posts: list[Plain]) -> dict[int, Post]:
    """The ORM objects of `posts` with what their cards' faces show: every type's columns,
    their authors, groups, files and the rows their fields name. Tags and mentions are
    the footer's, drawn from the plain rows: reading them here raises."""
    found = db.session.scalars(_models_statement(), {"ids": [p.id for p in posts]})
    loaded = list(found.unique())
    load_cards(loaded, only=("attachments",))
    return {post.id: post for post in loaded}


@cache
def _models_statement():
    return (
        select(AnyPost)
        .where(AnyPost.id.in_(id_list()))
        .options(
            joinedload(AnyPost.author),
            joinedload(AnyPost.group),
            raiseload(AnyPost.tags),
            raiseload(AnyPost.mentioned_users),
            raiseload(AnyPost.mentioned_groups),
        )
    )


def _references(posts: list[Plain], connection) -> None:
    """The rows the types' fields name (a signal's client, an alert's assignee)."""
    rows = {}
    for target, keys in wanted_references(posts).items():
        names, statement = _named_rows(target)
        for row in connection.execute(statement, {"ids": keys}).all():
            found = plain_of(target)(zip(names, row, strict=True))
            rows[target, found.id] = found
    for post in posts:
        for name, key, target in references(post.type):
            setattr(post, name, rows.get((target, getattr(post, key))))


def _reactions(viewer: User, page: Page, connection, ids: list[int]) -> None:
    rows = connection.execute(_statements()["reactions"], {"ids": ids}).all()
    gather_reactions(
        viewer,
        page,
        (
            (post_id, kind, plain_of(User)({"id": user_id, "handle": handle, "name": name}))
            for post_id, kind, user_id, handle, name in rows
        ),
    )
