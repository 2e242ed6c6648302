"""What to suggest while someone types an @mention or a #tag: colleagues and the groups
they may name, tags with how often the reader can see them used. Only what the reader
may see: a private group is suggested to its members alone, and a tag counts only the
posts the reader may read (a tag used only in someone else's private group is not
suggested at all)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from ..extensions import db
from ..models import Group, Post, PostTag, Tag, User
from . import visibility

LIMIT = 8


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "person", "group" or "tag"
    handle: str  # what is typed after @ or #
    name: str  # what the list shows
    detail: str = ""  # a job title, "group", or how often a tag is used
    count: int | None = None


def _starts(column, prefix: str):
    """`column` (lower-cased) starts with `prefix`, or one of its words does."""
    escaped = prefix.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    lowered = func.lower(column)
    return or_(lowered.like(f"{escaped}%", escape="\\"), lowered.like(f"% {escaped}%", escape="\\"))


def mentions(viewer: User | None, prefix: str, limit: int = LIMIT) -> list[Suggestion]:
    """Active colleagues and the groups `viewer` may read (no viewer: public groups)
    whose handle or name starts with `prefix`."""
    prefix = prefix.strip().lstrip("@")[:50]
    if not prefix:
        return []
    people = db.session.scalars(
        select(User)
        .where(
            User.deactivated_at.is_(None),
            or_(_starts(User.handle, prefix), _starts(User.name, prefix)),
        )
        .order_by(func.lower(User.handle).startswith(prefix.lower()).desc(), User.name)
        .limit(limit)
    ).all()
    groups = db.session.scalars(
        select(Group)
        .where(
            Group.id.in_(visibility.readable_group_ids(viewer))
            if viewer is not None
            else Group.is_private.is_(False),
            or_(_starts(Group.handle, prefix), _starts(Group.name, prefix)),
        )
        .order_by(Group.name)
        .limit(limit)
    ).all()
    found = [Suggestion("person", u.handle, u.name, u.job_title or "") for u in people]
    found += [Suggestion("group", g.handle, g.name, "group") for g in groups]
    return found[:limit]


def tags(viewer: User, prefix: str, limit: int = LIMIT) -> list[Suggestion]:
    """Tags starting with `prefix`, most used first, counting only readable posts."""
    prefix = prefix.strip().lstrip("#").lower()[:50]
    if not prefix:
        return []
    uses = func.count(PostTag.post_id)
    rows = db.session.execute(
        select(Tag.name, uses)
        .join(PostTag, PostTag.tag_id == Tag.id)
        .join(Post, Post.id == PostTag.post_id)
        .where(_starts(Tag.name, prefix), visibility.readable(viewer))
        .group_by(Tag.name)
        .order_by(uses.desc(), Tag.name)
        .limit(limit)
    )
    return [Suggestion("tag", name, name, count=count) for name, count in rows]


def near(viewer: User | None, handle: str, limit: int = 3) -> list[Suggestion]:
    """Who someone may have meant by an @handle nobody has: names and handles starting
    with its first part (`@daan` → daan.bakker, Daan de Wit), or with fewer of its first
    letters (`@brammetje` → bram)."""
    first = handle.replace("_", ".").replace("-", ".").split(".")[0]
    for prefix in dict.fromkeys((first, first[:5], first[:3])):
        found = mentions(viewer, prefix, limit) if len(prefix) >= 3 else []
        if found:
            return found
    return []
