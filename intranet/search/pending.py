"""What the search index must still take in: rows of the index queue, written in the
transaction of whatever changed, so that no change can be lost. The indexer drains them."""

from __future__ import annotations

from sqlalchemy import insert

from ..extensions import db
from ..models import IndexQueue
from ..platform import queue

DRAIN = "kring.drain_index"


def queue_post(post_id: int) -> None:
    db.session.execute(insert(IndexQueue), {"kind": "post", "object_id": post_id})
    queue.trigger(DRAIN)


def queue_posts(post_ids: list[int]) -> None:
    db.session.execute(insert(IndexQueue), [{"kind": "post", "object_id": i} for i in post_ids])
    queue.trigger(DRAIN)


def queue_person(user_id: int) -> None:
    db.session.execute(insert(IndexQueue), {"kind": "person", "object_id": user_id})
    queue.trigger(DRAIN)


def queue_optimise() -> None:
    """Ask the writer to merge the whole index into one segment once the changes queued
    before are written: deleted documents' text then leaves the files (an erasure)."""
    db.session.execute(insert(IndexQueue), {"kind": "optimise", "object_id": 0})
    queue.trigger(DRAIN)
