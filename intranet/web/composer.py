"""What the composer needs: the types the author may post, groups, clients, colleagues."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select

from ..clients import directory
from ..extensions import db
from ..models import POSTABLE_TYPES, TYPES, Client, Group, User
from ..posting import visibility


def allowed_types(user) -> list[str]:
    return [t for t in POSTABLE_TYPES if visibility.can_post_type(user, t)]


def composer_context(
    *,
    post_type: str = "update",
    values: dict | None = None,
    errors: dict | None = None,
    body: str = "",
    group=None,
) -> dict:
    user = current_user
    groups = db.session.scalars(
        select(Group).where(Group.id.in_(visibility.readable_group_ids(user))).order_by(Group.name)
    ).all()
    postable = [g for g in groups if visibility.can_post_in(user, g)]
    values = dict(values or {})
    values.setdefault("body", body)
    if group is not None:
        values.setdefault("group", str(group.id))
    return {
        "composer": {
            "types": allowed_types(user),
            "type": post_type,
            "specs": {name: spec.fields for name, spec in TYPES.items()},
            "values": values,
            "errors": errors or {},
            "groups": postable,
            "clients": db.session.execute(
                select(Client.name, Client.aliases, Client.industry)
                .where(directory.visible(user))
                .order_by(Client.name)
            ).all(),
            "people": db.session.execute(
                select(User.id, User.name, User.handle)
                .where(User.deactivated_at.is_(None))
                .order_by(User.name)
            ).all(),
        }
    }
