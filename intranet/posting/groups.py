"""Groups: create, join and leave public ones, manage members of private ones."""

from __future__ import annotations

import re
import secrets
import unicodedata
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..accounts import sockets
from ..accounts.people import handle_taken
from ..errors import Conflict, Forbidden, NotFound, ValidationError
from ..extensions import db
from ..models import Group, GroupMember, User
from ..notifying import webhooks
from ..platform.database import insert_ignore, writes
from ..text.normalize import name_key
from . import visibility


def _slug(name: str, length: int) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower())[:length].strip("-") or "groep"


def _handle_for(name: str) -> str:
    """A public group's handle: its name's, numbered past people and public groups (a
    private group's handle has a dot in it, so it is never in the way)."""
    base = _slug(name, 26)
    handle, n = base, 1
    while handle_taken(handle):
        n += 1
        handle = f"{base}-{n}"
    return handle


def _private_handle(group: Group) -> str:
    """A private group's handle: its name's and its number ("directie.12"), unique by the
    number alone, so making one never asks whether another private group has a handle."""
    suffix = f".{group.id}"
    base = _slug(group.name, 30 - len(suffix))
    handle, n = f"{base}{suffix}", 1
    while handle_taken(handle):  # a person who chose such a handle before it was kept
        n += 1
        handle = f"{base[: 27 - len(suffix)].rstrip('-')}-{n}{suffix}"
    return handle


@writes
def create_group(owner: User, name, private=False, description="") -> Group:
    name = " ".join(name.split()) if isinstance(name, str) else ""
    if not name or len(name) > 80:
        raise ValidationError("name", _l("Enter a name of at most 80 characters."))
    if not isinstance(private, bool):
        raise ValidationError("private", _l("Enter yes or no."))
    # Only groups the owner may know of can stand in the way: a private group's name must
    # not be found out by trying it.
    if db.session.scalar(
        select(Group.id).where(
            Group.name_key == name_key(name),
            Group.id.in_(visibility.readable_group_ids(owner)),
        )
    ):
        raise Conflict(_l("There is already a group called %(n)s.", n=name), code="name_taken")
    description = str(description or "").strip()
    if len(description) > 500:
        raise ValidationError("description", _l("At most %(n)d characters.", n=500))
    group = Group(
        name=name,
        # a private group's handle needs its number: a placeholder until it has one
        handle=secrets.token_hex(15) if private else _handle_for(name),
        is_private=private,
        owner=owner,
        description=description,
    )
    db.session.add(group)
    db.session.flush()
    if private:
        group.handle = _private_handle(group)
    db.session.add(GroupMember(group_id=group.id, user_id=owner.id))
    return group


def get_group(viewer: User, group_id: int) -> Group:
    """The group, if `viewer` may know of it (a private group is hidden from non-members)."""
    group = db.session.get(Group, group_id)
    if group is None or not visibility.can_read_group(viewer, group):
        raise NotFound(_l("There is no such group."))
    return group


def group_by_handle(viewer: User, handle: str) -> Group:
    group = db.session.scalar(select(Group).where(Group.handle == name_key(handle)))
    if group is None:
        raise NotFound(_l("There is no such group."))
    return get_group(viewer, group.id)


@writes
def add_member(actor: User, group: Group, user: User) -> None:
    """Join a public group yourself; the owner or an admin adds anyone to any group."""
    own_join = actor.id == user.id and not group.is_private
    if not (own_join or visibility.can_manage_group(actor, group)):
        raise Forbidden(
            _l("Only the group's owner or an administrator can add members."),
            code="not_group_owner",
        )
    if not user.is_active:
        raise Conflict(_l("%(n)s no longer works here.", n=user.name), code="inactive_user")
    insert_ignore(GroupMember.__table__, {"group_id": group.id, "user_id": user.id})
    if group.is_private:
        sockets.join_group(user.id, group.id)


@writes
def remove_member(actor: User, group: Group, user: User) -> None:
    if actor.id != user.id and not visibility.can_manage_group(actor, group):
        raise Forbidden(
            _l("Only the group's owner or an administrator can remove members."),
            code="not_group_owner",
        )
    db.session.execute(
        GroupMember.__table__.delete().where(
            GroupMember.group_id == group.id, GroupMember.user_id == user.id
        )
    )
    if group.is_private:
        sockets.leave_group(user.id, group.id)
        webhooks.left_group(user, group)  # their webhooks on it may no longer carry it


class Listing(NamedTuple):
    """A group in the list: how many members it has, and whether the reader is one."""

    group: Group
    member_count: int
    member: bool


def list_groups(viewer: User) -> list[Listing]:
    """Groups the viewer may see, with member counts and whether the viewer is a member."""
    counts = (
        select(GroupMember.group_id, func.count().label("n"))
        .group_by(GroupMember.group_id)
        .subquery()
    )
    mine = set(db.session.scalars(visibility.member_group_ids(viewer)))
    rows = db.session.execute(
        select(Group, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.group_id == Group.id)
        .where(Group.id.in_(visibility.readable_group_ids(viewer)))
        .order_by(Group.name)
    ).all()
    return [Listing(g, n, g.id in mine) for g, n in rows]


def readable_names(viewer: User) -> list[tuple[int, str]]:
    """(id, name) of the groups the viewer may see, by name: a filter's choices, without
    `list_groups`' member counts (a count over every membership)."""
    return list(
        db.session.execute(
            select(Group.id, Group.name)
            .where(Group.id.in_(visibility.readable_group_ids(viewer)))
            .order_by(Group.name)
        ).all()
    )


def members(group: Group) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(GroupMember)
            .where(GroupMember.group_id == group.id)
            .order_by(User.name)
        )
    )
