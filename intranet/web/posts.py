"""Posting from the composer, the post page, editing, deleting, replies, reactions, status."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..api.actions import CONFIRM_READ, DELETE, EDIT, LIKE, POST, REPLY
from ..errors import DomainError
from ..extensions import db
from ..models import PostRevision, PostType
from ..notifying import notifications
from ..platform.actions import load
from ..platform.inputs import takes_body
from ..posting import attachments, drafts, feeds, posts, visibility, visits
from ..posting.feeds import Page
from . import candidates
from .attachments import uploads
from .composer import allowed_types, composer_context
from .pages import back, flash_error, is_htmx, undo
from .reputation import triage_context

bp = Blueprint("posts", __name__)


class Composer(ma.Schema):
    """Which type the composer is set to ("post a signal" on a client's page: and for
    which client). Its inputs are named "<type>.<field>": several types share a field name
    (location)."""

    type = ma.fields.String(load_default="update")
    client = ma.fields.String(load_default="")


@bp.route("/posts/new")
@login_required
def new():
    wanted = load(Composer, "query", lenient=True)
    post_type = wanted["type"] if wanted["type"] in allowed_types(current_user) else "update"
    values = {"client": wanted["client"][:120]}
    return render_template("posts/new.html", **composer_context(post_type=post_type, values=values))


@bp.route("/posts", methods=["POST"])
@takes_body(attachments.BODY_MAX)
@login_required
@POST.limited
def create():
    post_type = load(Composer)["type"]
    try:
        data = POST.load_form(prefix=f"{post_type}.", defaults={"type": post_type})
        files = uploads()  # judged before the unit: no lock waits for the images
        post = drafts.posting(
            current_user, drafts.COMPOSER, lambda: posts.create_post(current_user, data, files)
        )
    except DomainError as error:
        errors = getattr(error, "fields", None) or {"_": error.message}
        values = POST.sent(prefix=f"{post_type}.")
        context = composer_context(post_type=post_type, values=values, errors=errors)
        return render_template("posts/new.html", **context), error.status
    flash(_("Posted."), "success")
    for warning in post.warnings:
        flash(str(warning), "error")
    return redirect(url_for("posts.show", post_id=post.id), code=303)


def _card_context(post):
    page = feeds.hydrate(current_user, Page(items=[post]))
    return {"post": post, "page": page}


@bp.route("/posts/<int:post_id>")
@login_required
def show(post_id):
    post = posts.get_post(current_user, post_id)
    if post.parent_id:
        return redirect(url_for("posts.show", post_id=post.parent_id, _anchor=f"p{post.id}"))
    notifications.read_on_opening(current_user, post)
    return render_template(
        "posts/show.html",
        seen_before=visits.opened(current_user, post),
        replies=feeds.replies(current_user, post),
        receipts=posts.read_receipts(post) if post.must_read else [],
        **_card_context(post),
        **candidates.page_context(post),
        **triage_context(post),
    )


@bp.route("/posts/<int:post_id>/replies", methods=["POST"])
@takes_body(attachments.BODY_MAX)
@login_required
@REPLY.limited
def reply(post_id):
    parent = posts.get_post(current_user, post_id)
    try:
        body, files = REPLY.load_form()["body"], uploads()
        created = drafts.posting(
            current_user,
            drafts.reply_key(parent),
            lambda: posts.create_reply(current_user, parent, body, files),
        )
    except DomainError as error:
        flash_error(error)
        return render_template(
            "posts/show.html",
            replies=feeds.replies(current_user, parent),
            reply_body=REPLY.sent().get("body", ""),
            reply_errors=getattr(error, "fields", None) or {},
            **_card_context(parent),
        ), error.status
    return redirect(
        url_for(
            "posts.show",
            post_id=parent.id if not parent.parent_id else parent.parent_id,
            _anchor=f"p{created.id}",
        ),
        code=303,
    )


@bp.route("/posts/<int:post_id>/like", methods=["POST"])
@login_required
@LIKE.limited
def like(post_id):
    post = posts.get_post(current_user, post_id)
    removed = request.form.get("remove")
    kind = removed or request.form.get("reaction") or "heart"
    try:
        if removed or undo():
            posts.unreact(current_user, post, kind)
        else:
            posts.react(current_user, post, kind)
    except DomainError as error:
        flash_error(error)
    if is_htmx():
        return render_template("posts/_actions.html", **_card_context(post))
    return back()


@bp.route("/posts/<int:post_id>/read", methods=["POST"])
@login_required
@CONFIRM_READ.limited
def confirm_read(post_id):
    post = posts.get_post(current_user, post_id)
    try:
        posts.confirm_read(current_user, post)
        flash(_("Thanks: %(name)s can see you read it.", name=post.author.name), "success")
    except DomainError as error:
        flash_error(error)
    return back()


@bp.route("/posts/<int:post_id>/status", methods=["POST"])
@login_required
@EDIT.limited
def status(post_id):
    post = posts.get_post(current_user, post_id)
    try:
        posts.change_status(current_user, post, EDIT.load_form().get("status"))
        flash(_("Status changed."), "success")
    except DomainError as error:
        flash_error(error)
    return back()


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@takes_body(attachments.BODY_MAX)
@login_required
@EDIT.limited
def edit(post_id):
    post = posts.get_post(current_user, post_id)
    if not visibility.can_edit(current_user, post):
        abort(403)
    errors, values, prefix = {}, None, f"{post.type}."
    if request.method == "POST":
        try:
            data = EDIT.load_form(prefix=prefix)
            taken_off = request.form.getlist("remove_attachment")
            posts.edit_post(current_user, post, data, uploads(), taken_off)
        except DomainError as error:
            errors = getattr(error, "fields", None) or {"_": error.message}
            values = EDIT.sent(prefix=prefix)
        else:
            flash(_("Saved. The earlier version is kept in the history."), "success")
            return redirect(url_for("posts.show", post_id=post.parent_id or post.id), code=303)
    values = values or edit_values(post)
    composer = composer_context(post_type=post.type, values=values)["composer"]
    return render_template(
        "posts/edit.html",
        post=post,
        errors=errors,
        values=values,
        specs=posts.type_fields(post.type),
        people=composer["people"],
        clients=composer["clients"],
    ), 422 if errors else 200


def edit_values(post) -> dict:
    """What the edit form shows: each field everyone may see, as its kind shows it."""
    values = {"body": post.body}
    for field in post.spec.public_fields:
        values[field.name] = field.kind.form_value(getattr(post, field.name, None))
    return values


@bp.route("/posts/<int:post_id>/delete", methods=["POST"])
@login_required
@DELETE.limited
def delete(post_id):
    post = posts.get_post(current_user, post_id)
    parent_id = post.parent_id
    try:
        posts.delete_post(current_user, post)
    except DomainError as error:
        flash_error(error)
        return back()
    flash(_("Deleted."), "success")
    if parent_id:
        return redirect(url_for("posts.show", post_id=parent_id), code=303)
    return redirect(url_for("feed.index"), code=303)


@bp.route("/posts/<int:post_id>/history")
@login_required
def history(post_id):
    post = posts.get_post(current_user, post_id)
    if post.type == PostType.CANDIDATE_OFFER and not (
        current_user.is_recruiter or post.author_id == current_user.id
    ):
        abort(404)  # an edit may have taken a candidate's details out of the text
    revisions = db.session.scalars(
        select(PostRevision)
        .where(PostRevision.post_id == post.id)
        .options(joinedload(PostRevision.editor))
        .order_by(PostRevision.created_at.desc())
    ).all()
    return render_template("posts/history.html", post=post, revisions=revisions)
