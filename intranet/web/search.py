"""The search page: posts (or people) with highlighted snippets, filters and counts."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..api.actions import SEARCH
from ..errors import ValidationError
from ..posting import groups
from ..search import searching
from ..search.backend import SearchRequest
from .labels import TYPE_PLURALS

bp = Blueprint("search", __name__)
# The page's own filters; the API also filters by status.
FILTERS = (
    *("q", "kind", "type", "tag", "author", "group", "since", "until", "sort", "page"),
    "correct",
)
# The filters the page's form holds: what can't be read there is said beside the field
# (anything else that can't be read is left out, as on every page's filters).
FORM = ("type", "author", "group", "since", "until")
KEPT = ("q", "kind", "type", "tag", "author", "group", "since", "until", "sort", "correct")


def _request() -> tuple[SearchRequest, dict]:
    """What the query string asks for, and what is wrong with the form's filters."""
    try:
        args, errors = SEARCH.load_query(), {}
    except ValidationError as error:
        args = SEARCH.load_query(lenient=True)
        errors = {k: v for k, v in error.fields.items() if k in FORM}
    wanted = SearchRequest(**{name: args[name] for name in FILTERS if name in args})
    wanted.tag = wanted.tag or None
    return wanted, errors


def search_url(**changes) -> str:
    """This search again with some of its filters changed (None: left out); the query
    string beside url_for, as every next page's."""
    sent = {name: request.args.get(name, "") for name in KEPT}
    kept = {name: value for name, value in {**sent, **changes}.items() if value}
    return f"{url_for('search.index')}?{urlencode(kept)}"


@bp.route("/search")
@login_required
@SEARCH.limited
def index():
    wanted, errors = _request()
    found = None
    if not errors and (wanted.q or wanted.tag or wanted.type or wanted.author or wanted.group):
        try:
            found = searching.run(current_user, wanted)
        except ValidationError as error:
            errors = error.fields
    return render_template(
        "search/index.html",
        wanted=wanted,
        found=found,
        errors=errors,
        sent=request.args,
        search_url=search_url,
        group_options={
            "": _("Every group"),
            **{str(key): name for key, name in groups.readable_names(current_user)},
        },
        type_options={"": _("Every type"), **{str(t): str(n) for t, n in TYPE_PLURALS.items()}},
    )
