"""What the composer needs: the types the author may post, groups, clients, colleagues."""

from __future__ import annotations

import threading

from cachetools import LRUCache
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from ..clients import directory
from ..extensions import db
from ..models import POSTABLE_TYPES, TYPES, Client, Group, User, kinds
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
            "clients": _options(
                "clients",
                db.session.execute(
                    select(Client.name, Client.aliases, Client.industry)
                    .where(directory.visible(user))
                    .order_by(Client.name)
                ).all(),
            ),
            "people": _options(
                "people",
                db.session.execute(
                    select(User.id, User.name, User.handle)
                    .where(User.deactivated_at.is_(None))
                    .order_by(User.name)
                ).all(),
                chosen=any(values.get(name) for name in _COLLEAGUE_FIELDS),
            ),
        }
    }


# The pickers' options (every colleague, every client the author may see), rendered
# once per list: the rows themselves are the key, so a new colleague, a renamed client or
# another reader's clients is another list, and nothing is ever stale. A form sent back
# with a colleague chosen renders its list itself (one option is selected).
_COLLEAGUE_FIELDS = {
    f.name for spec in TYPES.values() for f in spec.fields if isinstance(f.kind, kinds.Colleague)
}
_RENDER = {
    "people": Markup('<option value="{0.id}">{0.name} (@{0.handle})</option>').format,
    "clients": lambda c: Markup('<option value="{}">{}</option>').format(
        c.name, " · ".join([*c.aliases.splitlines(), *([c.industry] if c.industry else [])])
    ),
}
_rendered: LRUCache = LRUCache(64)
_lock = threading.Lock()


def _options(kind: str, rows: list, chosen: bool = False) -> list | Markup:
    if chosen:
        return rows
    key = (kind, tuple(rows))
    with _lock:
        made = _rendered.get(key)
    if made is None:
        made = Markup("").join(_RENDER[kind](row) for row in rows)
        with _lock:
            _rendered[key] = made
    return made
