"""Full-text search as readers meet it: analysis, syntax, filters, visibility. The same
tests run on Whoosh (SQLite) and on PostgreSQL's own search (TEST_DATABASE_URL)."""

from __future__ import annotations

import re
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from support import CORPORA, search_store, whoosh_only

from intranet.platform.clock import local_today
from intranet.posting import groups, posts
from intranet.search import backend, searching
from intranet.search.backend import SearchRequest
from intranet.search.whoosh_index import folding_analyzer, stemming_analyzer

SOON = (local_today() + timedelta(days=20)).isoformat()


def find(user, q="", **filters):
    return searching.run(user, SearchRequest(q=q, **filters))


def ids(found):
    return [h.object_id for h in found.page.hits]


@pytest.fixture
def corpus(make_user, run_jobs):
    author = make_user("recruiter", name="Sanne de Vries", handle="sanne")
    made = {
        "cafe": posts.create_post(
            author, {"type": "update", "body": "Borrel in het café om vijf #team"}
        ),
        "vdb": posts.create_post(
            author, {"type": "update", "body": "Gesprek bij Van der Berg Logistiek over planners"}
        ),
        "logistics": posts.create_post(
            author, {"type": "update", "body": "Logistics manager gezocht"}
        ),
        "vacancy": posts.create_post(
            author,
            {
                "type": "vacancy",
                "body": "Wie kent iemand?",
                "title": "Recruiter logistiek",
                "department": "Recruitment",
                "location": "Zwolle",
                "hours": 32,
                "closes_on": SOON,
            },
        ),
        "vacatures": posts.create_post(
            author, {"type": "update", "body": "Drie nieuwe vacatures in de zorg"}
        ),
        "html": posts.create_post(
            author, {"type": "update", "body": "Pas op voor <script>alert(1)</script> zorg"}
        ),
    }
    run_jobs()
    return author, made


def test_folding_and_stemming(corpus):
    user, made = corpus
    assert ids(find(user, "cafe")) == [made["cafe"].id]
    assert ids(find(user, "CAFÉ")) == [made["cafe"].id]
    assert made["vacatures"].id in ids(find(user, "vacature"))


def test_phrase_prefix_and_exclusion(corpus):
    user, made = corpus
    assert ids(find(user, '"van der berg"')) == [made["vdb"].id]
    assert ids(find(user, '"berg van der"')) == []
    assert set(ids(find(user, "logist*"))) == {
        made["vdb"].id,
        made["logistics"].id,
        made["vacancy"].id,
    }
    assert made["logistics"].id not in ids(find(user, "logist* -manager"))
    either = set(ids(find(user, "borrel OR planners")))
    assert either == {made["cafe"].id, made["vdb"].id}


def test_a_prefix_found_in_a_title_ranks_above_one_found_in_a_body(corpus):
    """A prefix scores by where it is found, not by how many of its words a post holds."""
    user, made = corpus
    assert ids(find(user, "logist*"))[0] == made["vacancy"].id
    assert ids(find(user, "logisti*"))[0] == made["vacancy"].id


def test_filters_facets_and_sort(corpus):
    user, made = corpus
    found = find(user, "logist*", type="vacancy")
    assert ids(found) == [made["vacancy"].id]
    assert found.page.facets == {"update": 2, "vacancy": 1}
    assert ids(find(user, "", tag="team")) == [made["cafe"].id]
    assert ids(find(user, "borrel", tag="team")) == [made["cafe"].id]
    assert ids(find(user, "zorg", tag="team")) == []
    by_date = ids(find(user, "logist*", sort="date"))
    assert by_date == sorted(by_date, reverse=True)
    assert ids(find(user, "logist*", status="open")) == [made["vacancy"].id]
    assert ids(find(user, "zorg", since=local_today() + timedelta(days=1))) == []


def test_snippets_are_highlighted_and_escaped(corpus):
    user, made = corpus
    hit = find(user, "zorg").page.hits
    snippets = " ".join(h.snippet for h in hit)
    assert re.search(r"<mark[^>]*>zorg</mark>", snippets, re.I)
    assert "<script>" not in snippets and "&lt;script&gt;" in snippets
    # A word's accents and case are folded to find it, and the text marked as it stands.
    assert re.search(r"<mark[^>]*>café</mark>", find(user, "CAFE").page.hits[0].snippet)


