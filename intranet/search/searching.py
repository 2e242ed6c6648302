"""Search for a reader: the index answers, the database supplies the cards (and checks
visibility once more, so a stale index entry can never show what the reader may not see)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import User
from ..posting import feeds, visibility
from . import backend, pg_search
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


def run(viewer: User, request: SearchRequest) -> Found:
    found = Found()
    try:
        search = pg_search.search if uses_postgres() else backend.search
        found.page = search(viewer, request)
    except IndexMissing:
        found.unavailable = True
        found.message = str(_l("Search is being rebuilt; try again in a minute."))
        return found
    if found.page.empty_query:
        found.message = str(_l("Type one or more words to search for."))
    elif found.page.shortened:
        found.message = str(_l("Your search was long; only its first part was used."))
    elif found.page.capped:
        found.message = str(
            _l(
                "More than %(num)d results; add a word or a filter to narrow them.",
                num=found.page.total,
            )
        )
    post_ids = [h.object_id for h in found.page.hits if h.kind == "post"]
    if post_ids:
        posts = db.session.scalars(
            select(feeds.AnyPost)
            .where(feeds.AnyPost.id.in_(post_ids), visibility.readable(viewer))
            .options(joinedload(feeds.AnyPost.author), joinedload(feeds.AnyPost.group))
        ).unique()
        found.posts = {p.id: p for p in posts}
        found.page.hits = [
            h for h in found.page.hits if h.kind != "post" or h.object_id in found.posts
        ]
        found.cards = feeds.hydrate(viewer, feeds.Page(items=list(found.posts.values())))
    person_ids = [h.object_id for h in found.page.hits if h.kind == "person"]
    if person_ids:
        found.people = {
            u.id: u for u in db.session.scalars(select(User).where(User.id.in_(person_ids)))
        }
    return found
