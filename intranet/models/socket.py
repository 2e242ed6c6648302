"""Open Socket.IO connections, so that logging out, deactivation, revoking a token or
leaving a group can reach the sockets of that person on every server process."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..platform.clock import utcnow


class SocketSession(db.Model):
    __tablename__ = "socket_sessions"

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_tokens.id", ondelete="CASCADE"), index=True
    )
    login_id: Mapped[str | None] = mapped_column(String(32), index=True)  # the web login
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