def test_snippets_mark_what_a_prefix_found_in_each_hit(corpus):
    """The query's words are looked up once per page: every hit still gets its own."""
    user, made = corpus
    snippets = {h.object_id: h.snippet for h in find(user, "logist* -manager").page.hits}
    assert set(snippets) == {made["vdb"].id, made["vacancy"].id}
    assert re.search(r"<mark[^>]*>Logistiek</mark>", snippets[made["vdb"].id])
    # The vacancy's body doesn't say it: its title does, and is the snippet.
    assert re.search(r"<mark[^>]*>logistiek</mark>", snippets[made["vacancy"].id])
    assert "manager" not in " ".join(snippets.values())


def test_private_posts_never_found_by_outsiders(make_user, run_jobs):
    owner, outsider = make_user(), make_user()
    team = groups.create_group(owner, "Geheim team", True)
    secret = posts.create_post(
        owner, {"type": "update", "body": "Reorganisatie bij Acme", "group": team.id}
    )
    posts.create_reply(owner, secret, "Acme antwoord")
    run_jobs()
    assert len(ids(find(owner, "acme"))) == 2
    found = find(outsider, "acme")
    assert ids(found) == [] and found.page.total == 0 and found.page.facets == {}
    groups.add_member(owner, team, outsider)
    assert len(ids(find(outsider, "acme"))) == 2


def test_the_database_leaves_out_a_private_post_a_stale_index_would_show(
    app, make_user, run_jobs, monkeypatch, login
):
    """The index's own visibility filter is the first check, the database's the last: a
    hit the reader may not read is dropped from the page and from the API's rows."""
    whoosh_only(app)
    owner, outsider = make_user(), make_user()
    team = groups.create_group(owner, "Geheim team", True)
    secret = posts.create_post(
        owner, {"type": "update", "body": "Reorganisatie bij Acme", "group": team.id}
    )
    shown = posts.create_post(owner, {"type": "update", "body": "Acme opent een vestiging"})
    run_jobs()
    # An index that has not heard the group is private: it leaves nothing out.
    monkeypatch.setattr(backend, "hidden_groups", lambda viewer: [])
    index_hits = backend.search(outsider, SearchRequest(q="acme")).hits
    assert secret.id in [h.object_id for h in index_hits]  # the index would show it
    for rows in (False, True):
        found = searching.run(outsider, SearchRequest(q="acme"), rows=rows)
        assert ids(found) == [shown.id] and list(found.posts) == [shown.id]
        assert [p.id for p in found.cards.items] == ([shown.id] if rows else [])
    page = login(outsider).get("/search?q=acme").get_data(as_text=True)
    assert f"/posts/{shown.id}" in page and f"/posts/{secret.id}" not in page


def test_index_follows_edits_status_and_deletes(corpus, run_jobs):
    user, made = corpus
    posts.edit_post(user, made["cafe"], {"body": "Lunch in de kantine"})
    posts.change_status(user, made["vacancy"], "filled")
    posts.delete_post(user, made["vdb"])
    run_jobs()
    assert ids(find(user, "cafe")) == [] and ids(find(user, "kantine")) == [made["cafe"].id]
    assert ids(find(user, "logist*", status="filled")) == [made["vacancy"].id]
    assert ids(find(user, '"van der berg"')) == []
    assert made["vdb"].id not in ids(find(user, "logist*"))


def test_a_kept_searcher_finds_each_post_once_and_never_its_old_text(
    app, make_user, run_jobs, monkeypatch
):
    """The process keeps one searcher and takes the index's changes into it; as the index
    merges its segments, a post is still found once, and an edited-away text not at all."""
    whoosh_only(app)
    from intranet.search import whoosh_index

    monkeypatch.setattr(whoosh_index.searchers, "interval", 0)
    author = make_user()
    edited = posts.create_post(author, {"type": "update", "body": "Chauffeur versie 0"})
    run_jobs()
    for i in range(1, 13):
        posts.create_post(author, {"type": "update", "body": f"Chauffeur nummer {i}"})
        posts.edit_post(author, edited, {"body": f"Chauffeur versie {i}"})
        run_jobs()
        found = ids(find(author, "chauffeur"))
        assert sorted(found) == sorted(set(found)) and len(found) == i + 1, found
    assert ids(find(author, '"versie 3"')) == []
    assert ids(find(author, '"versie 12"')) == [edited.id]


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "AND",
        "OR OR",
        "NOT NOT a",
        "-",
        "*",
        "?*?*?*?*",
        "((((",
        "group:1",
        "!" * 2000,
        "x" * 20000,
        "a" * 5000 + "*",
        "\x00\x01",
        "' OR 1=1 --",
    ],
)
def test_malformed_queries_answer_quickly(corpus, query):
    user, _ = corpus
    started = time.monotonic()
    found = find(user, query)
    assert time.monotonic() - started < 1.0
    assert not found.unavailable


