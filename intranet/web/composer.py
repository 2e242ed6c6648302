"""What the composer needs: the types the author may post, groups, clients, colleagues; and
what is inside its form, rendered once for everyone offered the same and kept."""

from __future__ import annotations

import threading
from functools import cache
from typing import NamedTuple

from cachetools import LRUCache
from flask import current_app
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import String, cast, func, select

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
    people, clients, groups = db.session.execute(
        _listings(db.engine.dialect.name), {"viewer": user.id}
    ).one()
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
            "groups": _parse("groups", groups),
            "clients": _options("clients", clients),
            "people": _options("people", people),
        }
    }


@cache
def _statements() -> dict:
    """The composer's reads, built once (building them cost more than running them): the
    groups the author may post in; every client they may know of and every colleague, as
    rows."""
    author = visibility.bound_reader()
    return {
        "groups": select(Group.id, Group.name, Group.is_private)
        .where(Group.id.in_(visibility.postable_group_ids(author)))
        .order_by(Group.name),
        "clients": select(Client.name, Client.aliases, Client.industry)
        .where(directory.visible(author))
        .order_by(Client.name, Client.id),
        "people": select(User.id, User.name, User.handle)
        .where(User.deactivated_at.is_(None))
        .order_by(User.name, User.id),
    }


# A picker's rows as one string the database makes: fields apart by FIELD, rows by ROW,
# NULL as itself. Input never holds control characters (platform.inputs), so no value can
# hold these.
FIELD, ROW, NULL = "\x1f", "\x1e", "\x1d"


class _Person(NamedTuple):
    id: str
    name: str
    handle: str


class _Client(NamedTuple):
    name: str
    aliases: str
    industry: str | None


class _Group(NamedTuple):
    id: int
    name: str
    is_private: bool


_ROWS = {
    "people": _Person,
    "clients": _Client,
    # A boolean spelled as text: 1 in SQLite, true in PostgreSQL.
    "groups": lambda id_, name, private: _Group(int(id_), name, private in ("1", "true")),
}


@cache
def _listings(dialect: str):
    """The composer's three lists in one read: colleagues, clients and groups, each as
    one string (`_listing`)."""
    return select(
        *(_listing(kind, dialect).scalar_subquery() for kind in ("people", "clients", "groups"))
    )


@cache
def _listing(kind: str, dialect: str):
    """The rows of `_statements()[kind]` in their order, as one string."""
    rows = _statements()[kind].subquery()
    fields = [func.coalesce(cast(column, String), NULL) for column in rows.c]
    joined = fields[0]
    for field_ in fields[1:]:
        joined = joined + FIELD + field_
    aggregate = func.aggregate_strings(joined, ROW)
    if dialect == "postgresql":  # in order for certain; SQLite (< 3.44) has no such clause
        aggregate = aggregate.aggregate_order_by(rows.c.name, joined)
    return select(aggregate)


def _parse(kind: str, listing: str | None) -> list:
    make = _ROWS[kind]
    if not listing:
        return []
    return [
        make(*(None if value == NULL else value for value in row.split(FIELD)))
        for row in listing.split(ROW)
    ]


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


def _options(kind: str, listing: str | None) -> Options:
    """A picker's options, keyed by its rows as the database spells them in one string:
    nothing to read but that string and nothing to compare but it (the rows are made from
    it only when it is new)."""
    listing = listing or ""
    key = (kind, listing)
    with _lock:
        made = _rendered.get(key)
    if made is None:
        made = Options(Markup("").join(_RENDER[kind](row) for row in _parse(kind, listing)))
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
