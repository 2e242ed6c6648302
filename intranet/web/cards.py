"""Post cards rendered once per version: the face of a card (its header, its type's part,
its text) is the same for every reader of one language and zone, so it is kept, keyed by
everything it shows; what is the reader's own (likes, follows, the forms) is rendered
around it on every page."""

from __future__ import annotations

import threading
from operator import attrgetter

from cachetools import LRUCache
from flask import current_app
from flask_babel import get_locale, get_timezone
from markupsafe import Markup
from sqlalchemy import inspect

from ..i18n import ago
from ..models import PostType
from ..platform.clock import local_today
from ..posting.visibility import can_see_files

# Faces kept per process: a few pages of every feed people are reading.
SIZE = 4096
# Types whose card part shows what depends on the reader (a candidate's personal data to
# recruiters, colleagues' interest): always rendered for the page.
READER_CARDS = frozenset({PostType.CANDIDATE_OFFER})
FACE = "posts/_card_face.html"


def _kept() -> tuple[LRUCache, threading.Lock]:
    """This app's faces (each app its own: tests make many in one process)."""
    kept = current_app.extensions.get("kring.cards")
    if kept is None:
        kept = current_app.extensions.setdefault("kring.cards", (LRUCache(SIZE), threading.Lock()))
    return kept


def _row(obj) -> tuple | None:
    """Every column of a loaded row: an edit anywhere in it is another version."""
    if obj is None:
        return None
    read = _columns.get(type(obj))
    if read is None:  # one getter per model, made the first time
        keys = [a.key for a in inspect(obj).mapper.column_attrs]
        read = _columns[type(obj)] = attrgetter(*keys)  # every model has several
    return read(obj)


_columns: dict[type, attrgetter] = {}


def fingerprint(post) -> tuple:
    """What the face shows: the post, its author, its group, the rows its fields name
    (a signal's client, an alert's assignee), its attachments, and the words that depend
    on the moment."""
    named = tuple(
        _row(getattr(post, field.name)) for field in post.spec.public_fields if field.kind.reference
    )
    return (
        _row(post),
        _row(post.author),
        _row(post.group),
        named,
        tuple(_row(a) for a in post.attachments),
        ago(post.created_at),
        local_today(),
    )


def card_face(post) -> Markup | None:
    """The face of `post`'s card, rendered now or kept from before; None for a type whose
    card part or files are the reader's own (the template includes the face itself)."""
    if post.type in READER_CARDS or not can_see_files(None, post):
        return None  # a face kept for one reader would show its files to the next
    faces, lock = _kept()
    slot = (post.id, str(get_locale()), str(get_timezone()))
    seen = fingerprint(post)
    with lock:
        kept = faces.get(slot)
    if kept is not None and kept[0] == seen:
        return kept[1]
    # Rendered without the page's context: the face can't reach the reader or the request.
    face = Markup(current_app.jinja_env.get_template(FACE).render(post=post))
    with lock:
        faces[slot] = (seen, face)
    return face
