"""Posting, editing, deleting, replies, status changes and reactions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

from flask import current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ..clients import directory, mentions
from ..errors import BadRequest, Conflict, Forbidden, NotFound, ValidationError
from ..extensions import db
from ..models import (
    POSTABLE_TYPES,
    REACTIONS,
    TYPES,
    CandidatePrivate,
    Group,
    Mention,
    Post,
    PostRevision,
    PostType,
    Reaction,
    Referral,
    Reply,
    User,
)
from ..models.kinds import ClientRef
from ..notifying import fanout, notifications
from ..notifying.alerts import bump_version
from ..platform import push
from ..platform.clock import local_date, local_today, utcnow
from ..platform.database import as_id, insert_ignore, writes
from ..recruiting import candidates
from ..search.pending import queue_post
from ..text.normalize import name_key
from . import attachments, bodies, fields, visibility


def parse_type(value) -> str:
    if value not in POSTABLE_TYPES:
        raise BadRequest(
            _l("Unknown post type. Choose one of: %(types)s.", types=", ".join(POSTABLE_TYPES)),
            code="unknown_type",
            details={"valid_types": POSTABLE_TYPES},
        )
    return value


def _group(author: User, value) -> Group | None:
    if value in (None, "", 0, "0"):
        return None
    group = None
    if as_id(value) is not None:
        group = db.session.get(Group, as_id(value))
    elif isinstance(value, str) and not value.strip().isdigit():
        group = db.session.scalar(select(Group).where(Group.handle == name_key(value)))
    if group is None or not visibility.can_read_group(author, group):
        raise ValidationError("group", _l("There is no such group."), code="unknown_group")
    if not visibility.can_post_in(author, group):
        raise Forbidden(_l("Only members can post in this group."), code="not_a_member")
    return group


def _apply(post: Post, clean: dict) -> None:
    """Set the clean values on the post; a field only some may see is kept apart."""
    for field in post.spec.public_fields:
        if field.name in clean:
            value = clean[field.name]
            if field.kind.is_new(value):
                bump_version()  # e.g. a client named for the first time: the matcher learns it
            setattr(post, field.name, value)
    if post.type == PostType.CANDIDATE_OFFER:
        _apply_private(post, clean)


def _place_clients(author: User, post: Post, data: Mapping, clean: dict) -> None:
    """Where a client is named decides who may know of it (clients.directory.named_in)."""
    for field in post.spec.public_fields:
        if isinstance(field.kind, ClientRef) and clean.get(field.name) is not None:
            sent = data.get(field.name)
            by_id = isinstance(sent, int) or (isinstance(sent, str) and sent.strip().isdigit())
            directory.named_in(clean[field.name], post.group, by_id, author)


def _apply_private(post, clean: dict) -> None:
    if "candidate_name" in clean or "candidate_contact" in clean:
        private = db.session.get(CandidatePrivate, post.id) if post.id else None
        if private is None:
            if post.id:  # erased after its retention date: it doesn't come back
                raise ValidationError(
                    "candidate_contact",
                    _l(
                        "This candidate's personal data has been erased; offer the candidate "
                        "again in a new post if they agree."
                    ),
                    code="personal_data_erased",
                )
            private = post.private = CandidatePrivate()
        private.name = clean.get("candidate_name") or private.name
        if clean.get("candidate_contact"):
            candidates.set_contact(private, clean["candidate_contact"])
    if post.retain_until is None:  # never kept without an end
        days = current_app.config["KRING_CANDIDATE_RETENTION_DAYS"]
        start = local_date(post.created_at) if post.created_at else local_today()
        post.retain_until = max(start + timedelta(days=days), local_today())


def _collect(*checks) -> list:
    """Run each check; merge their ValidationErrors so a form shows every problem at once."""
    results, errors = [], {}
    for check in checks:
        try:
            results.append(check())
        except ValidationError as error:
            errors.update(error.fields or {"body": error.message})
            results.append(None)
    if errors:
        raise ValidationError.many(errors)
    return results


@writes
def create_post(
    author: User, data: Mapping, files: attachments.Judged = attachments.NOTHING
) -> Post:
    """Validate everything, then store the post with its tags, mentions and attachments
    (`files`, judged before this unit began) in one commit."""
    post_type = parse_type(data.get("type"))
    spec = TYPES[post_type]
    if not visibility.can_post_type(author, post_type):
        raise Forbidden(spec.refusal, code=spec.posted_by.code)
    group = _group(author, data.get("group"))
    body, clean, attached = _collect(
        lambda: bodies.prepare(data.get("body"), author),
        lambda: fields.clean_fields(post_type, data),
        lambda: attachments.accept(files),
    )
    post = spec.model(author=author, group=group, type=post_type)
    post.status = spec.first_status
    _check_assignee(post, clean.get("assignee"))
    _apply(post, clean)
    _place_clients(author, post, data, clean)
    post.must_read = _flag(data.get("must_read"))
    db.session.add(post)
    bodies.link(post, body)
    attachments.attach(post, attached)
    post.warnings = unseen_mentions(post, body)
    if post_type == PostType.CANDIDATE_OFFER:
        post.warnings = [*post.warnings, *candidates.link_duplicates(post)]
    _announce(post)
    return post


def _flag(value) -> bool:
    return value in (True, 1, "1", "on", "true", "yes")


def _announce(post: Post, event: str = "created") -> None:
    """Index it, notify whoever must hear of it, and ring open feeds — all after commit."""
    queue_post(post.id)
    fanout.queue(post.id, event)
    if event == "created":
        fanout.notify_mentioned(post)
        if not post.parent_id:
            _ring_feeds(post)


def _ring_feeds(post: Post) -> None:
    """After commit, tell readers' open feeds that a post arrived (no content, just facts)."""
    group = post.group
    private = group is not None and group.is_private
    payload = {
        "id": post.id,
        "type": post.type,
        "author_id": post.author_id,
        "group_id": post.group_id,
        "tags": [t.name for t in post.tags],
        "mentions": [u.id for u in post.mentioned_users],
    }
    push.after_commit([("post", payload, push.group_room(group.id) if private else push.EVERYONE)])


