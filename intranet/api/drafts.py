"""/drafts: what the caller half wrote in a form, kept on the server for them alone."""

from __future__ import annotations

from flask.views import MethodView

from ..posting import drafts
from .actions import DRAFT, DRAFTS, limited
from .auth import viewer
from .blueprint import Blueprint
from .draft_schemas import DraftList, DraftOut

blp = Blueprint("api_drafts", __name__, description="Drafts")


@blp.route("/drafts")
class Drafts(MethodView):
    @blp.arguments(DRAFTS.schema, location="query", error_status_code=400)
    @blp.response(200, DraftList)
    def get(self, args):
        """Your drafts, newest first (`?key=composer&key=reply-12`: only those)."""
        return {"items": drafts.list_drafts(viewer(), args["keys"])}


@blp.route(
    "/drafts/<string:key>",
    parameters=[
        {
            "in": "path",
            "name": "key",
            "description": "the form's key: `composer`, `reply-<post id>`",
            "schema": {
                "type": "string",
                "pattern": f"^{drafts.KEY.pattern}$",
                "maxLength": drafts.KEY_MAX,
            },
        }
    ],
)
class DraftItem(MethodView):
    @blp.response(200, DraftOut)
    def get(self, key):
        """One of your drafts (404 when there is none)."""
        return drafts.get_draft(viewer(), key)

    @limited(blp, DRAFT)
    @blp.arguments(DRAFT.schema, error_status_code=400)
    @blp.response(200, DraftOut)
    def put(self, data, key):
        """Keep what a form holds now: `{"fields": {"body": "Halve gedachte"}}`; a bad key,
        field name or value, or too long a draft is a 400 that says so."""
        return drafts.save_draft(viewer(), key, **data)

    @limited(blp, DRAFT)
    @blp.response(204)
    def delete(self, key):
        """Throw the draft away (also when there was none)."""
        drafts.discard(viewer(), key)
