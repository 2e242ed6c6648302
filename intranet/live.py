"""Socket.IO: authenticated connections only; the server puts each socket in its rooms.

Rooms: `user:<id>` (that person's notifications), `posts:all` (new posts everyone may
read), `posts:g<id>` (new posts of a private group, for its members). Pushes happen after
commit and are only a doorbell: clients re-fetch GET /notifications?after_id= on connect.
"""

from __future__ import annotations

import logging

from flask import current_app, request, session
from flask_login import current_user
from flask_socketio import join_room
from sqlalchemy import select

from .database import on_commit
from .extensions import db, socketio
from .models import Group, GroupMember
from .services import sockets
from .services.tokens import token_for_secret

log = logging.getLogger("kring.live")


def room_for(user_id: int) -> str:
    return f"user:{user_id}"


@socketio.on("connect")
def on_connect(auth=None):
    """Session cookie or {"token": …}; anything else is refused."""
    with current_app.app_context():  # a session of its own, whatever runs around it
        _connect(auth)


def _connect(auth) -> None:
    user, token_id = None, None
    if current_user.is_authenticated:
        user = current_user._get_current_object()
    elif isinstance(auth, dict) and isinstance(auth.get("token"), str):
        token = token_for_secret(auth["token"])
        if token is not None:
            user, token_id = token.user, token.id
    if user is None:
        raise ConnectionRefusedError("unauthorized")
    private = db.session.scalars(
        select(GroupMember.group_id)
        .join(Group)
        .where(GroupMember.user_id == user.id, Group.is_private.is_(True))
    ).all()
    sockets.register(request.sid, user.id, token_id, session.get("login_id"))
    join_room(room_for(user.id))
    join_room("posts:all")
    for group_id in private:
        join_room(f"posts:g{group_id}")
    db.session.remove()


@socketio.on("disconnect")
def on_disconnect(*_args):
    # Disconnects can fire inside other work (an emit that finds a dead socket): use an
    # app context, and so a database session, of its own.
    sid = request.sid
    with current_app.app_context():
        try:
            sockets.forget(sid)
        finally:
            db.session.remove()


def _emit(event: str, payload, room: str) -> None:
    try:
        socketio.emit(event, payload, to=room)
    except Exception:  # a push is best effort; the row is the truth
        log.warning("push to %s failed", room, exc_info=True)


def _after_commit(pushes: list[tuple[str, dict, str]]) -> None:
    """Push after commit, from a task of its own: never inside the committing session.

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


def publish_notifications(created) -> None:
    """After commit, push each new notification to its person's room."""
    from .services.notifications import as_json

    _after_commit([("notification", as_json(n), room_for(n.user_id)) for n in created])


def publish_post(post) -> None:
    """After commit, tell readers' open feeds that a post arrived (no content, just facts)."""
    group = post.group
    room = f"posts:g{group.id}" if group is not None and group.is_private else "posts:all"
    payload = {
        "id": post.id,
        "type": post.type,
        "author_id": post.author_id,
        "group_id": post.group_id,
        "tags": [t.name for t in post.tags],
        "mentions": [u.id for u in post.mentioned_users],
    }
    _after_commit([("post", payload, room)])


def disconnect_sids(sids: list[str]) -> None:
    for sid in sids:
        try:
            socketio.server.disconnect(sid, namespace="/")
        except Exception:  # already gone
            log.debug("socket %s was already closed", sid)


def enter_room(sids: list[str], room: str) -> None:
    for sid in sids:
        try:
            socketio.server.enter_room(sid, room, namespace="/")
        except Exception:
            log.debug("socket %s was already closed", sid)


def leave_room(sids: list[str], room: str) -> None:
    for sid in sids:
        try:
            socketio.server.leave_room(sid, room, namespace="/")
        except Exception:
            log.debug("socket %s was already closed", sid)