def unseen_mentions(post: Post, body: bodies.Body) -> list[str]:
    """Names the author mentioned who can't read the post (they won't be notified)."""
    if post.group is None or not post.group.is_private:
        return []
    members = set(notifications.readers(post, [u.id for u in body.users]))
    return [
        _l(
            "%(name)s is not a member of %(group)s and won't see this post.",
            name=u.name,
            group=post.group.name,
        )
        for u in body.users
        if u.id not in members
    ]


def _check_assignee(post: Post, assignee: User | None) -> None:
    """An alert in a private group goes only to a member: anyone else would never hear of
    it nor see it."""
    if assignee is not None and not notifications.readers(post, [assignee.id]):
        raise ValidationError(
            "assignee",
            _l(
                "%(name)s is not a member of %(group)s and can't see this alert.",
                name=assignee.name,
                group=post.group.name,
            ),
            code="assignee_cannot_read",
        )


def get_post(viewer: User, post_id: int) -> Post:
    """The post, if it exists and `viewer` may read it; otherwise NotFound (never Forbidden,
    which would tell that a private post exists)."""
    post = db.session.get(Post, post_id)
    if post is None or not visibility.can_read(viewer, post):
        raise NotFound(_l("This post does not exist or you may not read it."))
    return post


def _snapshot(post: Post) -> dict:
    """What the history keeps of the fields everyone may see (never personal data)."""
    return {f.name: f.kind.snapshot(getattr(post, f.name, None)) for f in post.spec.public_fields}


def check_author(editor: User, post: Post) -> None:
    """Only its author edits a post (and adds files to it): Forbidden for anyone else."""
    if not visibility.can_edit(editor, post):
        raise Forbidden(_l("Only the author can edit this post."), code="not_author")


