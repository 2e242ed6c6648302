"""Searching in PostgreSQL (SEARCH_BACKEND=postgres): a reader's query, filters and
visibility turned into SQL over search_documents, the same answers the Whoosh backend gives.

Kring's query language becomes a tsquery: a word matches itself (folded: `kring_simple`)
or its Dutch or English stem; a "phrase" is `<->` between folded words; `prefix*` is
`:*`; OR is `|`, -exclusions `!`. One statement per search (its words are parameters;
PostgreSQL makes their lexemes): the matches within the reader's visibility and filters,
counted per type (stopping at COUNT_CAP), the newest RANK_CAP of them ranked by
`ts_rank_cd` (title above type fields above body) weighed by age, and the page's hits read
in full; their snippets are marked in Python (`pg_snippets`). Search reads on connections
of its own (`engine`).
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta

import psycopg
from flask import current_app
from psycopg.rows import namedtuple_row
from sqlalchemy import and_, create_engine, exists, func, literal_column, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from ..extensions import db
from ..models import PostTag, SearchDocument, Tag, User
from ..platform.clock import local_midnight, utcnow
from ..posting import visibility
from .backend import FIRST_DAY, LAST_DAY, PAGE_SIZE, SearchHit, SearchPage, SearchRequest, begin
from .pg_snippets import Marks
from .query import Clause, ParsedQuery

COUNT_CAP = 1000
# Ranking reads each match's vector (out of line, ~1.7 kB): a common word's thousands of
# matches cost a second. Only the newest RANK_CAP matches are scored (a page past them
# scores as many more as it needs); fewer matches are all scored.
RANK_CAP = 100
# The rows a common word's newest matches may be looked for in along the date index (each
# vector tested: ~2 µs a row; all its matches' rows from the GIN index, ~3 µs a match, and
# sorted), tried when they should take half as many.
NEWEST_SCAN = 8000
CONDITIONS_KEPT = 512  # readers' and filters' conditions kept as SQL (`_conditions`)
RECENCY_DAYS = 180  # a post this old ranks at half the weight of one made today
D = SearchDocument
# The text search configurations as SQL values (the spelling suggestions use them too).
SIMPLE, DUTCH, ENGLISH = (
    literal_column(f"'{name}'::regconfig")
    for name in ("kring_simple", "kring_dutch", "kring_english")
)


def _tsquery(parsed: ParsedQuery, bind: Callable[[str], str]) -> str:
    """The tsquery for a parsed query as SQL (NULL when a required clause has nothing
    PostgreSQL can look for, which matches nothing), the words as parameters: PostgreSQL
    makes each clause's lexemes inside the search's own statement, not a round trip
    before it."""
    groups = [_nonempty(" || ".join(_clause_sql(c, bind) for c in group)) for group in parsed.must]
    must = " && ".join(groups)
    if not parsed.must_not:
        return must
    excluded = " || ".join(_clause_sql(c, bind) for c in parsed.must_not)
    return (
        f"(SELECT CASE WHEN numnode(x) = 0 THEN m ELSE m && !!x END "
        f"FROM (SELECT {must} AS m, {excluded} AS x) AS e)"
    )


def _clause_sql(clause: Clause, bind: Callable[[str], str]) -> str:
    """A phrase, a prefix, or a word's folded form or its Dutch or English stem, each
    alternative once ('vacatur' is both stems of "vacature": twice would count twice in
    ts_rank_cd)."""
    if len(clause.words) > 1:
        return f"phraseto_tsquery('kring_simple', {bind(' '.join(clause.words))})"
    word = bind(clause.words[0])
    if clause.prefix:
        return f"to_tsquery('kring_simple', quote_literal({word}) || ':*')"
    return (
        "(SELECT CASE WHEN b = a THEN (CASE WHEN c = a THEN a ELSE a || c END) "
        "WHEN c = a OR c = b THEN a || b ELSE a || b || c END "
        f"FROM (SELECT plainto_tsquery('kring_simple', {word}) AS a, "
        f"plainto_tsquery('kring_dutch', {word}) AS b, "
        f"plainto_tsquery('kring_english', {word}) AS c) AS forms)"
    )


def _nonempty(sql: str) -> str:
    return f"(SELECT CASE WHEN numnode(g) > 0 THEN g END FROM (SELECT {sql} AS g) AS o)"


def limits(viewer: User, request: SearchRequest, with_type: bool = True) -> list:
    """What a document must match besides the text: the reader's visibility (the rule
    every read path asks, posting.visibility) and the filters they chose. The spelling
    suggestions count a word's documents within the same."""
    if request.kind == "person":
        where = [D.kind == "person"]
    else:
        where = [
            D.kind == "post",
            or_(D.group_id.is_(None), D.group_id.in_(visibility.readable_group_ids(viewer))),
        ]
    if request.type and with_type:
        where.append(D.type == request.type)
    if request.status:
        where.append(D.status == request.status)
    if request.author:
        where.append(D.author_id == request.author)
    if request.group:
        where.append(D.group_id == request.group)
    if request.tag:
        where.append(
            exists()
            .where(PostTag.post_id == D.object_id, PostTag.tag_id == Tag.id)
            .where(Tag.name == request.tag.lower())
        )
    if request.since:
        where.append(D.created_at >= local_midnight(max(request.since, FIRST_DAY)))
    if request.until:
        where.append(
            D.created_at < local_midnight(min(request.until, LAST_DAY) + timedelta(days=1))
        )
    return where


