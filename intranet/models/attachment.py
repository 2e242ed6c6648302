"""Images and files attached to a post or a reply; the bytes live in the instance folder."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..platform.clock import utcnow


class Attachment(db.Model):
    """One image or file of a post. `key` is a random secret in its address, so knowing an
    id (or counting up) reaches nothing; the post's visibility is checked on every request."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_post", "post_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # "image" or "file"
    name: Mapped[str] = mapped_column(String(200))  # as uploaded, made safe
    mimetype: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)  # bytes as stored
    width: Mapped[int | None] = mapped_column(Integer)  # images only
    height: Mapped[int | None] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(200))  # under instance/uploads/
    thumbnail_path: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def is_image(self) -> bool:
        return self.kind == "image"

    @property
    def thumbnail_size(self) -> tuple[int, int]:
        """The thumbnail's width and height (within 480 × 480, never enlarged)."""
        width, height = self.width or 480, self.height or 480
        scale = min(1, 480 / width, 480 / height)
        return max(1, round(width * scale)), max(1, round(height * scale))
