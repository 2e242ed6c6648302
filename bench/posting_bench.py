"""Creating a post with a mention through the API, one after the other, against a bare
INSERT + COMMIT through SQLAlchemy on the same database (the baseline), interleaved: a
post, a bare insert, a post… Served as production serves (gevent), with the embedded
default's in-process jobs, or with BENCH_DATABASE_URL and BENCH_REDIS_URL as scaled out
(PostgreSQL, Redis, a job consumer of its own)."""

from __future__ import annotations

import os
import time

import requests
from sqlalchemy import Column, Integer, MetaData, Table, Text, create_engine, event, insert

from . import databases
from .socket_bench import Server
from .stats import summary

# Sequential, but not flat out: one post after another as people make them, so that the
# background work a post causes (fan-out, index) runs between them as it would.
PAUSE = 0.05


def _bare_table(url: str):
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    if engine.dialect.name == "sqlite":  # the same durability as Kring's (WAL, NORMAL)

        @event.listens_for(engine, "connect")
        def _as_kring(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    table = Table(
        "bench_bare",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("author_id", Integer),
        Column("body", Text),
    )
    table.create(engine, checkfirst=True)
    return engine, table


def run(posts: int = 200) -> dict:
    server = Server(2, os.environ.get("BENCH_SERVER", "gevent"), name="posting")
    try:
        engine, table = _bare_table(server.database_url)
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {server.people[0][1]}"
        handle = server.people[1][0]
        session.post(server.url + "/api/v1/posts", json={"type": "update", "body": "warm"})
        settled = server.settle()
        kring, bare = [], []
        for i in range(posts):
            body = f"Bericht {i} voor @{handle} over #planning bij de klant"
            started = time.perf_counter()
            response = session.post(
                server.url + "/api/v1/posts", timeout=30, json={"type": "update", "body": body}
            )
            kring.append(time.perf_counter() - started)
            assert response.status_code == 201, response.text
            time.sleep(PAUSE)
            started = time.perf_counter()
            with engine.begin() as connection:
                connection.execute(insert(table), {"author_id": 1, "body": body})
            bare.append(time.perf_counter() - started)
            time.sleep(PAUSE)
        engine.dispose()
    finally:
        server.stop()
    return {
        "database": databases.backend() + (" + Redis" if server.consumer else ""),
        "posts": posts,
        "settled": settled,
        "kring": summary(kring),
        "bare": summary(bare),
        "load": databases.load_average(),
    }