def engine() -> Engine:
    """Search's own connections to the app's database, in autocommit: a search is one
    statement, so it needs no transaction of its own (no BEGIN and ROLLBACK round trips),
    and each statement sees what is committed, as a statement in the request's own
    transaction would (READ COMMITTED). No ping before each use: a connection found dead
    is retried once (`_read`). Kept per app and per process (a forked worker makes its
    own), so that psycopg's prepared statements stay with their connections."""
    return _held().engine


def _held() -> _Held:
    app = current_app._get_current_object()
    held = app.extensions.get("kring_search")
    if held is None or held.pid != os.getpid():
        with _MAKING:
            held = app.extensions.get("kring_search")
            if held is None or held.pid != os.getpid():
                if held is not None:  # the parent's connections are the parent's
                    held.engine.dispose(close=False)
                options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
                options.update(isolation_level="AUTOCOMMIT", pool_pre_ping=False)
                held = _Held(create_engine(db.engine.url, **options))
                app.extensions["kring_search"] = held
    return held


class _Held:
    """An app's search engine, and the SQL of its readers' conditions (`_conditions`)."""

    def __init__(self, made: Engine):
        self.pid = os.getpid()
        self.engine = made
        self.conditions: OrderedDict = OrderedDict()
        self.lock = threading.Lock()


_MAKING = threading.Lock()


def _read(statement, params: dict | None = None) -> list:
    """A statement's rows, read on search's own connections; once more on a fresh one
    when the pooled connection turned out dead (a restarted database). A text search's
    own SQL goes to psycopg as it is (SQLAlchemy's execution around it took a third of
    a short search's time); a SQLAlchemy select (the filters alone) through SQLAlchemy."""
    for attempt in (1, 2):
        try:
            if isinstance(statement, str):
                return _rows(statement, params or {})
            with engine().connect() as connection:
                return connection.execute(statement).all()
        except DBAPIError as error:
            if attempt == 2 or not error.connection_invalidated:
                raise
    raise AssertionError("unreachable")


def _rows(statement: str, params: dict) -> list:
    """Rows as named tuples; psycopg's errors as SQLAlchemy's, as every other read path
    raises them (a database gone is the page's 503: `web.errors.on_database_gone`)."""
    connection = engine().raw_connection()
    try:
        with connection.cursor(row_factory=namedtuple_row) as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()
    except psycopg.Error as error:
        dropped = connection.dbapi_connection.closed  # the server ended it: so, all of them
        if dropped:
            connection.invalidate()
            engine().dispose()
        raise DBAPIError.instance(
            statement, params, error, psycopg.Error, connection_invalidated=dropped
        ) from error
    finally:
        connection.close()


