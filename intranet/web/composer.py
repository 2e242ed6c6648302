"""What the composer needs: the types the author may post, groups, clients, colleagues."""

from __future__ import annotations

import threading

from cachetools import LRUCache
from flask_login import current_user
from markupsafe import Markup
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
            ),
        }
    }


# The pickers' options (every colleague, every client the author may see), rendered
# once per list: the rows themselves are the key, so a new colleague, a renamed client or
# another reader's clients is another list, and nothing is ever stale. What is chosen is
# this request's own: the field marks its value in the shared list as it is drawn
# (`Options.selecting`), so a form that opens with a colleague in it (an edit, a form sent
# back) sends that colleague again.
_RENDER = {
    "people": Markup('<option value="{0.id}">{0.name} (@{0.handle})</option>').format,
    "clients": lambda c: Markup('<option value="{}">{}</option>').format(
        c.name, " · ".join([*c.aliases.splitlines(), *([c.industry] if c.industry else [])])
    ),
}
_rendered: LRUCache = LRUCache(64)
_lock = threading.Lock()


class Options:
    """A picker's <option>s as HTML, shared between requests; never changed in place."""

    __slots__ = ("html",)

    def __init__(self, html: Markup):
        self.html = html

    def __html__(self) -> Markup:
        return self.html

    def selecting(self, value) -> Markup:
        """The options with the one whose value is `value` selected (none for an empty or
        unknown value): each option's value is unique in its list (an id, a client's name)."""
        wanted = "" if value is None else str(value).strip()
        if not wanted:
            return self.html
        tag = Markup('<option value="{}">').format(wanted)
        return self.html.replace(tag, Markup('<option value="{}" selected>').format(wanted), 1)


def _options(kind: str, rows: list) -> Options:
    key = (kind, tuple(rows))
    with _lock:
        made = _rendered.get(key)
    if made is None:
        made = Options(Markup("").join(_RENDER[kind](row) for row in rows))
        with _lock:
            _rendered[key] = made
    return made
