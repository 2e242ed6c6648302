"""What the index holds for a post or a person. Never a candidate's personal data."""

from __future__ import annotations

from ..models import Group, Post, User
from ..models.type_spec import TEXT, TITLE


def visibility_key(group: Group | None) -> str:
    return f"g{group.id}" if group is not None and group.is_private else "all"


def _type_text(post: Post) -> tuple[str, list[str]]:
    """The post's title line and the type fields people search by (as its type declares:
    a field everyone may see, so never a candidate's personal data)."""
    title, extra = "", []
    for field in post.spec.public_fields:
        value = getattr(post, field.name)
        if field.search == TITLE:
            title = field.kind.text(value)
            extra += field.kind.aliases(value)
        elif field.search == TEXT:
            extra.append(field.kind.text(value))
    return title, extra


def post_document(post: Post) -> dict:
    title, extra = _type_text(post)
    group = post.group
    text = "\n".join([post.text, *[e for e in extra if e]])
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
        "body": text,
        "body_nl": f"{title}\n{text}",
        "body_en": f"{title}\n{text}",
    }


def person_document(user: User) -> dict:
    about = "\n".join(
        x for x in (user.job_title, user.department, user.location, user.skills, user.bio) if x
    )
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
