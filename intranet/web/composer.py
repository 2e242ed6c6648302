"""What the composer needs: the types the author may post, groups, clients, colleagues; and
what is inside its form, rendered once for everyone offered the same and kept."""

from __future__ import annotations

import threading

from cachetools import LRUCache
from flask import current_app
from flask_babel import get_locale
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
    postable = db.session.execute(
        select(Group.id, Group.name, Group.is_private)
        .where(Group.id.in_(visibility.postable_group_ids(user)))
        .order_by(Group.name)
    ).all()
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
    # Plain tuples: hashed and compared in C (SQLAlchemy's rows compare in Python, and
    # comparing 300 colleagues' rows cost more than rendering them).
    key = (kind, tuple(map(tuple, rows)))
    with _lock:
        made = _rendered.get(key)
    if made is None:
        made = Options(Markup("").join(_RENDER[kind](row) for row in rows))
        with _lock:
            _rendered[key] = made
    return made


# Inside the composer's form: the same for everyone of one language offered the same types,
# groups, clients and colleagues, so it is kept, keyed by all of them (a feed page spent a
# sixth of its time rendering it). A form sent back with what was written is rendered anew.
INSIDE = "posts/_composer_inside.html"


def composer_inside(composer: dict) -> Markup:
    template = current_app.jinja_env.get_template(INSIDE)
    written = any(value for name, value in composer["values"].items() if name != "group")
    people, clients = composer["people"], composer["clients"]
    if composer["errors"] or written or not isinstance(people, Options):
        return Markup(template.render(composer=composer))
    key = (
        str(get_locale()),
        composer["type"],
        tuple(composer["types"]),
        str(composer["values"].get("group") or ""),
        tuple(map(tuple, composer["groups"])),
        people,
        clients,
    )
    kept = current_app.extensions.get("kring.composer")  # each app its own (tests make many)
    if kept is None:
        kept = current_app.extensions.setdefault("kring.composer", LRUCache(256))
    with _lock:
        made = kept.get(key)
    if made is None:
        made = Markup(template.render(composer=composer))
        with _lock:
            kept[key] = made
    return made
