"""Who may read what: the one place every read path asks (feeds, pages, API, search, push)."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import bindparam, or_, select

from ..extensions import db
from ..models import TYPES, Group, GroupMember, Post, PostType, User
from ..models.type_spec import EVERYONE, RECRUITERS, Field


class Reader(NamedTuple):
    """A reader as the rules' SQL reads them: by id alone, a value or a parameter bound
    when the statement runs (a statement built once for every reader)."""

    id: object


def bound_reader(name: str = "viewer") -> Reader:
    """The reader of a statement built once: their id is bound as `name` when it runs."""
    return Reader(bindparam(name))


def member_group_ids(user: User):
    return select(GroupMember.group_id).where(GroupMember.user_id == user.id)


def readable_group_ids(user: User):
    """Groups whose posts `user` may read: every public group and their private ones."""
    return select(Group.id).where(
        or_(Group.is_private.is_(False), Group.id.in_(member_group_ids(user)))
    )


def readable(user: User):
    """A SQL condition on Post: true for the posts `user` may read."""
    return or_(Post.group_id.is_(None), Post.group_id.in_(readable_group_ids(user)))


def is_member(user: User, group: Group) -> bool:
    return db.session.get(GroupMember, (group.id, user.id)) is not None


def can_read_group(user: User, group: Group | None) -> bool:
    return group is None or not group.is_private or is_member(user, group)


def can_read(user: User, post: Post) -> bool:
    """May `user` read `post`? Only members read a private group's posts, admins included."""
    return can_read_group(user, post.group)


def can_post_in(user: User, group: Group | None) -> bool:
    return group is None or not group.is_private or is_member(user, group)


def postable_group_ids(user: User):
    """The groups `user` may post in (`can_post_in`, as SQL): the ones they may read."""
    return readable_group_ids(user)


def can_manage_group(user: User, group: Group) -> bool:
    return user.is_admin or group.owner_id == user.id


def can_see_candidate(user: User) -> bool:
    """Candidates' personal data is for recruiters (and admins) only."""
    return RECRUITERS.admits(user)


def can_see_files(user: User | None, post: Post) -> bool:
    """The files of a post `user` may read: a candidate offer's are the candidate's
    personal data, for recruiters (and admins) alone, as its type declares. None, nobody
    in particular (a card's face kept for every reader), sees only what everyone may."""
    audience = TYPES[post.type].files_seen_by
    return audience is EVERYONE or (user is not None and audience.admits(user))


def can_see_field(user: User, field: Field) -> bool:
    """A type field only some may see (a candidate's name) is shown to them alone."""
    return field.seen_by.admits(user)


def can_post_type(user: User, post_type: str) -> bool:
    return TYPES[post_type].posted_by.admits(user)


def can_edit(user: User, post: Post) -> bool:
    return post.author_id == user.id


def can_delete(user: User, post: Post) -> bool:
    return post.author_id == user.id or user.is_admin


def can_triage(user: User, post: Post) -> bool:
    """Acknowledge, assign and resolve reputation alerts: recruiters (and admins)."""
    return post.type == PostType.REPUTATION_ALERT and user.is_recruiter


def can_change_status(user: User, post: Post) -> bool:
    if post.type == PostType.REPUTATION_ALERT:
        return can_triage(user, post)
    return bool(post.lifecycle) and (post.author_id == user.id or user.is_recruiter)
