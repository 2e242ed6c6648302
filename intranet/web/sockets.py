"""Socket.IO connections: authenticated only, and the server chooses each socket's rooms.

A browser connects with its session cookie, a program with {"token": …}; anything else is
refused. Every open socket is registered (accounts.sockets) so that logout, deactivation,
revoking a token and leaving a private group reach it on whichever process holds it.
"""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user
from flask_socketio import join_room
from sqlalchemy import select

from ..accounts import sockets
from ..accounts.tokens import token_for_secret
from ..extensions import db, socketio
from ..models import Group, GroupMember
from ..platform import push


@socketio.on("connect")
def on_connect(auth=None):
    """Session cookie or {"token": …}; anything else is refused."""
    with current_app.app_context():  # a session of its own, whatever runs around it
        _connect(auth)


def _connect(auth) -> None:
    user, token_id, login_id = None, None, None
    if current_user.is_authenticated:  # by the session or the remember-me cookie alike
        user = current_user._get_current_object()
        login_id = user.login_id
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
    sockets.register(request.sid, user.id, token_id, login_id)
    join_room(push.user_room(user.id))
    join_room(push.EVERYONE)
    for group_id in private:
        join_room(push.group_room(group_id))
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