@writes
def edit_post(
    editor: User,
    post: Post,
    data: Mapping,
    files: attachments.Judged = attachments.NOTHING,
    remove: Sequence[str] = (),
) -> Post:
    """Change body, type fields and/or status, add attachments (`files`, judged before
    this unit began) and take some off (their keys in `remove`); keep what it said
    before as a revision. Whoever triages a reputation alert also assigns it, without
    being its author."""
    others = {"status", "resolution_note"} | (
        {"assignee"} if visibility.can_triage(editor, post) else set()
    )
    if set(data) - others or files.sent or remove:
        check_author(editor, post)
    if "type" in data and data["type"] != post.type:
        raise ValidationError("type", _l("The type of a post can't be changed."))
    data = {k: v for k, v in data.items() if not _unchanged(post, k, v)}
    old_assignee = getattr(post, "assignee_id", None)
    has_body = data.get("body") is not None
    kept = len([a for a in post.attachments if a.key not in set(remove)])
    body, clean, attached = _collect(
        lambda: bodies.prepare(data["body"], editor) if has_body else None,
        lambda: fields.clean_fields(post.type, data, partial=True),
        lambda: attachments.accept(files, already=kept),
    )
    _check_assignee(post, clean.get("assignee"))
    attachments.remove(post, remove)
    attachments.attach(post, attached)
    if body is not None or set(clean) - {"assignee"}:  # an assignment is triage, not an edit
        db.session.add(
            PostRevision(post_id=post.id, editor=editor, body=post.body, fields=_snapshot(post))
        )
        post.edited_at = utcnow()
        mentions.forget(post.id)  # the fan-out finds them again in the new text
        # Moved to another client: that client's owners and followers must hear of it.
        fanout.queue(post.id, "client_changed" if "client" in clean else "edited")
    if body is not None:
        bodies.link(post, body)
        post.warnings = unseen_mentions(post, body)
    _apply(post, clean)
    _place_clients(editor, post, data, clean)
    if clean.get("candidate_contact"):
        post.warnings = [*post.warnings, *candidates.link_duplicates(post)]
    if data.get("status") is not None or data.get("resolution_note") is not None:
        _move(editor, post, data.get("status") or post.status, data.get("resolution_note"))
    assignee = getattr(post, "assignee", None)
    if assignee is not None and assignee.id != old_assignee:
        reason = {"kind": "assigned", "by": editor.handle}
        notifications.notify(post, {assignee.id: [reason]}, actor_id=editor.id)
    queue_post(post.id)
    return post


def _unchanged(post: Post, name: str, value) -> bool:
    """A form sends every field back; what equals the stored value is not an edit (so a
    closing date that has passed since doesn't block fixing a typo)."""
    field = post.spec.field(name)
    if field is None or field.private:
        return False
    return field.kind.unchanged(getattr(post, name, None), value)


def _move(user: User, post: Post, status, note=None) -> None:
    lifecycle = post.lifecycle
    if not lifecycle:
        raise ValidationError("status", _l("This type of post has no status."))
    if status not in lifecycle:
        raise ValidationError(
            "status",
            _l("Unknown status. Choose one of: %(s)s.", s=", ".join(lifecycle)),
            code="unknown_status",
        )
    if post.type == PostType.REPUTATION_ALERT and not visibility.can_triage(user, post):
        raise Forbidden(
            _l("Only recruiters and administrators triage reputation alerts."),
            code="recruiters_only",
        )
    if not visibility.can_change_status(user, post):
        raise Forbidden(_l("Only the author or a recruiter can change the status."))
    if status != post.status and status not in post.next_statuses():
        if post.type == PostType.REPUTATION_ALERT:  # said in words, not in status codes
            raise Conflict(
                _l("This alert is already resolved.")
                if post.status == "resolved"
                else _l("An acknowledged alert can't go back to open."),
                code="invalid_transition",
            )
        raise Conflict(
            _l("A post that is %(old)s can't become %(new)s.", old=post.status, new=status),
            code="invalid_transition",
        )
    if (
        post.type == PostType.VACANCY
        and status == "open"
        and post.status == "closed"
        and post.closes_on is not None
        and post.closes_on < local_today()
    ):
        raise ValidationError(
            "closes_on",
            _l(
                "This vacancy closed on %(day)s. Give it a closing date from today on to open it "
                "again.",
                day=format_date(post.closes_on),
            ),
            code="closes_on_past",
        )
    if post.type == PostType.REPUTATION_ALERT:
        _triage(post, status, note)
    elif note is not None:
        raise ValidationError(
            "resolution_note", _l("Only reputation alerts have a resolution note.")
        )
    post.status = status


NOTE_MAX = 2000


def _triage(alert, status: str, note) -> None:
    """A reputation alert's triage times; resolving it takes a note of what was done."""
    if status == "resolved":
        note = note.replace("\r\n", "\n").strip() if isinstance(note, str) else ""
        if not note:
            raise ValidationError(
                "resolution_note", _l("Say how the alert was resolved."), code="note_required"
            )
        if len(note) > NOTE_MAX:
            raise ValidationError("resolution_note", _l("At most %(n)d characters.", n=NOTE_MAX))
        alert.resolution_note = note
        alert.resolved_at = alert.resolved_at if alert.status == "resolved" else utcnow()
    elif note not in (None, ""):
        raise ValidationError(
            "resolution_note", _l("A resolution note goes with resolving the alert.")
        )
    if status == "acknowledged" and alert.status != "acknowledged":
        alert.acknowledged_at = utcnow()


