"""Posts, people and groups as the API shows them to one reader."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import url_for

from ..models import Group, Post, PostType, User
from ..posting.feeds import Page
from ..posting.fields import field_names
from ..posting.visibility import can_see_candidate


def utc(moment: datetime | None) -> datetime | None:
    """Stored times are naive UTC; the API says so explicitly."""
    return moment.replace(tzinfo=UTC) if moment else None


def person(user: User | None) -> dict | None:
    if user is None:
        return None
    return {
        "id": user.id,
        "handle": user.handle,
        "name": user.name,
        "job_title": user.job_title,
        "department": user.department,
    }


def group_ref(group: Group | None) -> dict | None:
    if group is None:
        return None
    return {"id": group.id, "name": group.name, "handle": group.handle, "private": group.is_private}


def _type_fields(post: Post, viewer: User, page: Page) -> dict:
    out = {}
    for name in field_names(post.type, private=False):
        if name == "client":
            client = post.client
            out["client"] = {"id": client.id, "name": client.name} if client else None
        elif name == "assignee":
            out["assignee"] = person(post.assignee)
        elif name == "skills":
            out["skills"] = post.skill_list
        else:
            out[name] = getattr(post, name)
    if post.type == PostType.CANDIDATE_OFFER:
        out["interest_count"] = page.interest.get(post.id, 0)
    if post.type == PostType.REPUTATION_ALERT:
        out.update(
            acknowledged_at=utc(post.acknowledged_at),
            resolved_at=utc(post.resolved_at),
            resolution_note=post.resolution_note,
        )
    if post.type == PostType.CANDIDATE_OFFER and can_see_candidate(viewer):
        private = page.private.get(post.id)
        if private is not None:
            out.update(
                candidate_name=private.name,
                candidate_contact=private.contact,
                consent=True,
                personal_data_erased=False,
            )
        else:  # erased after its retention date (or on the candidate's request)
            out.update(
                candidate_name=None,
                candidate_contact=None,
                consent=None,
                personal_data_erased=True,
                personal_data_erased_on=post.erased_on,
            )
    return out


def post_json(post: Post, viewer: User, page: Page) -> dict:
    """One post for `viewer`; `page` carries what feeds.hydrate loaded for it."""
    data = {
        "id": post.id,
        "type": post.type,
        "body": post.body,
        "html": post.html,
        "author": person(post.author),
        "created_at": utc(post.created_at),
        "edited_at": utc(post.edited_at),
        "group": group_ref(post.group),
        "parent_id": post.parent_id,
        "status": post.status,
        "tags": [t.name for t in post.tags],
        "mentions": [u.handle for u in post.mentioned_users]
        + [g.handle for g in post.mentioned_groups],
        "reply_count": post.reply_count,
        "like_count": post.like_count,
        "liked": post.id in page.liked,
        "must_read": post.must_read,
        "permalink": url_for("posts.show", post_id=post.id, _external=True),
    }
    data.update(_type_fields(post, viewer, page))
    return data
