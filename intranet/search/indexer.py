"""The single writer: it drains the index queue into Whoosh in batches, and rebuilds.

Requests never write the index; they add IndexQueue rows in their own transaction
(`queue_post`, `queue_person`). A drain takes Whoosh's write lock (if another process holds
it, it leaves the rows for the next drain), writes a batch, commits the index, then deletes
exactly the rows it wrote: a crash in between only means the batch is written again.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func, select
from whoosh.index import LockError

from ..extensions import db
from ..models import IndexQueue, Post, User
from ..platform.database import writes
from . import whoosh_index
from .choice import uses_postgres
from .documents import every_post, load_posts, person_document, post_document
from .pending import queue_optimise

BATCH = 500


def optimise() -> int:
    """Write what is queued, then merge the index into one segment, now; through the same
    locks as every drain (if another process holds Whoosh's, the queue keeps the request)."""
    _queue_optimise_now()
    return drain()


@writes
def _queue_optimise_now() -> None:
    queue_optimise()


def _path() -> Path:
    return whoosh_index.index_dir(current_app.instance_path)


def _write(writer, rows) -> None:
    post_ids = sorted({r.object_id for r in rows if r.kind == "post"})
    user_ids = sorted({r.object_id for r in rows if r.kind == "person"})
    posts = load_posts(post_ids)
    for post_id in post_ids:
        post = posts.get(post_id)
        if post is None:
            writer.delete_by_term("key", f"post:{post_id}")
        else:
            writer.update_document(**post_document(post))
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    for user_id in user_ids:
        user = people.get(user_id)
        if user is None or not user.is_active:
            writer.delete_by_term("key", f"person:{user_id}")
        else:
            writer.update_document(**person_document(user))


_one_drain = threading.Lock()  # one writer per process; across processes, Whoosh's lock


def _open(path: Path):
    """Open the index; a commit by another process may swap its table of contents under
    us (FileNotFoundError for a moment): try again."""
    for attempt in range(5):
        try:
            return whoosh_index.open_or_create(path)
        except FileNotFoundError:
            if attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))


def drain(max_batches: int = 100) -> int:
    """Write queued changes to the index; return how many queue rows were handled.
    With SEARCH_BACKEND=postgres nothing is queued and no Whoosh index is opened."""
    if uses_postgres():
        return 0
    if not _one_drain.acquire(timeout=60):
        return 0
    try:
        return _drain(_open(_path()), max_batches)
    finally:
        _one_drain.release()


def _drain(ix, max_batches: int) -> int:
    done = 0
    for _ in range(max_batches):
        rows = db.session.execute(
            select(IndexQueue.id, IndexQueue.kind, IndexQueue.object_id)
            .order_by(IndexQueue.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        try:
            writer = ix.writer(timeout=0)
        except LockError:
            break  # another process is writing; it (or the next sweep) takes these rows
        try:
            _write(writer, rows)
        except Exception:
            writer.cancel()
            raise
        db.session.commit()  # only read so far: don't keep a snapshot open while writing
        optimising = any(r.kind == "optimise" for r in rows)
        writer.commit(optimize=optimising)
        if optimising:  # this process's searcher still holds the old segments open
            whoosh_index.searchers.reset()
        _forget([r.id for r in rows])
        done += len(rows)
    db.session.commit()
    return done


@writes
def _forget(ids: list[int]) -> None:
    db.session.execute(delete(IndexQueue).where(IndexQueue.id.in_(ids)))


def pending() -> int:
    return db.session.scalar(select(func.count()).select_from(IndexQueue))


def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Build a fresh index beside the live one and swap it in; the app keeps serving.

    The live index's write lock is held throughout, so changes made meanwhile stay in the
    queue and are drained into the new index after the swap.
    """
    path = _path()
    live = whoosh_index.open_or_create(path)
    lock = live.lock("WRITELOCK")
    while not lock.acquire(blocking=False):
        time.sleep(0.1)
    try:
        covered = db.session.scalar(select(func.max(IndexQueue.id))) or 0
        written = _build_and_swap(path, progress)
        # Queued before the snapshot: already in the fresh index.
        _forget_through(covered)
        return written
    finally:
        with contextlib.suppress(Exception):  # the lock file went away with the old index
            lock.release()


def _build_and_swap(path: Path, progress) -> int:
    fresh = path.with_name(path.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    ix = whoosh_index.create(fresh)
    total = db.session.scalar(select(func.count()).select_from(Post)) + db.session.scalar(
        select(func.count()).select_from(User)
    )
    written = 0
    writer = ix.writer(limitmb=256)
    for posts in every_post(BATCH):
        for post in posts:
            writer.add_document(**post_document(post))
        written += len(posts)
        if progress:
            progress(written, total)
    for user in db.session.scalars(select(User).where(User.deactivated_at.is_(None))):
        writer.add_document(**person_document(user))
        written += 1
    writer.commit(optimize=True)
    if progress:
        progress(total, total)
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    fresh.rename(path)
    shutil.rmtree(old, ignore_errors=True)
    whoosh_index.searchers.reset()
    return written


@writes
def _forget_through(last_id: int) -> None:
    db.session.execute(delete(IndexQueue).where(IndexQueue.id <= last_id))
