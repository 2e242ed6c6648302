"""People: the directory, profiles with their posts, following, and @handle links."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select

from ..accounts import people as accounts
from ..api.actions import FOLLOW
from ..extensions import db
from ..models import Follow, Group, User
from ..platform.actions import load
from ..posting import follows, visibility
from .feed import feed_query, render_feed
from .pages import back, undo

bp = Blueprint("people", __name__)


class DirectoryArgs(ma.Schema):
    q = ma.fields.String(load_default="")


@bp.route("/people")
@login_required
def directory():
    q = load(DirectoryArgs, "query", lenient=True)["q"].strip()[:100]
    statement = select(User).where(User.deactivated_at.is_(None)).order_by(User.name)
    if q:
        like = f"%{q.lower()}%"
        statement = statement.where(
            or_(
                *(
                    func.lower(c).like(like)
                    for c in (
                        User.name,
                        User.handle,
                        User.job_title,
                        User.department,
                        User.location,
                        User.skills,
                    )
                )
            )
        )
    people = db.session.scalars(statement.limit(200)).all()
    followed = set(
        db.session.scalars(select(Follow.followed_id).where(Follow.follower_id == current_user.id))
    )
    return render_template("people/directory.html", people=people, q=q, followed=followed)


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
