"""/search: ranked posts (or people) with highlighted snippets and counts per type."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import gettext as _

from ..errors import DomainError
from ..search import searching
from ..search.backend import SearchRequest
from . import schemas
from .actions import SEARCH, limited
from .auth import viewer
from .blueprint import Blueprint
from .serialize import Seen, person

blp = Blueprint("api_search", __name__, description="Full-text search")


class SearchUnavailable(DomainError):
    status = 503
    code = "search_unavailable"


@blp.route("/search")
class Search(MethodView):
    @limited(blp, SEARCH)
    @blp.arguments(SEARCH.schema, location="query")
    @blp.response(200, schemas.SearchOut)
    def get(self, args):
        """Words, "phrases", prefix*, -exclusions and OR; filters; only what you may read."""
        found = searching.run(viewer(), SearchRequest(**args), rows=True)
        if found.unavailable:
            raise SearchUnavailable(_("Search is being rebuilt; try again in a minute."))
        items = []
        for hit in found.page.hits:
            item = {
                "kind": hit.kind,
                "id": hit.object_id,
                "parent_id": hit.parent_id,
                "type": hit.type,
                "title": hit.title,
                "snippet": hit.snippet,
                "score": hit.score,
            }
            if hit.kind == "post" and hit.object_id in found.posts:
                item["post"] = Seen(found.posts[hit.object_id], viewer(), found.cards)
            if hit.kind == "person" and hit.object_id in found.people:
                item["person"] = person(found.people[hit.object_id])
            items.append(item)
        return {
            "items": items,
            "total": found.page.total,
            "page": found.page.page,
            "pages": found.page.pages,
            "facets": found.page.facets,
            "capped": found.page.capped,
            "message": found.message,
            "correction": found.correction,
        }
