"""PostgreSQL's search documents (SEARCH_BACKEND=postgres), written in the transaction of
whatever changed: a post or person marked by `pending` is rewritten just before that
transaction commits, so every node's next search sees it, and an erasure leaves no old
text behind in any vector or snippet. The vector itself is the database's (a trigger)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, event, exists, func, select
from sqlalchemy.dialects.postgresql import insert

from ..extensions import db
from ..models import IndexQueue, Post, SearchDocument, User
from .documents import every_post, load_posts, person_row, post_row

DIRTY = "kring_search_documents"
BATCH = 500
_KEEP = ("kind", "object_id")


def mark(kind: str, ids: list[int]) -> None:
    """Rewrite (or remove) these posts' or people's documents when the transaction commits."""
    session = db.session()
    session.info.setdefault(DIRTY, set()).update((kind, i) for i in ids)


def install(session_class) -> None:
    if getattr(session_class, "_kring_search_documents", False):
        return
    session_class._kring_search_documents = True

    @event.listens_for(session_class, "before_commit")
    def _write_marked(session):
        marked = session.info.pop(DIRTY, None)
        if marked:
            write(sorted(marked))

    @event.listens_for(session_class, "after_rollback")
    def _forget(session):
        session.info.pop(DIRTY, None)


def _upsert(rows: list[dict]) -> None:
    if not rows:
        return
    statement = insert(SearchDocument)
    changes = {c: statement.excluded[c] for c in rows[0] if c not in _KEEP}
    db.session.execute(
        statement.on_conflict_do_update(index_elements=list(_KEEP), set_=changes), rows
    )


def _remove(kind: str, ids: list[int]) -> None:
    if ids:
        db.session.execute(
            delete(SearchDocument).where(
                SearchDocument.kind == kind, SearchDocument.object_id.in_(ids)
            )
        )


def write(marked: list[tuple[str, int]]) -> None:
    post_ids = [i for kind, i in marked if kind == "post"]
    user_ids = [i for kind, i in marked if kind == "person"]
    posts = load_posts(post_ids)
    _upsert([post_row(posts[i]) for i in post_ids if i in posts])
    _remove("post", [i for i in post_ids if i not in posts])
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    active = [i for i in user_ids if i in people and people[i].is_active]
    _upsert([person_row(people[i]) for i in active])
    _remove("person", [i for i in user_ids if i not in active])


def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Rewrite every document (and so every vector) from the database, a batch per
    transaction; documents of posts and people that are gone are removed, and the Whoosh
    index queue is emptied."""
    total = db.session.scalar(select(func.count()).select_from(Post)) + db.session.scalar(
        select(func.count()).select_from(User).where(User.deactivated_at.is_(None))
    )
    written = 0
    for posts in every_post(BATCH):
        _upsert([post_row(post) for post in posts])
        db.session.commit()
        written += len(posts)
        if progress:
            progress(written, total)
    people = list(db.session.scalars(select(User).where(User.deactivated_at.is_(None))))
    for start in range(0, len(people), BATCH):
        _upsert([person_row(u) for u in people[start : start + BATCH]])
    written += len(people)
    db.session.execute(
        delete(SearchDocument).where(
            SearchDocument.kind == "post",
            ~exists().where(Post.id == SearchDocument.object_id),
        )
    )
    db.session.execute(
        delete(SearchDocument).where(
            SearchDocument.kind == "person",
            SearchDocument.object_id.not_in(select(User.id).where(User.deactivated_at.is_(None))),
        )
    )
    # Left by Whoosh before the switch: what they asked for is written now, and nothing
    # drains them with this backend (they would only age in /readyz's backlog).
    db.session.execute(delete(IndexQueue))
    db.session.commit()
    if progress:
        progress(total, total)
    return written
