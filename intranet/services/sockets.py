"""The registry of open sockets, and reaching them when access changes."""

from __future__ import annotations

from sqlalchemy import delete, select

from ..database import on_commit, writes
from ..extensions import db
from ..models import SocketSession


@writes
def register(sid: str, user_id: int, token_id: int | None, login_id: str | None) -> None:
    db.session.merge(SocketSession(sid=sid, user_id=user_id, token_id=token_id, login_id=login_id))
    db.session.commit()


@writes
def forget(sid: str) -> None:
    db.session.execute(delete(SocketSession).where(SocketSession.sid == sid))
    db.session.commit()


def _sids(*conditions) -> list[str]:
    return list(db.session.scalars(select(SocketSession.sid).where(*conditions)))


def disconnect(*conditions) -> None:
    """After commit, close the matching sockets on whichever process holds them."""
    sids = _sids(*conditions)
    if sids:
        from ..extensions import socketio
        from ..live import disconnect_sids

        on_commit(lambda: socketio.start_background_task(disconnect_sids, sids))


def disconnect_user(user_id: int) -> None:
    disconnect(SocketSession.user_id == user_id)


def disconnect_login(login_id: str) -> None:
    disconnect(SocketSession.login_id == login_id)


def disconnect_token(token_id: int) -> None:
    disconnect(SocketSession.token_id == token_id)


def leave_group(user_id: int, group_id: int) -> None:
    """Removed from a private group: their open sockets stop hearing of its posts."""
    sids = _sids(SocketSession.user_id == user_id)
    if sids:
        from ..extensions import socketio
        from ..live import leave_room

        on_commit(lambda: socketio.start_background_task(leave_room, sids, f"posts:g{group_id}"))


def join_group(user_id: int, group_id: int) -> None:
    sids = _sids(SocketSession.user_id == user_id)
    if sids:
        from ..extensions import socketio
        from ..live import enter_room

        on_commit(lambda: socketio.start_background_task(enter_room, sids, f"posts:g{group_id}"))
