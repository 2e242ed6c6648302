"""Search for a reader: the index answers, the database supplies the hits' posts (and
checks visibility once more, so a stale index entry can never show what the reader may not
see). The posts are plain rows (posting.columns); the page shows their type, author and
date, the API all it shows of a post (`rows=True`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import bindparam, select

from ..accounts import people
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..models import User
from ..posting import columns, feeds, groups, visibility
from ..posting.hydration import id_list
from . import backend, pg_search, spelling
from .backend import SearchPage, SearchRequest
from .choice import uses_postgres
from .whoosh_index import IndexMissing


@dataclass
class Found:
    page: SearchPage = field(default_factory=SearchPage)
    posts: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    cards: feeds.Page = field(default_factory=lambda: feeds.Page(items=[]))
    unavailable: bool = False
    message: str | None = None
    correction: spelling.Correction | None = None


def check(viewer: User, request: SearchRequest) -> SearchRequest:
    """The filters made sure of: an author named by @handle becomes their id; an author,
    a group the reader may not know of (a private group they are not in is no group to
    them) and a date range that ends before it starts are refused, field by field."""
    wrong = {}
    if isinstance(request.author, str):
        handle = request.author.strip().lstrip("@")
        try:
            request = replace(request, author=people.user_by_handle(handle).id)
        except NotFound:
            wrong["author"] = _l(
                "Nobody is called %(handles)s. Check the spelling of the @name.",
                handles="@" + handle,
            )
    elif request.author and db.session.get(User, request.author) is None:
        wrong["author"] = _l("There is no such person.")
    if request.group:
        try:
            groups.get_group(viewer, request.group)
        except NotFound as error:
            wrong["group"] = error.message
    if request.since and request.until and request.since > request.until:
        wrong["until"] = _l("The end date comes before the start date.")
    if wrong:
        raise ValidationError.many({name: str(message) for name, message in wrong.items()})
    return request


def run(viewer: User, request: SearchRequest, rows: bool = False) -> Found:
    """The reader's search (its filters checked first: ValidationError), a correction of
    a query that finds next to nothing, and the hits' posts; with `rows`, filled with all
    the API shows of them (`found.cards`)."""
    request = check(viewer, request)
    found = Found()
    try:
        search = pg_search.search if uses_postgres() else backend.search
        found.page = search(viewer, request)
        if not found.page.empty_query:
            _correct(viewer, request, found, search)
    except IndexMissing:
        found.unavailable = True
        found.message = str(_l("Search is being rebuilt; try again in a minute."))
        return found
    if found.page.empty_query:
        found.message = str(_l("Type one or more words to search for."))
    elif found.page.shortened:
        found.message = str(_l("Your search was long; only its first part was used."))
    elif found.page.capped and found.page.page > found.page.pages:
        found.message = str(
            _l(
                "More than %(num)d results; only the first %(pages)d pages are shown. Add a "
                "word or a filter to narrow them.",
                num=found.page.total,
                pages=found.page.pages,
            )
        )
    elif found.page.capped:
        found.message = str(
            _l(
                "More than %(num)d results; add a word or a filter to narrow them.",
                num=found.page.total,
            )
        )
    elif found.page.total and found.page.page > found.page.pages:
        found.message = ngettext(
            "There is no page %(page)d: the only result is on page 1.",
            "There is no page %(page)d: the %(num)d results end on page %(pages)d.",
            found.page.total,
            page=found.page.page,
            pages=found.page.pages,
        )
    post_ids = [h.object_id for h in found.page.hits if h.kind == "post"]
    if post_ids:
        values = {"ids": post_ids, "viewer": viewer.id, "limit": len(post_ids)}
        posts = columns.read_posts(_hits_statement(), values)
        found.posts = {p.id: p for p in posts}
        found.page.hits = [
            h for h in found.page.hits if h.kind != "post" or h.object_id in found.posts
        ]
        if rows:
            found.cards = columns.fill(viewer, feeds.Page(items=posts))
    person_ids = [h.object_id for h in found.page.hits if h.kind == "person"]
    if person_ids:
        found.people = {
            u.id: u for u in db.session.scalars(select(User).where(User.id.in_(person_ids)))
        }
    return found


@cache
def _hits_statement():
    """The hits' posts the reader may read, with their authors and groups."""
    readable = visibility.readable(visibility.bound_reader())
    conditions = [feeds.AnyPost.id.in_(id_list()), readable]
    return columns.page_statement(conditions, bindparam("limit"))


def _correct(viewer: User, request: SearchRequest, found: Found, search) -> None:
    """Offer the corrected query when it finds more; show its hits instead when the query
    as typed found none (unless the reader asked for exactly what they typed)."""
    suggestion = spelling.suggest(viewer, request, found.page)
    if suggestion is None:
        return
    page = search(viewer, replace(request, q=suggestion))
    if page.total <= found.page.total:
        return
    applied = found.page.total == 0 and request.correct
    found.correction = spelling.Correction(suggestion, applied)
    if applied:
        found.page = page
