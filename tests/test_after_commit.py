"""Every after-commit effect happens once its transaction commits, and never when it rolls
back. Here: `on_commit` itself."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from intranet.extensions import db
from intranet.models import Tag, User
from intranet.platform import database
from intranet.platform.database import on_commit, writes


class Boom(Exception):
    """The use-case failed after it queued its effects."""


# --- on_commit itself ----------------------------------------------------------------------


def test_callbacks_wait_for_the_commit_and_run_once_per_key(ctx):
    ran = []

    @writes
    def unit():
        for n in range(3):
            on_commit(lambda: ran.append("keyed"), key="once")
            on_commit(lambda n=n: ran.append(n))
        assert ran == []

    unit()
    assert ran == ["keyed", 0, 1, 2]


@pytest.mark.parametrize("touched", [True, False], ids=["after a query", "before any query"])
def test_a_callback_of_a_unit_that_failed_never_runs_later(ctx, touched):
    """Even when the unit queued it before it touched the database (so before the session
    had begun a transaction): a later commit in the same session must not run it."""
    ran = []

    @writes
    def fails():
        if touched:
            db.session.scalar(select(func.count()).select_from(User))
        on_commit(lambda: ran.append("failed unit"))
        raise Boom

    @writes
    def succeeds():
        on_commit(lambda: ran.append("later unit"))

    with pytest.raises(Boom):
        fails()
    succeeds()
    assert ran == ["later unit"]


def test_a_rollback_inside_a_unit_drops_what_was_queued_before_it(make_user):
    ran = []
    user = make_user()

    @writes
    def retries():
        on_commit(lambda: ran.append("before"))
        db.session.add(Tag(name=None))
        try:
            db.session.flush()
        except IntegrityError:  # as a unit does when a row raced it in, and carries on
            db.session.rollback()
        user.name = "Na de rollback"
        on_commit(lambda: ran.append("after"))

    retries()
    assert ran == ["after"]


def test_a_failing_callback_is_logged_and_the_rest_still_run(make_user, caplog, monkeypatch):
    monkeypatch.setattr(database.log, "disabled", False)  # Alembic's log set-up turns it off
    ran = []
    user = make_user()

    @writes
    def unit():
        user.name = "Opgeslagen"
        on_commit(lambda: 1 / 0)
        on_commit(lambda: ran.append("next"))

    with caplog.at_level(logging.ERROR, logger="kring"):
        unit()
    assert ran == ["next"] and "after-commit callback failed" in caplog.text
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Opgeslagen"
