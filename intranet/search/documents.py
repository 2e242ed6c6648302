"""What search holds for a post or a person, in either backend: the Whoosh documents and
PostgreSQL's search_documents rows are made from the same parts. Never a candidate's
personal data: only a type's public fields, as the type declares them."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import AnyPost, Group, Post, User
from ..models.type_spec import TEXT, TITLE


def visibility_key(group: Group | None) -> str:
    return f"g{group.id}" if group is not None and group.is_private else "all"


def _type_text(post: Post) -> tuple[str, list[str], list[str]]:
    """The post's title line, the type fields people search by (as its type declares: a
    field everyone may see, so never a candidate's personal data) and the other names of
    what it names (a client's aliases: searched, never shown in a snippet)."""
    title, extra, aliases = "", [], []
    for field in post.spec.public_fields:
        value = getattr(post, field.name)
        if field.search == TITLE:
            title = field.kind.text(value)
            aliases += field.kind.aliases(value)
        elif field.search == TEXT:
            extra.append(field.kind.text(value))
    return title, extra, aliases


def load_posts(ids: list[int]) -> dict[int, Post]:
    """The posts with what their documents need, in one go."""
    if not ids:
        return {}
    posts = db.session.scalars(
        select(AnyPost)
        .where(AnyPost.id.in_(ids))
        .options(
            joinedload(AnyPost.group),
            selectinload(AnyPost.tags),
            selectinload(AnyPost.ClientSignal.client),
        )
    ).unique()
    return {p.id: p for p in posts}


def every_post(batch: int) -> Iterator[list[Post]]:
    """Every post, a batch at a time in id order; each batch leaves the session after use
    (memory stays flat over 100k posts)."""
    last_id = 0
    while True:
        ids = list(
            db.session.scalars(
                select(Post.id).where(Post.id > last_id).order_by(Post.id).limit(batch)
            )
        )
        if not ids:
            return
        posts = load_posts(ids)
        yield [posts[i] for i in ids]
        for post in posts.values():
            db.session.expunge(post)
        last_id = ids[-1]


def _about(user: User) -> str:
    return "\n".join(
        x for x in (user.job_title, user.department, user.location, user.skills, user.bio) if x
    )


def post_row(post: Post) -> dict:
    """The post's search_documents row (PostgreSQL makes the vector from its text)."""
    title, extra, aliases = _type_text(post)
    return {
        "kind": "post",
        "object_id": post.id,
        "parent_id": post.parent_id,
        "type": post.type,
        "status": post.status,
        "author_id": post.author_id,
        "group_id": post.group_id,
        "created_at": post.created_at,
        "title": title,
        "fields": "\n".join(e for e in extra if e),
        "aliases": "\n".join(a for a in aliases if a),
        "body": post.text,
    }


def person_row(user: User) -> dict:
    return {
        "kind": "person",
        "object_id": user.id,
        "parent_id": None,
        "type": "person",
        "status": None,
        "author_id": user.id,
        "group_id": None,
        "created_at": user.created_at,
        "title": user.name,
        "fields": "",
        "aliases": "",
        "body": _about(user),
    }


def post_document(post: Post) -> dict:
    title, extra, aliases = _type_text(post)
    group = post.group
    text = "\n".join([post.text, *[e for e in extra if e]])
    searched = "\n".join([text, *[a for a in aliases if a]])
    return {
        "key": f"post:{post.id}",
        "kind": "post",
        "object_id": post.id,
        "parent_id": post.parent_id,
        "type": post.type,
        "status": post.status or "",
        "tags": ",".join(t.name for t in post.tags),
        "author": str(post.author_id),
        "group": str(post.group_id or 0),
        "visibility": visibility_key(group),
        "created_at": post.created_at,
        "title": title,
        "body": searched,
        "_stored_body": text,  # what snippets are made from: without the aliases
        "body_nl": f"{title}\n{searched}",
        "body_en": f"{title}\n{searched}",
    }


def person_document(user: User) -> dict:
    about = _about(user)
    return {
        "key": f"person:{user.id}",
        "kind": "person",
        "object_id": user.id,
        "type": "person",
        "author": str(user.id),
        "group": "0",
        "visibility": "all",
        "created_at": user.created_at,
        "title": user.name,
        "body": about,
        "body_nl": about,
        "body_en": about,
    }
