"""Drafts: a half-written post or reply kept on the server for its writer alone, so it
follows them to another browser and stays out of a shared one; gone once it is posted.

A draft is a form's fields as typed (names and texts or ticks, nothing else), per person
and form key: `composer`, `reply-<post id>`. It holds only the person's own words: a reply
draft names its post by number and never carries anything of the post, so a post its
writer may no longer read leaks nothing through it. Nor does it ever hold a candidate's
personal data (a type field only some may see, such as a candidate offer's name, contact
and consent): that is kept under the rules for personal data (retention, export, erasure)
or not at all, so such fields are dropped whoever sends them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select

from ..errors import BadRequest, NotFound
from ..extensions import db
from ..models import Draft, User
from ..models.type_spec import every_field
from ..platform.clock import utcnow
from ..platform.database import upsert, writes

KEY = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")  # composer, reply-12
KEY_MAX = 64
FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")  # body, must_read, vacancy.title
FIELD_MAX = 64
FIELDS_MAX = 60
SIZE_MAX = 50_000  # characters of the fields as JSON: a post's whole body (10,000) and more
PER_PERSON = 50  # more drafts than this: the oldest go
KEPT = timedelta(days=30)

COMPOSER = "composer"
# The type fields not everyone may see; a form names them "<type>.<field>" (the composer),
# the API may send them bare.
PERSONAL = frozenset(name for name, field in every_field().items() if field.private)

T = TypeVar("T")


def reply_key(post) -> str:
    """The reply form's draft under a post: its thread's (a reply to a reply joins it)."""
    return f"reply-{post.parent_id or post.id}"


def check_key(key: str) -> str:
    if not isinstance(key, str) or len(key) > KEY_MAX or not KEY.fullmatch(key):
        raise BadRequest(
            _l(
                "A draft's key is lowercase letters and digits in parts joined by dashes "
                "(such as composer or reply-12), at most %(n)d characters.",
                n=KEY_MAX,
            ),
            code="bad_draft_key",
        )
    return key


def _refused(message) -> BadRequest:
    error = BadRequest(message, code="bad_draft")
    error.fields = {"fields": message}
    return error


def personal(name: str) -> bool:
    """A field a draft never keeps: a type field only some may see, by any form's name."""
    return name.rsplit(".", 1)[-1] in PERSONAL


def clean_fields(fields) -> dict:
    """The form's fields as a draft keeps them (a candidate's personal data left out), or a
    400 that says what is wrong."""
    if not isinstance(fields, Mapping):
        raise _refused(_l("Send the form's fields as an object of names and values."))
    if len(fields) > FIELDS_MAX:
        raise _refused(_l("A draft keeps at most %(n)d fields.", n=FIELDS_MAX))
    for name, value in fields.items():
        if len(name) > FIELD_MAX or not FIELD.fullmatch(name):
            raise _refused(
                _l(
                    "A field's name is letters, digits, dots, dashes and underscores, "
                    "at most %(n)d characters.",
                    n=FIELD_MAX,
                )
            )
        if not isinstance(value, str | bool):
            raise _refused(_l("A field's value is text or true/false: %(name)s.", name=name))
    kept = {name: value for name, value in fields.items() if not personal(name)}
    if len(json.dumps(kept, ensure_ascii=False)) > SIZE_MAX:
        raise _refused(_l("This draft is too long to keep (at most %(n)d characters).", n=SIZE_MAX))
    return kept


def list_drafts(person: User, keys: Iterable[str] = ()) -> list[Draft]:
    """The person's drafts, newest first; only those of `keys` when given."""
    query = select(Draft).where(Draft.user_id == person.id)
    wanted = [check_key(key) for key in keys]
    if wanted:
        query = query.where(Draft.key.in_(wanted))
    return list(db.session.scalars(query.order_by(Draft.updated_at.desc(), Draft.id.desc())))


def get_draft(person: User, key: str) -> Draft:
    draft = db.session.scalar(
        select(Draft).where(Draft.user_id == person.id, Draft.key == check_key(key))
    )
    if draft is None:
        raise NotFound(_l("You have no draft here."), code="no_draft")
    return draft


@writes
def save_draft(
    person: User, key: str, fields, writer: str | None = None, sequence: int | None = None
) -> Draft:
    """Keep what the form holds now, in place of what it held before (one row per form,
    whichever tab or device writes last). A `writer` (one open page) numbers its saves:
    one that arrives after a later save of the same page changes nothing."""
    key, fields = check_key(key), clean_fields(fields)
    now = utcnow()
    values = {"fields": fields, "updated_at": now, "writer": writer, "sequence": sequence}
    statement = upsert(Draft).values(user_id=person.id, key=key, **values)
    newer = None
    if writer is not None and sequence is not None:
        newer = or_(
            Draft.writer.is_(None),
            Draft.writer != writer,
            Draft.sequence.is_(None),
            Draft.sequence <= sequence,
        )
    db.session.execute(
        statement.on_conflict_do_update(index_elements=["user_id", "key"], set_=values, where=newer)
    )
    _keep_newest(person)
    db.session.expire_all()
    return get_draft(person, key)


def _keep_newest(person: User) -> None:
    older = (
        select(Draft.id)
        .where(Draft.user_id == person.id)
        .order_by(Draft.updated_at.desc(), Draft.id.desc())
        .offset(PER_PERSON)
    )
    gone = list(db.session.scalars(older))
    if gone:
        db.session.execute(delete(Draft).where(Draft.id.in_(gone)))


@writes
def discard(person: User, key: str) -> bool:
    """Throw the draft away; True if there was one."""
    result = db.session.execute(
        delete(Draft).where(Draft.user_id == person.id, Draft.key == check_key(key))
    )
    return bool(result.rowcount)


@writes
def posting(person: User, key: str, use_case: Callable[[], T]) -> T:
    """Store what the form sent (`use_case`, a unit that posts) and discard its draft in the
    same commit: a draft never outlives what it became, whatever the page's script did."""
    result = use_case()
    discard(person, key)
    return result


@writes
def remove_old() -> int:
    """Drafts untouched for KEPT, and those of people who left, are thrown away."""
    leavers = select(User.id).where(User.deactivated_at.is_not(None))
    result = db.session.execute(
        delete(Draft).where((Draft.updated_at < utcnow() - KEPT) | Draft.user_id.in_(leavers))
    )
    return result.rowcount or 0
