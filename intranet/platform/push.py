"""Pushes to open sockets (Socket.IO), always after commit and only as a doorbell.

Rooms: `user:<id>` (that person's notifications), `posts:all` (new posts everyone may
read), `posts:g<id>` (new posts of a private group, for its members). The socket handlers
that put each socket in its rooms are in `web/sockets.py`; clients re-fetch
GET /notifications?after_id= on every (re)connect, so a lost push loses nothing.
"""

from __future__ import annotations

import logging

from ..extensions import socketio
from .database import on_commit

log = logging.getLogger("kring.live")
EVERYONE = "posts:all"


def user_room(user_id: int) -> str:
    return f"user:{user_id}"


def group_room(group_id: int) -> str:
    return f"posts:g{group_id}"


def _emit(event: str, payload, room: str) -> None:
    try:
        socketio.emit(event, payload, to=room)
    except Exception:  # a push is best effort; the row is the truth
        log.warning("push to %s failed", room, exc_info=True)


def after_commit(pushes: list[tuple[str, dict, str]]) -> None:
    """Push (event, payload, room) after commit, from a task of its own: never inside the
    committing session.

    A broadcast to open feeds (`post` events) first lets other tasks run: under gevent its
    thousand socket writes would otherwise queue ahead of the one notification that the
    fan-out job is about to push to the person who was mentioned."""
    give_way = any(event == "post" for event, _payload, _room in pushes)

    def send():
        if give_way:
            socketio.sleep(0)
        for event, payload, room in pushes:
            _emit(event, payload, room)

    on_commit(lambda: socketio.start_background_task(send))


def _each(sids: list[str], action, *args) -> None:
    for sid in sids:
        try:
            action(sid, *args, namespace="/")
        except Exception:  # already gone
            log.debug("socket %s was already closed", sid)


def disconnect_after_commit(sids: list[str]) -> None:
    """Close these sockets, on whichever process holds them, once the change is saved."""
    if sids:
        on_commit(lambda: socketio.start_background_task(_each, sids, socketio.server.disconnect))


def enter_room_after_commit(sids: list[str], room: str) -> None:
    if sids:
        on_commit(
            lambda: socketio.start_background_task(_each, sids, socketio.server.enter_room, room)
        )


def leave_room_after_commit(sids: list[str], room: str) -> None:
    if sids:
        on_commit(
            lambda: socketio.start_background_task(_each, sids, socketio.server.leave_room, room)
        )


def send_sockets_elsewhere() -> int:
    """Close every socket this process holds, the way a lost connection closes: without
    Socket.IO's "disconnect" (after which a client stays away), so that each client
    reconnects on its own, through the balancer to another node, and fetches what it
    missed. Returns how many were closed."""
    sockets = [s for s in list(socketio.server.eio.sockets.values()) if not s.closed]
    for socket in sockets:
        try:
            socket.close(wait=False, abort=True)
        except Exception:  # already gone
            log.debug("socket %s was already closed", socket.sid)
    return len(sockets)


def open_sockets() -> int:
    """How many sockets this process holds open (closed ones wait a while to be reaped)."""
    if not socketio.server:
        return 0
    return sum(not s.closed for s in list(socketio.server.eio.sockets.values()))
