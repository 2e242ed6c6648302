"""A post's body: size limits, bounded rendering, and the people, groups and tags it names."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from ..errors import TooLarge, ValidationError
from ..extensions import db
from ..models import Group, GroupMention, Mention, Post, PostTag, Tag, User
from ..platform.database import insert_ignore
from ..text.bounded import RenderError, renderer
from ..text.markdown import TAG_MAX, Rendered
from . import suggestions, visibility


@dataclass
class Body:
    source: str
    rendered: Rendered
    users: list[User] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)


def check_size(body) -> str:
    if not isinstance(body, str) or not body.strip():
        raise ValidationError("body", _l("Write something first."))
    limit = current_app.config["KRING_BODY_MAX"]
    if len(body) > limit:
        raise TooLarge(
            _l("A post can be at most %(n)d characters; this one has %(m)d.", n=limit, m=len(body)),
            code="body_too_long",
        )
    return body.replace("\r\n", "\n").replace("\x00", "")


def render(source: str, field: str = "body") -> Rendered:
    """Markdown in a worker with a deadline; a text it can't render in time is `field`'s
    error."""
    try:
        return renderer.render(source, current_app.config["KRING_RENDER_TIMEOUT"])
    except RenderError:
        raise ValidationError(
            field,
            _l(
                "This text is too complex to show (for example very many brackets or very deep "
                "nesting). Simplify the formatting and try again."
            ),
        ) from None


def prepare(body, author: User | None = None) -> Body:
    """Render and check a body; raise ValidationError (or TooLarge) before anything is stored."""
    source = check_size(body)
    rendered = render(source)
    if rendered.long_tags:
        raise ValidationError(
            "body",
            _l(
                "A tag can be at most %(n)d characters: #%(tag)s…",
                n=TAG_MAX,
                tag=rendered.long_tags[0][:20],
            ),
        )
    users, groups = resolve_handles(rendered.mentions, author)
    return Body(source=source, rendered=rendered, users=users, groups=groups)


def resolve_handles(
    handles: list[str], author: User | None = None
) -> tuple[list[User], list[Group]]:
    """People and groups named; a private group only if the author is in it (for anyone
    else it doesn't exist, so its name can't be guessed or its members pinged)."""
    if not handles:
        return [], []
    users = db.session.scalars(select(User).where(User.handle.in_(handles))).all()
    rest = set(handles) - {u.handle for u in users}  # a handle is a person's or a group's
    groups = [
        g
        for g in (db.session.scalars(select(Group).where(Group.handle.in_(rest))) if rest else ())
        if author is None or visibility.can_read_group(author, g)
    ]
    known = {u.handle for u in users} | {g.handle for g in groups}
    unknown = [h for h in handles if h not in known]
    if unknown:
        message = _l(
            "Nobody is called %(handles)s. Check the spelling of the @name.",
            handles=", ".join("@" + h for h in unknown),
        )
        meant = [s for h in unknown for s in suggestions.near(author, h)]
        if meant:
            message = _l(
                "%(message)s Did you mean %(names)s?",
                message=message,
                names=", ".join(f"@{s.handle} ({s.name})" for s in meant),
            )
        raise ValidationError("body", message, code="unknown_mention")
    return list(users), list(groups)


def tags_named(names: list[str]) -> list[Tag]:
    """The tags named, by name, creating the missing ones."""
    if not names:
        return []
    found = list(db.session.scalars(select(Tag).where(Tag.name.in_(names))))
    missing = set(names) - {t.name for t in found}
    if missing:  # new words: made once, whoever else makes them at the same moment
        insert_ignore(Tag.__table__, [{"name": n} for n in sorted(missing)])
        found += db.session.scalars(select(Tag).where(Tag.name.in_(missing)))
    return sorted(found, key=_name)


def _name(tag: Tag) -> str:
    return tag.name


def link(post: Post, body: Body) -> None:
    """Store the body on the post and (re)link its tags and mentions. Flushes."""
    fresh = post.id is None
    post.body = body.source
    post.html = body.rendered.html
    post.text = body.rendered.text
    db.session.flush()
    for model in () if fresh else (PostTag, Mention, GroupMention):
        db.session.execute(model.__table__.delete().where(model.post_id == post.id))
    tags = tags_named(body.rendered.tags)
    insert_ignore(PostTag.__table__, [{"post_id": post.id, "tag_id": t.id} for t in tags])
    insert_ignore(Mention.__table__, [{"post_id": post.id, "user_id": u.id} for u in body.users])
    insert_ignore(
        GroupMention.__table__, [{"post_id": post.id, "group_id": g.id} for g in body.groups]
    )
    # What was linked is what the post has now: set, not expired, so that neither the
    # fan-out's payload nor the answer made from the post reads them back.
    set_committed_value(post, "tags", tags)
    set_committed_value(post, "mentioned_users", sorted(body.users, key=_handle))
    set_committed_value(post, "mentioned_groups", sorted(body.groups, key=_handle))


def _handle(named: User | Group) -> str:
    return named.handle