def test_people_are_searchable(corpus, run_jobs):
    user, _ = corpus
    found = find(user, "sanne", kind="person")
    assert [h.object_id for h in found.page.hits] == [user.id]


def test_missing_index_says_so_and_reindex_rebuilds(app, corpus):
    whoosh_only(app)
    user, made = corpus
    import shutil

    from intranet.search.whoosh_index import index_dir, searchers

    shutil.rmtree(index_dir(app.instance_path))
    searchers.reset()
    assert find(user, "cafe").unavailable
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert ids(find(user, "cafe")) == [made["cafe"].id]


def test_reindex_rebuilds_what_search_holds(app, corpus):
    """On either backend: search holds nothing, `search reindex` makes it whole again."""
    user, made = corpus
    cafe = made["cafe"].id
    from sqlalchemy import text

    from intranet.extensions import db as database
    from intranet.models import IndexQueue

    if app.config["SEARCH_BACKEND"] == "postgres":
        database.session.execute(text("DELETE FROM search_documents"))
        # Left by Whoosh before a switch: reindex clears them.
        database.session.add(IndexQueue(kind="post", object_id=cafe))
        database.session.commit()
        assert ids(find(user, "cafe")) == []
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed 7 posts and people" in result.output  # six posts, one person
    assert ids(find(user, "cafe")) == [cafe]
    assert database.session.scalar(text("SELECT count(*) FROM index_queue")) == 0
    assert [h.object_id for h in find(user, "sanne", kind="person").page.hits] == [user.id]


def test_an_edit_leaves_no_trace_of_the_old_text(app, corpus, run_jobs):
    """A name taken out of a post is gone from what search holds and from every snippet
    (with PostgreSQL at once, in the edit's own transaction; with Whoosh once drained)."""
    from intranet.search.whoosh_index import searchers

    user, made = corpus
    post = posts.create_post(
        user, {"type": "update", "body": "Gesprek met Verborgenhuis over zorg"}
    )
    run_jobs()
    assert ids(find(user, "verborgenhuis")) == [post.id]
    posts.edit_post(user, post, {"body": "Gesprek over zorg"})
    if app.config["SEARCH_BACKEND"] == "postgres":
        assert b"verborgenhuis" not in search_store(app).lower()
    run_jobs()
    searchers.reset()  # Whoosh: a searcher sees new segments within half a second
    assert ids(find(user, "verborgenhuis")) == []
    snippets = " ".join(h.snippet for h in find(user, "zorg").page.hits).lower()
    assert "zorg" in snippets and "verborgenhuis" not in snippets


def test_dutch_stemmer_matches_the_classic_snowball_vocabulary():
    """Whoosh's Dutch stemmer is the classic (Porter) one: compare with dutch_porter."""
    folder = CORPORA / "dutch_snowball" / "dutch_porter"
    words = Path(folder / "voc.txt").read_text(encoding="utf-8").split("\n")
    expected = Path(folder / "output.txt").read_text(encoding="utf-8").split("\n")
    analyzer = stemming_analyzer("nl")
    fold = folding_analyzer()
    mismatches = []
    for word, stem in zip(words, expected, strict=True):
        if not word:
            continue
        got = [t.text for t in analyzer(word)]
        want = [t.text for t in fold(stem)]
        if got != want:
            mismatches.append((word, got, want))
    assert not mismatches[:20], f"{len(mismatches)} differ, e.g. {mismatches[:5]}"


