"""The search page: posts (or people) with highlighted snippets, filters and counts."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from ..models import POSTABLE_TYPES
from ..search import searching
from ..search.backend import SearchRequest

bp = Blueprint("search", __name__)


def _date(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _request() -> SearchRequest:
    kind = "person" if request.args.get("kind") == "person" else "post"
    post_type = request.args.get("type")
    return SearchRequest(
        q=request.args.get("q", ""),
        kind=kind,
        type=post_type if post_type in POSTABLE_TYPES + ["reply"] else None,
        tag=(request.args.get("tag") or None),
        since=_date("since"),
        until=_date("until"),
        sort="date" if request.args.get("sort") == "date" else "relevance",
        page=max(request.args.get("page", 1, type=int) or 1, 1),
    )


@bp.route("/search")
@login_required
def index():
    wanted = _request()
    found = searching.run(current_user, wanted) if (wanted.q or wanted.tag) else None
    return render_template("search/index.html", wanted=wanted, found=found)
