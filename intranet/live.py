"""Socket.IO: authenticated connections only; each user listens in a private room."""

from __future__ import annotations

from flask_login import current_user
from flask_socketio import join_room

from .extensions import socketio
from .services.tokens import user_for_token


def room_for(user_id: int) -> str:
    return f"user:{user_id}"


@socketio.on("connect")
def on_connect(auth=None):
    """Session cookie or {"token": …}; anything else is refused. The server picks the room."""
    user = current_user if current_user.is_authenticated else None
    if user is None and isinstance(auth, dict) and isinstance(auth.get("token"), str):
        user = user_for_token(auth["token"])
    if user is None:
        raise ConnectionRefusedError("unauthorized")
    join_room(room_for(user.id))
