"""/feed, and following tags and people."""

from __future__ import annotations

from flask import jsonify
from flask.views import MethodView

from ..accounts import people
from ..posting import follows, groups
from ..posting.feeds import FeedQuery, feed_rows
from ..text.markdown import TAG_MAX
from . import schemas
from .actions import FEED, FOLLOW, limited
from .auth import viewer
from .blueprint import Blueprint
from .serialize import Rows

blp = Blueprint("api_feed", __name__, description="Feeds and follows")
ROWS = Rows(schemas.PostOut())


@blp.route("/feed")
class Feed(MethodView):
    @limited(blp, FEED)
    @blp.arguments(FEED.schema, location="query")
    @blp.response(200, schemas.FeedOut)
    def get(self, args):
        """Newest first; pass `next_cursor` back as `cursor` for the next page."""
        query = FeedQuery(
            scope=args["scope"],
            type=args.get("type"),
            tag=args.get("tag"),
            cursor=args.get("cursor"),
            limit=args["limit"],
        )
        if args.get("tag"):
            query.tag = follows.check_tag_name(args["tag"])
        if args.get("author"):
            query.author = people.get_user(args["author"])
        if args.get("group"):
            query.group = groups.get_group(viewer(), args["group"])
        # Plain columns, no ORM objects (posting.columns), made into the rows FeedOut would
        # dump, without a schema per row (serialize.Rows).
        page = feed_rows(viewer(), query)
        return jsonify(items=ROWS.dump(page, viewer()), next_cursor=page.next_cursor)


# A tag as follows.check_tag_name takes it: one word of letters, digits and dashes.
TAG_PARAMETER = {
    "in": "path",
    "name": "name",
    "required": True,
    "schema": {"type": "string", "pattern": r"^#?[^\W_][\w-]*$", "maxLength": TAG_MAX + 1},
}


@blp.route("/tags/<string:name>/follow", parameters=[TAG_PARAMETER])
class TagFollow(MethodView):
    @limited(blp, FOLLOW)
    @blp.response(200, schemas.Ok)
    def post(self, name):
        """Follow a tag: its posts appear in your Following feed."""
        follows.follow_tag(viewer(), name)
        return {"ok": True}

    @limited(blp, FOLLOW)
    @blp.response(200, schemas.Ok)
    def delete(self, name):
        """Stop following a tag."""
        follows.unfollow_tag(viewer(), name)
        return {"ok": True}


@blp.route("/users/<int:user_id>/follow")
class UserFollow(MethodView):
    @limited(blp, FOLLOW)
    @blp.response(200, schemas.Ok)
    def post(self, user_id):
        """Follow a colleague."""
        follows.follow_user(viewer(), people.get_user(user_id))
        return {"ok": True}

    @limited(blp, FOLLOW)
    @blp.response(200, schemas.Ok)
    def delete(self, user_id):
        """Stop following a colleague."""
        follows.unfollow_user(viewer(), people.get_user(user_id))
        return {"ok": True}
