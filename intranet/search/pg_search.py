"""Searching in PostgreSQL (SEARCH_BACKEND=postgres): a reader's query, filters and
visibility turned into SQL over search_documents, the same answers the Whoosh backend gives.

Kring's query language becomes a tsquery: a word matches itself (folded: `kring_simple`)
or its Dutch or English stem; a "phrase" is `<->` between folded words; `prefix*` is
`:*`; OR is `|`, -exclusions `!`. Ranking is `ts_rank_cd` (title above type fields above
body) weighed by age, in one statement that also counts matches per type from the scored
rows (stopping at COUNT_CAP) and reads text and `ts_headline` snippets for the page's hits
only.
"""

from __future__ import annotations

import math
from datetime import timedelta

from markupsafe import escape
from sqlalchemy import (
    ColumnElement,
    Text,
    and_,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import TSQUERY

from ..extensions import db
from ..models import PostTag, SearchDocument, Tag, User
from ..platform.clock import local_midnight, utcnow
from ..posting import visibility
from .backend import FIRST_DAY, LAST_DAY, PAGE_SIZE, SearchHit, SearchPage, SearchRequest, begin
from .query import Clause, ParsedQuery

COUNT_CAP = 1000
RECENCY_DAYS = 180  # a post this old ranks at half the weight of one made today
SIMPLE, DUTCH, ENGLISH = (
    literal_column(f"'{name}'::regconfig")
    for name in ("kring_simple", "kring_dutch", "kring_english")
)
# Markers PostgreSQL puts around matched words (control characters no post text holds),
# and stand-ins for the characters HTML gives meaning to, which ts_headline would
# otherwise read as tags and drop: the snippet is escaped in Python, then marked.
START, STOP = "\x02", "\x03"
_HIDE, _SHOWN = "<>&\x02\x03", "\x04\x05\x06  "
_SHOW = str.maketrans({"\x04": "<", "\x05": ">", "\x06": "&"})
HEADLINE = (
    f"StartSel={START}, StopSel={STOP}, MaxFragments=2, MaxWords=30, MinWords=12, "
    'FragmentDelimiter=" … "'
)
D = SearchDocument


def _clause_forms(clause: Clause) -> list[ColumnElement]:
    """The clause as PostgreSQL reads it: a phrase, a prefix, or a word's folded form and
    its Dutch and English stems."""
    if len(clause.words) > 1:
        return [func.phraseto_tsquery(SIMPLE, " ".join(clause.words))]
    word = clause.words[0]
    if clause.prefix:
        return [func.to_tsquery(SIMPLE, func.quote_literal(word).concat(":*"))]
    return [func.plainto_tsquery(config, word) for config in (SIMPLE, DUTCH, ENGLISH)]


def _any(forms: list[str]) -> str | None:
    """Alternatives joined by OR, each once ('vacatur' is both stems of "vacature": twice
    would double the planner's guess of how many posts match, and with it tip the plan
    from the GIN index to reading every row)."""
    kept = list(dict.fromkeys(f"({f})" for f in forms if f))
    return " | ".join(kept) if kept else None


# Find matches through the GIN index rather than by reading every row. At its default
# random_page_cost (4, for spinning disks) the planner reads the whole table once it guesses
# that one post in ten matches, pricing `@@` as one cheap operation per row; but each row's
# vector is read out of TOAST first (1.7 s at 100k posts, against 0.2 s through the index).
# 1.1 is the cost of a random read from SSD or cache; set for the search's transaction
# only (SET LOCAL), in the round trip that makes the query's lexemes.
_THROUGH_THE_INDEX = func.set_config("random_page_cost", "1.1", True)


def text_query(parsed: ParsedQuery) -> ColumnElement | None:
    """The tsquery for a parsed query, or None when it can match nothing. PostgreSQL makes
    each clause's lexemes (one round trip); they are joined here with &, | and !."""
    clauses = list(dict.fromkeys([c for group in parsed.must for c in group] + parsed.must_not))
    forms = [_clause_forms(c) for c in clauses]
    columns = [func.cast(f, Text) for clause_forms in forms for f in clause_forms]
    values = iter(db.session.execute(select(_THROUGH_THE_INDEX, *columns)).one()[1:])
    made = {c: _any([next(values) for _ in f]) for c, f in zip(clauses, forms, strict=True)}
    groups = [_any([made[c] for c in group]) for group in parsed.must]
    if any(g is None for g in groups):
        return None  # a required clause that has no word PostgreSQL can look for
    query = " & ".join(f"({g})" for g in groups)
    excluded = _any([made[c] for c in parsed.must_not])
    if excluded:
        query = f"({query}) & !({excluded})"
    return literal(query, type_=TSQUERY)


def _limits(viewer: User, request: SearchRequest, with_type: bool = True) -> list:
    """What a document must match besides the text: the reader's visibility (the rule
    every read path asks, posting.visibility) and the filters they chose."""
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


def _counts(where: list) -> dict[str, int]:
    """Matches per type among the first COUNT_CAP + 1 (so: exact below the cap)."""
    first = select(D.type).where(*where).limit(COUNT_CAP + 1).subquery()
    rows = db.session.execute(select(first.c.type, func.count()).group_by(first.c.type))
    return {kind: n for kind, n in rows}


def search(viewer: User, request: SearchRequest) -> SearchPage:
    parsed, result = begin(request)
    if result.empty_query:
        return result
    query = None if parsed.empty else text_query(parsed)
    if query is None and not parsed.empty:
        return result  # nothing to look for: no match
    # A post search counts per type whatever type was asked for (the page's chips).
    wide = request.kind == "post"
    by_date = request.sort == "date" or parsed.empty
    hits = None
    if query is not None and not by_date:
        counts, hits = _ranked(query, viewer, request, result.page, wide)
    else:
        matches = [] if query is None else [D.vector.op("@@")(query)]
        counts = _counts(matches + _limits(viewer, request, with_type=not wide))
    result.capped = sum(counts.values()) > COUNT_CAP
    total = counts.get(request.type, 0) if wide and request.type else sum(counts.values())
    result.facets = counts if wide else {}
    result.total = min(total, COUNT_CAP)
    result.pages = math.ceil(result.total / PAGE_SIZE)
    if hits is None and (result.page - 1) * PAGE_SIZE < result.total:
        where = _limits(viewer, request) + ([] if query is None else [D.vector.op("@@")(query)])
        hits = _hits(query, where, by_date, result.page)
    result.hits = hits or []
    return result


def _ranked(query, viewer: User, request: SearchRequest, page: int, wide: bool):
    """A text search by relevance in one statement: ranking scores every match anyway, so
    the counts per type come from those scored rows (up to the cap), and only the page's
    hits are read in full and get their headlines. Returns the counts and the hits."""
    matched = (
        select(D.kind, D.object_id, D.type, D.created_at, _score(query).label("score"))
        .where(D.vector.op("@@")(query), *_limits(viewer, request, with_type=not wide))
        .cte("matched")
    )
    first = select(matched.c.type).limit(COUNT_CAP + 1).subquery()
    per_type = select(first.c.type, func.count().label("n")).group_by(first.c.type).subquery()
    counts = select(func.json_object_agg(per_type.c.type, per_type.c.n)).scalar_subquery()
    order = [matched.c.score.desc(), matched.c.created_at.desc(), matched.c.object_id.desc()]
    pick = select(matched).order_by(*order).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    if wide and request.type:
        pick = pick.where(matched.c.type == request.type)
    top = pick.subquery()
    text = func.concat_ws("\n", D.body, D.fields)
    one = select(literal(1).label("one")).subquery()  # the counts even when no hit is left
    rows = db.session.execute(
        select(
            counts.label("counts"),
            top.c.kind,
            top.c.object_id,
            D.parent_id,
            top.c.type,
            D.title,
            top.c.score,
            func.left(text, 240).label("opening"),
            _headline(text, query),
            _headline(D.title, query),
        )
        .select_from(
            one.outerjoin(top, true()).outerjoin(
                D, and_(D.kind == top.c.kind, D.object_id == top.c.object_id)
            )
        )
        .order_by(top.c.score.desc(), top.c.created_at.desc(), top.c.object_id.desc())
    ).all()
    found = rows[0].counts or {}
    return found, [_hit(row) for row in rows if row.object_id is not None]


def _score(query) -> ColumnElement:
    if query is None:
        return literal(0.0)
    age_days = func.extract("epoch", literal(utcnow()) - D.created_at) / 86400.0
    return func.ts_rank_cd(D.vector, query) / (1.0 + func.greatest(age_days, 0) / RECENCY_DAYS)


def _hits(query, where: list, by_date: bool, page: int) -> list[SearchHit]:
    score = _score(query).label("score")
    order = [D.created_at.desc(), D.object_id.desc()]
    found = (
        select(
            D.kind, D.object_id, D.parent_id, D.type, D.created_at, D.title, D.fields, D.body, score
        )
        .where(*where)
        .order_by(*(order if by_date else [score.desc(), *order]))
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .subquery()
    )
    text = func.concat_ws("\n", found.c.body, found.c.fields)
    if query is None:
        body_line = title_line = literal("")
    else:
        body_line = _headline(text, query)
        title_line = _headline(found.c.title, query)
    again = [found.c.created_at.desc(), found.c.object_id.desc()]
    rows = db.session.execute(
        select(found, func.left(text, 240).label("opening"), body_line, title_line).order_by(
            *(again if by_date else [found.c.score.desc(), *again])
        )
    ).all()
    return [_hit(row) for row in rows]


def _headline(text, query) -> ColumnElement:
    return func.ts_headline(SIMPLE, func.translate(text, _HIDE, _SHOWN), query, HEADLINE)


def _marked(line: str) -> str | None:
    if START not in line:
        return None
    safe = str(escape(line.translate(_SHOW)))
    return safe.replace(START, "<mark>").replace(STOP, "</mark>")


def _hit(row) -> SearchHit:
    body_line, title_line = row[-2], row[-1]
    snippet = _marked(body_line) or _marked(title_line) or str(escape(row.opening))
    return SearchHit(
        kind=row.kind,
        object_id=row.object_id,
        parent_id=row.parent_id,
        type=row.type or "",
        title=row.title or "",
        snippet=snippet,
        score=float(row.score or 0.0),
    )