@writes
def change_status(user: User, post: Post, status: str, note: str | None = None) -> Post:
    """Move a post along its lifecycle (a reputation alert is resolved with a note)."""
    _move(user, post, status, note)
    queue_post(post.id)
    return post


@writes
def delete_post(user: User, post: Post) -> None:
    if not visibility.can_delete(user, post):
        raise Forbidden(_l("Only the author can delete this post."), code="not_author")
    if post.type == PostType.VACANCY and db.session.scalar(
        select(Referral.id).where(Referral.vacancy_id == post.id).limit(1)
    ):
        # Deleting would take the pipeline along and leave CVs nobody can find or erase.
        raise Conflict(
            _l(
                "This vacancy has referrals or applications, so it cannot be "
                "deleted: close it instead."
            ),
            code="has_referrals",
        )
    if post.parent_id:
        db.session.execute(
            update(Post).where(Post.id == post.parent_id).values(reply_count=Post.reply_count - 1)
        )
    for gone in [post.id, *db.session.scalars(select(Post.id).where(Post.parent_id == post.id))]:
        queue_post(gone)
    attachments.erase([post.id])
    db.session.delete(post)


@writes
def create_reply(
    author: User, parent: Post, body, files: attachments.Judged = attachments.NOTHING
) -> Reply:
    """Reply to a post; a reply to a reply joins the thread of the post it answers."""
    if parent.parent_id:
        parent = parent.parent
    if not visibility.can_read(author, parent):
        raise NotFound(_l("This post does not exist or you may not read it."))
    prepared, attached = _collect(
        lambda: bodies.prepare(body, author), lambda: attachments.accept(files)
    )
    reply = Reply(author=author, parent=parent, group_id=parent.group_id, type=PostType.REPLY)
    db.session.add(reply)
    bodies.link(reply, prepared)
    attachments.attach(reply, attached)
    reply.warnings = unseen_mentions(reply, prepared)
    db.session.execute(
        update(Post).where(Post.id == parent.id).values(reply_count=Post.reply_count + 1)
    )
    _announce(reply)
    return reply


def reaction_kind(kind: str) -> str:
    if kind not in REACTIONS:
        raise ValidationError(
            "reaction",
            _l("Unknown reaction. Choose one of: %(kinds)s.", kinds=", ".join(REACTIONS)),
        )
    return kind


@writes
def react(user: User, post: Post, kind: str = "heart") -> None:
    """React to a post (the same again changes nothing); its author hears who did."""
    kind = reaction_kind(kind)
    row = {"user_id": user.id, "post_id": post.id, "kind": kind}
    if insert_ignore(Reaction.__table__, row):
        db.session.execute(
            update(Post).where(Post.id == post.id).values(like_count=Post.like_count + 1)
        )
        reason = {"kind": "like", "by": user.handle, "reaction": kind}
        notifications.notify(post, {post.author_id: [reason]}, actor_id=user.id)


@writes
def unreact(user: User, post: Post, kind: str = "heart") -> None:
    kind = reaction_kind(kind)
    result = db.session.execute(
        Reaction.__table__.delete().where(
            Reaction.user_id == user.id, Reaction.post_id == post.id, Reaction.kind == kind
        )
    )
    if result.rowcount:
        db.session.execute(
            update(Post).where(Post.id == post.id).values(like_count=Post.like_count - 1)
        )


def like(user: User, post: Post) -> None:
    """A like is a heart."""
    react(user, post, "heart")


def unlike(user: User, post: Post) -> None:
    unreact(user, post, "heart")


@writes
def confirm_read(user: User, post: Post) -> None:
    """'I've read it': the mentioned person confirms a must-read post."""
    mention = db.session.get(Mention, (post.id, user.id))
    if mention is None or not post.must_read:
        raise Conflict(_l("This post does not ask you to confirm reading."), code="not_asked")
    mention.read_at = mention.read_at or utcnow()


def read_receipts(post: Post) -> list[tuple[User, object]]:
    """Everyone a must-read post mentions, with when they confirmed (None: not yet)."""
    return list(
        db.session.execute(
            select(User, Mention.read_at)
            .join(Mention, Mention.user_id == User.id)
            .where(Mention.post_id == post.id)
            .order_by(Mention.read_at.is_(None), User.name)
        )
    )


def type_fields(post_type: str) -> tuple:
    return fields.type_fields(post_type)
