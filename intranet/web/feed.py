"""The home feed (Following / Everyone, by type) and tag pages."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user, login_required
from sqlalchemy import func, select

from ..api.actions import FEED
from ..extensions import db
from ..models import Follow, Post, PostTag, Tag
from ..posting import follows, visibility, visits
from ..posting.feeds import FeedQuery, feed_rows
from .composer import composer_context
from .pages import is_htmx

bp = Blueprint("feed", __name__)


def feed_query(**fixed) -> FeedQuery:
    """The feed asked for in the query string, with the page's own filters on top."""
    args = FEED.load_query(lenient=True, defaults={"scope": "following"})
    query = FeedQuery(
        scope=args["scope"],
        type=args.get("type") or None,
        cursor=args.get("cursor") or None,
        limit=current_app.config["KRING_PAGE_SIZE"],
    )
    for name, value in fixed.items():
        setattr(query, name, value)
    return query


def render_feed(template: str, query: FeedQuery, **context):
    """A feed page, or only its next items when htmx asks for more."""
    # Plain columns (posting.columns): ORM objects only for a card face drawn anew.
    page = feed_rows(current_user, query, cards=True)
    if query.cursor and is_htmx():
        return render_template("feed/_page.html", page=page, query=query)
    following = live_following(current_user) if query.scope == "following" else {}
    if following and not query.cursor:  # what came since the last look is marked new
        context["new_since"] = visits.looked_at_following(current_user)
    return render_template(template, page=page, query=query, following_sets=following, **context)


def live_following(user) -> dict:
    """What the Following feed shows, for the page's script to spot new posts that fit."""
    people = db.session.scalars(select(Follow.followed_id).where(Follow.follower_id == user.id))
    groups = db.session.scalars(visibility.member_group_ids(user))
    return {
        "users": ",".join(map(str, [user.id, *people])),
        "tags": ",".join(follows.followed_tags(user)),
        "groups": ",".join(map(str, groups)),
    }


@bp.route("/")
@login_required
@FEED.limited
def index():
    return render_feed("feed/index.html", feed_query(), **composer_context())


@bp.route("/tags/<name>")
@login_required
@FEED.limited
def tag(name):
    name = follows.check_tag_name(name)
    return render_feed(
        "feed/tag.html",
        feed_query(scope="all", tag=name),
        tag=name,
        following=follows.follows_tag(current_user, name),
    )


@bp.route("/tags")
@login_required
def tags():
    """Popular tags among the posts this reader may see."""
    count = func.count(PostTag.post_id)
    rows = db.session.execute(
        select(Tag.name, count.label("n"))
        .join(PostTag)
        .join(Post, Post.id == PostTag.post_id)
        .where(visibility.readable(current_user))
        .group_by(Tag.name)
        .order_by(count.desc(), Tag.name)
        .limit(100)
    ).all()
    return render_template(
        "feed/tags.html", tags=rows, followed=set(follows.followed_tags(current_user))
    )
