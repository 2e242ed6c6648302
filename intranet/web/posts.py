"""Posting from the composer, the post page, editing, deleting, replies, likes, status."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..errors import DomainError
from ..extensions import db, limiter
from ..models import PostRevision, PostType
from ..posting import feeds, posts, visibility
from ..posting.feeds import Page
from . import candidates
from .composer import allowed_types, composer_context
from .pages import back, flash_error, is_htmx
from .reputation import triage_context

bp = Blueprint("posts", __name__)


def _form_data(post_type: str) -> dict:
    """The composer's fields for `post_type`: inputs are named "<type>.<field>" because
    several types share a field name (location)."""
    data = {
        "body": request.form.get("body"),
        "group": request.form.get("group"),
        "must_read": request.form.get("must_read"),
    }
    prefix = f"{post_type}."
    data.update({k[len(prefix) :]: v for k, v in request.form.items() if k.startswith(prefix)})
    return data


@bp.route("/posts/new")
@login_required
def new():
    post_type = request.args.get("type", "update")
    if post_type not in allowed_types(current_user):
        post_type = "update"
    values = {"client": request.args.get("client", "")[:120]}  # "post a signal" on a client
    return render_template("posts/new.html", **composer_context(post_type=post_type, values=values))


@bp.route("/posts", methods=["POST"])
@login_required
@limiter.limit("30 per minute")
def create():
    post_type = request.form.get("type", "update")
    data = {**_form_data(post_type), "type": post_type}
    try:
        post = posts.create_post(current_user, data)
    except DomainError as error:
        errors = getattr(error, "fields", None) or {"_": error.message}
        context = composer_context(post_type=data.get("type", "update"), values=data, errors=errors)
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
    return render_template(
        "posts/show.html",
        replies=feeds.replies(current_user, post),
        receipts=posts.read_receipts(post) if post.must_read else [],
        **_card_context(post),
        **candidates.page_context(post),
        **triage_context(post),
    )


@bp.route("/posts/<int:post_id>/replies", methods=["POST"])
@login_required
@limiter.limit("30 per minute")
def reply(post_id):
    parent = posts.get_post(current_user, post_id)
    try:
        created = posts.create_reply(current_user, parent, request.form.get("body"))
    except DomainError as error:
        flash_error(error)
        return render_template(
            "posts/show.html",
            replies=feeds.replies(current_user, parent),
            reply_body=request.form.get("body", ""),
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
def like(post_id):
    post = posts.get_post(current_user, post_id)
    if request.form.get("undo"):
        posts.unlike(current_user, post)
    else:
        posts.like(current_user, post)
    if is_htmx():
        return render_template("posts/_actions.html", **_card_context(post))
    return back()


@bp.route("/posts/<int:post_id>/read", methods=["POST"])
@login_required
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
def status(post_id):
    post = posts.get_post(current_user, post_id)
    try:
        posts.change_status(current_user, post, request.form.get("status"))
        flash(_("Status changed."), "success")
    except DomainError as error:
        flash_error(error)
    return back()


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id):
    post = posts.get_post(current_user, post_id)
    if not visibility.can_edit(current_user, post):
        abort(403)
    errors, values = {}, None
    if request.method == "POST":
        values = _form_data(post.type)
        values.pop("group", None)
        values.pop("must_read", None)
        try:
            posts.edit_post(current_user, post, values)
        except DomainError as error:
            errors = getattr(error, "fields", None) or {"_": error.message}
        else:
            flash(_("Saved. The earlier version is kept in the history."), "success")
            return redirect(url_for("posts.show", post_id=post.parent_id or post.id), code=303)
    composer = composer_context()["composer"]
    return render_template(
        "posts/edit.html",
        post=post,
        errors=errors,
        values=values or edit_values(post),
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