def _conditions(viewer: User, request: SearchRequest, with_type: bool) -> tuple[str, dict]:
    """`limits` as SQL and its parameters, kept for the last CONDITIONS_KEPT readers and
    filters (building and compiling them took more than the statement itself on a short
    query). They depend only on the reader and the filters: group membership is a
    subquery, evaluated by each statement, so a reader who joins a group finds its posts
    at once."""
    key = (
        viewer.id,
        request.kind,
        request.type if with_type else None,
        request.status,
        request.author,
        request.group,
        request.tag,
        request.since,
        request.until,
    )
    held = _held()
    with held.lock:
        found = held.conditions.get(key)
        if found is not None:
            held.conditions.move_to_end(key)
    if found is None:
        # Compiled as a statement's WHERE clause, so that a subquery on the documents
        # (the tag's EXISTS) correlates with the statement's row.
        compiled = (
            select(literal_column("1"))
            .select_from(D)
            .where(and_(*limits(viewer, request, with_type)))
            .compile(dialect=held.engine.dialect, compile_kwargs={"render_postcompile": True})
        )
        head, where = compiled.string.split(" \nWHERE ", 1)
        assert head == "SELECT 1 \nFROM search_documents", head
        found = (f"({where})", dict(compiled.params))
        with held.lock:
            held.conditions[key] = found
            while len(held.conditions) > CONDITIONS_KEPT:
                held.conditions.popitem(last=False)
    return found[0], dict(found[1])


def _counts(where: list) -> dict[str, int]:
    """Matches per type among the first COUNT_CAP + 1 (so: exact below the cap)."""
    first = select(D.type).where(*where).limit(COUNT_CAP + 1).subquery()
    rows = _read(select(first.c.type, func.count()).group_by(first.c.type))
    return {kind: n for kind, n in rows}


