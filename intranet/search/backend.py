"""Searching with Whoosh (the default SEARCH_BACKEND): a reader's query, filters and
visibility turned into one Whoosh search. The request and answer types are both backends'.

The reader's visibility is always a filter of the query itself, so results, counts, facets
and snippets only ever come from posts they may read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from flask import current_app
from markupsafe import escape
from sqlalchemy import select
from whoosh import highlight, matching, sorting
from whoosh.query import And, AndNot, DateRange, Every, Or, Phrase, Prefix, Require, Term

from ..extensions import db
from ..models import Group, GroupMember, User
from ..platform.clock import local_midnight
from ..text.normalize import name_key
from . import whoosh_index
from .query import Clause, ParsedQuery, parse

PAGE_SIZE = 20
SORTS = ("relevance", "date")
FIRST_DAY, LAST_DAY = date(1, 1, 2), date(9999, 12, 29)  # a day's bounds in any zone fit


@dataclass
class SearchRequest:
    q: str = ""
    kind: str = "post"  # or "person"
    type: str | None = None
    tag: str | None = None
    author: int | str | None = None  # an id, or a @handle (searching.check makes it an id)
    group: int | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    sort: str = "relevance"
    page: int = 1
    correct: bool = True  # a query that finds nothing shows its correction's hits


@dataclass
class SearchHit:
    kind: str
    object_id: int
    parent_id: int | None
    type: str
    title: str
    snippet: str  # HTML: escaped text with <mark> around matched words
    score: float


@dataclass
class SearchPage:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    facets: dict[str, int] = field(default_factory=dict)
    shortened: bool = False
    empty_query: bool = False
    capped: bool = False  # more matches than were counted: `total` is a lower bound


@cache
def _analyzer(field_name: str):
    """A field's analyser, made once per process (a schema's analysers are not cheap)."""
    return whoosh_index.make_schema()[field_name].analyzer


def _stems(field_name: str, word: str) -> list[str]:
    return [t.text for t in _analyzer(field_name)(word, mode="query")]


class PageHighlighter(highlight.Highlighter):
    """Snippets for one page of hits. Whoosh's own `Hit.highlights` asks the index for the
    query's words again for every hit (a prefix expands over the whole term list each
    time); here the words are found once per page, and each hit's stored text is split
    and marked as Whoosh would."""

    def __init__(self, searcher, query):
        super().__init__(
            fragmenter=highlight.ContextFragmenter(maxchars=240, surround=60),
            formatter=highlight.HtmlFormatter(tagname="mark", between=" … "),
        )
        self.searcher, self.query, self.words = searcher, query, {}

    def snippet(self, hit, field_name: str, top: int) -> str:
        text = hit.get(field_name)
        if not text:
            return ""
        if field_name not in self.words:
            terms = self.query.existing_terms(
                self.searcher.reader(), fieldname=field_name, expand=True
            )
            from_bytes = self.searcher.schema[field_name].from_bytes
            self.words[field_name] = frozenset(from_bytes(t[1]) for t in terms)
        tokens = _analyzer(field_name)(
            text, positions=True, chars=True, mode="index", removestops=False
        )
        tokens = self._merge_matched_tokens(
            highlight.set_matched_filter(tokens, self.words[field_name])
        )
        fragments = self.fragmenter.fragment_tokens(text, tokens)
        fragments = highlight.top_fragments(fragments, top, self.scorer, self.order, minscore=1)
        return self.formatter.format(fragments)


class FlatPrefix(Prefix):
    """A prefix as one sorted list of the documents holding any of its words, each scoring
    the query's boost. Whoosh ORs the words together: a three-letter prefix over a Dutch
    term list is hundreds of words, a union tree walked for every match (a 3 s page)."""

    def matcher(self, searcher, context=None):
        reader, field_name = searcher.reader(), self.field()
        found: set[int] = set()
        for word in self._btexts(reader):
            found.update(reader.postings(field_name, word).all_ids())
        if not found:
            return matching.NullMatcher()
        return matching.ListMatcher(sorted(found), all_weights=self.boost)


def _clause_query(clause: Clause):
    if len(clause.words) > 1:
        return Or(
            [Phrase("body", list(clause.words)), Phrase("title", list(clause.words), boost=2.0)]
        )
    word = clause.words[0]
    if clause.prefix:
        return Or([FlatPrefix("body", word), FlatPrefix("title", word, boost=2.0)])
    parts = [Term("body", word, boost=2.0), Term("title", word, boost=3.0)]
    for stemmed_field in ("body_nl", "body_en"):
        parts += [Term(stemmed_field, s) for s in _stems(stemmed_field, word)]
    return Or(parts)


def text_query(parsed: ParsedQuery):
    must = [
        Or([_clause_query(c) for c in group]) if len(group) > 1 else _clause_query(group[0])
        for group in parsed.must
    ]
    query = And(must) if len(must) > 1 else must[0]
    if parsed.must_not:
        query = AndNot(query, Or([_clause_query(c) for c in parsed.must_not]))
    return query


def hidden_groups(viewer: User) -> list[int]:
    """Private groups whose posts the reader may not read."""
    return list(
        db.session.scalars(
            select(Group.id).where(
                Group.is_private.is_(True),
                Group.id.not_in(
                    select(GroupMember.group_id).where(GroupMember.user_id == viewer.id)
                ),
            )
        )
    )


def _limits(viewer: User, request: SearchRequest) -> tuple[list, list]:
    """What a hit must match, and what it must not: the reader's visibility and filters.

    Visibility is expressed as exclusion (the few posts of private groups the reader is not
    in) rather than inclusion of everything allowed, which is nearly the whole index and
    costly to intersect with on every search."""
    require, exclude = [], [Term("visibility", f"g{g}") for g in hidden_groups(viewer)]
    if request.kind == "person":
        require.append(Term("kind", "person"))
    else:
        exclude.append(Term("kind", "person"))
    for name in ("type", "status"):
        if getattr(request, name):
            require.append(Term(name, getattr(request, name)))
    if request.tag:
        require.append(Term("tags", name_key(request.tag)))
    if request.author:
        require.append(Term("author", str(request.author)))
    if request.group:
        require.append(Term("group", str(request.group)))
    if request.since or request.until:
        # The agency's days (stored times are UTC); days at the ends of the calendar are
        # kept far enough inside it that a zone's offset can't overflow.
        start = local_midnight(max(request.since, FIRST_DAY)) if request.since else None
        end = (
            local_midnight(min(request.until, LAST_DAY) + timedelta(days=1))
            if request.until
            else None
        )
        require.append(DateRange("created_at", start, end))
    return require, exclude


def begin(request: SearchRequest) -> tuple[ParsedQuery, SearchPage]:
    """The query as parsed, and the page to fill (already final when nothing was asked:
    no words and no filter that lists posts by itself)."""
    parsed = parse(request.q)
    result = SearchPage(page=max(request.page, 1), shortened=parsed.shortened)
    if parsed.empty and not (request.type or request.tag or request.author or request.group):
        result.empty_query = True
    return parsed, result


def search(viewer: User, request: SearchRequest) -> SearchPage:
    parsed, result = begin(request)
    if result.empty_query:
        return result
    searcher = whoosh_index.searchers.get(whoosh_index.index_dir(current_app.instance_path))
    query = _restricted(parsed, _limits(viewer, request))
    by_date = request.sort == "date" or parsed.empty
    # optimize=False: Whoosh's block-quality skipping trips over Require() (an assertion
    # in IntersectionMatcher._find_next); the plain walk is exact and still fast.
    # Counts per type come with the same pass, unless a type filter narrows the hits.
    facets_here = request.kind == "post" and not request.type
    extra = (
        {"groupedby": sorting.FieldFacet("type"), "maptype": sorting.Count} if facets_here else {}
    )
    with whoosh_index.reading():
        page = searcher.search_page(
            query,
            result.page,
            pagelen=PAGE_SIZE,
            sortedby="created_at" if by_date else None,
            reverse=by_date,
            optimize=False,
            **extra,
        )
        result.total, result.pages = page.total, page.pagecount
        marker = PageHighlighter(searcher, query)
        # Whoosh answers a page past the last with the last: that page has no hits.
        result.hits = [_hit(hit, marker) for hit in page] if page.pagenum == result.page else []
        if facets_here:
            result.facets = dict(page.results.groups("type"))
        elif request.kind == "post":
            result.facets = _facets(searcher, parsed, viewer, request)
    return result


def _hit(hit, marker: PageHighlighter) -> SearchHit:
    snippet = marker.snippet(hit, "body", top=2) or marker.snippet(hit, "title", top=3)
    if not snippet:
        snippet = str(escape((hit.get("body") or "")[:240]))
    return SearchHit(
        kind=hit["kind"],
        object_id=hit["object_id"],
        parent_id=hit.get("parent_id"),
        type=hit.get("type") or "",
        title=hit.get("title") or "",
        snippet=snippet,
        score=hit.score or 0.0,
    )


def _restricted(parsed: ParsedQuery, limits: tuple[list, list]):
    """The text query within what the reader may (and asked to) see; scored by the text."""
    require, exclude = limits
    if parsed.empty:
        query = And(require) if len(require) > 1 else (require[0] if require else Every())
    else:
        query = text_query(parsed)
        if require:
            query = Require(query, And(require) if len(require) > 1 else require[0])
    return AndNot(query, Or(exclude)) if exclude else query


def _facets(searcher, parsed, viewer, request) -> dict[str, int]:
    """Matches per post type, within everything else the reader asked for."""
    unfiltered = SearchRequest(**{**request.__dict__, "type": None})
    results = searcher.search(
        _restricted(parsed, _limits(viewer, unfiltered)),
        limit=1,
        groupedby=sorting.FieldFacet("type"),
        maptype=sorting.Count,
    )
    return dict(results.groups("type"))
