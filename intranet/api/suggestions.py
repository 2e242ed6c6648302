"""/suggestions: colleagues, groups and tags for what is being typed after @ or #."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from ..posting import suggestions
from . import schemas
from .actions import SUGGEST, limited
from .auth import viewer

blp = Blueprint("api_suggestions", __name__, description="Suggestions while typing")


@blp.route("/suggestions")
class Suggestions(MethodView):
    @limited(blp, SUGGEST)
    @blp.arguments(SUGGEST.schema, location="query")
    @blp.response(200, schemas.SuggestionList)
    def get(self, args):
        """`q=@da`: colleagues and groups (private ones only for their members) whose
        handle or name starts so; `q=#zw`: tags, most used first (in posts you may read)."""
        q = args["q"]
        if q.startswith("#"):
            return {"items": suggestions.tags(viewer(), q)}
        return {"items": suggestions.mentions(viewer(), q)}
