"""Logins: each browser that logs in gets a row, named in its (signed) session and
remember-me cookies; every request checks that row, so logging out, logging out everywhere
and ending one login from the profile end it for good, and its sockets with it."""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select, update
from ua_parser import parse

from ..errors import NotFound
from ..extensions import db
from ..models import Login, User
from ..platform.clock import utcnow
from ..platform.database import writes
from . import sockets

SEEN_EVERY = timedelta(minutes=5)  # how often a login's "last seen" is written


def _lifetime() -> timedelta:
    """A login unused for as long as a remember-me cookie lasts is over."""
    return timedelta(seconds=current_app.config["REMEMBER_COOKIE_DURATION"])


@writes
def start(user: User, user_agent: str = "", remember: bool = False) -> str:
    """A new login for this browser; returns its id for the session."""
    login = Login(
        id=secrets.token_hex(16),
        user_id=user.id,
        user_agent=(user_agent or "")[:300],
        remember=bool(remember),
    )
    db.session.add(login)
    return login.id


def session_id(user: User, login_id: str) -> str:
    """What the cookies carry: the person, their session version and the login."""
    return f"{user.id}:{user.session_version}:{login_id}"


def load(session_value: str) -> User | None:
    """Flask-Login's loader: the person of a live login, or None (a login that was ended,
    has not been used for too long, or belongs to an older session version)."""
    try:
        user_id, version, login_id = session_value.split(":")
        user_id, version = int(user_id), int(version)
    except ValueError:
        return None
    row = db.session.execute(_live(), {"login": login_id}).first()
    if row is None:
        return None
    user, login = row
    now = utcnow()
    if (
        user.id != user_id
        or user.session_version != version
        or not user.is_active
        or login.ended_at is not None
        or login.last_seen_at < now - _lifetime()
    ):
        return None
    if login.last_seen_at < now - SEEN_EVERY:
        _seen(login_id, now)
    user.login_id = login_id
    return user


@cache
def _live():
    """Every request's first read, built once: the login and its person."""
    return (
        select(User, Login)
        .join(Login, Login.user_id == User.id)
        .where(Login.id == bindparam("login"))
    )


@writes
def _seen(login_id: str, now) -> None:
    db.session.execute(update(Login).where(Login.id == login_id).values(last_seen_at=now))


def _end(*conditions) -> None:
    db.session.execute(
        update(Login).where(Login.ended_at.is_(None), *conditions).values(ended_at=utcnow())
    )


@writes
def end(login_id: str | None) -> None:
    """This browser logged out: its login and the sockets it opened end."""
    if login_id:
        _end(Login.id == login_id)
        sockets.disconnect_login(login_id)


@writes
def end_one(user: User, login_id: str) -> None:
    """End one of this person's own logins (from the list in their profile)."""
    login = db.session.get(Login, login_id) if isinstance(login_id, str) else None
    if login is None or login.user_id != user.id or login.ended_at is not None:
        raise NotFound(_l("There is no such login."))
    end(login_id)


def end_all(user: User, keep: str | None = None) -> None:
    """End every login of this person (but `keep`), and close their sockets; part of the
    caller's unit (logging out everywhere, a new password, deactivation)."""
    _end(Login.user_id == user.id, *([Login.id != keep] if keep else []))
    sockets.disconnect_user(user.id, keep_login=keep)


def active(user: User) -> list[Login]:
    """This person's live logins, the most recently seen first."""
    return list(
        db.session.scalars(
            select(Login)
            .where(
                Login.user_id == user.id,
                Login.ended_at.is_(None),
                Login.last_seen_at >= utcnow() - _lifetime(),
            )
            .order_by(Login.last_seen_at.desc())
        )
    )


def browser(user_agent: str) -> str:
    """'Firefox on Windows' from a User-Agent; '' when it names no browser."""
    found = parse(user_agent or "")
    name = found.user_agent.family if found.user_agent else ""
    system = found.os.family if found.os else ""
    if name and system and system != "Other":
        return _l("%(browser)s on %(system)s", browser=name, system=system)
    return name if name != "Other" else ""
