"""/posts/{id}/interest: interest in a candidate offer, and taking it back."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView

from ..posting import posts
from ..recruiting import interest
from .actions import INTEREST, limited
from .auth import viewer
from .blueprint import Blueprint
from .schemas import Person
from .serialize import person, utc

blp = Blueprint("api_candidates", __name__, description="Interest in candidate offers")


class Interested(ma.Schema):
    user = ma.fields.Nested(Person)
    reply_id = ma.fields.Integer(
        allow_none=True, metadata={"description": "the reply that opened the intro thread"}
    )
    created_at = ma.fields.DateTime()


class InterestOut(ma.Schema):
    post_id = ma.fields.Integer()
    interested = ma.fields.Boolean(metadata={"description": "is the caller interested"})
    reply_id = ma.fields.Integer(allow_none=True)
    people = ma.fields.List(ma.fields.Nested(Interested))


def _state(post) -> dict:
    people = interest.interested(post)
    mine = next((i for i in people if i.user_id == viewer().id), None)
    return {
        "post_id": post.id,
        "interested": mine is not None,
        "reply_id": mine.reply_id if mine else None,
        "people": [
            {"user": person(i.user), "reply_id": i.reply_id, "created_at": utc(i.created_at)}
            for i in people
        ],
    }


@blp.route("/posts/<int:post_id>/interest")
class InterestItem(MethodView):
    @blp.response(200, InterestOut)
    def get(self, post_id):
        """Who is interested in a candidate offer."""
        return _state(posts.get_post(viewer(), post_id))

    @limited(blp, INTEREST)
    @blp.response(200, InterestOut)
    def post(self, post_id):
        """Show interest in an available candidate offer (again is fine): the offering
        recruiter is notified and an intro reply mentions them (409 if not available)."""
        post = posts.get_post(viewer(), post_id)
        interest.show_interest(viewer(), post)
        return _state(post)

    @limited(blp, INTEREST)
    @blp.response(200, InterestOut)
    def delete(self, post_id):
        """Take the interest back; the intro thread stays."""
        post = posts.get_post(viewer(), post_id)
        interest.withdraw_interest(viewer(), post)
        return _state(post)
