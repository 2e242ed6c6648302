"""Posts, people and groups as the API shows them to one reader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter

import marshmallow as ma
from flask import g, url_for
from marshmallow import missing

from ..accounts.photos import api_url
from ..models import TYPES, Attachment, Group, Post, PostType, User
from ..posting import attachments
from ..posting.feeds import Page
from ..posting.visibility import can_see_field


def utc(moment: datetime | None) -> datetime | None:
    """Stored times are naive UTC; the API says so explicitly."""
    return moment.replace(tzinfo=UTC) if moment else None


_MARK = 918273645  # a post id no page has: where each id goes in the address


def permalink(post_id: int) -> str:
    """`url_for("posts.show", post_id=…, _external=True)`, built once per request around
    a marker and the id put in its place (url_for per post was a sixth of the API's dump)."""
    made = g.get("kring_permalink")
    if made is None:
        before, found, after = url_for("posts.show", post_id=_MARK, _external=True).rpartition(
            str(_MARK)
        )
        assert found
        made = g.kring_permalink = (before, after)
    return f"{made[0]}{int(post_id)}{made[1]}"


def person(user: User | None) -> dict | None:
    if user is None:
        return None
    return {
        "id": user.id,
        "handle": user.handle,
        "name": user.name,
        "job_title": user.job_title,
        "department": user.department,
        "photo": api_url(user),
    }


def group_ref(group: Group | None) -> dict | None:
    if group is None:
        return None
    return {"id": group.id, "name": group.name, "handle": group.handle, "private": group.is_private}


def _address(row: Attachment, thumbnail: bool = False) -> str:
    endpoint = "attachments.thumbnail" if thumbnail else "attachments.show"
    return url_for(endpoint, post_id=row.post_id, key=row.key, _external=True)


def attachment_out(row: Attachment) -> dict:
    return {
        "key": row.key,
        "name": row.name,
        "kind": row.kind,
        "mimetype": row.mimetype,
        "size": row.size,
        "width": row.width,
        "height": row.height,
        "url": _address(row),
        "thumbnail_url": _address(row, thumbnail=True) if row.thumbnail_path else None,
    }


# What PostOut shows of every post besides its type's fields (and what an offer adds).
_SHOWN = {
    "id": lambda s: s.post.id,
    "type": lambda s: s.post.type,
    "body": lambda s: s.post.body,
    "html": lambda s: attachments.inline(s.post.html, s.files, _address)[0],
    "author": lambda s: person(s.post.author),
    "created_at": lambda s: utc(s.post.created_at),
    "edited_at": lambda s: utc(s.post.edited_at),
    "group": lambda s: group_ref(s.post.group),
    "parent_id": lambda s: s.post.parent_id,
    "status": lambda s: s.post.status,
    "tags": lambda s: [t.name for t in s.post.tags],
    "mentions": lambda s: (
        [u.handle for u in s.post.mentioned_users] + [g.handle for g in s.post.mentioned_groups]
    ),
    "reply_count": lambda s: s.post.reply_count,
    "like_count": lambda s: s.post.like_count,
    "liked": lambda s: s.post.id in s.page.liked,
    "reactions": lambda s: [
        {
            "kind": r.kind,
            "emoji": r.emoji,
            "count": r.count,
            "mine": r.mine,
            "by": [p.handle for p in r.people],
        }
        for r in s.page.reactions.get(s.post.id, [])
    ],
    "attachments": lambda s: [attachment_out(a) for a in s.files],
    "must_read": lambda s: s.post.must_read,
    "permalink": lambda s: permalink(s.post.id),
    "warnings": lambda s: missing if s.warnings is None else s.warnings,
    "interest_count": lambda s: (
        s.page.interest.get(s.post.id, 0) if s.post.type == PostType.CANDIDATE_OFFER else missing
    ),
    "personal_data_erased": lambda s: s.erased,
    "personal_data_erased_on": lambda s: s.post.erased_on if s.erased is True else missing,
}


@dataclass(frozen=True)
class Seen:
    """A post as one reader sees it on a page (`page` carries what feeds.hydrate loaded
    for it): what PostOut dumps. A post just written also carries its warnings."""

    post: Post
    viewer: User
    page: Page
    warnings: list[str] | None = None

    def value(self, name: str):
        """The value PostOut shows as `name`, or `missing` (left out) for this reader."""
        if name in _SHOWN:
            return _SHOWN[name](self)
        spec = self.post.spec
        fact = spec.fact(name)
        if fact is not None:
            return fact.kind.dump(getattr(self.post, name))
        field = spec.field(name)
        if field is None or not can_see_field(self.viewer, field):
            return missing
        if not field.private:
            return field.kind.dump(getattr(self.post, name))
        record = self.page.private.get(self.post.id)
        return None if record is None else field.kind.dump(getattr(record, field.kept_as))

    @property
    def files(self) -> list[Attachment]:
        """The post's files this reader may see (a candidate offer's: recruiters)."""
        return attachments.shown_to(self.viewer, self.post)

    @property
    def erased(self):
        """Whether the personal data is gone (erased, or past its retention date), for
        those who would see it."""
        private = self.post.spec.private_fields
        if not private or not all(can_see_field(self.viewer, f) for f in private):
            return missing
        return self.post.id not in self.page.private


def seen(page: Page, viewer: User) -> list[Seen]:
    return [Seen(post, viewer, page) for post in page.items]


class SeenSchema(ma.Schema):
    """Dumps a Seen: each field's value comes from Seen.value, so a reader gets only the
    fields of the post's type that they may see."""

    def get_attribute(self, obj: Seen, attr: str, default):
        return obj.value(attr)


def _plain(value):
    return value


def _iso(value):
    return None if value is None else value.isoformat()


def _text(value):
    return None if value is None else str(value)


def _number(value):
    return None if value is None else int(value)


def _texts(value):
    return None if value is None else [str(v) for v in value]


def _nested(schema: ma.Schema):
    """A nested row (an author, a group, a field's client or colleague), given as the dict
    `person`/`group_ref` made or as the row itself: only the nested schema's names, a
    computed one (a colleague's photo address) as the schema computes it."""
    names = tuple(schema.fields)
    getters = tuple(
        (name, field.serialize_func if isinstance(field, ma.fields.Function) else attrgetter(name))
        for name, field in schema.fields.items()
    )

    def dump(value):
        if value is None or isinstance(value, dict):
            return value if value is None else {name: value.get(name) for name in names}
        return {name: get(value) for name, get in getters}

    return dump


def _formatter(field: ma.fields.Field):
    """What marshmallow's `field` does to a value, as a plain function."""
    if isinstance(field, ma.fields.Nested):
        return _nested(field.schema)
    if isinstance(field, ma.fields.List):
        inner = field.inner
        if isinstance(inner, ma.fields.Nested):
            fmt = _nested(inner.schema)
            return lambda value: None if value is None else [fmt(v) for v in value]
        return _texts if isinstance(inner, ma.fields.String) else _plain
    if isinstance(field, ma.fields.DateTime | ma.fields.Date):
        return _iso
    if isinstance(field, ma.fields.String):
        return _text
    if isinstance(field, ma.fields.Integer):
        return _number
    return _plain


def _type_value(spec, name: str):
    """`Seen.value` of a type's fact or field `name` for a reader the plan found may see
    it: the same reads, without looking the name up again for every post."""
    fact = spec.fact(name)
    field = fact or spec.field(name)
    dump = field.kind.dump
    if fact is not None or not field.private:
        return lambda shown: dump(getattr(shown.post, name))
    kept_as = field.kept_as

    def private(shown):
        record = shown.page.private.get(shown.post.id)
        return None if record is None else dump(getattr(record, kept_as))

    return private


class Rows:
    """A page's posts as `schema` (PostOut) dumps them, without marshmallow per row: a
    feed page spent a fifth of its time in the schema's per-field machinery. For each
    type and reader (the audiences of the fields only some may see that they belong to)
    the names it may show and how each is formatted are worked out once; a post then is
    one dict. Exactly PostOut's output: tests/test_api.py compares them for every type
    and validates these rows against the OpenAPI document."""

    def __init__(self, schema: ma.Schema):
        self.fields = schema.fields
        self.plans: dict[tuple[str, frozenset], list] = {}
        self.audiences = {f.seen_by for spec in TYPES.values() for f in spec.private_fields}

    def plan(self, post_type: str, admitted: frozenset) -> list:
        made = self.plans.get((post_type, admitted))
        if made is None:
            spec = TYPES[post_type]

            def shows(name: str) -> bool:
                field = spec.field(name)
                return (
                    name in _SHOWN
                    or spec.fact(name) is not None
                    or (field is not None and (not field.private or field.seen_by in admitted))
                )

            made = self.plans[(post_type, admitted)] = [
                (_SHOWN.get(name) or _type_value(spec, name), _formatter(field), name)
                for name, field in self.fields.items()
                if shows(name)
            ]
        return made

    def dump(self, page: Page, viewer: User) -> list[dict]:
        admitted = frozenset(a for a in self.audiences if a.admits(viewer))
        items = []
        for post in page.items:
            shown, out = Seen(post, viewer, page), {}
            for value_of, fmt, name in self.plan(post.type, admitted):
                value = value_of(shown)
                if value is not missing:
                    out[name] = fmt(value)
            items.append(out)
        return items
