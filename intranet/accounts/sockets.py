"""The registry of open sockets, and reaching them when access changes."""

from __future__ import annotations

from sqlalchemy import delete, or_, select

from ..extensions import db
from ..models import SocketSession
from ..platform import push
from ..platform.database import writes


@writes
def register(sid: str, user_id: int, token_id: int | None, login_id: str | None) -> None:
    db.session.merge(SocketSession(sid=sid, user_id=user_id, token_id=token_id, login_id=login_id))


@writes
def forget(sid: str) -> None:
    db.session.execute(delete(SocketSession).where(SocketSession.sid == sid))


def _sids(*conditions) -> list[str]:
    return list(db.session.scalars(select(SocketSession.sid).where(*conditions)))


def disconnect(*conditions) -> None:
    """After commit, close the matching sockets on whichever process holds them."""
    push.disconnect_after_commit(_sids(*conditions))


def disconnect_user(user_id: int, keep_login: str | None = None) -> None:
    """Close this person's sockets (but those of the login `keep_login`)."""
    keep = (
        [or_(SocketSession.login_id.is_(None), SocketSession.login_id != keep_login)]
        if keep_login
        else []
    )
    disconnect(SocketSession.user_id == user_id, *keep)


def disconnect_login(login_id: str) -> None:
    disconnect(SocketSession.login_id == login_id)


def disconnect_token(token_id: int) -> None:
    disconnect(SocketSession.token_id == token_id)


def leave_group(user_id: int, group_id: int) -> None:
    """Removed from a private group: their open sockets stop hearing of its posts."""
    push.leave_room_after_commit(_sids(SocketSession.user_id == user_id), push.group_room(group_id))


def join_group(user_id: int, group_id: int) -> None:
    push.enter_room_after_commit(_sids(SocketSession.user_id == user_id), push.group_room(group_id))
