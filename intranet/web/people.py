"""People: the directory, profiles with their posts, following, and @handle links."""

from __future__ import annotations

import io

import marshmallow as ma
from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from ..accounts import people as accounts
from ..accounts import photos
from ..accounts.tokens import bearer_user
from ..api.actions import FOLLOW
from ..extensions import db
from ..models import Follow, Group
from ..platform.actions import load
from ..posting import follows, visibility
from .feed import feed_query, render_feed
from .pages import back, undo

bp = Blueprint("people", __name__)


class DirectoryArgs(ma.Schema):
    q = ma.fields.String(load_default="")
    department = ma.fields.String(load_default="")
    skill = ma.fields.String(load_default="")
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(1, 99_999))


@bp.route("/people")
@login_required
def directory():
    args = load(DirectoryArgs, "query", lenient=True)
    found = accounts.directory(
        q=args["q"], department=args["department"], skill=args["skill"], page=args["page"]
    )
    followed = set(
        db.session.scalars(
            select(Follow.followed_id).where(
                Follow.follower_id == current_user.id,
                Follow.followed_id.in_([person.id for person in found.people]),
            )
        )
    )
    return render_template(
        "people/directory.html",
        found=found,
        followed=followed,
        departments=accounts.departments(),
    )


@bp.route("/people/<int:user_id>/photo/<token>-<int:size>.webp")
def photo(user_id, token, size):
    """A profile photo, for anyone logged in (a browser's session, or an API token: the
    API gives these addresses). The address changes with the photo, so it is kept a year."""
    sent = request.headers.get("Authorization")
    if not current_user.is_authenticated and bearer_user(sent) is None:
        abort(401)
    content = photos.photo_file(user_id, token, size).read_bytes()  # a few kB
    response = send_file(io.BytesIO(content), mimetype="image/webp", max_age=365 * 24 * 3600)
    response.cache_control.public = False
    response.cache_control.private = True
    response.cache_control.immutable = True
    response.vary.add("Cookie")
    return response


@bp.route("/u/<handle>")
@login_required
def profile(handle):
    person = accounts.user_by_handle(handle)
    followers = db.session.scalar(
        select(func.count()).select_from(Follow).where(Follow.followed_id == person.id)
    )
    return render_feed(
        "people/profile.html",
        feed_query(scope="all", author=person),
        person=person,
        followers=followers,
        following=follows.is_following(current_user, person),
    )


@bp.route("/@<handle>")
@login_required
def mention(handle):
    """Where an @handle in a post leads: the person, or the group (a private group only
    for its members: to anyone else it leads where an unknown handle does)."""
    handle = handle.lower()
    group = db.session.scalar(select(Group).where(Group.handle == handle))
    if group is not None and visibility.can_read_group(current_user, group):
        return redirect(url_for("groups.show", handle=handle))
    return redirect(url_for("people.profile", handle=handle))


@bp.route("/u/<handle>/follow", methods=["POST"])
@login_required
@FOLLOW.limited
def follow(handle):
    person = accounts.user_by_handle(handle)
    if undo():
        follows.unfollow_user(current_user, person)
    else:
        follows.follow_user(current_user, person)
    return back()


@bp.route("/tags/<name>/follow", methods=["POST"])
@login_required
@FOLLOW.limited
def follow_tag(name):
    if undo():
        follows.unfollow_tag(current_user, name)
    else:
        follows.follow_tag(current_user, name)
    return back()
