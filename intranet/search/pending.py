"""What search must still take in. With Whoosh: rows of the index queue, written in the
transaction of whatever changed, so that no change can be lost; the indexer drains them.
With PostgreSQL (SEARCH_BACKEND=postgres): the documents themselves, rewritten just
before that same transaction commits (pg_documents); nothing is queued."""

from __future__ import annotations

from sqlalchemy import insert

from ..extensions import db
from ..models import IndexQueue
from ..platform import queue
from . import pg_documents
from .choice import uses_postgres

DRAIN = "kring.drain_index"


def _queue(kind: str, ids: list[int]) -> None:
    if uses_postgres():
        pg_documents.mark(kind, ids)
        return
    db.session.execute(insert(IndexQueue), [{"kind": kind, "object_id": i} for i in ids])
    queue.trigger(DRAIN)


def queue_post(post_id: int) -> None:
    _queue("post", [post_id])


def queue_posts(post_ids: list[int]) -> None:
    if post_ids:
        _queue("post", post_ids)


def queue_person(user_id: int) -> None:
    _queue("person", [user_id])


def queue_optimise() -> None:
    """Ask the Whoosh writer to merge the whole index into one segment once the changes
    queued before are written: deleted documents' text then leaves the files (an erasure).
    PostgreSQL's documents hold no old text to merge away: nothing to do there."""
    if not uses_postgres():
        _queue("optimise", [0])
