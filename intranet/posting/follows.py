"""Following people and tags; both are idempotent."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..errors import BadRequest, ValidationError
from ..extensions import db
from ..models import Follow, Tag, TagFollow, User
from ..notifying.alerts import bump_version
from ..platform.database import insert_ignore, writes
from ..text.markdown import TAG_CHARS, TAG_MAX
from ..text.normalize import name_key

TAG_RE = re.compile(rf"^{TAG_CHARS}$")


def check_tag_name(name) -> str:
    name = name_key(name).lstrip("#") if isinstance(name, str) else ""
    if not name or not TAG_RE.match(name):
        raise ValidationError(
            "tag",
            _l("A tag is one word of letters, digits and dashes, starting with a letter."),
            code="bad_tag",
        )
    if len(name) > TAG_MAX:
        raise ValidationError(
            "tag", _l("A tag can be at most %(n)d characters.", n=TAG_MAX), code="bad_tag"
        )
    return name


@writes
def follow_user(follower: User, followed: User) -> None:
    if follower.id == followed.id:
        raise BadRequest(_l("You always see your own posts."), code="self")
    insert_ignore(Follow.__table__, {"follower_id": follower.id, "followed_id": followed.id})


@writes
def unfollow_user(follower: User, followed: User) -> None:
    db.session.execute(
        Follow.__table__.delete().where(
            Follow.follower_id == follower.id, Follow.followed_id == followed.id
        )
    )


def tag_named(name: str, *, create: bool = False) -> Tag | None:
    name = check_tag_name(name)
    if create:
        insert_ignore(Tag.__table__, {"name": name})
    return db.session.scalar(select(Tag).where(Tag.name == name))


@writes
def follow_tag(user: User, name) -> Tag:
    tag = tag_named(name, create=True)
    if insert_ignore(TagFollow.__table__, {"user_id": user.id, "tag_id": tag.id}):
        bump_version()
    return tag


@writes
def unfollow_tag(user: User, name) -> None:
    tag = tag_named(name)
    if tag is not None:
        db.session.execute(
            TagFollow.__table__.delete().where(
                TagFollow.user_id == user.id, TagFollow.tag_id == tag.id
            )
        )
        bump_version()


def is_following(follower: User, followed: User) -> bool:
    return db.session.get(Follow, (follower.id, followed.id)) is not None


def follows_tag(user: User, name: str) -> bool:
    return (
        db.session.scalar(
            select(TagFollow.user_id)
            .join(Tag)
            .where(TagFollow.user_id == user.id, Tag.name == name)
        )
        is not None
    )


def followed_tags(user: User) -> list[str]:
    return list(
        db.session.scalars(
            select(Tag.name).join(TagFollow).where(TagFollow.user_id == user.id).order_by(Tag.name)
        )
    )