def test_many_writers_at_once_never_hit_the_index_lock(app, make_user):
    """Threads post and drain at the same time: no LockError, nothing lost."""
    import threading

    from intranet.extensions import db as database
    from intranet.search.indexer import drain

    authors = [make_user().id for _ in range(4)]
    errors = []

    def work(author_id: int) -> None:
        try:
            with app.app_context():
                from intranet.models import User

                author = database.session.get(User, author_id)
                for n in range(8):
                    posts.create_post(author, {"type": "update", "body": f"gelijktijdig {n}"})
                    drain()
                database.session.remove()
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))

    threads = [threading.Thread(target=work, args=(a,)) for a in authors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with app.app_context():
        drain()
        database.session.remove()
    assert (
        find(database.session.get(type(make_user()), authors[0]), "gelijktijdig").page.total == 32
    )


def test_counts_stop_at_the_cap_and_say_so(app, corpus, monkeypatch):
    """PostgreSQL search counts at most COUNT_CAP matches (Whoosh counts them all)."""
    if app.config["SEARCH_BACKEND"] != "postgres":
        pytest.skip("Whoosh counts every match")
    from intranet.search import pg_search

    user, made = corpus
    monkeypatch.setattr(pg_search, "COUNT_CAP", 2)
    found = find(user, "logist*")
    assert found.page.capped and found.page.total == 2 and len(ids(found)) == 3
    assert "Meer dan 2 resultaten" in found.message  # the default language
    monkeypatch.setattr(pg_search, "COUNT_CAP", 3)
    found = find(user, "logist*")
    assert not found.page.capped and found.page.total == 3 and found.message is None


def test_a_page_past_the_last_says_where_the_results_end(corpus, login, api):
    """A page number past the results (a kept or typed address; the API takes up to
    1000) is answered with no hits, the count and where the results end: not the last
    page's hits again, not an error."""
    user, _made = corpus
    found = find(user, "logist*", page=7)
    assert ids(found) == [] and (found.page.total, found.page.pages, found.page.page) == (3, 1, 7)
    assert found.message == "Pagina 7 bestaat niet: de 3 resultaten eindigen op pagina 1."
    alone = find(user, "", tag="team", page=2)  # filters alone, one result
    assert ids(alone) == [] and alone.page.total == 1
    assert alone.message == "Pagina 2 bestaat niet: het enige resultaat staat op pagina 1."
    assert find(user, "logist*").message is None and find(user, "niets*", page=7).message is None
    page = login(user).get("/search?q=logist*&page=7", headers=EN)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "There is no page 7: the 3 results end on page 1." in text
    assert 'rel="prev" href="/search?q=logist%2A&amp;page=1"' in text
    assert "Nothing found" not in text and 'class="card result"' not in text
    answer = api(user).get("/search?q=logist*&page=1000", headers=EN)
    body = answer.get_json()
    assert answer.status_code == 200 and body["items"] == []
    assert (body["total"], body["pages"], body["page"]) == (3, 1, 1000)
    assert body["message"] == "There is no page 1000: the 3 results end on page 1."


@contextmanager
def sent_statements(monkeypatch):
    """Every statement sent to PostgreSQL meanwhile, with its parameters: a text search's
    own SQL (search hands it to psycopg itself) and any through SQLAlchemy, on the app's
    engine or search's."""
    from sqlalchemy import event

    from intranet.extensions import db
    from intranet.search import pg_search

    sent = []
    straight = pg_search._rows

    def rows(statement, params):
        sent.append((statement, params))
        return straight(statement, params)

    def record(connection, cursor, statement, params, *args):
        sent.append((statement, params or {}))

    monkeypatch.setattr(pg_search, "_rows", rows)
    engines = (db.engine, pg_search.engine())
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
        monkeypatch.setattr(pg_search, "_rows", straight)


def test_postgresql_scores_no_page_past_the_counted_matches(app, corpus, monkeypatch):
    """PostgreSQL search shows the pages its counted matches fill (COUNT_CAP // PAGE_SIZE)
    and scores nothing for a page past them: page 1000 of a common word would rank
    20,000 matches."""
    if app.config["SEARCH_BACKEND"] != "postgres":
        pytest.skip("Whoosh counts every match and pages through all")
    from intranet.search import pg_search

    user, made = corpus
    with sent_statements(monkeypatch) as sent:
        far = find(user, "logist*", page=1000)
    assert any("ts_rank_cd" in statement for statement, _params in sent)  # the text search's
    bound = [v for _statement, params in sent for v in params.values() if isinstance(v, int)]
    assert ids(far) == [] and far.page.total == 3 and far.page.facets == {"update": 2, "vacancy": 1}
    assert bound and max(bound) <= pg_search.COUNT_CAP + 1  # no LIMIT, no OFFSET past them
    monkeypatch.setattr(pg_search, "COUNT_CAP", 2)
    monkeypatch.setattr(pg_search, "PAGE_SIZE", 1)
    for sort in ("relevance", "date"):
        last = find(user, "logist*", page=2, sort=sort)
        assert len(ids(last)) == 1 and last.page.capped and last.page.pages == 2
        past = find(user, "logist*", page=3, sort=sort)  # the third match is never shown
        assert ids(past) == [] and past.page.capped and (past.page.total, past.page.pages) == (2, 2)
        assert past.message.startswith("Meer dan 2 resultaten; alleen de eerste 2 pagina's")


def test_postgresql_ranks_the_newest_matches_in_one_statement(app, make_user, monkeypatch):
    """PostgreSQL search makes a text search one statement, and scores only the newest
    RANK_CAP matches."""
    if app.config["SEARCH_BACKEND"] != "postgres":
        pytest.skip("Whoosh ranks every match")
    from intranet.search import pg_search

    author = make_user()
    best = posts.create_post(author, {"type": "update", "body": "Planner planner, planner!"})
    newer = [
        posts.create_post(author, {"type": "update", "body": f"Een planner gezocht {n}"})
        for n in range(2)
    ]
    request = SearchRequest(q="planner")
    assert [h.object_id for h in pg_search.search(author, request).hits][0] == best.id
    monkeypatch.setattr(pg_search, "PAGE_SIZE", 1)
    monkeypatch.setattr(pg_search, "RANK_CAP", 2)
    with sent_statements(monkeypatch) as statements:
        page = pg_search.search(author, request)
    assert len(statements) == 1
    assert page.hits[0].object_id in {p.id for p in newer} and page.total == 3
    monkeypatch.setattr(pg_search, "RANK_CAP", 3)
    assert [h.object_id for h in pg_search.search(author, request).hits] == [best.id]


def test_postgresql_reads_a_common_words_newest_matches_either_way(app, make_user, monkeypatch):
    """Past the cap PostgreSQL search reads a common word's newest matches along the date
    index when they are dense (NEWEST_SCAN), else all its matches from the GIN index: the
    same hits either way, within the reader's visibility and the type they asked for."""
    if app.config["SEARCH_BACKEND"] != "postgres":
        pytest.skip("Whoosh ranks every match")
    from intranet.extensions import db
    from intranet.search import pg_search

    owner, reader = make_user("recruiter"), make_user()
    team = groups.create_group(owner, "Planningsteam", True)
    updates = [
        posts.create_post(owner, {"type": "update", "body": f"Planning van week {n}"})
        for n in range(5)
    ]
    vacancy = posts.create_post(
        owner,
        {
            "type": "vacancy",
            "body": "Planning en roosters",
            "title": "Planner",
            "department": "Logistiek",
            "location": "Zwolle",
            "hours": 32,
            "closes_on": SOON,
        },
    )
    posts.create_post(owner, {"type": "update", "body": "Planning, geheim", "group": team.id})
    db.session.execute(db.text("ANALYZE search_documents"))  # the table's size, as in use
    db.session.commit()
    monkeypatch.setattr(pg_search, "COUNT_CAP", 2)
    monkeypatch.setattr(pg_search, "RANK_CAP", 3)
    monkeypatch.setattr(pg_search, "PAGE_SIZE", 3)  # a page of all the matches ranked
    newest_updates = {p.id for p in updates[2:]}
    for scan in (10**6, 0):  # along the date index; from the GIN index
        monkeypatch.setattr(pg_search, "NEWEST_SCAN", scan)
        page = pg_search.search(reader, SearchRequest(q="planning"))
        assert page.capped and {h.object_id for h in page.hits} == {
            vacancy.id,
            *(p.id for p in updates[3:]),
        }
        page = pg_search.search(reader, SearchRequest(q="planning", type="update"))
        assert {h.object_id for h in page.hits} == newest_updates
        page = pg_search.search(reader, SearchRequest(q="plan*", type="update", sort="date"))
        assert [h.object_id for h in page.hits] == [p.id for p in reversed(updates[2:])]


def test_postgresql_finds_the_newest_of_matches_bunched_among_old_posts(
    app, make_user, monkeypatch
):
    """A word common long ago (its matches bunched in the table's oldest rows) looks dense
    to the counted matches; the date index, read for at most NEWEST_SCAN rows, holds too
    few of them, so they are read from the GIN index: the newest still rank."""
    if app.config["SEARCH_BACKEND"] != "postgres":
        pytest.skip("Whoosh ranks every match")
    from sqlalchemy import insert

    from intranet.extensions import db
    from intranet.models import SearchDocument
    from intranet.platform.clock import utcnow
    from intranet.search import pg_search

    author = make_user()
    now = utcnow()

    def document(n: int, body: str, age: timedelta) -> dict:
        return {
            **{"kind": "post", "object_id": 100_000 + n, "type": "update", "title": ""},
            **{"parent_id": None, "status": None, "group_id": None, "fields": ""},
            **{"author_id": author.id, "created_at": now - age, "body": body},
        }

    old = [document(n, f"Coronamaatregelen week {n}", timedelta(days=900 - n)) for n in range(5)]
    news = [document(10 + n, f"Nieuws nummer {n}", timedelta(minutes=400 - n)) for n in range(300)]
    db.session.execute(insert(SearchDocument), old + news)  # in this order in the table
    db.session.execute(db.text("ANALYZE search_documents"))
    db.session.commit()
    monkeypatch.setattr(pg_search, "COUNT_CAP", 2)
    monkeypatch.setattr(pg_search, "RANK_CAP", 3)
    monkeypatch.setattr(pg_search, "PAGE_SIZE", 3)
    for scan in (100, 10**6, 0):  # too few rows along the date index; enough; the GIN index
        monkeypatch.setattr(pg_search, "NEWEST_SCAN", scan)
        page = pg_search.search(author, SearchRequest(q="coronamaatregelen"))
        assert page.capped and [h.object_id for h in page.hits] == [100_004, 100_003, 100_002]


def test_postgresql_search_outlives_a_dropped_connection(app, corpus):
    """PostgreSQL search reads on connections of its own, not tested before each use: one
    the server dropped (a restart, an idle timeout) is replaced and the search answered."""
    if app.config["SEARCH_BACKEND"] != "postgres":
        pytest.skip("Whoosh reads its own index files")
    from intranet.extensions import db
    from intranet.search import pg_search

    user, made = corpus
    assert ids(find(user, "cafe")) == [made["cafe"].id]
    with pg_search.engine().connect() as connection:  # the pooled one the next search takes
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    db.session.execute(db.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    gone = "SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"
    deadline = time.monotonic() + 10
    while db.session.execute(db.text(gone), {"pid": pid}).scalar() and time.monotonic() < deadline:
        db.session.rollback()
        time.sleep(0.05)
    db.session.rollback()
    assert ids(find(user, "cafe")) == [made["cafe"].id]
    assert ids(find(user, "logist*", type="vacancy")) == [made["vacancy"].id]


def test_a_writer_process_of_its_own_drains_the_index(app, make_user):
    """On the embedded default the index is written in a process of its own: the serving
    process only rings, and a writer that died is started again by the next ring."""
    whoosh_only(app)
    import os

    from intranet.extensions import db as database
    from intranet.models import IndexQueue
    from intranet.search.writer import Writer

    author = make_user()
    writer = Writer()
    writer.start(app)
    try:
        for word in ("eerste", "tweede"):
            posts.create_post(author, {"type": "update", "body": f"schrijfproces {word}"})
            assert writer.wake()
            assert writer.pid not in (None, os.getpid())
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and (
                database.session.scalar(database.select(database.func.count(IndexQueue.id)))
                or not find(author, f"schrijfproces {word}").page.total
            ):
                database.session.rollback()
                time.sleep(0.05)
            assert ids(find(author, f"schrijfproces {word}")), word
            first = writer.pid
            writer._process.kill()
            writer._process.join(10)
        assert writer.wake() and writer.pid != first
    finally:
        writer.stop()
    assert not writer.wake()  # stopped: the caller drains itself


# Typos, filters and snippets as people expect them ----------------------------------------


@pytest.fixture
def drivers(corpus, make_user, run_jobs):
    user, made = corpus
    for body in (
        "Chauffeur gezocht voor de nachtdienst",
        "Twee chauffeurs met C-rijbewijs",
        "Onze chauffeur rijdt naar Zwolle",
    ):
        made[body] = posts.create_post(user, {"type": "update", "body": body})
    run_jobs()
    return user, made


def test_a_typo_finds_what_was_meant(drivers):
    user, made = drivers
    found = find(user, "logistek")
    assert found.correction.query == "logistiek" and found.correction.applied
    assert set(ids(found)) == {made["vdb"].id, made["vacancy"].id}
    found = find(user, "Chaufeur")
    assert found.correction.query == "chauffeur" and found.correction.applied
    assert len(ids(found)) == 3
    # Asked for exactly what was typed: nothing, and the correction offered.
    found = find(user, "chaufeur", correct=False)
    assert ids(found) == [] and found.correction.query == "chauffeur"
    assert not found.correction.applied
    # A word that is spelt right, or a query that finds enough, is left alone.
    assert find(user, "logistiek").correction is None
    assert find(user, "logistiek planners").correction is None
    # Only the misspelt word of several is corrected, phrases and exclusions stay.
    found = find(user, 'Logistek "van der berg" -manager')
    assert found.correction.query == 'logistiek "van der berg" -manager'
    assert ids(found) == [made["vdb"].id]


def test_little_found_offers_the_correction_beside_it(drivers, run_jobs):
    """One post misspells it: that post is shown, and the word most posts use offered."""
    user, made = drivers
    typo = posts.create_post(user, {"type": "update", "body": "Nieuwe chaufeur begint maandag"})
    run_jobs()
    found = find(user, "chaufeur")
    assert ids(found) == [typo.id]
    assert found.correction.query == "chauffeur" and not found.correction.applied


def test_a_private_groups_word_is_never_suggested_to_outsiders(make_user, run_jobs):
    from intranet.search.whoosh_index import searchers

    owner, outsider = make_user(), make_user()
    team = groups.create_group(owner, "Overname team", True)
    posts.create_post(
        owner, {"type": "update", "body": "Project Zilverreiger start", "group": team.id}
    )
    public = posts.create_post(owner, {"type": "update", "body": "Zilverreigers gespot"})
    run_jobs()
    assert find(owner, "zilverreigr").correction.query == "zilverreiger"
    # The outsider's search finds the public word only: that one, never the group's.
    found = find(outsider, "zilverreigr")
    assert found.correction.query == "zilverreigers" and ids(found) == [public.id]
    posts.delete_post(owner, public)
    run_jobs()
    searchers.reset()  # Whoosh: a searcher sees new segments within half a second
    found = find(outsider, "zilverreigr")
    assert found.correction is None and ids(found) == [] and found.page.facets == {}
    assert find(outsider, "zilverreigr", kind="person").correction is None
    groups.add_member(owner, team, outsider)
    assert find(outsider, "zilverreigr").correction.query == "zilverreiger"


def test_an_erased_or_edited_away_name_is_never_suggested(app, make_user, run_jobs):
    from intranet.search.whoosh_index import searchers

    author = make_user("recruiter")
    post = posts.create_post(author, {"type": "update", "body": "Gesprek met Verborgenhuis"})
    run_jobs()
    assert find(author, "verborgenhuys").correction.query == "verborgenhuis"
    posts.edit_post(author, post, {"body": "Gesprek gehad"})
    run_jobs()
    searchers.reset()
    # Whoosh still holds the word in a segment; PostgreSQL's word list has let it go.
    found = find(author, "verborgenhuys")
    assert found.correction is None and ids(found) == []
    if app.config["SEARCH_BACKEND"] == "postgres":
        assert b"verborgenhuis" not in search_store(app).lower()


def test_filters_by_dates_author_group_and_type(corpus, make_user, run_jobs):
    user, made = corpus
    other = make_user(handle="piet")
    team = groups.create_group(other, "Planners", False)
    mine = posts.create_post(
        other, {"type": "update", "body": "Logistiek overleg", "group": team.id}
    )
    run_jobs()
    today = local_today()
    everything = set(ids(find(user, "logistiek")))
    assert mine.id in everything and made["vdb"].id in everything
    assert set(ids(find(user, "logistiek", since=today, until=today))) == everything
    assert ids(find(user, "logistiek", until=today - timedelta(days=1))) == []
    assert ids(find(user, "logistiek", author="@piet")) == [mine.id]
    assert ids(find(user, "logistiek", author="Piet")) == [mine.id]
    assert ids(find(user, "logistiek", author=other.id)) == [mine.id]
    assert ids(find(user, "logistiek", group=team.id)) == [mine.id]
    assert ids(find(user, "logistiek", type="vacancy")) == [made["vacancy"].id]
    assert ids(find(user, "", author="piet")) == [mine.id]  # a filter lists by itself


def test_filters_that_cannot_be_used_are_refused_by_field(corpus, make_user):
    from intranet.errors import ValidationError

    user, _made = corpus
    outsider = make_user()
    secret = groups.create_group(user, "Geheime club", True)
    today = local_today()
    with pytest.raises(ValidationError) as refused:
        find(user, "zorg", since=today, until=today - timedelta(days=1), author="@niemand")
    assert set(refused.value.fields) == {"until", "author"}
    assert "@niemand" in refused.value.fields["author"]
    # A private group is no group to someone outside it: the same answer as a made-up one.
    with pytest.raises(ValidationError) as private:
        find(outsider, "zorg", group=secret.id)
    with pytest.raises(ValidationError) as unknown:
        find(outsider, "zorg", group=999999)
    assert private.value.fields == unknown.value.fields


def test_aliases_are_searched_but_never_shown(make_user, run_jobs):
    from intranet.clients import directory

    recruiter = make_user("recruiter")
    client = directory.create_client(recruiter, "Kempen Precisietechniek", ["Kaptein Holding"])
    signal = posts.create_post(
        recruiter,
        {
            "type": "client_signal",
            "client": client.id,
            "kind": "reorganisation",
            "body": "Reorganisatie aangekondigd bij de fabriek",
        },
    )
    run_jobs()
    for query in ("kaptein", '"kaptein holding"', "kapt*"):
        found = find(recruiter, query)
        assert ids(found) == [signal.id], query
        assert "kaptein" not in found.page.hits[0].snippet.lower(), query
    found = find(recruiter, "reorganisatie")
    assert re.search(r"<mark[^>]*>Reorganisatie</mark>", found.page.hits[0].snippet)
    assert "Kaptein" not in found.page.hits[0].snippet


EN = {"Accept-Language": "en"}


def test_the_api_carries_the_correction_and_checks_the_filters(drivers, api):
    user, made = drivers
    client = api(user)
    answer = client.get("/search?q=logistek").get_json()
    assert answer["correction"] == {"query": "logistiek", "applied": True}
    assert {i["id"] for i in answer["items"]} == {made["vdb"].id, made["vacancy"].id}
    answer = client.get("/search?q=logistek&correct=false").get_json()
    assert answer["items"] == [] and answer["correction"]["applied"] is False
    assert client.get("/search?q=logistiek").get_json()["correction"] is None
    answer = client.get("/search?q=logistiek&author=@sanne&type=vacancy").get_json()
    assert [i["id"] for i in answer["items"]] == [made["vacancy"].id]
    sanne = made["vacancy"].author_id  # an author by id finds the same
    answer = client.get(f"/search?q=logistiek&author={sanne}&type=vacancy").get_json()
    assert [i["id"] for i in answer["items"]] == [made["vacancy"].id]
    nobody = client.get("/search?q=zorg&author=999999", headers=EN).get_json()
    assert nobody["error"]["fields"] == {"author": "There is no such person."}
    today = local_today()
    for query, field in (
        ("since=31-12-2026", "since"),
        (f"since={today}&until={today - timedelta(days=1)}", "until"),
        ("author=@niemand", "author"),
        ("group=999999", "group"),
    ):
        refused = client.get(f"/search?q=zorg&{query}", headers=EN)
        assert refused.status_code == 422, query
        assert list(refused.get_json()["error"]["fields"]) == [field], query
    message = client.get(f"/search?q=zorg&since={today}&until=2000-01-01", headers=EN)
    assert message.get_json()["error"]["fields"]["until"] == (
        "The end date comes before the start date."
    )
    document = client.get("/openapi.json").get_json()
    out = document["components"]["schemas"]["SearchOut"]["properties"]
    assert "correction" in out


def test_the_page_offers_the_correction_and_keeps_the_filters(drivers, login, run_jobs):
    user, made = drivers
    for n in range(22):
        posts.create_post(user, {"type": "update", "body": f"Planning overleg nummer {n}"})
    run_jobs()
    web = login(user)
    today = local_today().isoformat()
    page = web.get("/search?q=planing", headers=EN).get_data(as_text=True)
    assert "Showing results for <strong>planning</strong>." in page
    assert "q=planing&amp;correct=0" in page  # search instead for what was typed
    # Past the first page the correction's query is the one the links carry.
    assert "q=planning&amp;page=2" in page
    page = web.get("/search?q=planing&correct=0", headers=EN).get_data(as_text=True)
    assert 'Did you mean <a href="/search?q=planning"><strong>planning</strong></a>?' in page
    page = web.get(
        f"/search?q=planning&author=%40sanne&since={today}&until={today}&type=update", headers=EN
    ).get_data(as_text=True)
    assert "page 1 of 2" in page
    assert (
        f"q=planning&amp;type=update&amp;author=%40sanne&amp;since={today}&amp;until={today}"
        "&amp;page=2" in page
    )
    assert 'name="since" type="date" value="' + today in page


def test_the_page_says_what_is_wrong_with_a_filter(corpus, login):
    user, _made = corpus
    web = login(user)
    page = web.get("/search?q=zorg&since=31-12-2026", headers=EN).get_data(as_text=True)
    assert "Enter a date as YYYY-MM-DD." in page and 'id="err-since"' in page
    assert "result" not in page.split('id="err-since"')[1]  # no results while it is wrong
    page = web.get(
        "/search?q=zorg&since=2026-12-31&until=2026-01-01&author=niemand", headers=EN
    ).get_data(as_text=True)
    assert "The end date comes before the start date." in page
    assert "Nobody is called @niemand." in page
    nl = web.get("/search?q=zorg&since=morgen", headers={"Accept-Language": "nl"})
    assert "Vul een datum in als JJJJ-MM-DD." in nl.get_data(as_text=True)
