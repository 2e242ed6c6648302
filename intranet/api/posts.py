"""/posts: create, read, edit, delete, reply, like."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.attributes import set_committed_value

from ..errors import NotFound
from ..models import REACTIONS
from ..platform.database import kept_after_commit
from ..platform.inputs import takes_body
from ..posting import attachments, drafts, feeds, posts, visibility
from ..posting.feeds import Page
from . import schemas
from .actions import ATTACH, CONFIRM_READ, DELETE, EDIT, LIKE, POST, REPLY, limited
from .auth import viewer
from .blueprint import Blueprint
from .serialize import Seen, seen

blp = Blueprint("api_posts", __name__, description="Posts of every type, replies and reactions")


def _one(post) -> Seen:
    page = feeds.hydrate(viewer(), Page(items=[post]))
    return Seen(post, viewer(), page, warnings=[str(w) for w in post.warnings])


def _created(write) -> Seen:
    """A post this request just wrote, answered from what it wrote (kept loaded through
    the commit) rather than read back: nobody has reacted to it, replied to it or shown
    interest in it yet, and its candidate's data is the author's own."""
    with kept_after_commit():
        post = write()
    set_committed_value(post, "attachments", [])  # files come after, by their own route
    page = Page(items=[post])
    private = post.__dict__.get("private")  # set only by an offer that names a candidate
    if private is not None and visibility.can_see_candidate(viewer()):
        page.private[post.id] = private
    return Seen(post, viewer(), page, warnings=[str(w) for w in post.warnings])


@blp.route("/posts")
class Posts(MethodView):
    @limited(blp, POST)
    @blp.arguments(POST.schema)
    @blp.response(201, schemas.PostOut)
    def post(self, data):
        """Create a post of any type (400 lists the valid types for an unknown one)."""
        return _created(
            lambda: drafts.posting(
                viewer(), drafts.COMPOSER, lambda: posts.create_post(viewer(), data)
            )
        )


@blp.route("/posts/<int:post_id>")
class PostItem(MethodView):
    @blp.response(200, schemas.PostOut)
    def get(self, post_id):
        """A post with html, tags, mentions and counts."""
        return _one(posts.get_post(viewer(), post_id))

    @limited(blp, EDIT)
    @blp.arguments(EDIT.schema)
    @blp.response(200, schemas.PostOut)
    def patch(self, data, post_id):
        """Edit the body or type fields (author), or move the status (author or recruiter)."""
        post = posts.get_post(viewer(), post_id)
        return _one(posts.edit_post(viewer(), post, data))

    @limited(blp, DELETE)
    @blp.response(204)
    def delete(self, post_id):
        """Delete a post (its author or an admin); its replies go with it."""
        posts.delete_post(viewer(), posts.get_post(viewer(), post_id))


@blp.route("/posts/<int:post_id>/replies")
class Replies(MethodView):
    @blp.response(200, schemas.FeedOut)
    def get(self, post_id):
        """The replies to a post, oldest first."""
        parent = posts.get_post(viewer(), post_id)
        page = feeds.replies(viewer(), parent)
        return {"items": seen(page, viewer()), "next_cursor": None}

    @limited(blp, REPLY)
    @blp.arguments(REPLY.schema)
    @blp.response(201, schemas.PostOut)
    def post(self, data, post_id):
        """Reply to a post (a reply to a reply joins the same thread)."""
        parent = posts.get_post(viewer(), post_id)
        return _created(
            lambda: drafts.posting(
                viewer(),
                drafts.reply_key(parent),
                lambda: posts.create_reply(viewer(), parent, data["body"]),
            )
        )


def _reacted(post_id: int, kind: str, give: bool) -> Seen:
    post = posts.get_post(viewer(), post_id)
    (posts.react if give else posts.unreact)(viewer(), post, kind)
    return _one(post)


@blp.route("/posts/<int:post_id>/like")
class LikeItem(MethodView):
    @limited(blp, LIKE)
    @blp.response(200, schemas.PostOut)
    def post(self, post_id):
        """Like a post: a heart (again is fine)."""
        return _reacted(post_id, "heart", give=True)

    @limited(blp, LIKE)
    @blp.response(200, schemas.PostOut)
    def delete(self, post_id):
        """Take a heart back."""
        return _reacted(post_id, "heart", give=False)


@blp.route(
    "/posts/<int:post_id>/reactions/<kind>",
    parameters=[
        {"in": "path", "name": "kind", "schema": {"type": "string", "enum": list(REACTIONS)}}
    ],
)
class ReactionItem(MethodView):
    @limited(blp, LIKE)
    @blp.response(200, schemas.PostOut)
    def post(self, post_id, kind):
        """React to a post: thumbs_up, heart, tada, joy, wow or pray (again is fine)."""
        return _reacted(post_id, kind, give=True)

    @limited(blp, LIKE)
    @blp.response(200, schemas.PostOut)
    def delete(self, post_id, kind):
        """Take a reaction back."""
        return _reacted(post_id, kind, give=False)


@blp.route("/posts/<int:post_id>/read")
class ReadReceipt(MethodView):
    @limited(blp, CONFIRM_READ)
    @blp.response(200, schemas.PostOut)
    def post(self, post_id):
        """Confirm you read a must-read post that mentions you."""
        post = posts.get_post(viewer(), post_id)
        posts.confirm_read(viewer(), post)
        return _one(post)


@blp.route("/posts/<int:post_id>/attachments")
class Attachments(MethodView):
    @takes_body(attachments.BODY_MAX)
    @limited(blp, ATTACH)
    @blp.arguments(ATTACH.schema, location="files")
    @blp.response(201, schemas.PostOut)
    def post(self, data, post_id):
        """Attach an image or a file to your post or reply (multipart/form-data, one `file`
        a request, at most 10 a post): images are encoded again without their metadata;
        anything else but a PDF or Office document is refused (422)."""
        post = posts.get_post(viewer(), post_id)
        posts.check_author(viewer(), post)  # before any work on the file
        sent = data["file"]
        upload = attachments.Upload(sent.filename, sent.stream.read(attachments.MAX_SIZE + 1))
        judged = attachments.judge([upload])  # before the unit: no lock waits for Pillow
        return _one(posts.edit_post(viewer(), post, {}, files=judged))


@blp.route("/posts/<int:post_id>/attachments/<key>")
class AttachmentItem(MethodView):
    @limited(blp, ATTACH)
    @blp.response(200, schemas.PostOut)
    def delete(self, post_id, key):
        """Take an attachment off your post or reply; its file is deleted."""
        post = posts.get_post(viewer(), post_id)
        if key not in {a.key for a in attachments.shown_to(viewer(), post)}:
            raise NotFound(_l("This file does not exist or you may not see it."))
        return _one(posts.edit_post(viewer(), post, {}, remove=[key]))
