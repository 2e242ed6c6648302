"""The search page: posts (or people) with highlighted snippets, filters and counts."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..api.actions import SEARCH
from ..search import searching
from ..search.backend import SearchRequest

bp = Blueprint("search", __name__)
# The page's own filters; the API also filters by author, group and status.
FILTERS = ("q", "kind", "type", "tag", "since", "until", "sort", "page")


def _request() -> SearchRequest:
    """What the query string asks for; what can't be read is left out."""
    args = SEARCH.load_query(lenient=True)
    wanted = SearchRequest(**{name: args[name] for name in FILTERS if name in args})
    wanted.tag = wanted.tag or None
    return wanted


@bp.route("/search")
@login_required
@SEARCH.limited
def index():
    wanted = _request()
    found = searching.run(current_user, wanted) if (wanted.q or wanted.tag) else None
    return render_template("search/index.html", wanted=wanted, found=found)
