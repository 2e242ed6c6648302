"""What operators and balancers ask of a node: health, readiness, request ids, the node
cookie; and periodic work claimed once per period."""

from __future__ import annotations

import json
import logging
from datetime import datetime

from sqlalchemy import select

from intranet.extensions import db
from intranet.models import FanoutQueue, PeriodicRun
from intranet.platform import logs, queue, serving


def test_healthz_says_the_process_lives(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_readyz_reports_what_the_node_depends_on(app, make_user):
    author = make_user()
    db.session.add(FanoutQueue(post_id=1, created_at=datetime(2020, 1, 1)))
    db.session.commit()
    response = app.test_client().get("/readyz")
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "ready"
    assert body["database"]["ok"] is True
    assert "redis" not in body  # none configured here
    assert body["search"]["backend"] == app.config["SEARCH_BACKEND"] and "ok" in body["search"]
    assert body["jobs"]["waiting"]["fanout"] == 1
    assert body["jobs"]["oldest_seconds"] > 86400  # the row from 2020
    assert isinstance(body["jobs"]["queued"], int) and body["sockets"] == 0
    assert author


def test_readyz_says_whether_search_can_answer(app, make_user, run_jobs):
    """Whoosh: this node's index opens; PostgreSQL: posts have their search documents."""
    from intranet.posting import posts

    posts.create_post(make_user(), {"type": "update", "body": "Klaar voor gebruik"})
    run_jobs()
    search = app.test_client().get("/readyz").get_json()["search"]
    assert search["ok"] is True and search["documents"] >= 2, search  # the post, its author
    if app.config["SEARCH_BACKEND"] == "postgres":
        db.session.execute(db.text("DELETE FROM search_documents"))
        db.session.commit()
        search = app.test_client().get("/readyz").get_json()["search"]
        assert search["ok"] is False and "search reindex" in search["error"]


def test_search_backend_postgres_is_refused_on_sqlite_at_start(tmp_path):
    import pytest

    from intranet import create_app
    from intranet.search.choice import SettingRefused

    settings = {"TESTING": True, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"}
    with pytest.raises(SettingRefused, match="not a PostgreSQL database"):
        create_app({**settings, "SEARCH_BACKEND": "postgres"})
    with pytest.raises(SettingRefused, match="whoosh, postgres"):
        create_app({**settings, "SEARCH_BACKEND": "elastic"})


def test_a_draining_node_is_not_ready_and_opens_no_socket(app):
    serving.start_draining()
    try:
        client = app.test_client()
        response = client.get("/readyz")
        assert response.status_code == 503 and response.get_json()["status"] == "draining"
        handshake = client.get("/socket.io/?EIO=4&transport=polling")
        assert handshake.status_code == 503 and handshake.headers["Retry-After"] == "1"
    finally:
        serving._draining.clear()
    assert app.test_client().get("/socket.io/?EIO=4&transport=polling").status_code != 503


def test_every_response_carries_a_request_id(app):
    client = app.test_client()
    given = client.get("/healthz", headers={"X-Request-Id": "nginx-42"})
    assert given.headers["X-Request-Id"] == "nginx-42"
    made = client.get("/healthz", headers={"X-Request-Id": "no spaces <or> markup"})
    assert made.headers["X-Request-Id"] != "no spaces <or> markup"
    assert len(made.headers["X-Request-Id"]) == 32


def test_json_log_lines_carry_the_request_id(app):
    record = logging.LogRecord("kring.request", logging.INFO, "", 0, "GET %s", ("/x",), None)
    record.status = 200
    with app.test_request_context("/x", headers={"X-Request-Id": "abc"}):
        logs._begin()
        line = json.loads(logs.JsonFormatter().format(record))
    assert line["request_id"] == "abc" and line["message"] == "GET /x"
    assert line["status"] == 200 and line["level"] == "INFO"


def test_logging_in_sets_the_node_cookie_once(app, make_user, login, api):
    user = make_user()
    browser = login(user)
    cookie = browser.client.get_cookie("kring_node")
    assert cookie is not None and len(cookie.value) >= 16 and cookie.http_only
    browser.get("/")
    assert browser.client.get_cookie("kring_node").value == cookie.value
    token_client = api(user)
    response = token_client.get("/me")
    assert "kring_node" not in response.headers.get("Set-Cookie", "")


def test_a_period_runs_once_however_many_schedulers_fire_it(app):
    moment = datetime(2026, 12, 3, 10, 0)
    fired = queue.huey.read_periodic(moment) + queue.huey.read_periodic(moment)  # two schedulers
    assert {task.kwargs["period"] for task in fired} == {"2026-12-03T10:00"}
    done = [task.execute() for task in fired if task.name.endswith("close_vacancies")]
    assert done[0] == 0 and done[1] is None  # the first ran (nothing to close), the second not
    with app.app_context():
        rows = db.session.scalars(
            select(PeriodicRun).where(PeriodicRun.job == "kring.close_vacancies")
        ).all()
        assert [(r.period, r.claimed_by != "") for r in rows] == [("2026-12-03T10:00", True)]
        db.session.remove()
    # Asked for by name (not by a scheduler), a periodic task always runs.
    assert queue.named("kring.close_vacancies").call_local() == 0