def last_page() -> int:
    """The last page a search shows: the pages the counted matches fill. A page past them
    (the API and the query string take up to 1000) would score thousands of matches that
    are never counted; it is answered with the counts and no hits."""
    return max(1, COUNT_CAP // PAGE_SIZE)


def search(viewer: User, request: SearchRequest) -> SearchPage:
    parsed, result = begin(request)
    if result.empty_query:
        return result
    # A post search counts per type whatever type was asked for (the page's chips).
    wide = request.kind == "post"
    hits = None
    if parsed.empty:  # filters alone: the newest posts they list
        counts = _counts(limits(viewer, request, with_type=not wide))
    else:
        page = result.page if result.page <= last_page() else None
        counts, hits = _found(parsed, viewer, request, page, wide)
    result.capped = sum(counts.values()) > COUNT_CAP
    total = counts.get(request.type, 0) if wide and request.type else sum(counts.values())
    result.facets = counts if wide else {}
    result.total = min(total, COUNT_CAP)
    result.pages = math.ceil(result.total / PAGE_SIZE)
    if hits is None and (result.page - 1) * PAGE_SIZE < result.total:
        hits = _newest(limits(viewer, request), result.page)
    result.hits = hits or []
    return result


def _found(parsed: ParsedQuery, viewer: User, request: SearchRequest, page: int | None, wide: bool):
    """A text search in one statement (one round trip, the words its parameters): the
    first COUNT_CAP + 1 matches within the reader's visibility and filters, counted per
    type; the newest RANK_CAP matches (more for a page further on) scored by ts_rank_cd
    and age, or by date the page's own; then the page's hits read in full. Returns the
    counts and the hits, their snippets marked here from the page's texts. `page` None:
    the counts alone (nothing is scored).

    The newest matches: below the cap, of the counted ones (all the matches there are).
    Past it, a common word or prefix (thousands of matches) has them read newest first
    along the date index, each row's vector tested, stopping at the last one needed,
    when the counted matches say that takes at most half of NEWEST_SCAN rows (their
    density: how far into the table, read in its order, the GIN index's matches went to
    find COUNT_CAP + 1; a table never analysed has no size to say it by). Matches that
    bunch up among old posts can make that wrong: the date index is read for at most
    NEWEST_SCAN rows, and when those hold too few, as when the density says the newest
    are far, all the matches are read from the GIN index and the newest kept. One-time
    filters on `seen` and `recent` choose: the reads not needed are never run."""
    params: dict = {}

    def bind(value) -> str:
        name = f"kring_{len(params)}"
        params[name] = value
        return f"%({name})s"

    where, where_params = _conditions(viewer, request, with_type=not wide)
    params.update(where_params)
    query = _tsquery(parsed, bind)
    by_date = request.sort == "date"
    offset = (page - 1) * PAGE_SIZE if page else 0
    # By date only the page's rows are scored; by relevance a bounded set of the newest
    # (at most the counted matches: the last page ends there).
    ranked = offset + PAGE_SIZE if by_date else max(RANK_CAP, offset + PAGE_SIZE)
    if page is None:  # past the last page: counted, nothing scored
        ranked = 0
    of_type = f"AND type = {bind(request.type)}" if wide and request.type else ""
    order = "created_at DESC, object_id DESC"
    if not by_date:
        order = f"score DESC, {order}"
    columns = "search_documents.ctid AS row, object_id, type, created_at"
    ranked, cap = bind(ranked), bind(COUNT_CAP + 1)
    statement = f"""
WITH q AS MATERIALIZED (SELECT {query} AS q),
first AS MATERIALIZED (
    SELECT {columns} FROM search_documents, q WHERE vector @@ q.q AND {where} LIMIT {cap}
),
seen AS MATERIALIZED (
    SELECT count(*) >= {cap} AS capped, coalesce(count(*) >= {cap} AND {ranked}
        * (max((row::text::point)[0]) + 1) * (SELECT CASE WHEN reltuples > 0
            THEN reltuples / greatest(relpages, 1) END
            FROM pg_class WHERE oid = 'search_documents'::regclass)
        <= {NEWEST_SCAN // 2} * greatest(count(*) FILTER (WHERE true {of_type}), 1), false)
        AS newest
    FROM first
),
recent AS MATERIALIZED (
    SELECT row, object_id, type, created_at FROM (
        SELECT {columns}, vector FROM search_documents
        WHERE (SELECT newest FROM seen) AND {where} {of_type}
        ORDER BY created_at DESC, object_id DESC LIMIT {NEWEST_SCAN}
    ) AS latest, q WHERE vector @@ q.q LIMIT {ranked}
),
counts AS (
    SELECT json_object_agg(type, n) AS counts
    FROM (SELECT type, count(*) AS n FROM first GROUP BY type) AS per_type
),
candidates AS (
    SELECT * FROM first WHERE NOT (SELECT capped FROM seen) {of_type}
    UNION ALL
    SELECT * FROM recent WHERE (SELECT count(*) >= {ranked} FROM recent)
    UNION ALL
    SELECT {columns} FROM search_documents, q
    WHERE (SELECT capped FROM seen) AND (SELECT count(*) < {ranked} FROM recent)
        AND vector @@ q.q AND {where} {of_type}
),
top AS (
    SELECT c.row, c.object_id, c.created_at, ts_rank_cd(d.vector, q.q)
        / (1.0 + greatest(extract(epoch FROM {bind(utcnow())} - c.created_at) / 86400.0, 0)
        / {RECENCY_DAYS}) AS score
    FROM (
        SELECT * FROM candidates ORDER BY created_at DESC, object_id DESC LIMIT {ranked}
    ) AS c JOIN search_documents AS d ON d.ctid = c.row, q
    ORDER BY {order} LIMIT {bind(PAGE_SIZE)} OFFSET {bind(offset)}
)
SELECT counts.counts::text AS counts, d.kind, top.object_id, top.score, d.parent_id,
    d.type, d.title, d.fields, d.body
FROM counts LEFT JOIN top ON true LEFT JOIN search_documents AS d ON d.ctid = top.row
ORDER BY {", ".join(f"top.{o.strip()}" for o in order.split(","))}
"""
    rows = _read(statement, params)
    marks = Marks(parsed)
    hits = [marks.hit(row) for row in rows if row.object_id is not None]
    return json.loads(rows[0].counts or "{}") if rows else {}, hits


def _newest(where: list, page: int) -> list[SearchHit]:
    """Without words: the newest documents the filters list, their openings as snippets."""
    rows = _read(
        select(D.kind, D.object_id, D.parent_id, D.type, D.title, D.fields, D.body)
        .where(*where)
        .order_by(D.created_at.desc(), D.object_id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    marks = Marks(ParsedQuery())
    return [marks.hit(row) for row in rows]
